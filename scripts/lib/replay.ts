import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { FALLBACK_FX_RATES } from "../../shared/fx";
import { loadFxRates } from "../../workers/db/fx";
import { providerRecord } from "../../workers/db/queries/providers";
import * as schema from "../../workers/db/schema";
import { loadProviderState, type StoredScrape, storeScrape } from "../../workers/db/scrapes";
import { type Collected, collectOffers, type PreparedScrape, prepareOffers } from "../../workers/ingest/scrape";
import { ADAPTERS } from "../../workers/providers";
import type { PageReader } from "../../workers/providers/browser";
import { recordedBaseUrl, recordingSchema, replayFetch } from "../../workers/providers/replay";
import type { ProviderAdapter } from "../../workers/providers/types";
import { chromiumPages, chromiumPath } from "./browser-replay";

const ROOT = join(import.meta.dirname, "../..");

/**
 * A recording file as the adapter's source: its fetch, the base URL it was made against, a
 * placeholder key, and for a browser adapter (or a page adapter with `browser`) a chromium that
 * loads the recorded pages (`close()` it when done).
 */
export async function replaySource(adapter: ProviderAdapter, file: string, { browser = false } = {}) {
  const recording = recordingSchema.parse(JSON.parse(await readFile(file, "utf8")));
  if (recording.provider !== adapter.slug)
    throw new Error(`${file} is a recording of "${recording.provider}", not "${adapter.slug}"`);
  let pages: (PageReader & { close(): Promise<void> }) | undefined;
  if (adapter.method === "browser" || (browser && adapter.method === "html")) {
    const executable = chromiumPath();
    if (!executable) throw new Error(`${adapter.slug} is read in a browser: install chromium or set CHROMIUM_PATH`);
    pages = await chromiumPages(executable, recording);
  }
  return {
    recording,
    fetch: replayFetch(recording),
    baseUrl: recordedBaseUrl(recording, adapter.baseUrl.default),
    credential: adapter.credential ? (recording.credential ?? "replay-placeholder-key") : null,
    pages,
    close: async () => pages?.close(),
  };
}

/** A provider's recording replayed through the pipeline, and with `databaseUrl` stored (benchmarks, browser tests). */
export async function replayFixture(
  adapter: ProviderAdapter,
  file: string,
  options: { databaseUrl?: string; now?: Date; workerId?: string } = {},
): Promise<ScrapeRun> {
  const source = await replaySource(adapter, file);
  try {
    return await runScrape(adapter, source, options);
  } finally {
    await source.close();
  }
}

/**
 * Every provider's `success` recording replayed and stored: the prices the benchmarks and the
 * browser and MCP tests load their local stack with.
 */
export async function replayAllRecordings(databaseUrl: string, workerId: string): Promise<void> {
  for (const adapter of Object.values(ADAPTERS))
    await replayFixture(adapter, join(ROOT, "workers/providers", adapter.slug, "fixtures/success.json"), {
      databaseUrl,
      workerId,
    });
}

export interface ScrapeRun {
  collected: Collected;
  prepared: PreparedScrape;
  stored: StoredScrape | null;
}

/**
 * One provider through collect → normalise → validate, and with `databaseUrl` also store, outside
 * the Worker (the CLI, benchmarks, browser tests). Without a database the offers are judged as for a
 * provider with nothing stored yet, with the fallback exchange rate.
 */
export async function runScrape(
  adapter: ProviderAdapter,
  source: { fetch: typeof fetch; baseUrl: string; credential: string | null; pages?: PageReader },
  { databaseUrl, now = new Date(), workerId = "cli" }: { databaseUrl?: string; now?: Date; workerId?: string } = {},
): Promise<ScrapeRun> {
  const collected = await collectOffers(adapter, { ...source, now });
  if (!databaseUrl) {
    const prepared = prepareOffers(adapter.slug, collected, {
      rates: FALLBACK_FX_RATES,
      state: { stored: new Map(), quarantined: new Map(), decisions: new Map(), mappings: new Map() },
      now,
    });
    return { collected, prepared, stored: null };
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const db = drizzle(client, { schema });
    const provider = await providerRecord(db, adapter.slug);
    if (!provider) throw new Error(`provider "${adapter.slug}" is not in the database; run npm run db:migrate`);
    const [rates, state] = await Promise.all([loadFxRates(db), loadProviderState(db, provider.id)]);
    const prepared = prepareOffers(adapter.slug, collected, { rates, state, now });
    const stored = await storeScrape(
      db,
      {
        providerId: provider.id,
        scraperVersion: adapter.version,
        workerId,
        startedAt: now,
        completedAt: new Date(),
        attempt: 1,
        exchanges: collected.exchanges,
        offersFound: collected.offers.length,
        dispatch: null,
      },
      prepared,
      state,
    );
    return { collected, prepared, stored };
  } finally {
    await client.end();
  }
}
