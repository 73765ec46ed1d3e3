import type { MaintenanceMessageInput } from "../../shared/queue-messages";
import { log } from "../log";
import { CRON_JOBS } from "./schedule";

/**
 * The Worker's `scheduled` handler only plans: it enqueues one message per job and returns; the
 * queue consumers do the work. Jobs are idempotent, so a cron that fires twice changes nothing more.
 */
export async function handleScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const jobs = CRON_JOBS[controller.cron];
  if (!jobs) {
    log.warn("cron.unknown", { cron: controller.cron });
    return;
  }
  const scheduledTime = new Date(controller.scheduledTime).toISOString();
  const messages = jobs.map((job) => ({ body: { job, scheduledTime } satisfies MaintenanceMessageInput }));
  await env.MAINTENANCE_QUEUE.sendBatch(messages);
  log.info("cron.planned", { cron: controller.cron, scheduledTime, jobs });
}
