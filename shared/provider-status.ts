import type { ProviderStatus } from "./domain";
import { staleness } from "./schedule";

// A provider's status (docs/design.md §18). `active` and `degraded` follow its scrape health, worked
// out every hour; an operator may set any status by hand with a reason, which then holds until an
// operator hands it back to scrape health. `disabled` is only ever an operator's: a disabled provider
// is not scheduled.

/** Failed scrapes in a row that make a provider degraded: the strict breakers open at 3 (§5). */
export const DEGRADED_AFTER_FAILURES = 3;

export interface ScrapeHealthFacts {
  /** Hours since the last successful scrape; null when it never had one. */
  hoursSinceSuccess: number | null;
  /** Failed scrapes since the last successful one. */
  failuresSinceSuccess: number;
  /** The error code of the last failure, when the last scrape failed. */
  lastErrorCode: string | null;
}

export interface DerivedStatus {
  status: Extract<ProviderStatus, "active" | "degraded">;
  reason: string | null;
}

export function derivedStatus(facts: ScrapeHealthFacts): DerivedStatus {
  if (facts.failuresSinceSuccess >= DEGRADED_AFTER_FAILURES)
    return {
      status: "degraded",
      reason: `${facts.failuresSinceSuccess} price checks in a row failed${facts.lastErrorCode ? ` (last: ${facts.lastErrorCode})` : ""}`,
    };
  const late = staleness(facts.hoursSinceSuccess);
  if (late)
    return {
      status: "degraded",
      reason:
        facts.hoursSinceSuccess === null
          ? "no successful price check yet"
          : `no successful price check for ${Math.floor(facts.hoursSinceSuccess)} h`,
    };
  return { status: "active", reason: null };
}
