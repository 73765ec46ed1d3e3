import { desc, eq, max } from "drizzle-orm";
import type { Database } from "../database";
import { scrapeJobs } from "../schema";

/** When each provider last completed a scrape (providers that never did are absent). */
export async function lastSuccessByProvider(db: Database): Promise<Map<string, Date>> {
  const rows = await db
    .select({ providerId: scrapeJobs.providerId, at: max(scrapeJobs.completedAt) })
    .from(scrapeJobs)
    .where(eq(scrapeJobs.status, "completed"))
    .groupBy(scrapeJobs.providerId);
  return new Map(rows.flatMap((row) => (row.at ? [[row.providerId, row.at] as const] : [])));
}

export function recentScrapes(db: Database, providerId: string, limit = 10) {
  return db
    .select({
      startedAt: scrapeJobs.startedAt,
      completedAt: scrapeJobs.completedAt,
      status: scrapeJobs.status,
      found: scrapeJobs.instancesFound,
      errorCode: scrapeJobs.errorCode,
    })
    .from(scrapeJobs)
    .where(eq(scrapeJobs.providerId, providerId))
    .orderBy(desc(scrapeJobs.startedAt))
    .limit(limit);
}
