import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, count, desc, eq, gte, sql } from "drizzle-orm";
import { describe, expect, inject, it, vi } from "vitest";
import { versionKey } from "../cache/versions";
import { type Database, withDb } from "../db/client";
import { instances, providers, scrapeDispatches, scrapeJobs, scrapeOfferIssues } from "../db/schema";
import worker from "../index";
import { runpod } from "../providers/runpod";
import { scrapeProvider } from "./scrape";

// The consumer against the recorded sources, served over loopback by the fixture server (see
// workers/testing/global-setup.ts): the Worker fetches "live", the provider answers from fixtures.

const fixture = (provider: string, name: string) => `${inject("fixtureServer")}/${provider}/${name}`;
const write = <T>(work: (db: Database) => Promise<T>) => withDb(env, "fresh", work);
const providerId = async (db: Database, slug: string) =>
  (await db.select({ id: providers.id }).from(providers).where(eq(providers.slug, slug)))[0]!.id;
const latestJob = async (db: Database, slug: string) =>
  (
    await db
      .select()
      .from(scrapeJobs)
      .where(eq(scrapeJobs.providerId, await providerId(db, slug)))
      .orderBy(desc(scrapeJobs.startedAt))
      .limit(1)
  )[0]!;

describe("scrape consumer", () => {
  it("scrapes a provider end to end: offers stored, job recorded, cache versions bumped", async () => {
    const started = new Date();
    const outcome = await write((db) => scrapeProvider(db, env, { provider: "runpod" }, 1));
    expect(outcome).toEqual({ retryInSeconds: null });
    await write(async (db) => {
      const id = await providerId(db, "runpod");
      const rows = await db
        .select()
        .from(instances)
        .where(and(eq(instances.providerId, id), gte(instances.lastScrapedAt, started)));
      expect(rows).toHaveLength(37);
      const h100 = rows.find((row) => row.instanceType === "secure:NVIDIA H100 80GB HBM3");
      expect(h100).toMatchObject({
        pricePerHour: 2.99,
        pricePerGpuHour: 2.99,
        pricePerHourSpot: 1.75,
        availabilityStatus: "available",
        isActive: true,
      });
      expect(await latestJob(db, "runpod")).toMatchObject({
        status: "completed",
        instancesFound: 37,
        scraperVersion: runpod.version,
        responseStatusCode: 200,
      });
    });
    expect(await env.CACHE.get(versionKey("provider", "runpod"))).not.toBeNull();
    expect(await env.CACHE.get(versionKey("gpu", "h100-sxm"))).not.toBeNull();
  });

  it("publishes a price change, deactivates the vanished offer and tells the notify queue", async () => {
    const send = vi.spyOn(env.NOTIFY_QUEUE, "sendBatch");
    await write((db) => scrapeProvider(db, env, { provider: "runpod" }, 1));
    await write((db) =>
      scrapeProvider(db, { ...env, RUNPOD_BASE_URL: fixture("runpod", "repriced") } as Env, { provider: "runpod" }, 1),
    );
    await write(async (db) => {
      const id = await providerId(db, "runpod");
      const [h100] = await db
        .select()
        .from(instances)
        .where(and(eq(instances.providerId, id), eq(instances.instanceType, "secure:NVIDIA H100 80GB HBM3")));
      expect(h100!.pricePerHour).toBe(2.79);
      const [l4] = await db
        .select()
        .from(instances)
        .where(and(eq(instances.providerId, id), eq(instances.instanceType, "community:NVIDIA L4")));
      expect(l4!.isActive).toBe(false);
    });
    const messages = send.mock.calls.flatMap(([batch]) => [...batch].map((message) => message.body));
    expect(messages).toContainEqual(
      expect.objectContaining({
        kind: "price-changes",
        provider: "runpod",
        changes: [
          expect.objectContaining({
            instanceType: "secure:NVIDIA H100 80GB HBM3",
            previousPricePerHour: 2.99,
            pricePerHour: 2.79,
          }),
        ],
      }),
    );
    send.mockRestore();
  });

  it("stores a planned scrape once even when the message arrives twice", async () => {
    const scheduledFor = "2031-02-03T06:00:00.000Z";
    await write(async (db) => {
      await db
        .insert(scrapeDispatches)
        .values({ providerId: await providerId(db, "datacrunch"), scheduledFor: new Date(scheduledFor) });
    });
    const jobs = () =>
      write(
        async (db) =>
          (
            await db
              .select({ n: count() })
              .from(scrapeJobs)
              .where(eq(scrapeJobs.providerId, await providerId(db, "datacrunch")))
          )[0]!.n,
      );
    const before = await jobs();
    await write((db) => scrapeProvider(db, env, { provider: "datacrunch", scheduledFor }, 1));
    await write((db) => scrapeProvider(db, env, { provider: "datacrunch", scheduledFor }, 1));
    expect(await jobs()).toBe(before + 1);
  });

  it("fails a drifted response without retrying or touching stored prices", async () => {
    const outcome = await write((db) =>
      scrapeProvider(db, { ...env, VULTR_BASE_URL: fixture("vultr", "drift") } as Env, { provider: "vultr" }, 1),
    );
    expect(outcome).toEqual({ retryInSeconds: null });
    const job = await write((db) => latestJob(db, "vultr"));
    expect(job).toMatchObject({ status: "failed", errorCode: "SCHEMA_DRIFT", instancesFound: 0 });
    expect(job.requestUrl).toContain("/v2/plans");
  });

  it("retries a rate-limited provider after its Retry-After and counts it against the breaker", async () => {
    const outcome = await write((db) =>
      scrapeProvider(
        db,
        { ...env, VAST_AI_BASE_URL: fixture("vast-ai", "http-429") } as Env,
        { provider: "vast-ai" },
        1,
      ),
    );
    expect(outcome).toEqual({ retryInSeconds: 30 });
    expect(await write((db) => latestJob(db, "vast-ai"))).toMatchObject({
      status: "rate_limited",
      errorCode: "RATE_LIMITED",
      responseStatusCode: 429,
    });
    expect((await env.PROVIDER_BREAKER.getByName("vast-ai").status()).consecutiveFailures).toBe(1);
  });

  it("caps a provider's Retry-After at the 12 hours Queues can delay a retry", async () => {
    const outcome = await write((db) =>
      scrapeProvider(
        db,
        { ...env, VAST_AI_BASE_URL: fixture("vast-ai", "http-429-retry-after-days") } as Env,
        { provider: "vast-ai" },
        1,
      ),
    );
    expect(outcome).toEqual({ retryInSeconds: 43_200 });
  });

  it("records PostgreSQL's reason for a failed store, never the SQL or data, and does not retry a data error", async () => {
    // A real database error in the store transaction: a trigger of this test's own refuses
    // DataCrunch's rows the way an overflowing numeric column would.
    await write(async (db) => {
      const id = await providerId(db, "datacrunch");
      await db.execute(
        sql.raw(`
        CREATE OR REPLACE FUNCTION cloudgpus.test_refuse_store() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'numeric field overflow' USING ERRCODE = '22003'; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER test_refuse_store BEFORE INSERT OR UPDATE ON cloudgpus.instances
          FOR EACH ROW WHEN (NEW.provider_id = '${id}') EXECUTE FUNCTION cloudgpus.test_refuse_store();`),
      );
    });
    try {
      const outcome = await write((db) => scrapeProvider(db, env, { provider: "datacrunch" }, 1));
      expect(outcome).toEqual({ retryInSeconds: null });
      const job = await write((db) => latestJob(db, "datacrunch"));
      expect(job).toMatchObject({ status: "failed", errorCode: "STORE_FAILED" });
      expect(job.errorMessage).toBe("storing the scrape failed: numeric field overflow (SQLSTATE 22003)");
    } finally {
      await write((db) =>
        db.execute(
          sql.raw(
            "DROP TRIGGER IF EXISTS test_refuse_store ON cloudgpus.instances; DROP FUNCTION IF EXISTS cloudgpus.test_refuse_store();",
          ),
        ),
      );
    }
  });

  it("gives up on a retryable failure after the last attempt", async () => {
    const outcome = await write((db) =>
      scrapeProvider(
        db,
        { ...env, VAST_AI_BASE_URL: fixture("vast-ai", "http-429") } as Env,
        { provider: "vast-ai" },
        3,
      ),
    );
    expect(outcome).toEqual({ retryInSeconds: null });
  });

  it("keeps the message of a last attempt whose database went away, so it is dead-lettered rather than lost unrecorded", async () => {
    const jobs = () =>
      write(
        async (db) =>
          (
            await db
              .select({ n: count() })
              .from(scrapeJobs)
              .where(eq(scrapeJobs.providerId, await providerId(db, "runpod")))
          )[0]!.n,
      );
    const before = await jobs();
    const realFetch = globalThis.fetch;
    const outcome = await write(async (db) => {
      const { rows } = await db.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`);
      // The provider answers, then the consumer's connection is cut: nothing can be stored or recorded.
      const cut = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
        const response = await realFetch(input, init);
        await write((other) => other.execute(sql`SELECT pg_terminate_backend(${rows[0]!.pid})`));
        return response;
      });
      try {
        return await scrapeProvider(db, env, { provider: "runpod" }, 3);
      } finally {
        cut.mockRestore();
      }
    }).catch((error: unknown) => ({ thrown: error }));
    expect(outcome).toMatchObject({ retryInSeconds: expect.any(Number) });
    expect(await jobs()).toBe(before);
  });

  it("lets the newer of two overlapping scrapes of a provider store last", async () => {
    const h100Price = () =>
      write(async (db) => {
        const [row] = await db
          .select({ price: instances.pricePerHour })
          .from(instances)
          .where(
            and(
              eq(instances.providerId, await providerId(db, "runpod")),
              eq(instances.instanceType, "secure:NVIDIA H100 80GB HBM3"),
            ),
          );
        return row?.price;
      });
    const realFetch = globalThis.fetch;
    // The scrape asked first sees the old price and answers late; the one asked next sees the cut.
    const slowOld = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      if (!String(input instanceof Request ? input.url : input).includes("repriced"))
        await new Promise((resolve) => setTimeout(resolve, 400));
      return realFetch(input, init);
    });
    const repriced = { ...env, RUNPOD_BASE_URL: fixture("runpod", "repriced") } as Env;
    let newer: { retryInSeconds: number | null };
    try {
      const older = write((db) => scrapeProvider(db, env, { provider: "runpod" }, 1));
      await new Promise((resolve) => setTimeout(resolve, 100));
      newer = await write((db) => scrapeProvider(db, repriced, { provider: "runpod" }, 1));
      await older;
    } finally {
      slowOld.mockRestore();
    }
    // Turned away while the first was in flight, the newer scrape runs again when the queue redelivers it.
    if (newer.retryInSeconds !== null) await write((db) => scrapeProvider(db, repriced, { provider: "runpod" }, 2));
    expect(await h100Price()).toBe(2.79);
  });

  it("puts off a provider another scrape holds, on its last try until that lease runs out", async () => {
    const breaker = env.PROVIDER_BREAKER.getByName("vultr");
    const held = await breaker.claimScrape(600_000);
    if (!("token" in held)) throw new Error("vultr was already held");
    try {
      const jobs = () =>
        write(
          async (db) =>
            (
              await db
                .select({ n: count() })
                .from(scrapeJobs)
                .where(eq(scrapeJobs.providerId, await providerId(db, "vultr")))
            )[0]!.n,
        );
      const before = await jobs();
      expect(await write((db) => scrapeProvider(db, env, { provider: "vultr" }, 1))).toEqual({ retryInSeconds: 30 });
      const last = await write((db) => scrapeProvider(db, env, { provider: "vultr" }, 3));
      expect(last.retryInSeconds).toBeGreaterThan(590);
      expect(await jobs()).toBe(before);
    } finally {
      await breaker.releaseScrape(held.token);
    }
  });

  it("skips a provider whose required key is missing, with a clear record and no request", async () => {
    const spy = vi.spyOn(globalThis, "fetch");
    // Mithril's API needs its key (Lambda and Hyperstack read their pricing pages without one).
    const { MITHRIL_API_KEY: _key, ...withoutKey } = env as Env & { MITHRIL_API_KEY?: string };
    await write((db) => scrapeProvider(db, withoutKey as Env, { provider: "mithril" }, 1));
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(await write((db) => latestJob(db, "mithril"))).toMatchObject({
      status: "failed",
      errorCode: "MISSING_CREDENTIALS",
    });
  });

  it("alerts when a provider fails twice in a row", async () => {
    const send = vi.spyOn(env.NOTIFY_QUEUE, "send");
    const broken = { ...env, SCALEWAY_BASE_URL: fixture("scaleway", "drift") } as Env;
    await write((db) => scrapeProvider(db, broken, { provider: "scaleway" }, 1));
    await write((db) => scrapeProvider(db, broken, { provider: "scaleway" }, 1));
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({
        kind: "scrape-failure",
        provider: "scaleway",
        severity: "warning",
        consecutiveFailures: 2,
        errorCode: "SCHEMA_DRIFT",
      }),
    );
    send.mockRestore();
  });

  it("records unreadable and unmapped offers of a real scrape", async () => {
    await write((db) => scrapeProvider(db, env, { provider: "vultr" }, 1));
    const job = await write((db) => latestJob(db, "vultr"));
    expect(job.status).toBe("completed");
    const issues = await write((db) =>
      db.select().from(scrapeOfferIssues).where(eq(scrapeOfferIssues.scrapeJobId, job.id)),
    );
    expect(issues.map((issue) => issue.kind)).toContain("skipped");
    expect(issues.find((issue) => issue.instanceType === "vcg-a100-1c-6g-4vram")?.message).toMatch(/fractional/);
  });

  it("drops a malformed message instead of retrying it", async () => {
    const batch = createMessageBatch("cloudgpus-scrape", [
      { id: "m1", timestamp: new Date(), attempts: 1, body: { provider: "DROP TABLE" } },
    ]);
    await worker.queue(batch, env);
    expect((await getQueueResult(batch, createExecutionContext())).explicitAcks).toEqual(["m1"]);
  });
});

describe("cron → planner → queue → consumer", () => {
  it("plans the providers due this hour, scrapes them through the real queue, and replays to nothing new", async () => {
    const slot = Date.UTC(2032, 0, 5, 6, 0, 0); // 06:00 UTC: of the seeded schedules only RunPod (every 6 h from 0) is due
    const scheduled = () =>
      worker.scheduled(createScheduledController({ cron: "0 * * * *", scheduledTime: slot + 17_000 }), env);
    const send = vi.spyOn(env.SCRAPE_QUEUE, "sendBatch");
    await scheduled();
    expect(send.mock.calls.flatMap(([batch]) => [...batch].map((message) => message.body))).toEqual([
      { provider: "runpod", scheduledFor: "2032-01-05T06:00:00.000Z" },
    ]);

    await vi.waitFor(
      async () => {
        const [dispatch] = await write(async (db) =>
          db
            .select()
            .from(scrapeDispatches)
            .where(
              and(
                eq(scrapeDispatches.providerId, await providerId(db, "runpod")),
                eq(scrapeDispatches.scheduledFor, new Date(slot)),
              ),
            ),
        );
        expect(dispatch?.completedAt).toBeInstanceOf(Date);
      },
      { timeout: 15_000, interval: 250 },
    );

    send.mockClear();
    await scheduled();
    expect(send).not.toHaveBeenCalled();
    send.mockRestore();
  });
});
