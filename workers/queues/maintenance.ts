import { backoffSeconds } from "../../shared/backoff";
import { type MaintenanceMessage, maintenanceMessageSchema, type NotifyMessage } from "../../shared/queue-messages";
import { DIGEST_INTERVAL_MS } from "../alerts/match";
import { weeklyReport } from "../alerts/weekly-report";
import { type Database, withDb } from "../db/client";
import { saveFxRate } from "../db/fx";
import { cleanupStaleInstances, purgePriceHistory, purgeScrapeJobs } from "../db/maintenance";
import { flushDigests } from "../db/queries/alerts";
import { aggregateDaily } from "../db/rollup";
import { ECB_BASE_URL, fetchEcbRate } from "../ingest/fx-rates";
import { errorFields, log } from "../log";

const DAY_MS = 86_400_000;
const startOfUtcDay = (at: number) => new Date(at - (at % DAY_MS));

export interface MaintenanceContext {
  fetch: typeof globalThis.fetch;
  ecbBaseUrl: string;
  /** Puts messages on the notify queue (alert deliveries, the weekly report). */
  notify(messages: NotifyMessage[]): Promise<void>;
}

/** Runs one maintenance job; returns how many rows it changed. Every job is safe to repeat. */
export async function runMaintenanceJob(
  db: Database,
  message: MaintenanceMessage,
  context: MaintenanceContext,
): Promise<number> {
  const scheduledAt = new Date(message.scheduledTime).getTime();
  switch (message.job) {
    case "cleanup-stale-instances":
      return cleanupStaleInstances(db);
    case "purge-price-history":
      // Whole UTC days: the rollup's unit, so a day is either all raw or all rolled up.
      return purgePriceHistory(db, startOfUtcDay(scheduledAt - message.retentionDays * DAY_MS), new Date(scheduledAt));
    case "aggregate-daily":
      return aggregateDaily(db, new Date(scheduledAt));
    case "purge-scrape-jobs":
      return purgeScrapeJobs(db, new Date(scheduledAt - message.retentionDays * DAY_MS));
    case "refresh-fx-rates":
      await saveFxRate(db, await fetchEcbRate(context.fetch, context.ecbBaseUrl));
      return 1;
    case "flush-alert-digests": {
      const deliveries = await flushDigests(db, new Date(scheduledAt), DIGEST_INTERVAL_MS);
      await context.notify(deliveries.map(({ deliveryId }) => ({ kind: "alert-delivery", deliveryId })));
      return deliveries.length;
    }
    case "weekly-report": {
      const report = await weeklyReport(db, new Date(scheduledAt));
      await context.notify([{ kind: "operator-report", ...report, at: message.scheduledTime }]);
      return 1;
    }
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
        log.error("maintenance.failed", { job: parsed.data.job, attempts: message.attempts, ...errorFields(error) });
        message.retry({ delaySeconds: backoffSeconds(message.attempts, { baseSeconds: 30, maxSeconds: 3_600 }) });
      }
    }
  });
}
