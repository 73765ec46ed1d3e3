import { describe, expect, it } from "vitest";
import { derivedStatus } from "./provider-status";

describe("a provider's status from its scrape health", () => {
  it.each([
    [{ hoursSinceSuccess: 2, failuresSinceSuccess: 0, lastErrorCode: null }, "active", null],
    [{ hoursSinceSuccess: 5, failuresSinceSuccess: 2, lastErrorCode: "HTTP_503" }, "active", null],
    [
      { hoursSinceSuccess: 5, failuresSinceSuccess: 3, lastErrorCode: "SCHEMA_DRIFT" },
      "degraded",
      "3 price checks in a row failed (last: SCHEMA_DRIFT)",
    ],
    [{ hoursSinceSuccess: 12, failuresSinceSuccess: 0, lastErrorCode: null }, "active", null],
    [
      { hoursSinceSuccess: 12.5, failuresSinceSuccess: 1, lastErrorCode: "TIMEOUT" },
      "degraded",
      "no successful price check for 12 h",
    ],
    [
      { hoursSinceSuccess: null, failuresSinceSuccess: 0, lastErrorCode: null },
      "degraded",
      "no successful price check yet",
    ],
  ] as const)("%o → %s", (facts, status, reason) => {
    expect(derivedStatus(facts)).toEqual({ status, reason });
  });
});
