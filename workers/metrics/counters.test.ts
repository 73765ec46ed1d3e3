import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  COUNTER_OBJECT,
  CounterBatch,
  decodeSeries,
  flushCounters,
  httpSeries,
  queueBatchesSeries,
  queueMessagesSeries,
  queueSecondsSeries,
  scrapesSeries,
} from "./counters";

const uniqueRoute = () => `/test-${crypto.randomUUID().slice(0, 8)}/:id`;
const stored = () => env.METRICS_COUNTER.getByName(COUNTER_OBJECT).snapshot();

describe("series keys", () => {
  it.each([
    {
      key: httpSeries("GET", 200, "HIT", "/api/instances/:id"),
      series: { kind: "http", method: "GET", status: "200", cache: "HIT", route: "/api/instances/:id" },
    },
    {
      key: httpSeries("POST", 429, null, "/mcp"),
      series: { kind: "http", method: "POST", status: "429", cache: null, route: "/mcp" },
    },
    {
      key: httpSeries("GET", 200, "MISS", "/odd route/:a b"),
      series: { kind: "http", method: "GET", status: "200", cache: "MISS", route: "/odd route/:a b" },
    },
    {
      key: queueMessagesSeries("scrape-dlq", "retried"),
      series: { kind: "queue-messages", outcome: "retried", queue: "scrape-dlq" },
    },
    { key: queueBatchesSeries("notify"), series: { kind: "queue-batches", queue: "notify" } },
    { key: queueSecondsSeries("notify"), series: { kind: "queue-seconds", queue: "notify" } },
    {
      key: scrapesSeries("lambda-labs", "ETIMEDOUT"),
      series: { kind: "scrapes", result: "ETIMEDOUT", provider: "lambda-labs" },
    },
  ])("reads $key back as it was written", ({ key, series }) => {
    expect(decodeSeries(key)).toEqual(series);
  });

  it.each(["", "http", "http GET 200", "gauge x", "queue-messages lost scrape", "queue-batches"])(
    "reads %j as no series (one this code does not write)",
    (key) => {
      expect(decodeSeries(key)).toBeNull();
    },
  );
});

describe("CounterBatch", () => {
  it("adds counts of a series together and empties on take", () => {
    const batch = new CounterBatch();
    batch.add("a", 0);
    batch.add("a", 1, 2);
    batch.add("b", 2);
    expect(batch.take()).toEqual({ a: 3, b: 1 });
    expect(batch.take()).toBeNull();
  });

  it("is due a flush once its window has passed, counted from its first count", () => {
    const batch = new CounterBatch({ windowMs: 10_000, maxCounts: 1_000 });
    expect(batch.add("a", 5_000)).toBe(false);
    expect(batch.add("a", 14_999)).toBe(false);
    expect(batch.add("a", 15_000)).toBe(true);
    batch.take();
    expect(batch.add("a", 15_001)).toBe(false);
  });

  it("is due a flush at its count threshold, however young", () => {
    const batch = new CounterBatch({ windowMs: 10_000, maxCounts: 3 });
    expect(batch.add("a", 0)).toBe(false);
    expect(batch.add("b", 0)).toBe(false);
    expect(batch.add("a", 0)).toBe(true);
  });

  it("keeps restored counts and waits a new window before the next flush", () => {
    const batch = new CounterBatch({ windowMs: 10_000, maxCounts: 1_000 });
    batch.add("a", 0, 2);
    const taken = batch.take();
    batch.add("a", 20_000);
    batch.restore(taken!, 30_000);
    expect(batch.add("b", 39_999)).toBe(false);
    expect(batch.add("b", 40_000)).toBe(true);
    expect(batch.take()).toEqual({ a: 3, b: 2 });
  });
});

describe("flushCounters", () => {
  it("adds the batch to the counter object and empties it", async () => {
    const route = uniqueRoute();
    const batch = new CounterBatch();
    batch.add(httpSeries("GET", 200, "HIT", route), Date.now(), 3);
    await flushCounters(env, batch);
    batch.add(httpSeries("GET", 200, "HIT", route), Date.now(), 2);
    await flushCounters(env, batch);
    expect((await stored())[httpSeries("GET", 200, "HIT", route)]).toBe(5);
    expect(batch.take()).toBeNull();
  });

  it("keeps the counts when the counter object cannot take them, and does not reject", async () => {
    const route = uniqueRoute();
    const batch = new CounterBatch();
    batch.add(httpSeries("GET", 500, null, route), Date.now());
    // A real binding that has no `add`: the call fails as an unreachable counter object would.
    const unreachable = { METRICS_COUNTER: env.RATE_LIMITER as unknown as Env["METRICS_COUNTER"] };
    await expect(flushCounters(unreachable, batch)).resolves.toBeUndefined();
    expect(batch.take()).toEqual({ [httpSeries("GET", 500, null, route)]: 1 });
    expect((await stored())[httpSeries("GET", 500, null, route)]).toBeUndefined();
  });
});
