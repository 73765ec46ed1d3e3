import type { MaintenanceJob, MaintenanceMessageInput } from "../../shared/queue-messages";
import { log } from "../log";
import { planScrapes } from "./plan-scrapes";
import { CRON_JOBS } from "./schedule";

/**
 * The Worker's `scheduled` handler only plans: scrape messages per due provider, maintenance
 * messages per job; the queue consumers do the work. Every job is idempotent, and a replayed
 * firing (same scheduledTime) plans no scrape twice.
 */
export async function handleScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const jobs = CRON_JOBS[controller.cron];
  if (!jobs) {
    log.warn("cron.unknown", { cron: controller.cron });
    return;
  }
  const scheduledTime = new Date(controller.scheduledTime).toISOString();
  if (jobs.includes("plan-scrapes")) await planScrapes(env, controller.scheduledTime);
  const maintenance = jobs.filter((job): job is MaintenanceJob => job !== "plan-scrapes");
  if (maintenance.length) {
    await env.MAINTENANCE_QUEUE.sendBatch(
      maintenance.map((job) => ({ body: { job, scheduledTime } satisfies MaintenanceMessageInput })),
    );
  }
  log.info("cron.planned", { cron: controller.cron, scheduledTime, jobs });
}
