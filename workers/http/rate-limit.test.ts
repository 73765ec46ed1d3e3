import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { except } from "hono/combine";
import { requestId } from "hono/request-id";
import { describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../shared/api-errors";
import { type ApiKeyTier, createApiKey, revokeApiKey } from "../auth/api-keys";
import { withDb } from "../db/client";
import { markApiKeyUsed } from "../db/queries/api-keys";
import { apiKeys } from "../db/schema";
import { app as worker } from "./app";
import { handleError, handleNotFound } from "./errors";
import { rateLimit } from "./rate-limit";
import type { AppEnv } from "./types";

// Wired as app.ts will wire it. The production error handlers are typed for AppEnv, so they are set
// before rateLimit() adds `client` to it; `except` forgets the middleware's type, hence the cast.
const app = new Hono<AppEnv>()
  .notFound(handleNotFound)
  .onError(handleError)
  .use(requestId())
  .use("/api/*", except(["/api/health", "/api/openapi.json"], rateLimit()) as ReturnType<typeof rateLimit>)
  .get("/api/health", (c) => c.json({ status: "ok" }))
  .get("/api/prices", (c) => c.json({ client: c.get("client") }))
  .get("/api/cached", () => new Response("[]", { headers: { "Cache-Control": "public, max-age=60" } })); // as the edge cache answers

const get = (headers: Record<string, string>, path = "/api/prices", bindings: Env = env) =>
  app.request(path, { headers }, bindings);

const freshIp = () => `198.51.${crypto.getRandomValues(new Uint8Array(2)).join(".")}`;

const newKey = (tier: ApiKeyTier) =>
  withDb(env, "fresh", (db) => createApiKey(db, env.CACHE, { name: `test ${tier}`, tier }));

const limitHeaders = (response: Response) => ({
  limit: response.headers.get("RateLimit-Limit"),
  remaining: response.headers.get("RateLimit-Remaining"),
  reset: response.headers.get("RateLimit-Reset"),
  policy: response.headers.get("RateLimit-Policy"),
});

describe("rateLimit middleware", () => {
  it("lets an anonymous client make 20 requests, then answers the 21st with a 429 envelope", async () => {
    const ip = freshIp();
    for (let i = 19; i >= 0; i--) {
      const response = await get({ "CF-Connecting-IP": ip });
      expect(response.status).toBe(200);
      expect(limitHeaders(response)).toMatchObject({
        limit: "100",
        remaining: String(i),
        policy: "100;w=3600;burst=20",
      });
    }

    const refused = await get({ "CF-Connecting-IP": ip });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("36");
    expect(limitHeaders(refused)).toMatchObject({ limit: "100", remaining: "0", policy: "100;w=3600;burst=20" });
    expect(Number(refused.headers.get("RateLimit-Reset"))).toBeGreaterThan(700); // until full: 20 tokens × 36 s
    const body = apiErrorSchema.parse(await refused.json());
    expect(body).toMatchObject({
      status: 429,
      error: "Too Many Requests",
      code: "RATE_LIMIT_EXCEEDED",
      message: "Rate limit exceeded. Try again in 36 seconds.",
      details: { limit: 100, remaining: 0 },
    });
    const resetAt = Date.parse(String(body.details!.resetAt));
    expect(resetAt - Date.parse(body.timestamp)).toBeGreaterThanOrEqual(35_000);
    expect(resetAt - Date.parse(body.timestamp)).toBeLessThanOrEqual(37_000);
  });

  it("keeps separate buckets for different addresses", async () => {
    const [busy, quiet] = [freshIp(), freshIp()];
    for (let i = 0; i < 20; i++) await get({ "CF-Connecting-IP": busy });
    expect((await get({ "CF-Connecting-IP": busy })).status).toBe(429);
    const other = await get({ "CF-Connecting-IP": quiet });
    expect(other.status).toBe(200);
    expect(other.headers.get("RateLimit-Remaining")).toBe("19");
    expect(await other.json()).toEqual({ client: { kind: "anonymous", id: `anon:${quiet}`, tier: "anonymous" } });
  });

  it("puts the limit headers on responses built outside Hono and on errors too", async () => {
    const ip = freshIp();
    const cached = await get({ "CF-Connecting-IP": ip }, "/api/cached");
    expect(cached.status).toBe(200);
    expect(limitHeaders(cached)).toMatchObject({ limit: "100", remaining: "19" });
    const missing = await get({ "CF-Connecting-IP": ip }, "/api/no-such-route");
    expect(missing.status).toBe(404);
    expect(limitHeaders(missing)).toMatchObject({ limit: "100", remaining: "18" });
  });

  it("gives an API key the 1000 per hour, burst 100 policy, from X-API-Key or a bearer token", async () => {
    const { id, key } = await newKey("standard");
    const byHeader = await get({ "X-API-Key": key });
    expect(byHeader.status).toBe(200);
    expect(limitHeaders(byHeader)).toEqual({
      limit: "1000",
      remaining: "99",
      reset: "4",
      policy: "1000;w=3600;burst=100",
    });
    expect(await byHeader.json()).toEqual({ client: { kind: "api_key", id, tier: "standard" } });

    const byBearer = await get({ Authorization: `Bearer ${key}`, "CF-Connecting-IP": freshIp() });
    expect(byBearer.headers.get("RateLimit-Remaining")).toBe("98"); // the key's bucket, not the address's
  });

  it("does not count an unlimited key and sends it no limit headers", async () => {
    const { key } = await newKey("unlimited");
    for (let i = 0; i < 25; i++) {
      const response = await get({ "X-API-Key": key });
      expect(response.status).toBe(200);
      expect(limitHeaders(response)).toEqual({ limit: null, remaining: null, reset: null, policy: null });
    }
  });

  it.each<{ name: string; headers: Record<string, string> }>([
    { name: "a random X-API-Key", headers: { "X-API-Key": "not-a-key" } },
    { name: "a well-formed key nobody issued", headers: { Authorization: `Bearer cgp_${"A".repeat(43)}` } },
  ])("answers $name with 401 instead of falling back to anonymous", async ({ headers }) => {
    const response = await get({ ...headers, "CF-Connecting-IP": freshIp() });
    expect(response.status).toBe(401);
    expect(apiErrorSchema.parse(await response.json())).toMatchObject({
      code: "UNAUTHORIZED",
      message: "Invalid or revoked API key.",
    });
  });

  it("refuses a key once it has been revoked", async () => {
    const { id, key } = await newKey("standard");
    expect((await get({ "X-API-Key": key })).status).toBe(200);
    await withDb(env, "fresh", (db) => revokeApiKey(db, env.CACHE, id));
    expect((await get({ "X-API-Key": key })).status).toBe(401);
  });

  it("treats a bearer token that is not an API key as anonymous", async () => {
    const response = await get({ Authorization: "Bearer some-admin-token", "CF-Connecting-IP": freshIp() });
    expect(response.status).toBe(200);
    expect(response.headers.get("RateLimit-Policy")).toBe("100;w=3600;burst=20");
  });

  it("leaves exempt paths alone", async () => {
    const ip = freshIp();
    for (let i = 0; i < 25; i++) expect((await get({ "CF-Connecting-IP": ip }, "/api/health")).status).toBe(200);
    expect((await get({ "CF-Connecting-IP": ip })).headers.get("RateLimit-Remaining")).toBe("19");
  });

  it("lets requests through without limit headers when the limiter cannot be reached", async () => {
    const broken = { getByName: () => ({ consume: () => Promise.reject(new Error("Durable Object is overloaded")) }) };
    const response = await get({ "CF-Connecting-IP": freshIp() }, "/api/prices", {
      ...env,
      RATE_LIMITER: broken as unknown as Env["RATE_LIMITER"],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("RateLimit-Limit")).toBeNull();
  });
});

describe("rateLimit on /admin", () => {
  // The real app, so this is the line app.ts registers for /admin/* (RATE_LIMIT_MULTIPLIER is unset here).
  const admin = (headers: Record<string, string>, path = "/admin/api-keys") =>
    worker.request(path, { headers }, env, createExecutionContext());

  it("counts an unlimited key by its address: the 21st guess is a 429, while /api does not count the key", async () => {
    const { key } = await newKey("unlimited");
    const ip = freshIp();
    for (let i = 0; i < 20; i++) {
      const response = await admin({ "X-API-Key": key, "CF-Connecting-IP": ip, Authorization: "Bearer wrong" });
      expect(response.status).toBe(401);
    }
    const refused = await admin({ "X-API-Key": key, "CF-Connecting-IP": ip, Authorization: "Bearer wrong" });
    expect(refused.status).toBe(429);
    expect(apiErrorSchema.parse(await refused.json()).code).toBe("RATE_LIMIT_EXCEEDED");

    for (let i = 0; i < 25; i++) {
      const response = await admin({ "X-API-Key": key, "CF-Connecting-IP": ip }, "/api/providers");
      expect(response.status).not.toBe(429);
      expect(response.headers.get("RateLimit-Limit")).toBeNull();
    }
  });

  it("keeps a standard key in the address's anonymous bucket, not the key's", async () => {
    const { key } = await newKey("standard");
    const ip = freshIp();
    const first = await admin({ Authorization: `Bearer ${key}`, "CF-Connecting-IP": ip });
    expect(first.headers.get("RateLimit-Policy")).toBe("100;w=3600;burst=20");
    expect(first.headers.get("RateLimit-Remaining")).toBe("19");
    const keyless = await admin({ "CF-Connecting-IP": ip });
    expect(keyless.headers.get("RateLimit-Remaining")).toBe("18");
  });
});

describe("API key last use", () => {
  const lastUsedAt = async (id: string) => {
    const [row] = await withDb(env, "fresh", (db) =>
      db.select({ lastUsedAt: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, id)),
    );
    return row?.lastUsedAt ?? null;
  };
  /** A request with an ExecutionContext whose background work the test awaits, and a flag for when it is done. */
  const withContext = async (headers: Record<string, string>) => {
    const ctx = createExecutionContext();
    let backgroundDone = false;
    const waitUntil = ctx.waitUntil.bind(ctx);
    ctx.waitUntil = (task) => waitUntil(Promise.resolve(task).finally(() => (backgroundDone = true)));
    const response = await app.request("/api/prices", { headers }, env, ctx);
    const doneWithResponse = backgroundDone;
    await waitOnExecutionContext(ctx);
    return { response, doneWithResponse };
  };

  it("is written after the response, not before it", async () => {
    const { id, key } = await newKey("standard");
    expect(await lastUsedAt(id)).toBeNull();
    const { response, doneWithResponse } = await withContext({ "X-API-Key": key });
    expect(response.status).toBe(200);
    expect(doneWithResponse).toBe(false);
    const written = await lastUsedAt(id);
    expect(written).not.toBeNull();
    expect(Math.abs(written!.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("is written once an hour, however many requests the key makes", async () => {
    const { id, key } = await newKey("standard");
    await withContext({ "X-API-Key": key });
    expect(await lastUsedAt(id)).not.toBeNull();
    // As if the write were long ago: only this isolate's memory of it now holds a second write back.
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await withDb(env, "fresh", (db) => db.update(apiKeys).set({ lastUsedAt: twoHoursAgo }).where(eq(apiKeys.id, id)));
    for (let i = 0; i < 5; i++) expect((await withContext({ "X-API-Key": key })).response.status).toBe(200);
    expect(await lastUsedAt(id)).toEqual(twoHoursAgo);
  });

  it("is not written again by another isolate within the hour", async () => {
    const { id } = await newKey("standard");
    const halfAnHourAgo = new Date(Date.now() - 1_800_000);
    const longAgo = new Date(Date.now() - 3 * 3_600_000);
    await withDb(env, "fresh", async (db) => {
      await db.update(apiKeys).set({ lastUsedAt: halfAnHourAgo }).where(eq(apiKeys.id, id));
      expect(await markApiKeyUsed(db, id)).toBe(false);
      expect(await lastUsedAt(id)).toEqual(halfAnHourAgo);
      await db.update(apiKeys).set({ lastUsedAt: longAgo }).where(eq(apiKeys.id, id));
      expect(await markApiKeyUsed(db, id)).toBe(true);
    });
    const written = await lastUsedAt(id);
    expect(written!.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("still answers when the write fails", async () => {
    const { key } = await newKey("standard");
    const ctx = createExecutionContext();
    const broken = { ...env, HYPERDRIVE_UNCACHED: { connectionString: "postgres://nobody@127.0.0.1:1/none" } } as Env;
    const response = await app.request("/api/prices", { headers: { "X-API-Key": key } }, broken, ctx);
    expect(response.status).toBe(200);
    await waitOnExecutionContext(ctx);
  });
});
