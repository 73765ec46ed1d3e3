import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  type MaintenanceMessageInput,
  maintenanceMessageSchema,
  type NotifyMessage,
} from "../../shared/queue-messages";
import { type Database, withDb } from "../db/client";
import { latestRuns } from "../db/queries/maintenance-runs";
import {
  alertDeliveries,
  alertSubscriptions,
  fxRates,
  instances,
  maintenanceRuns,
  priceDaily,
  priceHistory,
  scrapeJobs,
} from "../db/schema";
import worker from "../index";
import { createInstance, createProvider, gpuModelId } from "../testing/factories";
import { rolledBack } from "../testing/rolled-back";
import { type MaintenanceContext, runMaintenanceJob } from "./maintenance";

// Every file shares one database and runs its jobs at the same time, and a job counts whole
// tables. So each test runs in a REPEATABLE READ transaction that is rolled back: its counts see
// this test's rows and a fixed picture of everyone else's. Its rows are dated years before any
// other test's data, so the job changes only them (every job takes its `now` from the message).

const noFetch: typeof fetch = () => Promise.reject(new Error("no network in this test"));

function context(overrides: Partial<MaintenanceContext> = {}): MaintenanceContext & { sent: NotifyMessage[] } {
  const sent: NotifyMessage[] = [];
  return {
    fetch: noFetch,
    ecbBaseUrl: "https://ecb.test",
    notify: async (messages) => {
      sent.push(...messages);
    },
    sent,
    ...overrides,
  };
}

const job = (db: Database, message: MaintenanceMessageInput, capabilities = context()) =>
  runMaintenanceJob(db, maintenanceMessageSchema.parse(message), capabilities);

/** The runs of a job scheduled at `scheduledTime`, oldest first. */
const runsOf = (db: Database, name: string, scheduledTime: string) =>
  db
    .select()
    .from(maintenanceRuns)
    .where(and(eq(maintenanceRuns.job, name), eq(maintenanceRuns.scheduledFor, new Date(scheduledTime))))
    .orderBy(asc(maintenanceRuns.startedAt));

const completed = (affected: number, rowsBefore: number | null, rowsAfter: number | null) =>
  expect.objectContaining({
    status: "completed",
    affected,
    rowsBefore,
    rowsAfter,
    errorMessage: null,
    completedAt: expect.any(Date),
  });

const DAY_MS = 86_400_000;

