import { describe, expect, it } from "vitest";
import { type HealthResponse, overallHealth } from "./health";

const healthy: HealthResponse["checks"] = {
  database: true,
  kv: true,
  queues: { scrape: true, notify: true },
  freshness: { checked: 3, stale: [] },
};

describe("overall health", () => {
  it("is ok when everything answers and no P0 provider is late", () => {
    const lateP1 = { provider: "runpod", priority: "P1" as const, hoursSinceSuccess: 9, windowHours: 8 };
    expect(overallHealth(healthy)).toEqual({ status: "ok", reasons: [] });
    expect(overallHealth({ ...healthy, freshness: { checked: 3, stale: [lateP1] } })).toEqual({
      status: "ok",
      reasons: [],
    });
  });

  it("is degraded, with the reason, when a P0 provider is past its window", () => {
    const stale = [
      { provider: "lambda-labs", priority: "P0" as const, hoursSinceSuccess: 7.5, windowHours: 6 },
      { provider: "coreweave", priority: "P0" as const, hoursSinceSuccess: null, windowHours: 6 },
    ];
    expect(overallHealth({ ...healthy, freshness: { checked: 3, stale } })).toEqual({
      status: "degraded",
      reasons: [
        "lambda-labs (P0) was last scraped successfully 7 h ago, past its 6 h window",
        "coreweave (P0) has never been scraped successfully",
      ],
    });
  });

  it("is unhealthy when a piece of infrastructure is missing, whatever the data", () => {
    expect(overallHealth({ ...healthy, database: false, freshness: null })).toEqual({
      status: "unhealthy",
      reasons: ["the database does not answer"],
    });
    expect(overallHealth({ ...healthy, queues: { scrape: true, notify: false } }).reasons).toEqual([
      "the notify queue is not bound",
    ]);
  });
});
