import type { ProviderOffer, SkippedRecord } from "../../shared/offers";
import type { PageReader } from "./browser";
import type { ProviderHttp } from "./http";

/**
 * One provider's price source. An adapter builds its requests from `baseUrl`, sends them through
 * `http` (the one fetch wrapper: timeout, politeness, error classification), validates the raw
 * responses with zod, and turns each record into a `ProviderOffer` in the provider's own currency.
 * It never touches the database, bindings or the clock beyond `now`.
 *
 * Failure contract: a response that is not what the provider documents throws
 * `ProviderError("SCHEMA_DRIFT")`; a 200 that carries an error object throws
 * `ProviderError("UPSTREAM_ERROR")` (or `INVALID_API_KEY` when it says so); a single bad record is
 * returned in `skipped` with its reason, and the rest of the offers still count.
 */
export interface ProviderAdapter {
  /** `providers.slug` of the provider. */
  slug: string;
  method: "api" | "html" | "browser";
  /** Recorded as `scrape_jobs.scraper_version`; bump it when the parsing changes. */
  version: string;
  /** Where the source lives, and the variable operators set to route it elsewhere (a proxy, a test server). */
  baseUrl: { env: string; default: string };
  /** The secret holding the API key, if the source takes one; `required: false` means it is sent when set. */
  credential?: { secret: string; required: boolean };
  /** Without its (optional) key the adapter reads the provider's public pricing page instead. */
  pageFallback?: true;
  /** Lists instances that other clouds run (Shadeform, Prime Intellect): a fallback, see aggregators.ts. */
  aggregator?: true;
  scrape(context: AdapterContext): Promise<AdapterResult>;
}

export interface AdapterContext {
  http: ProviderHttp;
  /** `baseUrl.default` or its override, without a trailing slash. */
  baseUrl: string;
  credential: string | null;
  now: Date;
  /** A browser for `method: "browser"` adapters (Browser Rendering, or chromium on a recording); else absent. */
  pages?: PageReader;
}

export interface AdapterResult {
  offers: ProviderOffer[];
  skipped: SkippedRecord[];
}
