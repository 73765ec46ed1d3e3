// Why a scrape failed, and whether trying again can help (docs/design.md §4): network
// resets, timeouts, 429 and 5xx are retried with backoff; bad credentials, bans, captchas and
// responses we cannot read are not — they need a person, and retrying would only hammer the
// provider. Codes land in `scrape_jobs.error_code`.

export const SCRAPE_ERROR_CODES = {
  ECONNRESET: { retryable: true, countsAgainstProvider: true },
  ETIMEDOUT: { retryable: true, countsAgainstProvider: true },
  RATE_LIMITED: { retryable: true, countsAgainstProvider: true },
  UPSTREAM_UNAVAILABLE: { retryable: true, countsAgainstProvider: true },
  INVALID_API_KEY: { retryable: false, countsAgainstProvider: true },
  FORBIDDEN: { retryable: false, countsAgainstProvider: true },
  CAPTCHA_REQUIRED: { retryable: false, countsAgainstProvider: true },
  BLOCKED: { retryable: false, countsAgainstProvider: true },
  NOT_FOUND: { retryable: false, countsAgainstProvider: true },
  BAD_REQUEST: { retryable: false, countsAgainstProvider: true },
  INVALID_RESPONSE: { retryable: true, countsAgainstProvider: true },
  UPSTREAM_ERROR: { retryable: false, countsAgainstProvider: true },
  // The provider answered, but not in the shape we know: our parser needs updating.
  SCHEMA_DRIFT: { retryable: false, countsAgainstProvider: false },
  // A pricing page no longer has the structure its reader knows (a redesign): the same, for pages.
  LAYOUT_CHANGED: { retryable: false, countsAgainstProvider: false },
  MISSING_CREDENTIALS: { retryable: false, countsAgainstProvider: false },
  // The browser could not be had (no binding, session limit, launch failure): ours, and it may pass.
  BROWSER_UNAVAILABLE: { retryable: true, countsAgainstProvider: false },
  CIRCUIT_OPEN: { retryable: false, countsAgainstProvider: false },
  NO_ADAPTER: { retryable: false, countsAgainstProvider: false },
  STORE_FAILED: { retryable: true, countsAgainstProvider: false },
} as const satisfies Record<string, { retryable: boolean; countsAgainstProvider: boolean }>;

export type ScrapeErrorCode = keyof typeof SCRAPE_ERROR_CODES;

/** The code for an HTTP error status, or null for statuses that are not errors. */
export function codeForStatus(status: number): ScrapeErrorCode | null {
  if (status < 400) return null;
  if (status === 401) return "INVALID_API_KEY";
  if (status === 403) return "FORBIDDEN";
  if (status === 404 || status === 410) return "NOT_FOUND";
  if (status === 408) return "ETIMEDOUT";
  if (status === 429) return "RATE_LIMITED";
  if (status >= 500) return "UPSTREAM_UNAVAILABLE";
  return "BAD_REQUEST";
}

const CAPTCHA_MARKER = /captcha/i;
const BLOCK_MARKERS = [
  /cf-chl|challenge-platform|Just a moment\.\.\./i,
  /Attention Required|Access denied|are you a robot/i,
];

/** A body that is a bot challenge or block page rather than data. */
export function challengeCode(body: string): "CAPTCHA_REQUIRED" | "BLOCKED" | null {
  const head = body.slice(0, 20_000);
  if (CAPTCHA_MARKER.test(head)) return "CAPTCHA_REQUIRED";
  if (BLOCK_MARKERS.some((marker) => marker.test(head))) return "BLOCKED";
  return null;
}

/** Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or null. */
export function retryAfterSeconds(header: string | null, now: Date): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
