import { backoffSeconds } from "../../shared/backoff";
import { addDays, utcDay } from "../../shared/history";
import { type MaintenanceMessage, maintenanceMessageSchema, type NotifyMessage } from "../../shared/queue-messages";
import { DIGEST_INTERVAL_MS } from "../alerts/match";
import { weeklyReport } from "../alerts/weekly-report";
import { type Database, withDb } from "../db/client";
import { databaseCause } from "../db/errors";
import { saveFxRate } from "../db/fx";
import {
  activeInstances,
  cleanupStaleInstances,
  fxRateRows,
  heldDigests,
  priceHistoryRows,
  purgePriceHistory,
  purgeScrapeJobs,
  rollupRows,
  scrapeJobRows,
} from "../db/maintenance";
import { flushDigests } from "../db/queries/alerts";
import { completeRun, failRun, startRun } from "../db/queries/maintenance-runs";
import { aggregateDaily } from "../db/rollup";
import { ECB_BASE_URL, fetchEcbRate } from "../ingest/fx-rates";
import { log } from "../log";

const DAY_MS = 86_400_000;
const startOfUtcDay = (at: number) => new Date(at - (at % DAY_MS));

export interface MaintenanceContext {
  fetch: typeof globalThis.fetch;
  ecbBaseUrl: string;
  /** Puts messages on the notify queue (alert deliveries, the weekly report). */
  notify(messages: NotifyMessage[]): Promise<void>;
}

interface Job {
  /** Counts the rows the job looks after, for its run's before and after; null when it has none. */
  rows: ((db: Database) => Promise<number>) | null;
  /** Does the work; answers how many rows it changed. */
  run(db: Database): Promise<number>;
}

/**
 * What a message asks for. Every job takes its `now` from the message's scheduled time, so a retry
 * or a replay acts as the job would have at its hour: a late stale cleanup deactivates no offer
 * that was still fresh then.
 */
function jobOf(message: MaintenanceMessage, context: MaintenanceContext): Job {
  const scheduledAt = new Date(message.scheduledTime);
  switch (message.job) {
    case "cleanup-stale-instances":
      return { rows: activeInstances, run: (db) => cleanupStaleInstances(db, scheduledAt) };
    case "purge-price-history":
      return {
        rows: priceHistoryRows,
        // Whole UTC days: the rollup's unit, so a day is either all raw or all rolled up.
        run: (db) =>
          purgePriceHistory(db, startOfUtcDay(scheduledAt.getTime() - message.retentionDays * DAY_MS), scheduledAt),
      };
    case "aggregate-daily": {
      const today = utcDay(scheduledAt);
      // The days it recomputes every hour; earlier days it finds missing are rare and not counted.
      return { rows: (db) => rollupRows(db, addDays(today, -1), today), run: (db) => aggregateDaily(db, scheduledAt) };
    }
    case "purge-scrape-jobs":
      return {
        rows: scrapeJobRows,
        run: (db) => purgeScrapeJobs(db, new Date(scheduledAt.getTime() - message.retentionDays * DAY_MS)),
      };
    case "refresh-fx-rates":
      return {
        rows: fxRateRows,
        run: async (db) => {
          await saveFxRate(db, await fetchEcbRate(context.fetch, context.ecbBaseUrl));
          return 1;
        },
      };
    case "flush-alert-digests":
      return {
        rows: heldDigests,
        run: async (db) => {
          const deliveries = await flushDigests(db, scheduledAt, DIGEST_INTERVAL_MS);
          await context.notify(deliveries.map(({ deliveryId }) => ({ kind: "alert-delivery", deliveryId })));
          return deliveries.length;
        },
      };
    case "weekly-report":
      return {
        rows: null,
        run: async (db) => {
          const report = await weeklyReport(db, scheduledAt);
          await context.notify([{ kind: "operator-report", ...report, at: message.scheduledTime }]);
          return 1;
        },
      };
  }
}

/**
 * Runs one maintenance job and records the run (maintenance_runs): started, then completed with
 * what it changed and its rows before and after, or failed in PostgreSQL's words. Returns how many
 * rows it changed. Every job is safe to repeat; each repeat is a run of its own.
 */
export async function runMaintenanceJob(
  db: Database,
  message: MaintenanceMessage,
  context: MaintenanceContext,
): Promise<number> {
  const job = jobOf(message, context);
  const runId = await startRun(db, message.job, new Date(message.scheduledTime));
  let rowsBefore: number | null = null;
  try {
    rowsBefore = job.rows ? await job.rows(db) : null;
    const affected = await job.run(db);
    const rowsAfter = job.rows ? await job.rows(db) : null;
    await completeRun(db, runId, { affected, rowsBefore, rowsAfter });
    return affected;
  } catch (error) {
    await failRun(db, runId, { errorMessage: databaseCause(error).message, rowsBefore }).catch((unrecorded) =>
      // The connection is gone or the transaction aborted: the run stays `running`, the log says why.
      log.error("maintenance.run-unrecorded", { job: message.job, runId, error: databaseCause(unrecorded).message }),
    );
    throw error;
  }
}

export async function consumeMaintenance(batch: MessageBatch, env: Env): Promise<void> {
  const override = (env as unknown as Record<string, unknown>)[ECB_BASE_URL.env];
  const context: MaintenanceContext = {
    fetch: (input, init) => fetch(input, init),
    ecbBaseUrl: typeof override === "string" && override ? override : ECB_BASE_URL.default,
    notify: async (messages) => {
      // A queue takes at most 100 messages a batch.
      for (let start = 0; start < messages.length; start += 100)
        await env.NOTIFY_QUEUE.sendBatch(messages.slice(start, start + 100).map((body) => ({ body })));
    },
  };
  await withDb(env, "fresh", async (db) => {
    for (const message of batch.messages) {
      const parsed = maintenanceMessageSchema.safeParse(message.body);
      if (!parsed.success) {
        // Retrying cannot fix a malformed message: record it and drop it.
        log.error("maintenance.invalid-message", { messageId: message.id, issues: parsed.error.issues });
        message.ack();
        continue;
      }
      try {
        const affected = await runMaintenanceJob(db, parsed.data, context);
        log.info("maintenance.done", { job: parsed.data.job, affected, scheduledTime: parsed.data.scheduledTime });
        message.ack();
      } catch (error) {
        // The cause only: drizzle's own message quotes the statement and its parameters.
        log.error("maintenance.failed", {
          job: parsed.data.job,
          attempts: message.attempts,
          error: databaseCause(error).message,
        });
        message.retry({ delaySeconds: backoffSeconds(message.attempts, { baseSeconds: 30, maxSeconds: 3_600 }) });
      }
    }
  });
}
