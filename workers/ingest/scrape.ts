import type { FxRate } from "../../shared/fx";
import type { ProviderOffer, SkippedRecord } from "../../shared/offers";
import type { ProviderState } from "../db/scrapes";
import type { PageReader } from "../providers/browser";
import { createProviderHttp, type ExchangeRecord, ProviderError } from "../providers/http";
import type { ProviderAdapter } from "../providers/types";
import { type NormalisedOffer, normaliseOffer } from "./normalise";
import { type OfferIssue, type ValidationResult, validateOffers } from "./validate";

// The pure middle of a scrape, shared by the queue consumer and `npm run scrape`: ask the provider
// (through the one fetch wrapper), then normalise and validate. Storage and side effects are the
// caller's.

export interface Collected {
  offers: ProviderOffer[];
  skipped: SkippedRecord[];
  exchanges: readonly ExchangeRecord[];
}

export async function collectOffers(
  adapter: ProviderAdapter,
  {
    fetch,
    baseUrl,
    credential,
    now,
    pages,
  }: { fetch: typeof globalThis.fetch; baseUrl: string; credential: string | null; now: Date; pages?: PageReader },
): Promise<Collected> {
  const http = createProviderHttp({ fetch });
  if (adapter.method === "browser" && !pages)
    throw new ProviderError("BROWSER_UNAVAILABLE", `${adapter.slug} is read in a browser, and none was given`);
  try {
    const result = await adapter.scrape({ http, baseUrl: baseUrl.replace(/\/+$/, ""), credential, now, pages });
    return { ...result, exchanges: exchangesOf(http.exchanges, pages) };
  } catch (error) {
    // Keep what was asked even when it failed: the failed scrape_jobs row reports it.
    (error as { exchanges?: readonly ExchangeRecord[] }).exchanges = exchangesOf(http.exchanges, pages);
    throw error;
  }
}

/** The wrapper's requests, then the pages a browser loaded (the browser fetched those itself). */
const exchangesOf = (requests: readonly ExchangeRecord[], pages: PageReader | undefined): ExchangeRecord[] => [
  ...requests,
  ...(pages?.visits ?? []).map((visit) => ({
    method: "GET",
    url: visit.url,
    status: visit.status,
    bytes: visit.bytes,
    durationMs: visit.durationMs,
  })),
];

export interface PreparedScrape extends ValidationResult {
  normalised: NormalisedOffer[];
  holdDeactivation: string | null;
}

/** Below this share of the previously active offers, a listing is treated as truncated. */
const TRUNCATION_RATIO = 0.5;

export function prepareOffers(
  provider: string,
  collected: Collected,
  { rates, state, now }: { rates: readonly FxRate[]; state: ProviderState; now: Date },
): PreparedScrape {
  const normalised = collected.offers.map((offer) =>
    normaliseOffer(provider, offer, { rates, now, mappings: state.mappings }),
  );
  const validation = validateOffers({
    offers: normalised,
    stored: state.stored,
    quarantined: state.quarantined,
    decisions: state.decisions,
  });
  const skippedIssues: OfferIssue[] = collected.skipped.map((record) => ({
    kind: "skipped",
    code: record.cause === "excluded" ? "EXCLUDED_RECORD" : "UNREADABLE_RECORD",
    message: record.reason,
    instanceType: record.instanceType,
    gpuNameRaw: record.gpuNameRaw,
    raw: record.raw,
  }));
  // A record the adapter could not read is still listed: the stored offer behind it stays as it was
  // (its price unconfirmed, so it turns stale) instead of being deactivated as vanished.
  for (const record of collected.skipped) {
    if (record.instanceType && record.cause !== "excluded") validation.seen.add(record.instanceType);
  }
  // Records left out on purpose were listed all the same: a listing is short when the provider sent
  // less, not when we chose to publish less of it (an aggregator whose clouds gained first-party adapters).
  const listed = new Set([
    ...validation.seen,
    ...collected.skipped.flatMap((record) => (record.instanceType ? [record.instanceType] : [])),
  ]).size;
  const previouslyActive = [...state.stored.values()].filter((offer) => offer.isActive).length;
  const holdDeactivation =
    previouslyActive > 0 && listed < previouslyActive * TRUNCATION_RATIO
      ? `listing looks truncated (${listed} offers, ${previouslyActive} active before): vanished offers kept active`
      : null;
  return { ...validation, issues: [...validation.issues, ...skippedIssues], normalised, holdDeactivation };
}
