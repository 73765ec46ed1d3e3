import { backoffSeconds } from "../../shared/backoff";
import { type MaintenanceMessage, maintenanceMessageSchema } from "../../shared/queue-messages";
import { type Database, withDb } from "../db/client";
import { saveFxRate } from "../db/fx";
import { cleanupStaleInstances, purgePriceHistory, purgeScrapeJobs } from "../db/maintenance";
import { ECB_BASE_URL, fetchEcbRate } from "../ingest/fx-rates";
import { errorFields, log } from "../log";

const DAY_MS = 86_400_000;

export interface MaintenanceContext {
  fetch: typeof globalThis.fetch;
  ecbBaseUrl: string;
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
      return purgePriceHistory(db, new Date(scheduledAt - message.retentionDays * DAY_MS));
    case "purge-scrape-jobs":
      return purgeScrapeJobs(db, new Date(scheduledAt - message.retentionDays * DAY_MS));
    case "refresh-fx-rates":
      await saveFxRate(db, await fetchEcbRate(context.fetch, context.ecbBaseUrl));
      return 1;
  }
}

export async function consumeMaintenance(batch: MessageBatch, env: Env): Promise<void> {
  const override = (env as unknown as Record<string, unknown>)[ECB_BASE_URL.env];
  const context: MaintenanceContext = {
    fetch: (input, init) => fetch(input, init),
    ecbBaseUrl: typeof override === "string" && override ? override : ECB_BASE_URL.default,
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
