import { errorFields, log } from "../log";
import { consumeDeadLetters } from "./dead-letter";
import { consumeMaintenance } from "./maintenance";
import { routeQueue } from "./names";

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
      default:
        // Scrape and notify consumers arrive with the ingestion pipeline; until then their
        // messages wait for retries and then land in the dead-letter queue, where they are logged.
        log.error("queue.no-consumer", { queue: batch.queue, messages: batch.messages.length });
        batch.retryAll({ delaySeconds: 300 });
    }
  } catch (error) {
    // Could not even open the database: retry the batch later instead of losing it.
    log.error("queue.batch-failed", { queue: batch.queue, ...errorFields(error) });
    batch.retryAll({ delaySeconds: 60 });
  }
}
