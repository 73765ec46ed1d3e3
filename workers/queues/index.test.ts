import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, inject, it, vi } from "vitest";
import type { MaintenanceMessageInput } from "../../shared/queue-messages";
import { withDb } from "../db/client";
import { fxRates, instances, priceDaily, priceHistory } from "../db/schema";
import worker from "../index";
import { createInstance, createProvider } from "../testing/factories";

const DAY_MS = 86_400_000;
const write = <T>(work: Parameters<typeof withDb<T>>[2]) => withDb(env, "fresh", work);

async function deliver(queue: string, bodies: unknown[], bindings: Env = env) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, index) => ({ id: `msg-${index}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, bindings);
  return getQueueResult(batch, ctx);
}

describe("maintenance queue", () => {
  it("round-trips a message through the real local queue and deactivates stale offers", async () => {
    const { staleId, freshId } = await write(async (db) => {
      const provider = await createProvider(db);
      const stale = await createInstance(db, provider.id, { lastScrapedAt: new Date(Date.now() - 2 * DAY_MS) });
      const fresh = await createInstance(db, provider.id);
      return { staleId: stale.id, freshId: fresh.id };
    });
    await env.MAINTENANCE_QUEUE.send({
      job: "cleanup-stale-instances",
      scheduledTime: new Date().toISOString(),
    } satisfies MaintenanceMessageInput);
    await vi.waitFor(
      async () => {
        const [stale] = await write((db) => db.select().from(instances).where(eq(instances.id, staleId)));
        expect(stale?.isActive).toBe(false);
      },
      { timeout: 15_000, interval: 250 },
    );
    const [fresh] = await write((db) => db.select().from(instances).where(eq(instances.id, freshId)));
    expect(fresh?.isActive).toBe(true);
  });

  it("purges price history older than the retention window once it is rolled up, keeping the state that carries across", async () => {
    const scheduledTime = new Date();
    const { instanceId, oldestId, carriedId, recentId } = await write(async (db) => {
      const provider = await createProvider(db);
      const instance = await createInstance(db, provider.id);
      const snapshot = {
        instanceId: instance.id,
        providerId: provider.id,
        gpuModelId: instance.gpuModelId,
        pricePerHour: 2,
        pricePerGpuHour: 2,
        availabilityStatus: "available" as const,
        gpuCount: 1,
      };
      const [oldest, carried, recent] = await db
        .insert(priceHistory)
        .values(
          [120, 91, 89].map((daysAgo) => ({
            ...snapshot,
            recordedAt: new Date(scheduledTime.getTime() - daysAgo * DAY_MS),
          })),
        )
        .returning();
      return { instanceId: instance.id, oldestId: oldest!.id, carriedId: carried!.id, recentId: recent!.id };
    });
    const result = await deliver("cloudgpus-maintenance", [
      { job: "purge-price-history", scheduledTime: scheduledTime.toISOString() },
    ]);
    expect(result.explicitAcks).toEqual(["msg-0"]);
    const left = await write((db) => db.select({ id: priceHistory.id }).from(priceHistory));
    const ids = left.map((row) => row.id);
    expect(ids).not.toContain(oldestId);
    // The last row before the cut-off stays: it is the price in effect when the raw window opens.
    expect(ids).toEqual(expect.arrayContaining([carriedId, recentId]));
    const rolledUp = await write((db) =>
      db
        .select({ avg: priceDaily.avgPricePerGpuHour })
        .from(priceDaily)
        .where(
          and(
            eq(priceDaily.instanceId, instanceId),
            eq(priceDaily.day, new Date(scheduledTime.getTime() - 100 * DAY_MS).toISOString().slice(0, 10)),
          ),
        ),
    );
    expect(rolledUp).toEqual([{ avg: 2 }]);
  });

  it("drops a malformed message instead of retrying it forever", async () => {
    const result = await deliver("cloudgpus-maintenance", [{ job: "drop-database" }, "not even an object"]);
    expect(result.explicitAcks).toEqual(["msg-0", "msg-1"]);
    expect(result.retryMessages).toEqual([]);
  });

  it("retries the batch later when the database is unreachable", async () => {
    const dead = { connectionString: "postgresql://postgres:postgres@127.0.0.1:1/cloudgpus" } as Hyperdrive;
    const result = await deliver(
      "cloudgpus-maintenance-staging",
      [{ job: "cleanup-stale-instances", scheduledTime: new Date().toISOString() }],
      { ...env, HYPERDRIVE: dead, HYPERDRIVE_UNCACHED: dead },
    );
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryBatch).toMatchObject({ retry: true });
  });

  // A database that takes the login and then never answers (workers/testing/stalling-database.ts):
  // queue consumers have no request deadline, so each statement's own bound is what ends the wait.
  it.each([
    [
      "maintenance",
      "cloudgpus-maintenance",
      { job: "cleanup-stale-instances", scheduledTime: new Date().toISOString() },
    ],
    ["scrape", "cloudgpus-scrape", { provider: "runpod" }],
  ])(
    "gives a %s batch back to the queue when the database hangs, instead of holding it",
    async (_, queue, body) => {
      const hung = { connectionString: inject("stallingDatabases").atQuery } as Hyperdrive;
      const started = Date.now();
      const result = await deliver(queue, [body], {
        ...env,
        HYPERDRIVE: hung,
        HYPERDRIVE_UNCACHED: hung,
        DATABASE_STATEMENT_WAIT_MS: "300",
      } as Env);
      expect(result.explicitAcks).toEqual([]);
      expect(result.retryBatch.retry || result.retryMessages.length === 1).toBe(true);
      // The statement's 300 ms, the close's 2 s, and room for a busy machine.
      expect(Date.now() - started).toBeLessThan(6_000);
    },
    20_000,
  );
});

describe("queue routing", () => {
  it("acknowledges dead letters after logging them", async () => {
    const result = await deliver("cloudgpus-scrape-dlq", [{ provider: "runpod" }]);
    expect(result.explicitAcks).toEqual(["msg-0"]);
  });

  it("hands notify messages to the notify consumer", async () => {
    const result = await deliver("cloudgpus-notify-production", [
      { kind: "price-changes", provider: "runpod", scrapeJobId: "job-1", changes: [], at: new Date().toISOString() },
    ]);
    expect(result.explicitAcks).toEqual(["msg-0"]);
  });

  it("does not acknowledge messages from a queue it does not know", async () => {
    const result = await deliver("someone-elses-queue", [{}]);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryBatch).toMatchObject({ retry: true });
  });
});

describe("maintenance: exchange rates", () => {
  it("stores today's ECB reference rate, fetched from the recorded source", async () => {
    const result = await deliver("cloudgpus-maintenance", [
      { job: "refresh-fx-rates", scheduledTime: new Date().toISOString() },
    ]);
    expect(result.explicitAcks).toEqual(["msg-0"]);
    const rates = await write((db) => db.select().from(fxRates));
    expect(rates).toContainEqual(
      expect.objectContaining({
        currency: "EUR",
        rateDate: "2026-11-20",
        usdPerUnit: 1.0825,
        source: "ECB euro reference rate",
      }),
    );
  });
});