describe("maintenance runs", () => {
  it("cleanup-stale-instances: active offers before and after, the stale ones deactivated", async () => {
    await rolledBack(async (db) => {
      const scheduledTime = "2015-06-10T03:00:00.000Z";
      const at = Date.parse(scheduledTime);
      const active = async () => (await db.select().from(instances).where(eq(instances.isActive, true))).length;
      const before = await active();
      const provider = await createProvider(db);
      const stale = await Promise.all(
        [25, 30, 72].map((hours) =>
          createInstance(db, provider.id, { lastScrapedAt: new Date(at - hours * 3_600_000) }),
        ),
      );
      for (const hours of [1, 23])
        await createInstance(db, provider.id, { lastScrapedAt: new Date(at - hours * 3_600_000) });

      expect(await job(db, { job: "cleanup-stale-instances", scheduledTime })).toBe(3);
      const states = await db.select().from(instances).where(eq(instances.providerId, provider.id));
      const deactivated = states.filter((row) => !row.isActive);
      expect(deactivated.map((row) => row.id).sort()).toEqual(stale.map((row) => row.id).sort());
      expect(deactivated.every((row) => row.availabilityStatus === "deprecated")).toBe(true);

      // Again: nothing left to do, and the run says so.
      expect(await job(db, { job: "cleanup-stale-instances", scheduledTime })).toBe(0);
      expect(await runsOf(db, "cleanup-stale-instances", scheduledTime)).toEqual([
        completed(3, before + 5, before + 2),
        completed(0, before + 2, before + 2),
      ]);
    });
  });

  it("purge-scrape-jobs: scrape jobs before and after, those past retention deleted", async () => {
    await rolledBack(async (db) => {
      const scheduledTime = "2016-06-01T05:00:00.000Z";
      const total = async () => (await db.select({ id: scrapeJobs.id }).from(scrapeJobs)).length;
      const before = await total();
      const provider = await createProvider(db);
      await db.insert(scrapeJobs).values(
        ["2016-04-01", "2016-04-15", "2016-05-01", "2016-05-20"].map((day) => ({
          providerId: provider.id,
          status: "completed" as const,
          startedAt: new Date(`${day}T12:00:00Z`),
        })),
      );

      const message = { job: "purge-scrape-jobs", scheduledTime, retentionDays: 30 } as const;
      expect(await job(db, message)).toBe(3);
      const left = await db.select().from(scrapeJobs).where(eq(scrapeJobs.providerId, provider.id));
      expect(left.map((row) => row.startedAt.toISOString())).toEqual(["2016-05-20T12:00:00.000Z"]);
      expect(await job(db, message)).toBe(0);
      expect(await runsOf(db, "purge-scrape-jobs", scheduledTime)).toEqual([
        completed(3, before + 4, before + 1),
        completed(0, before + 1, before + 1),
      ]);
    });
  });

  it("purge-price-history: history rows before and after, what it rolled up and deleted as affected", async () => {
    await rolledBack(async (db) => {
      // Retention 90 days: the cut-off is 2016-01-04 00:00 UTC.
      const scheduledTime = "2016-04-03T04:00:00.000Z";
      const total = async () => (await db.select({ id: priceHistory.id }).from(priceHistory)).length;
      const before = await total();
      const provider = await createProvider(db);
      const offer = await createInstance(db, provider.id, { lastScrapedAt: new Date("2016-04-03T00:00:00Z") });
      await db.delete(priceHistory).where(eq(priceHistory.instanceId, offer.id));
      await db.insert(priceHistory).values(
        ["2016-01-01", "2016-01-02", "2016-01-03", "2016-01-10"].map((day, index) => ({
          instanceId: offer.id,
          providerId: provider.id,
          gpuModelId: offer.gpuModelId,
          pricePerHour: 2 + index,
          pricePerGpuHour: 2 + index,
          availabilityStatus: "available" as const,
          gpuCount: 1,
          recordedAt: new Date(`${day}T06:00:00Z`),
        })),
      );

      // Three days rolled up (one row each), then the two rows before the last one before the cut-off deleted.
      expect(await job(db, { job: "purge-price-history", scheduledTime })).toBe(3 + 2);
      const kept = await db.select().from(priceHistory).where(eq(priceHistory.instanceId, offer.id));
      expect(kept.map((row) => row.recordedAt.toISOString().slice(0, 10)).sort()).toEqual(["2016-01-03", "2016-01-10"]);
      const rolledUp = await db.select().from(priceDaily).where(eq(priceDaily.instanceId, offer.id));
      expect(rolledUp.map((row) => row.day).sort()).toEqual(["2016-01-01", "2016-01-02", "2016-01-03"]);

      expect(await job(db, { job: "purge-price-history", scheduledTime })).toBe(0);
      expect(await runsOf(db, "purge-price-history", scheduledTime)).toEqual([
        completed(5, before + 4, before + 2),
        completed(0, before + 2, before + 2),
      ]);
    });
  });

  it("aggregate-daily: rollup rows of yesterday and today before and after", async () => {
    await rolledBack(async (db) => {
      const scheduledTime = "2017-03-10T00:30:00.000Z";
      const window = async () =>
        (await db.select().from(priceDaily).where(sql`${priceDaily.day} BETWEEN '2017-03-09' AND '2017-03-10'`)).length;
      const before = await window();
      const provider = await createProvider(db);
      const offer = await createInstance(db, provider.id);
      await db
        .update(priceHistory)
        .set({ recordedAt: new Date("2017-03-08T12:00:00Z") })
        .where(eq(priceHistory.instanceId, offer.id));

      // The 8th (a day with no rollup yet), the 9th and the first half hour of the 10th.
      expect(await job(db, { job: "aggregate-daily", scheduledTime })).toBe(3);
      const rows = await db.select().from(priceDaily).where(eq(priceDaily.instanceId, offer.id));
      expect(rows.map((row) => [row.day, row.observedSeconds]).sort()).toEqual([
        ["2017-03-08", 12 * 3_600],
        ["2017-03-09", DAY_MS / 1_000],
        ["2017-03-10", 1_800],
      ]);
      // The same hour again rewrites nothing.
      expect(await job(db, { job: "aggregate-daily", scheduledTime })).toBe(0);
      expect(await runsOf(db, "aggregate-daily", scheduledTime)).toEqual([
        completed(3, before, before + 2),
        completed(0, before + 2, before + 2),
      ]);
    });
  });

  it("refresh-fx-rates: stored rates before and after", async () => {
    await rolledBack(async (db) => {
      const scheduledTime = "2016-01-04T16:00:00.000Z";
      const total = async () => (await db.select().from(fxRates)).length;
      const before = await total();
      // The ECB's daily file (its recorded shape, workers/ingest/fixtures/ecb) for a day no other test stores.
      const ecb = context({
        fetch: async () =>
          new Response(
            `<?xml version="1.0" encoding="UTF-8"?><gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube><Cube time='2016-01-04'><Cube currency='USD' rate='1.0898'/></Cube></Cube></gesmes:Envelope>`,
            { headers: { "Content-Type": "text/xml" } },
          ),
      });
      expect(await job(db, { job: "refresh-fx-rates", scheduledTime }, ecb)).toBe(1);
      expect(await job(db, { job: "refresh-fx-rates", scheduledTime }, ecb)).toBe(1);
      expect(await db.select().from(fxRates).where(eq(fxRates.rateDate, "2016-01-04"))).toEqual([
        expect.objectContaining({ currency: "EUR", usdPerUnit: 1.0898 }),
      ]);
      expect(await runsOf(db, "refresh-fx-rates", scheduledTime)).toEqual([
        completed(1, before, before + 1),
        completed(1, before + 1, before + 1),
      ]);
    });
  });

  it("flush-alert-digests: held digests before and after, one delivery per address", async () => {
    // Held digests of an address that never had one are due at any time, other files' included:
    // the table is locked for the test, and a first run flushes those (inside this transaction).
    await rolledBack(
      async (db) => {
        const scheduledTime = "2016-02-01T00:30:00.000Z";
        await job(db, { job: "flush-alert-digests", scheduledTime: "2016-02-01T00:00:00.000Z" });
        const held = async () =>
          (await db.select().from(alertDeliveries).where(eq(alertDeliveries.status, "digest"))).length;
        const before = await held();
        const [subscription] = await db
          .insert(alertSubscriptions)
          .values({
            gpuModelId: await gpuModelId(db, "h100-sxm"),
            channel: "email",
            target: `digest+${crypto.randomUUID()}@example.com`,
            digest: true,
            backInStock: true,
            status: "active",
            tokenHash: crypto.randomUUID().replaceAll("-", "").repeat(2),
            unsubscribeToken: crypto.randomUUID(),
            clientKey: "maintenance-test",
          })
          .returning();
        await db.insert(alertDeliveries).values(
          ["price_below", "back_in_stock"].map((event) => ({
            subscriptionId: subscription!.id,
            events: [{ event }],
            status: "digest" as const,
          })),
        );

        const flush = context();
        expect(await job(db, { job: "flush-alert-digests", scheduledTime }, flush)).toBe(1);
        const [delivery] = await db
          .select()
          .from(alertDeliveries)
          .where(eq(alertDeliveries.subscriptionId, subscription!.id));
        // Held in one statement, so one moment: the delivery's order between them is not defined.
        expect(delivery?.status).toBe("queued");
        expect(delivery?.events).toEqual(
          expect.arrayContaining([{ event: "price_below" }, { event: "back_in_stock" }]),
        );
        expect(flush.sent).toEqual([{ kind: "alert-delivery", deliveryId: delivery!.id }]);
        expect(await runsOf(db, "flush-alert-digests", scheduledTime)).toEqual([completed(1, before + 2, before)]);
      },
      { lock: "cloudgpus.alert_deliveries" },
    );
  });

  it("weekly-report: no table of its own, so no counts; the report goes to the notify queue", async () => {
    await rolledBack(async (db) => {
      const scheduledTime = "2016-02-08T08:00:00.000Z";
      const report = context();
      expect(await job(db, { job: "weekly-report", scheduledTime }, report)).toBe(1);
      expect(report.sent).toEqual([expect.objectContaining({ kind: "operator-report", at: scheduledTime })]);
      expect(await runsOf(db, "weekly-report", scheduledTime)).toEqual([completed(1, null, null)]);
    });
  });

  it("records a failed run with its cause and the rows before, and still fails", async () => {
    await rolledBack(async (db) => {
      const scheduledTime = "2016-01-05T16:00:00.000Z";
      const before = (await db.select().from(fxRates)).length;
      const down = context({ fetch: async () => new Response("Service Unavailable", { status: 503 }) });
      await expect(job(db, { job: "refresh-fx-rates", scheduledTime }, down)).rejects.toThrow(/HTTP 503/);
      expect(await runsOf(db, "refresh-fx-rates", scheduledTime)).toEqual([
        expect.objectContaining({
          status: "failed",
          errorMessage: "ECB rates: HTTP 503 from https://ecb.test/stats/eurofxref/eurofxref-daily.xml",
          rowsBefore: before,
          rowsAfter: null,
          affected: null,
          completedAt: expect.any(Date),
        }),
      ]);
    });
  });

  it("answers the last run of each job", async () => {
    await rolledBack(async (db) => {
      await job(db, { job: "cleanup-stale-instances", scheduledTime: "2015-01-01T03:00:00.000Z" });
      await job(db, { job: "cleanup-stale-instances", scheduledTime: "2015-01-02T03:00:00.000Z" });
      const latest = (await latestRuns(db)).filter((run) => run.job === "cleanup-stale-instances");
      expect(latest).toEqual([
        expect.objectContaining({
          status: "completed",
          scheduledFor: new Date("2015-01-02T03:00:00.000Z"),
          affected: 0,
          startedAt: expect.any(Date),
          completedAt: expect.any(Date),
        }),
      ]);
    });
  });
});

