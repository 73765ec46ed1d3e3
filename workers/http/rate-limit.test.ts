import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { except } from "hono/combine";
import { requestId } from "hono/request-id";
import { describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../shared/api-errors";
import { type ApiKeyTier, createApiKey, revokeApiKey } from "../auth/api-keys";
import { withDb } from "../db/client";
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
