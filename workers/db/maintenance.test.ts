import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createInstance, createProvider } from "../testing/factories";
import { rolledBack } from "../testing/rolled-back";
import { cleanupStaleInstances, purgeScrapeJobs, rollupRows } from "./maintenance";
import { instances, priceDaily, scrapeJobs, scrapeOfferIssues } from "./schema";

// Rolled back, on dates years before any other test's data: the statements act on whole tables,
// and other files run them at the same time.

const HOUR_MS = 3_600_000;
const NOW = new Date("2014-09-01T03:00:00Z");
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * HOUR_MS);

describe("cleanupStaleInstances", () => {
  it("deactivates every offer unseen for more than 24 hours, batch after batch, and nothing else", async () => {
    await rolledBack(async (db) => {
      const provider = await createProvider(db);
      const stale = [];
      for (const hours of [24.01, 25, 26, 48, 300])
        stale.push(await createInstance(db, provider.id, { lastScrapedAt: hoursAgo(hours) }));
      const fresh = await createInstance(db, provider.id, { lastScrapedAt: hoursAgo(24) });
      const gone = await createInstance(db, provider.id, {
        lastScrapedAt: hoursAgo(100),
        isActive: false,
        availabilityStatus: "sold_out",
      });

      // Batches of two: five stale offers take three statements.
      expect(await cleanupStaleInstances(db, NOW, 2)).toBe(5);
      const rows = await db.select().from(instances).where(eq(instances.providerId, provider.id));
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const offer of stale)
        expect(byId.get(offer.id)).toMatchObject({ isActive: false, availabilityStatus: "deprecated" });
      expect(byId.get(fresh.id)).toMatchObject({ isActive: true, availabilityStatus: "available" });
      // An offer already inactive keeps what it said.
      expect(byId.get(gone.id)).toMatchObject({ isActive: false, availabilityStatus: "sold_out" });
      expect(await cleanupStaleInstances(db, NOW, 2)).toBe(0);
    });
  });
});

describe("purgeScrapeJobs", () => {
  it("deletes the jobs before the cut-off with their offer issues, batch after batch", async () => {
    await rolledBack(async (db) => {
      const provider = await createProvider(db);
      const jobs = await db
        .insert(scrapeJobs)
        .values(
          [200, 100, 50, 30, 25, 1].map((hours) => ({
            providerId: provider.id,
            status: "completed" as const,
            startedAt: hoursAgo(hours),
          })),
        )
        .returning();
      await db.insert(scrapeOfferIssues).values(
        jobs.map((job) => ({
          scrapeJobId: job.id,
          providerId: provider.id,
          kind: "skipped" as const,
          code: "NO_PRICE",
          message: "no price listed",
        })),
      );

      expect(await purgeScrapeJobs(db, hoursAgo(24), 2)).toBe(5);
      const left = await db.select().from(scrapeJobs).where(eq(scrapeJobs.providerId, provider.id));
      expect(left.map((job) => job.startedAt)).toEqual([hoursAgo(1)]);
      const issues = await db
        .select({ job: scrapeOfferIssues.scrapeJobId })
        .from(scrapeOfferIssues)
        .where(
          inArray(
            scrapeOfferIssues.scrapeJobId,
            jobs.map((job) => job.id),
          ),
        );
      expect(issues).toEqual([{ job: left[0]?.id }]);
    });
  });
});

describe("rollupRows", () => {
  it("counts the rollup rows of the days asked for, both ends included", async () => {
    await rolledBack(async (db) => {
      const provider = await createProvider(db);
      const offer = await createInstance(db, provider.id);
      const row = {
        instanceId: offer.id,
        providerId: provider.id,
        gpuModelId: offer.gpuModelId,
        minPricePerGpuHour: 2,
        avgPricePerGpuHour: 2,
        maxPricePerGpuHour: 2,
        observedSeconds: 86_400,
        inStockSeconds: 86_400,
        samples: 1,
      };
      const before = await rollupRows(db, "2014-08-30", "2014-08-31");
      await db
        .insert(priceDaily)
        .values(["2014-08-29", "2014-08-30", "2014-08-31", "2014-09-01"].map((day) => ({ ...row, day })));
      expect(await rollupRows(db, "2014-08-30", "2014-08-31")).toBe(before + 2);
    });
  });
});
