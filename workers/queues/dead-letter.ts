import type { QueueKind } from "../../shared/domain";
import { log } from "../log";

/**
 * Messages that exhausted their retries. They are logged whole (they carry references only, so
 * this is small) and acknowledged; the ingestion pipeline adds its own failure records.
 */
export async function consumeDeadLetters(batch: MessageBatch, kind: QueueKind): Promise<void> {
  for (const message of batch.messages) {
    log.error("queue.dead-letter", {
      queue: batch.queue,
      kind,
      messageId: message.id,
      attempts: message.attempts,
      body: message.body,
    });
    message.ack();
  }
}
