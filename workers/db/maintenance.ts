import { lt, sql } from "drizzle-orm";
import type { Database } from "./database";
import { priceHistory, scrapeJobs } from "./schema";

/** `cleanup_stale_instances()` (docs/database.md §4): offers not scraped for 24 h become inactive. */
export async function cleanupStaleInstances(db: Database): Promise<number> {
  const result = await db.execute<{ affected: number }>(sql`SELECT cloudgpus.cleanup_stale_instances() AS affected`);
  return Number(result.rows[0]?.affected ?? 0);
}

export async function purgePriceHistory(db: Database, olderThan: Date): Promise<number> {
  const result = await db.delete(priceHistory).where(lt(priceHistory.recordedAt, olderThan));
  return result.rowCount ?? 0;
}

export async function purgeScrapeJobs(db: Database, olderThan: Date): Promise<number> {
  const result = await db.delete(scrapeJobs).where(lt(scrapeJobs.startedAt, olderThan));
  return result.rowCount ?? 0;
}
