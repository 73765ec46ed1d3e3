import { scrapeQueueKinds } from "../../shared/domain";
import type { NotifyMessage, ScrapeMessage } from "../../shared/queue-messages";
import { isDue, planningSlot, staleness } from "../../shared/schedule";
import { type Database, withDb } from "../db/client";
import { refreshProviderStatuses } from "../db/queries/provider-status";
import { enabledSchedules, planDispatches, unplanDispatches } from "../db/queries/schedules";
import { lastSuccessByProvider } from "../db/queries/scrape-jobs";
import { log } from "../log";
import { QUEUE_BINDING } from "../queues/names";

export interface PlanResult {
  slot: string;
  enqueued: string[];
  skippedOpenBreaker: string[];
  alreadyPlanned: string[];
  /** Providers whose status scrape health changed this hour (docs/design.md §18). */
  statusChanges: { slug: string; from: string; to: string; reason: string | null }[];
}

/**
 * The hourly planner (docs/design.md §3): which providers are due this hour by
 * their stored schedule, each asked of its circuit breaker first (open → skipped, logged, and an
 * alert when the provider has gone without a successful scrape for too long), then one message per
 * provider. A dispatch row per provider and hour is written before sending, so replaying the same
 * cron firing enqueues nothing new.
 */
export async function planScrapes(env: Env, scheduledTime: number): Promise<PlanResult> {
  const slot = planningSlot(scheduledTime);
  return withDb(env, "fresh", async (db) => {
    // Statuses first: a provider an operator disabled meanwhile is then not planned below.
    const statusChanges = (await refreshProviderStatuses(db, new Date(scheduledTime))).map((change) => ({
      slug: change.slug,
      from: change.from,
      to: change.to.status,
      reason: change.to.reason,
    }));
    if (statusChanges.length) log.info("planner.provider-status", { changes: statusChanges });
    const schedules = await enabledSchedules(db);
    const due = schedules.filter((schedule) => isDue(schedule, slot));

    const result: PlanResult = {
      slot: slot.toISOString(),
      enqueued: [],
      skippedOpenBreaker: [],
      alreadyPlanned: [],
      statusChanges,
    };
    const allowed: typeof due = [];
    for (const schedule of due) {
      const breaker = await env.PROVIDER_BREAKER.getByName(schedule.slug).status();
      if (breaker.phase === "open") result.skippedOpenBreaker.push(schedule.slug);
      else allowed.push(schedule);
    }
    await alertStaleProviders(db, env, due, result.skippedOpenBreaker, slot);
    if (result.skippedOpenBreaker.length)
      log.warn("planner.breaker-open", { slot: result.slot, providers: result.skippedOpenBreaker });
    if (allowed.length === 0) return result;

    const fresh = await planDispatches(
      db,
      allowed.map((schedule) => schedule.providerId),
      slot,
    );
    const toSend = allowed.filter((schedule) => fresh.has(schedule.providerId));
    result.alreadyPlanned = allowed
      .filter((schedule) => !fresh.has(schedule.providerId))
      .map((schedule) => schedule.slug);

    try {
      for (const queue of scrapeQueueKinds) {
        const batch = toSend.filter((schedule) => schedule.queue === queue);
        if (batch.length === 0) continue;
        await env[QUEUE_BINDING[queue]].sendBatch(
          batch.map((schedule) => ({
            body: { provider: schedule.slug, scheduledFor: result.slot } satisfies ScrapeMessage,
          })),
        );
      }
    } catch (error) {
      // Undo the plan so the cron's retry (or the next replay) sends these again.
      await unplanDispatches(
        db,
        toSend.map((schedule) => schedule.providerId),
        slot,
      );
      throw error;
    }
    result.enqueued = toSend.map((schedule) => schedule.slug);
    log.info("planner.planned", { ...result });
    return result;
  });
}

/** Due providers whose breaker is open, or whose last success is old, raise a staleness alert. */
async function alertStaleProviders(
  db: Database,
  env: Env,
  due: { providerId: string; slug: string }[],
  openBreakers: string[],
  slot: Date,
): Promise<void> {
  if (due.length === 0) return;
  const successAt = await lastSuccessByProvider(db);
  const alerts: { body: NotifyMessage }[] = [];
  for (const schedule of due) {
    const last = successAt.get(schedule.providerId);
    const hours = last ? (slot.getTime() - last.getTime()) / 3_600_000 : null;
    const severity = staleness(hours);
    const breakerOpen = openBreakers.includes(schedule.slug);
    // Never-scraped providers only alarm once their breaker gives up on them, not on first plan.
    if (!severity || (hours === null && !breakerOpen)) continue;
    alerts.push({
      body: {
        kind: "stale-provider",
        provider: schedule.slug,
        severity,
        hoursSinceSuccess: hours === null ? null : Math.round(hours * 10) / 10,
        reason: breakerOpen ? "circuit breaker open: scrape skipped" : "no successful scrape recently",
        at: slot.toISOString(),
      },
    });
  }
  if (alerts.length) await env.NOTIFY_QUEUE.sendBatch(alerts);
}
