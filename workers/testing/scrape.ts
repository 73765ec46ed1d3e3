import { FALLBACK_FX_RATES } from "../../shared/fx";
import type { ProviderOffer, SkippedRecord } from "../../shared/offers";
import type { Database } from "../db/client";
import { loadProviderState, storeScrape } from "../db/scrapes";
import { prepareOffers } from "../ingest/scrape";

/**
 * One scrape of a provider with these offers, as the queue consumer runs it after the adapter
 * answered: the provider's state loaded, the offers normalised and validated, the result stored.
 */
export async function scrapeOffers(
  db: Database,
  providerId: string,
  offers: ProviderOffer[],
  {
    skipped = [],
    dispatch = null,
    exchanges = [],
  }: {
    skipped?: SkippedRecord[];
    /** The planned slot, for a scrape the planner dispatched. */
    dispatch?: { scheduledFor: Date } | null;
    exchanges?: { url: string; status: number; bytes: number }[];
  } = {},
) {
  const now = new Date();
  const state = await loadProviderState(db, providerId);
  const prepared = prepareOffers("test", { offers, skipped, exchanges: [] }, { rates: FALLBACK_FX_RATES, state, now });
  const stored = await storeScrape(
    db,
    {
      providerId,
      scraperVersion: "test/1",
      workerId: "test",
      startedAt: now,
      completedAt: now,
      attempt: 1,
      exchanges,
      offersFound: offers.length,
      dispatch,
    },
    prepared,
    state,
  );
  return { prepared, stored };
}
