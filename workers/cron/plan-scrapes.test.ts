import { env } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Database, withDb } from "../db/client";
import { providers, scrapeDispatches, scrapeJobs, scrapeSchedules } from "../db/schema";
import { createProvider } from "../testing/factories";
import { planScrapes } from "./plan-scrapes";

// Sends are intercepted (nothing reaches the real queues, so no scrape runs from here); the
// schedules, dispatches and breakers are the real ones. Each test plans a different day.

const write = <T>(work: (db: Database) => Promise<T>) => withDb(env, "fresh", work);
const sent = (spy: { mock: { calls: [Iterable<MessageSendRequest>, ...unknown[]][] } }) =>
  spy.mock.calls.flatMap(([batch]) => [...batch].map((message) => message.body));

function intercept() {
  return {
    scrape: vi.spyOn(env.SCRAPE_QUEUE, "sendBatch").mockResolvedValue(undefined as never),
    browser: vi.spyOn(env.BROWSER_SCRAPE_QUEUE, "sendBatch").mockResolvedValue(undefined as never),
    notify: vi.spyOn(env.NOTIFY_QUEUE, "sendBatch").mockResolvedValue(undefined as never),
  };
}

afterEach(() => vi.restoreAllMocks());

describe("planScrapes", () => {
  it("enqueues exactly the providers whose stored schedule is due this hour", async () => {
    const queues = intercept();
    // 04:00 UTC: Lambda (every 4 h from 0) and DataCrunch (every 6 h from 4) are due.
    const result = await planScrapes(env, Date.UTC(2033, 2, 1, 4, 0, 30));
    expect(result.enqueued.sort()).toEqual(["datacrunch", "lambda-labs"]);
    expect(sent(queues.scrape)).toEqual(
      expect.arrayContaining([
        { provider: "lambda-labs", scheduledFor: "2033-03-01T04:00:00.000Z" },
        { provider: "datacrunch", scheduledFor: "2033-03-01T04:00:00.000Z" },
      ]),
    );
  });

  it("enqueues nothing new when the same cron firing is replayed", async () => {
    const queues = intercept();
    const slot = Date.UTC(2033, 2, 2, 0, 0, 0);
    const first = await planScrapes(env, slot);
    expect(first.enqueued.sort()).toEqual(["lambda-labs", "runpod", "vast-ai"]);
    queues.scrape.mockClear();
    const replay = await planScrapes(env, slot + 45_000);
    expect(replay.enqueued).toEqual([]);
    expect(replay.alreadyPlanned.sort()).toEqual(["lambda-labs", "runpod", "vast-ai"]);
    expect(queues.scrape).not.toHaveBeenCalled();
  });

  it("skips a provider whose breaker is open and raises a staleness alert", async () => {
    const queues = intercept();
    const breaker = env.PROVIDER_BREAKER.getByName("vultr");
    for (let i = 0; i < 5; i++) await breaker.recordFailure("HTTP 503");
    // 07:00 UTC: Vultr (every 6 h from 1) is due, RunPod is not.
    const result = await planScrapes(env, Date.UTC(2033, 2, 3, 7, 0, 0));
    expect(result.skippedOpenBreaker).toEqual(["vultr"]);
    expect(result.enqueued).not.toContain("vultr");
    expect(sent(queues.notify)).toContainEqual(
      expect.objectContaining({ kind: "stale-provider", provider: "vultr", severity: "critical" }),
    );
    await breaker.reset();
  });

  it("routes browser providers to the browser-scrape queue", async () => {
    const queues = intercept();
    const provider = await write((db) => createProvider(db));
    await write((db) =>
      db.insert(scrapeSchedules).values({
        providerId: provider.id,
        priority: "P2",
        intervalHours: 24,
        offsetHours: 13,
        queue: "browser-scrape",
      }),
    );
    try {
      const result = await planScrapes(env, Date.UTC(2033, 2, 4, 13, 0, 0));
      expect(result.enqueued).toContain(provider.slug);
      expect(sent(queues.browser)).toEqual([{ provider: provider.slug, scheduledFor: "2033-03-04T13:00:00.000Z" }]);
      expect(sent(queues.scrape)).not.toContainEqual(expect.objectContaining({ provider: provider.slug }));
    } finally {
      await write((db) => db.delete(providers).where(eq(providers.id, provider.id)));
    }
  });

  it("leaves disabled schedules and inactive providers alone", async () => {
    intercept();
    const provider = await write((db) => createProvider(db, { isActive: false }));
    await write((db) =>
      db
        .insert(scrapeSchedules)
        .values({ providerId: provider.id, priority: "P1", intervalHours: 24, offsetHours: 14 }),
    );
    try {
      const result = await planScrapes(env, Date.UTC(2033, 2, 5, 14, 0, 0));
      expect(result.enqueued).not.toContain(provider.slug);
    } finally {
      await write((db) => db.delete(providers).where(eq(providers.id, provider.id)));
    }
  });

  it("keeps each provider's status in step with its scrape health, leaving an operator's alone", async () => {
    intercept();
    const slot = Date.UTC(2033, 2, 7, 9, 0, 0);
    const hours = (h: number) => new Date(slot - h * 3_600_000);
    const [failing, recovered, held] = await write(async (db) => {
      const made = await Promise.all([
        createProvider(db),
        createProvider(db, { status: "degraded", statusReason: "3 price checks in a row failed" }),
        createProvider(db, {
          status: "degraded",
          statusReason: "the provider reports an outage",
          statusSetBy: "ops@example.com",
        }),
      ]);
      for (const provider of made)
        await db
          .insert(scrapeSchedules)
          .values({ providerId: provider.id, priority: "P1", intervalHours: 24, offsetHours: 23 });
      const job = (providerId: string, at: Date, status: "completed" | "failed") =>
        db.insert(scrapeJobs).values({
          providerId,
          status,
          startedAt: at,
          completedAt: at,
          errorCode: status === "failed" ? "SCHEMA_DRIFT" : null,
        });
      // Succeeded 3 h ago, then failed three times.
      await job(made[0]!.id, hours(3), "completed");
      for (const h of [2, 1.5, 1]) await job(made[0]!.id, hours(h), "failed");
      // Was degraded, succeeded an hour ago.
      await job(made[1]!.id, hours(1), "completed");
      // An operator's status, however healthy the scrapes are.
      await job(made[2]!.id, hours(1), "completed");
      return made;
    });
    try {
      const result = await planScrapes(env, slot);
      expect(result.statusChanges).toEqual(
        expect.arrayContaining([
          {
            slug: failing!.slug,
            from: "active",
            to: "degraded",
            reason: "3 price checks in a row failed (last: SCHEMA_DRIFT)",
          },
          { slug: recovered!.slug, from: "degraded", to: "active", reason: null },
        ]),
      );
      expect(result.statusChanges.map((change) => change.slug)).not.toContain(held!.slug);
      const rows = await write((db) =>
        db
          .select({ slug: providers.slug, status: providers.status, reason: providers.statusReason })
          .from(providers)
          .where(inArray(providers.id, [failing!.id, recovered!.id, held!.id])),
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          { slug: failing!.slug, status: "degraded", reason: "3 price checks in a row failed (last: SCHEMA_DRIFT)" },
          { slug: recovered!.slug, status: "active", reason: null },
          { slug: held!.slug, status: "degraded", reason: "the provider reports an outage" },
        ]),
      );
      // The same hour again changes nothing.
      expect((await planScrapes(env, slot)).statusChanges.map((change) => change.slug)).not.toContain(failing!.slug);
    } finally {
      await write((db) => db.delete(providers).where(inArray(providers.id, [failing!.id, recovered!.id, held!.id])));
    }
  });

  it("does not plan a provider an operator disabled", async () => {
    intercept();
    const provider = await write((db) =>
      createProvider(db, { status: "disabled", statusReason: "terms forbid scraping", statusSetBy: "ops@example.com" }),
    );
    await write((db) =>
      db
        .insert(scrapeSchedules)
        .values({ providerId: provider.id, priority: "P1", intervalHours: 24, offsetHours: 15 }),
    );
    try {
      const result = await planScrapes(env, Date.UTC(2033, 2, 8, 15, 0, 0));
      expect(result.enqueued).not.toContain(provider.slug);
      expect(result.statusChanges.map((change) => change.slug)).not.toContain(provider.slug);
    } finally {
      await write((db) => db.delete(providers).where(eq(providers.id, provider.id)));
    }
  });

  it("forgets its plan when the queue refuses the messages, so a retry sends them", async () => {
    const queues = intercept();
    queues.scrape.mockRejectedValueOnce(new Error("queue unavailable"));
    const slot = Date.UTC(2033, 2, 6, 8, 0, 0); // Lambda and Vast are due at 08:00
    await expect(planScrapes(env, slot)).rejects.toThrow("queue unavailable");
    const left = await write((db) =>
      db
        .select()
        .from(scrapeDispatches)
        .where(eq(scrapeDispatches.scheduledFor, new Date(slot))),
    );
    expect(left).toEqual([]);
    const retried = await planScrapes(env, slot);
    expect(retried.enqueued.sort()).toEqual(["lambda-labs", "vast-ai"]);
    const planned = await write((db) =>
      db
        .select()
        .from(scrapeDispatches)
        .innerJoin(providers, eq(providers.id, scrapeDispatches.providerId))
        .where(and(eq(scrapeDispatches.scheduledFor, new Date(slot)))),
    );
    expect(planned).toHaveLength(2);
  });
});