describe("maintenance consumer", () => {
  it("records a job PostgreSQL refuses as failed, in PostgreSQL's words only, and retries the message", async () => {
    // A cut-off a million days back is a date PostgreSQL cannot take. The run row is committed
    // (the consumer works outside any transaction), so it is found by its scheduled time and removed.
    const scheduledTime = new Date(Date.UTC(2003, 0, 1) + Math.floor(Math.random() * DAY_MS) * 1_000).toISOString();
    const batch = createMessageBatch("cloudgpus-maintenance", [
      {
        id: "purge-1",
        timestamp: new Date(),
        attempts: 2,
        body: { job: "purge-scrape-jobs", scheduledTime, retentionDays: 1_000_000 },
      },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: "purge-1" }]);
    await withDb(env, "fresh", async (db) => {
      const runs = await runsOf(db, "purge-scrape-jobs", scheduledTime);
      await db.delete(maintenanceRuns).where(eq(maintenanceRuns.scheduledFor, new Date(scheduledTime)));
      expect(runs).toEqual([
        expect.objectContaining({ status: "failed", rowsBefore: expect.any(Number), rowsAfter: null, affected: null }),
      ]);
      const message = runs[0]?.errorMessage ?? "";
      expect(message).toMatch(/\(SQLSTATE 22\w{3}\)$/);
      expect(message).not.toMatch(/delete|select|scrape_jobs|params/i);
    });
  });
});
