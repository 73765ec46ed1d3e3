import { describe, expect, it } from "vitest";
import { createProvider } from "../../testing/factories";
import { rolledBack } from "../../testing/rolled-back";
import { scrapeJobs, scrapeSchedules } from "../schema";
import { scheduledFreshness } from "./freshness";
import { lastSuccessByProvider } from "./scrape-jobs";

const at = (hoursAgo: number) => new Date(Math.floor(Date.now() / 1000) * 1000 - hoursAgo * 3_600_000);

describe("each provider's last successful scrape", () => {
  it("is its latest completed job, whatever failed after it", async () => {
    await rolledBack(async (db) => {
      const provider = await createProvider(db);
      const never = await createProvider(db);
      await db.insert(scrapeSchedules).values({ providerId: provider.id, priority: "P1", intervalHours: 6 });
      await db.insert(scrapeJobs).values([
        { providerId: provider.id, status: "completed", startedAt: at(5), completedAt: at(5) },
        { providerId: provider.id, status: "completed", startedAt: at(3), completedAt: at(3) },
        { providerId: provider.id, status: "failed", startedAt: at(1), completedAt: at(1) },
        { providerId: never.id, status: "failed", startedAt: at(1) },
      ]);

      const lastSuccess = await lastSuccessByProvider(db);
      expect(lastSuccess.get(provider.id)).toEqual(at(3));
      expect(lastSuccess.has(never.id)).toBe(false);
      const scheduled = (await scheduledFreshness(db)).find((row) => row.slug === provider.slug);
      expect(scheduled?.lastSuccessAt).toEqual(at(3));
    });
  });
});
