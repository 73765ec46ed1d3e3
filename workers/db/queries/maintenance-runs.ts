import { desc, eq, sql } from "drizzle-orm";
import type { Database } from "../database";
import { maintenanceRuns } from "../schema";

// The record of each maintenance job's runs (docs/design.md §10). A run is written when it starts,
// so one that never ends (the isolate died mid-job) stays visible as `running`. Times come from
// clock_timestamp(): now() would give every run of one transaction the same start.

export interface RunCounts {
  affected: number;
  /** The rows the job looks after, before and after it ran; null for a job with no table of its own. */
  rowsBefore: number | null;
  rowsAfter: number | null;
}

export async function startRun(db: Database, job: string, scheduledFor: Date): Promise<string> {
  const [run] = await db
    .insert(maintenanceRuns)
    .values({ job, scheduledFor, startedAt: sql`clock_timestamp()`, status: "running" })
    .returning({ id: maintenanceRuns.id });
  if (!run) throw new Error("maintenance_runs: the insert returned no row");
  return run.id;
}

export async function completeRun(db: Database, id: string, counts: RunCounts): Promise<void> {
  await db
    .update(maintenanceRuns)
    .set({ status: "completed", completedAt: sql`clock_timestamp()`, ...counts })
    .where(eq(maintenanceRuns.id, id));
}

/** `errorMessage` in PostgreSQL's words (workers/db/errors.ts), never the SQL or its parameters. */
export async function failRun(
  db: Database,
  id: string,
  { errorMessage, rowsBefore }: { errorMessage: string; rowsBefore: number | null },
): Promise<void> {
  await db
    .update(maintenanceRuns)
    .set({ status: "failed", completedAt: sql`clock_timestamp()`, errorMessage, rowsBefore })
    .where(eq(maintenanceRuns.id, id));
}

/** The last run of every job that has run, by job name (the index on (job, started_at) answers it). */
export function latestRuns(db: Database) {
  return db
    .selectDistinctOn([maintenanceRuns.job], {
      job: maintenanceRuns.job,
      status: maintenanceRuns.status,
      scheduledFor: maintenanceRuns.scheduledFor,
      startedAt: maintenanceRuns.startedAt,
      completedAt: maintenanceRuns.completedAt,
      rowsBefore: maintenanceRuns.rowsBefore,
      rowsAfter: maintenanceRuns.rowsAfter,
      affected: maintenanceRuns.affected,
      errorMessage: maintenanceRuns.errorMessage,
    })
    .from(maintenanceRuns)
    .orderBy(maintenanceRuns.job, desc(maintenanceRuns.startedAt));
}
