import { errorFields, log, withLogContext } from "../log";
import { ObservedBatch, queueLabel, recordQueueBatch } from "../metrics/queue";
import { consumeDeadLetters } from "./dead-letter";
import { consumeMaintenance } from "./maintenance";
import { type QueueRoute, routeQueue } from "./names";
import { consumeNotifications } from "./notify";
import { consumeScrapes } from "./scrape";

/** The Worker's `queue` handler: one consumer module per queue. */
export async function handleQueue(batch: MessageBatch, env: Env): Promise<void> {
  const route = routeQueue(batch.queue);
  if (!route) {
    log.error("queue.unknown", { queue: batch.queue, messages: batch.messages.length });
    batch.retryAll({ delaySeconds: 300 });
    return;
  }
  // Every line a consumer logs carries its queue; what became of each message, and how long the
  // batch took, is counted (workers/metrics/queue.ts).
  const observed = new ObservedBatch(batch);
  const startedAt = Date.now();
  let failed = true;
  try {
    await withLogContext({ queue: batch.queue }, () => consume(observed.batch, env, route));
    failed = false;
  } finally {
    await recordQueueBatch(env, queueLabel(route), observed.tally(failed), Date.now() - startedAt);
  }
}

async function consume(batch: MessageBatch, env: Env, route: QueueRoute): Promise<void> {
  if (route.deadLetter) return consumeDeadLetters(batch, env, route.kind);
  try {
    switch (route.kind) {
      case "maintenance":
        return await consumeMaintenance(batch, env);
      case "scrape":
      case "browser-scrape":
        return await consumeScrapes(batch, env, route.kind);
      case "notify":
        return await consumeNotifications(batch, env);
    }
  } catch (error) {
    // Could not even open the database: retry the batch later instead of losing it.
    log.error("queue.batch-failed", { queue: batch.queue, ...errorFields(error) });
    batch.retryAll({ delaySeconds: 60 });
  }
}
