import type { MaintenanceJob } from "../../shared/queue-messages";

export type CronJob = "plan-scrapes" | MaintenanceJob;

/**
 * What each cron expression in wrangler.toml `[triggers]` starts. The keys must match the config
 * character for character (`controller.cron` is the configured string); a test holds them equal.
 * `plan-scrapes` runs in the handler (it only plans); maintenance jobs go to their queue.
 */
export const CRON_JOBS: Record<string, readonly CronJob[]> = {
  "0 * * * *": ["plan-scrapes"],
  "30 * * * *": ["aggregate-daily", "flush-alert-digests"],
  "0 3 * * *": ["cleanup-stale-instances"],
  "0 4 * * 0": ["purge-price-history"],
  "0 5 * * 0": ["purge-scrape-jobs"],
  "0 16 * * *": ["refresh-fx-rates"],
  "0 8 * * 1": ["weekly-report"],
};
