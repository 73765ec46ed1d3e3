import { and, between, eq, inArray, lt, sql } from "drizzle-orm";
import { addDays, utcDay } from "../../shared/history";
import type { Database } from "./database";
import { daysWithoutRollup, EARLIEST_DAY, rollUpDays } from "./rollup";
import { alertDeliveries, fxRates, instances, priceDaily, priceHistory, scrapeJobs } from "./schema";

// The maintenance jobs' statements (docs/design.md §10). Each writes in batches, one short
// statement at a time outside any transaction, so no job holds its row locks for longer than one
// batch takes and a scrape storing the same rows waits for a batch at most, never for the job.

const STALE_AFTER_MS = 24 * 3_600_000;
const STALE_BATCH = 1_000;

/**
 * Offers not scraped for 24 h before `now` become inactive and `deprecated` (docs/database.md §4):
 * what `cleanup_stale_instances()` does in one UPDATE, here 1 000 offers a statement (each row
 * also writes its price_history row and touches its provider through the triggers). The outer
 * condition repeats the inner one because PostgreSQL re-checks only the outer one against a row
 * that a scrape changed meanwhile: an offer scraped again since it was picked stays active.
 * Offers a scrape holds locked are skipped; they are being scraped. Returns offers deactivated.
 */
export async function cleanupStaleInstances(db: Database, now: Date, batchSize = STALE_BATCH): Promise<number> {
  const stale = and(
    eq(instances.isActive, true),
    lt(instances.lastScrapedAt, new Date(now.getTime() - STALE_AFTER_MS)),
  );
  let deactivated = 0;
  for (;;) {
    const picked = db
      .select({ id: instances.id })
      .from(instances)
      .where(stale)
      .limit(batchSize)
      .for("update", { skipLocked: true });
    const result = await db
      .update(instances)
      .set({ isActive: false, availabilityStatus: "deprecated" })
      .where(and(inArray(instances.id, picked), stale));
    deactivated += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < batchSize) return deactivated;
  }
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

const SCRAPE_JOB_BATCH = 500;

/**
 * Deletes scrape jobs started before `olderThan`, 500 a statement: each takes its offer issues with
 * it (ON DELETE CASCADE), which can be hundreds a job. Returns jobs deleted.
 */
export async function purgeScrapeJobs(db: Database, olderThan: Date, batchSize = SCRAPE_JOB_BATCH): Promise<number> {
  let deleted = 0;
  for (;;) {
    const picked = db
      .select({ id: scrapeJobs.id })
      .from(scrapeJobs)
      .where(lt(scrapeJobs.startedAt, olderThan))
      .limit(batchSize);
    const result = await db.delete(scrapeJobs).where(inArray(scrapeJobs.id, picked));
    deleted += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < batchSize) return deleted;
  }
}

// What each job looks after, counted before and after it runs (maintenance_runs.rows_before and
// rows_after). Exact counts: the tables are small, or an index answers; price_history is the one
// large table, and it is counted by the weekly purge only.

export const activeInstances = (db: Database) => db.$count(instances, eq(instances.isActive, true));

/** The whole table: read once a week by the purge, and a count takes no lock a writer waits for. */
export const priceHistoryRows = (db: Database) => db.$count(priceHistory);

export const scrapeJobRows = (db: Database) => db.$count(scrapeJobs);

export const fxRateRows = (db: Database) => db.$count(fxRates);

/** Digest alerts held for their address's next mail. */
export const heldDigests = (db: Database) => db.$count(alertDeliveries, eq(alertDeliveries.status, "digest"));

/** Rollup rows of the days `from` to `to` (idx_price_daily_day answers it). */
export const rollupRows = (db: Database, from: string, to: string) =>
  db.$count(priceDaily, between(priceDaily.day, from, to));
