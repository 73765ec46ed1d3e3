import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { withDb } from "../../db/client";
import { affiliateClicks, providers } from "../../db/schema";
import { createProvider, WORKER_ORIGIN } from "../../testing/factories";
import { app } from "../app";

// Each test has a provider of its own, so the clicks it counts are only its own.
let provider: { id: string; slug: string };

beforeEach(async () => {
  provider = await withDb(env, "fresh", (db) =>
    createProvider(db, {
      slug: `test-go-${crypto.randomUUID().slice(0, 8)}`,
      affiliateUrl: "https://gotest.example/?ref=cloudgpus",
    }),
  );
});

const freshIp = () => `203.0.${crypto.getRandomValues(new Uint8Array(2)).join(".")}`;

/** A click, and the bookkeeping it leaves for after the redirect, finished. */
async function click(headers: Record<string, string>, bindings: Env = env, slug = provider.slug) {
  const ctx = createExecutionContext();
  const response = await app.request(
    `${WORKER_ORIGIN}/go/${slug}`,
    { headers: { "CF-Connecting-IP": freshIp(), ...headers }, redirect: "manual" },
    bindings,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

const clicks = () =>
  withDb(env, "fresh", (db) => db.select().from(affiliateClicks).where(eq(affiliateClicks.providerId, provider.id)));

describe("GET /go/:provider", () => {
  it("records the click without personal data and redirects to the provider's own URL", async () => {
    const response = await click({ Referer: `${WORKER_ORIGIN}/cloud-gpu/h100?sort=price` });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://gotest.example/?ref=cloudgpus");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const rows = await clicks();
    expect(rows).toMatchObject([{ sourcePath: "/cloud-gpu/h100" }]);
    expect(Object.keys(rows[0]!).sort()).toEqual(["clickedAt", "country", "id", "providerId", "sourcePath"]);
  });

  it("counts one click per address and provider within the hour", async () => {
    const ip = freshIp();
    await click({ "CF-Connecting-IP": ip });
    const again = await click({ "CF-Connecting-IP": ip });
    expect(again.status).toBe(302); // the visitor still goes where they asked
    expect(await clicks()).toHaveLength(1);
    await click({ "CF-Connecting-IP": freshIp() });
    expect(await clicks()).toHaveLength(2);
  });

  it("counts the same address again for another provider", async () => {
    const ip = freshIp();
    const other = await withDb(env, "fresh", (db) => createProvider(db));
    await click({ "CF-Connecting-IP": ip });
    await click({ "CF-Connecting-IP": ip }, env, other.slug);
    const otherClicks = await withDb(env, "fresh", (db) =>
      db.select().from(affiliateClicks).where(eq(affiliateClicks.providerId, other.id)),
    );
    expect([(await clicks()).length, otherClicks.length]).toEqual([1, 1]);
  });

  it.each([
    { referer: "https://elsewhere.example/cloud-gpu/h100", expected: null },
    { referer: "http://cloudgpus.test/cloud-gpu/h100", expected: null }, // our host, another origin
    { referer: "not a url", expected: null },
    { referer: `${new URL(env.SITE_URL).origin}/compare/a-vs-b`, expected: "/compare/a-vs-b" },
  ])("takes the source page from a Referer of $referer as $expected", async ({ referer, expected }) => {
    await click({ Referer: referer });
    expect(await clicks()).toMatchObject([{ sourcePath: expected }]);
  });

  it("still redirects, and still counts, when KV cannot be reached", async () => {
    const failing = () => Promise.reject(new Error("KV is down"));
    const brokenKv = { get: failing, put: failing } as unknown as KVNamespace;
    const response = await click({}, { ...env, CACHE: brokenKv });
    expect(response.status).toBe(302);
    expect(await clicks()).toHaveLength(1);
  });

  it("cannot be pointed anywhere else", async () => {
    expect((await click({}, env, "https%3A%2F%2Fevil.example")).status).toBe(404);
    expect((await click({}, env, "no-such-provider?url=https://evil.example")).status).toBe(404);
  });

  it("falls back to the website when there is no affiliate link", async () => {
    await withDb(env, "fresh", (db) =>
      db.update(providers).set({ affiliateUrl: null }).where(eq(providers.id, provider.id)),
    );
    const response = await click({});
    expect(response.headers.get("location")).toBe(`https://${provider.slug}.example`);
  });
});

describe("GET /go/:provider with the database down", () => {
  const deadDatabase = { connectionString: "postgresql://postgres:postgres@127.0.0.1:1/cloudgpus" } as Hyperdrive;
  const down = { ...env, HYPERDRIVE: deadDatabase, HYPERDRIVE_UNCACHED: deadDatabase };

  it("still sends the visitor to the provider, by the destination kept last time", async () => {
    expect((await click({})).headers.get("location")).toBe("https://gotest.example/?ref=cloudgpus");
    const response = await click({}, down);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://gotest.example/?ref=cloudgpus");
  });

  it("fails a provider it never sent anybody to, in the envelope, rather than guess", async () => {
    const response = await click({}, down, `test-never-${crypto.randomUUID().slice(0, 8)}`);
    expect(response.status).toBeGreaterThanOrEqual(500);
  });
});
