import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { queueBatchDataPoint, requestDataPoint } from "./analytics";

// Analytics Engine cannot be read back locally (miniflare accepts writes and keeps none), so what
// is tested is the data point each write is given, and that the local binding takes it.

describe("requestDataPoint", () => {
  it("keys a request by its route and carries method, status, cache result and duration", () => {
    expect(
      requestDataPoint({ method: "GET", route: "/api/instances/:id", status: 200, cache: "HIT", durationMs: 12 }),
    ).toEqual({
      indexes: ["/api/instances/:id"],
      blobs: ["http", "GET", "/api/instances/:id", "200", "HIT"],
      doubles: [12],
    });
  });

  it("writes an empty cache blob for an answer that did not go through the cache", () => {
    expect(requestDataPoint({ method: "POST", route: "/mcp", status: 429, cache: null, durationMs: 0 }).blobs).toEqual([
      "http",
      "POST",
      "/mcp",
      "429",
      "",
    ]);
  });

  it("cuts an index to the 96 bytes Analytics Engine keeps, the blob keeping the whole route", () => {
    const route = `/${"a".repeat(150)}`;
    const point = requestDataPoint({ method: "GET", route, status: 200, cache: null, durationMs: 1 });
    expect(point.indexes?.[0]).toHaveLength(96);
    expect(point.blobs?.[2]).toBe(route);
  });
});

describe("queueBatchDataPoint", () => {
  it("carries the batch's messages by outcome and its duration", () => {
    expect(queueBatchDataPoint({ queue: "scrape-dlq", acked: 3, retried: 2, durationMs: 840 })).toEqual({
      indexes: ["scrape-dlq"],
      blobs: ["queue", "scrape-dlq"],
      doubles: [5, 3, 2, 840],
    });
  });
});

describe("the METRICS binding", () => {
  it("is bound locally and accepts the points the Worker writes", () => {
    expect(env.METRICS).toBeDefined();
    expect(() => {
      env.METRICS.writeDataPoint(
        requestDataPoint({ method: "GET", route: "/api/health", status: 200, cache: null, durationMs: 3 }),
      );
      env.METRICS.writeDataPoint(queueBatchDataPoint({ queue: "notify", acked: 1, retried: 0, durationMs: 5 }));
    }).not.toThrow();
  });
});
