import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { createProvider } from "../testing/factories";
import { DatabaseNotConfiguredError, openDb, withDb } from "./client";
import { gpuModels, providers } from "./schema";

// Direct-to-Neon mode, exercised against the same PostgreSQL through a local WebSocket→TCP proxy.
const neonEnv = () => ({ DATABASE_URL: inject("databaseUrl"), NEON_WS_PROXY: inject("neonWsProxy") });

describe("openDb", () => {
  it("reads through the cached Hyperdrive binding with pg", async () => {
    const rows = await withDb(env, "cached", (db) =>
      db.select({ slug: gpuModels.slug }).from(gpuModels).where(eq(gpuModels.slug, "h100-sxm")),
    );
    expect(rows).toEqual([{ slug: "h100-sxm" }]);
  });

  it("writes through the uncached Hyperdrive binding and commits transactions", async () => {
    const slug = await withDb(env, "fresh", async (db) =>
      db.transaction(async (tx) => (await createProvider(tx)).slug),
    );
    const found = await withDb(env, "fresh", (db) => db.select().from(providers).where(eq(providers.slug, slug)));
    expect(found).toHaveLength(1);
  });

  it("rolls a failed transaction back", async () => {
    const slug = `test-rollback-${crypto.randomUUID().slice(0, 8)}`;
    await expect(
      withDb(env, "fresh", (db) =>
        db.transaction(async (tx) => {
          await createProvider(tx, { slug });
          throw new Error("abort");
        }),
      ),
    ).rejects.toThrow("abort");
    const found = await withDb(env, "fresh", (db) => db.select().from(providers).where(eq(providers.slug, slug)));
    expect(found).toEqual([]);
  });

  it("talks to Postgres with the Neon driver when no Hyperdrive is bound", async () => {
    const rows = await withDb(neonEnv(), "cached", (db) =>
      db.select({ slug: gpuModels.slug }).from(gpuModels).where(eq(gpuModels.slug, "a100-40gb")),
    );
    expect(rows).toEqual([{ slug: "a100-40gb" }]);
  });

  it("runs transactions and parallel queries over the Neon driver", async () => {
    const slug = await withDb(neonEnv(), "fresh", (db) =>
      db.transaction(async (tx) => (await createProvider(tx)).slug),
    );
    const [viaHyperdrive] = await withDb(env, "fresh", (db) =>
      db.select().from(providers).where(eq(providers.slug, slug)),
    );
    expect(viaHyperdrive?.slug).toBe(slug);
    const counts = await withDb(neonEnv(), "cached", (db) =>
      Promise.all([1, 2, 3].map(async (n) => (await db.execute<{ n: number }>(sql`SELECT ${n}::int AS n`)).rows[0]?.n)),
    );
    expect(counts).toEqual([1, 2, 3]);
  });

  it("refuses to start without any database configured", async () => {
    await expect(openDb({}, "cached")).rejects.toBeInstanceOf(DatabaseNotConfiguredError);
  });

  it("fails clearly when the database is unreachable", async () => {
    const dead = { connectionString: "postgresql://postgres:postgres@127.0.0.1:1/cloudgpus" } as Hyperdrive;
    await expect(openDb({ HYPERDRIVE: dead }, "cached")).rejects.toThrow();
  });

  // Outside a request's deadline (queue consumers, cron) a database that takes the login and then
  // never answers fails the statement after its bound instead of holding the caller.
  it.each([
    [
      "pg through Hyperdrive",
      () => ({ HYPERDRIVE_UNCACHED: { connectionString: inject("stallingDatabases").atQuery } as Hyperdrive }),
    ],
    ["the Neon driver", () => ({ ...neonEnv(), DATABASE_URL: inject("stallingDatabases").atQuery })],
  ])(
    "gives up a statement a hung database never answers, with %s",
    async (_, hungEnv) => {
      const started = Date.now();
      await expect(
        withDb({ ...hungEnv(), DATABASE_STATEMENT_WAIT_MS: "300" }, "fresh", (db) => db.execute(sql`SELECT 1`)),
      ).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5_000);
    },
    20_000,
  );
});
