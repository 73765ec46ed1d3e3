import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import { tokensEqual } from "../../auth/admin-token";
import { apiKeyCacheKey, hashApiKey, resolveApiKey } from "../../auth/api-keys";
import { withDb } from "../../db/client";
import { apiKeys } from "../../db/schema";
import { handleError, handleNotFound } from "../errors";
import type { AppEnv } from "../types";
import { admin } from "./index";

// Mounted under /api so the production error handler answers with the JSON envelope.
const app = new Hono<AppEnv>().use(requestId()).route("/admin", admin).notFound(handleNotFound).onError(handleError);

const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
const withToken = { ...env, ADMIN_TOKEN };

function call(
  method: string,
  path: string,
  { body, token = ADMIN_TOKEN, bindings = withToken }: { body?: unknown; token?: string | null; bindings?: Env } = {},
) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const init = {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  };
  return app.request(`/admin${path}`, init, bindings);
}

const createKey = async (body: unknown = { name: "Partner dashboard" }) => {
  const response = await call("POST", "/api-keys", { body });
  expect(response.status).toBe(201);
  return (await response.json()) as {
    id: string;
    name: string;
    tier: string;
    key: string;
    key_prefix: string;
    created_at: string;
  };
};

const storedRow = (id: string) =>
  withDb(env, "fresh", async (db) => (await db.select().from(apiKeys).where(eq(apiKeys.id, id)))[0]);

describe("admin API keys", () => {
  it("creates a key, shows it once and stores only its hash", async () => {
    const response = await call("POST", "/api-keys", { body: { name: "Partner dashboard" } });
    expect(response.status).toBe(201);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const created = (await response.json()) as Awaited<ReturnType<typeof createKey>>;
    expect(created).toMatchObject({ name: "Partner dashboard", tier: "standard" });
    expect(created.key).toMatch(/^cgp_[A-Za-z0-9_-]{43}$/);
    expect(created.key_prefix).toBe(created.key.slice(0, 12));

    const row = (await storedRow(created.id))!;
    expect(row.keyHash).toBe(await hashApiKey(created.key));
    const secret = created.key.slice(12);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(await env.CACHE.get(apiKeyCacheKey(row.keyHash), "json")).toEqual({
      id: created.id,
      name: "Partner dashboard",
      tier: "standard",
    });
    expect(await resolveApiKey(env.CACHE, created.key)).toEqual({
      id: created.id,
      name: "Partner dashboard",
      tier: "standard",
    });
  });

  it("creates an unlimited key when asked", async () => {
    expect((await createKey({ name: "ISR webhook", tier: "unlimited" })).tier).toBe("unlimited");
  });

  it.each([
    { name: "a missing name", body: { tier: "standard" } },
    { name: "a blank name", body: { name: "   " } },
    { name: "a name over 100 characters", body: { name: "x".repeat(101) } },
    { name: "an unknown tier", body: { name: "k", tier: "gold" } },
    { name: "an unknown field", body: { name: "k", key_hash: "0".repeat(64) } },
    // Not even JSON: the request itself is malformed, before any field can be judged.
    { name: "a body that is not JSON", body: "name=k", code: "BAD_REQUEST" },
  ])("rejects $name with 400", async ({ body, code = "VALIDATION_ERROR" }) => {
    const response = await call("POST", "/api-keys", { body });
    expect(response.status).toBe(400);
    expect(apiErrorSchema.parse(await response.json()).code).toBe(code);
  });

  it("lists keys by their prefix, never with the key or its hash", async () => {
    const created = await createKey({ name: "Listed key" });
    const response = await call("GET", "/api-keys");
    expect(response.status).toBe(200);
    const { docs } = (await response.json()) as { docs: Record<string, unknown>[] };
    expect(docs.find((doc) => doc.id === created.id)).toEqual({
      id: created.id,
      name: "Listed key",
      tier: "standard",
      key_prefix: created.key_prefix,
      created_at: created.created_at,
      revoked_at: null,
      last_used_at: null,
    });
    const text = JSON.stringify(docs);
    expect(text).not.toContain(created.key);
    expect(text).not.toContain(await hashApiKey(created.key));
  });

  it("revokes a key: the row records when, the key stops resolving, and revoking again changes nothing", async () => {
    const created = await createKey();
    const response = await call("DELETE", `/api-keys/${created.id}`);
    expect(response.status).toBe(200);
    const revoked = (await response.json()) as { id: string; revoked_at: string };
    expect(revoked.id).toBe(created.id);
    expect((await storedRow(created.id))!.revokedAt?.toISOString()).toBe(revoked.revoked_at);
    expect(await resolveApiKey(env.CACHE, created.key)).toBeNull();

    const again = await call("DELETE", `/api-keys/${created.id}`);
    expect(await again.json()).toEqual(revoked);
  });

  it("answers 404 for an unknown key id and for an id that cannot be one", async () => {
    const unknown = await call("DELETE", `/api-keys/${crypto.randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(apiErrorSchema.parse(await unknown.json()).code).toBe("NOT_FOUND");
    const malformed = await call("DELETE", "/api-keys/1;DROP TABLE");
    expect(malformed.status).toBe(404);
    expect(apiErrorSchema.parse(await malformed.json()).code).toBe("NOT_FOUND");
  });
});

describe("admin authentication", () => {
  it.each([
    { name: "no token", token: null },
    { name: "a wrong token", token: "test-admin-token-0123456789abcdeX" },
    { name: "a prefix of the token", token: ADMIN_TOKEN.slice(0, 10) },
  ])("answers 401 to $name", async ({ token }) => {
    const response = await call("GET", "/api-keys", { token });
    expect(response.status).toBe(401);
    expect(apiErrorSchema.parse(await response.json()).code).toBe("UNAUTHORIZED");
  });

  it("creates nothing without a valid token", async () => {
    const response = await call("POST", "/api-keys", { body: { name: "Sneaky" }, token: "wrong" });
    expect(response.status).toBe(401);
    const rows = await withDb(env, "fresh", (db) => db.select().from(apiKeys).where(eq(apiKeys.name, "Sneaky")));
    expect(rows).toEqual([]);
  });

  it("is switched off (503), not open, when neither ADMIN_TOKEN nor Cloudflare Access is configured", async () => {
    const response = await call("GET", "/api-keys", {
      bindings: { ...env, ADMIN_TOKEN: undefined, ACCESS_TEAM_DOMAIN: undefined, ACCESS_AUD: undefined },
    });
    expect(response.status).toBe(503);
    expect(apiErrorSchema.parse(await response.json())).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
  });
});

describe("tokensEqual", () => {
  it.each([
    { presented: "s3cret-token", expected: "s3cret-token", equal: true },
    { presented: "s3cret-tokeN", expected: "s3cret-token", equal: false },
    { presented: "s3cret", expected: "s3cret-token", equal: false },
    { presented: "s3cret-token-and-more", expected: "s3cret-token", equal: false },
    { presented: "", expected: "s3cret-token", equal: false },
  ])("says $equal for $presented", async ({ presented, expected, equal }) => {
    expect(await tokensEqual(presented, expected)).toBe(equal);
  });
});
