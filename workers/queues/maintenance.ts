import { backoffSeconds } from "../../shared/backoff";
import { maintenanceMessageSchema, type MaintenanceMessage } from "../../shared/queue-messages";
import { withDb, type Database } from "../db/client";
import { cleanupStaleInstances, purgePriceHistory, purgeScrapeJobs } from "../db/maintenance";
import { errorFields, log } from "../log";

const DAY_MS = 86_400_000;

/** Runs one maintenance job; returns how many rows it changed. Every job is safe to repeat. */
export async function runMaintenanceJob(db: Database, message: MaintenanceMessage): Promise<number> {
  const scheduledAt = new Date(message.scheduledTime).getTime();
  switch (message.job) {
    case "cleanup-stale-instances":
      return cleanupStaleInstances(db);
    case "purge-price-history":
      return purgePriceHistory(db, new Date(scheduledAt - message.retentionDays * DAY_MS));
    case "purge-scrape-jobs":
      return purgeScrapeJobs(db, new Date(scheduledAt - message.retentionDays * DAY_MS));
  }
}

export async function consumeMaintenance(batch: MessageBatch, env: Env): Promise<void> {
  await withDb(env, "write", async (db) => {
    for (const message of batch.messages) {
      const parsed = maintenanceMessageSchema.safeParse(message.body);
      if (!parsed.success) {
        // Retrying cannot fix a malformed message: record it and drop it.
        log.error("maintenance.invalid-message", { messageId: message.id, issues: parsed.error.issues });
        message.ack();
        continue;
      }
      try {
        const affected = await runMaintenanceJob(db, parsed.data);
        log.info("maintenance.done", { job: parsed.data.job, affected, scheduledTime: parsed.data.scheduledTime });
        message.ack();
      } catch (error) {
        log.error("maintenance.failed", { job: parsed.data.job, attempts: message.attempts, ...errorFields(error) });
        message.retry({ delaySeconds: backoffSeconds(message.attempts, { baseSeconds: 30, maxSeconds: 3_600 }) });
      }
    }
  });
}
