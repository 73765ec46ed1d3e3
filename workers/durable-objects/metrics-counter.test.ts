import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_SERIES } from "./metrics-counter";

// Each test its own object: the counts of one never show in another's.
const counterObject = () => env.METRICS_COUNTER.getByName(`test:${crypto.randomUUID()}`);

describe("MetricsCounter Durable Object", () => {
  it("adds the counts of many isolates together, series by series", async () => {
    const counter = counterObject();
    await counter.add({ "http GET 200 HIT /api/instances": 3, "queue-seconds scrape": 1.25 });
    await counter.add({ "http GET 200 HIT /api/instances": 2, "http GET 404 - unmatched": 1 });
    expect(await counter.snapshot()).toEqual({
      "http GET 200 HIT /api/instances": 5,
      "http GET 404 - unmatched": 1,
      "queue-seconds scrape": 1.25,
    });
  });

  it("ignores a count that would make a counter go down or stop being a number", async () => {
    const counter = counterObject();
    await counter.add({ a: 2 });
    await counter.add({ a: -5, b: Number.NaN, c: Number.POSITIVE_INFINITY, d: 0, e: 1 });
    expect(await counter.snapshot()).toEqual({ a: 2, e: 1 });
  });

  it("keeps its counts when the object is evicted and started again", async () => {
    const counter = counterObject();
    await counter.add({ a: 7 });
    await evictDurableObject(counter);
    await counter.add({ a: 1 });
    expect(await counter.snapshot()).toEqual({ a: 8 });
  });

  it("refuses new series past MAX_SERIES, and goes on counting the ones it has", async () => {
    const counter = counterObject();
    const full = Object.fromEntries(Array.from({ length: MAX_SERIES }, (_, index) => [`series ${index}`, 1]));
    expect(await counter.add(full)).toEqual({ refused: 0 });
    expect(await counter.add({ "series 0": 1, "one too many": 1, "and another": 1 })).toEqual({ refused: 2 });
    const snapshot = await counter.snapshot();
    expect(Object.keys(snapshot)).toHaveLength(MAX_SERIES);
    expect(snapshot["series 0"]).toBe(2);
    expect(snapshot["one too many"]).toBeUndefined();
  });
});
