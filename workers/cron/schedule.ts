import type { MaintenanceJob } from "../../shared/queue-messages";

/**
 * What each cron expression in wrangler.toml `[triggers]` starts. The keys must match the config
 * character for character (`controller.cron` is the configured string); a test holds them equal.
 */
export const CRON_JOBS: Record<string, readonly MaintenanceJob[]> = {
  "0 3 * * *": ["cleanup-stale-instances"],
  "0 4 * * 0": ["purge-price-history"],
  "0 5 * * 0": ["purge-scrape-jobs"],
};
