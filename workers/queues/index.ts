import { errorFields, log } from "../log";
import { consumeDeadLetters } from "./dead-letter";
import { consumeMaintenance } from "./maintenance";
import { routeQueue } from "./names";
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
  if (route.deadLetter) return consumeDeadLetters(batch, route.kind);
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
