import { lt, sql } from "drizzle-orm";
import { addDays, utcDay } from "../../shared/history";
import type { Database } from "./database";
import { daysWithoutRollup, EARLIEST_DAY, rollUpDays } from "./rollup";
import { scrapeJobs } from "./schema";

/** `cleanup_stale_instances()` (docs/database.md §4): offers not scraped for 24 h become inactive. */
export async function cleanupStaleInstances(db: Database): Promise<number> {
  const result = await db.execute<{ affected: number }>(sql`SELECT cloudgpus.cleanup_stale_instances() AS affected`);
  return Number(result.rows[0]?.affected ?? 0);
}

const PURGE_BATCH = 5_000;

/**
 * Deletes raw history before `cutOff` (the start of a UTC day) once the rollup has it
 * (docs/design.md §10): first every day before the cut-off that has no rollup row is rolled up,
 * since it cannot be afterwards. Each offer keeps its last row before the cut-off, the state that
 * carries into the first day still held raw; everything older goes, in batches of 5 000 rows so
 * that no statement holds its locks for long. Returns rows rolled up and deleted.
 */
export async function purgePriceHistory(db: Database, cutOff: Date, now: Date): Promise<number> {
  const lastDay = addDays(utcDay(cutOff), -1);
  let changed = await rollUpDays(db, await daysWithoutRollup(db, EARLIEST_DAY, lastDay), now);
  for (;;) {
    const result = await db.execute(sql`
      DELETE FROM cloudgpus.price_history WHERE id IN (
        SELECT h.id FROM cloudgpus.price_history h
        WHERE h.recorded_at < ${cutOff.toISOString()}::timestamptz
          AND EXISTS (
            SELECT 1 FROM cloudgpus.price_history later
            WHERE later.instance_id = h.instance_id AND later.recorded_at <= ${cutOff.toISOString()}::timestamptz
              AND (later.recorded_at, later.id) > (h.recorded_at, h.id))
        LIMIT ${PURGE_BATCH})`);
    changed += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < PURGE_BATCH) return changed;
  }
}

export async function purgeScrapeJobs(db: Database, olderThan: Date): Promise<number> {
  const result = await db.delete(scrapeJobs).where(lt(scrapeJobs.startedAt, olderThan));
  return result.rowCount ?? 0;
}
