import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cachedResponse } from "../cache/response-cache";
import { log } from "../log";
import { COUNTER_OBJECT, CounterBatch, counters, httpSeries } from "../metrics/counters";
import { app as workerApp } from "./app";
import { ApiError, handleError, handleNotFound } from "./errors";
import { observe, UNMATCHED } from "./observe";
import type { AppEnv } from "./types";

// The middleware on a small app of its own, on the real local bindings: the counter object, the
// Cache API and KV behind cachedResponse, and the Analytics Engine binding (which accepts writes
// locally and cannot be read back). Each app's routes sit under a path of their own, so the
// counter object's series for them are this test's alone.

/** Flushes at every count, so each request's count reaches the counter object in its waitUntil. */
const everyCount = () => new CounterBatch({ windowMs: 10_000, maxCounts: 1 });

function testApp(batch: CounterBatch) {
  const base = `/observe-${crypto.randomUUID().slice(0, 8)}`;
  const app = new Hono<AppEnv>()
    .use(requestId())
    .use(observe(batch))
    .use(`${base}/guarded/*`, () => {
      throw new ApiError("UNAUTHORIZED", "Not for you.");
    })
    .get(`${base}/offers/:id`, (c) => {
      log.info("test.offer", { id: c.req.param("id") });
      c.executionCtx.waitUntil(Promise.resolve().then(() => log.info("test.after-response")));
      return c.json({ id: c.req.param("id") });
    })
    .get(`${base}/guarded/:what`, (c) => c.text("secret"))
    .get(`${base}/cached`, (c) =>
      cachedResponse(c, { ttlSeconds: 60, dependsOn: [] }, "", async () => c.json({ cached: true })),
    )
    .notFound(handleNotFound)
    .onError(handleError);
  const request = async (path: string, init: RequestInit = {}) => {
    const ctx = createExecutionContext();
    const response = await app.request(`${base}${path}`, init, env, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  };
  return { base, request };
}

const stored = () => env.METRICS_COUNTER.getByName(COUNTER_OBJECT).snapshot();

let lines: Record<string, unknown>[] = [];
beforeEach(() => {
  lines = [];
  vi.spyOn(console, "log").mockImplementation((line: Record<string, unknown>) => void lines.push(line));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("observe", () => {
  it("counts requests by the route's pattern, never the path asked", async () => {
    const { base, request } = testApp(everyCount());
    for (const id of ["a", "b", "c"]) expect((await request(`/offers/${id}`)).status).toBe(200);
    const counts = await stored();
    expect(counts[httpSeries("GET", 200, null, `${base}/offers/:id`)]).toBe(3);
    expect(Object.keys(counts).filter((series) => series.includes(`${base}/offers/a`))).toEqual([]);
  });

  it("counts the cache's misses and hits from its X-Cache header", async () => {
    const { base, request } = testApp(everyCount());
    const states = [];
    for (let i = 0; i < 3; i++) states.push((await request("/cached")).headers.get("X-Cache"));
    expect(states).toEqual(["MISS", "HIT", "HIT"]);
    const counts = await stored();
    expect(counts[httpSeries("GET", 200, "MISS", `${base}/cached`)]).toBe(1);
    expect(counts[httpSeries("GET", 200, "HIT", `${base}/cached`)]).toBe(2);
  });

  it("labels a refusal by a middleware with the route it stood in front of", async () => {
    const { base, request } = testApp(everyCount());
    expect((await request("/guarded/plans")).status).toBe(401);
    expect((await stored())[httpSeries("GET", 401, null, `${base}/guarded/:what`)]).toBe(1);
  });

  it("labels what no route answers as unmatched, and an unknown method as OTHER", async () => {
    const batch = new CounterBatch();
    const { request } = testApp(batch);
    expect((await request("/no-such-page")).status).toBe(404);
    expect((await request("/offers/a", { method: "PURGE" })).status).toBe(404);
    expect(batch.take()).toEqual({
      [httpSeries("GET", 404, null, UNMATCHED)]: 1,
      [httpSeries("OTHER", 404, null, UNMATCHED)]: 1,
    });
  });

  it("keeps counts in the isolate until the window passes: a request costs no round trip", async () => {
    const batch = new CounterBatch({ windowMs: 60_000, maxCounts: 1_000 });
    const { base, request } = testApp(batch);
    await request("/offers/a");
    await request("/offers/b");
    expect((await stored())[httpSeries("GET", 200, null, `${base}/offers/:id`)]).toBeUndefined();
    expect(batch.take()).toEqual({ [httpSeries("GET", 200, null, `${base}/offers/:id`)]: 2 });
  });

  it("puts the request id on every line logged while handling the request, after the response too", async () => {
    const { request } = testApp(new CounterBatch());
    const response = await request("/offers/a");
    const id = response.headers.get("X-Request-Id");
    expect(id).toBeTruthy();
    expect(lines.filter((line) => String(line.event).startsWith("test."))).toEqual([
      { level: "info", event: "test.offer", requestId: id, id: "a" },
      { level: "info", event: "test.after-response", requestId: id },
    ]);
  });

  it("is registered on the Worker's app", async () => {
    counters.take();
    const response = await workerApp.request("/llms.txt", {}, env);
    expect(response.status).toBe(200);
    expect(counters.take()).toEqual({ [httpSeries("GET", 200, null, "/llms.txt")]: 1 });
  });
});
