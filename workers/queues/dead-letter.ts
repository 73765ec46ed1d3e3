import { backoffSeconds } from "../../shared/backoff";
import type { QueueKind } from "../../shared/domain";
import { withDb } from "../db/client";
import { databaseCause } from "../db/errors";
import { storeDeadLetter } from "../db/queries/dead-letters";
import { log } from "../log";

/**
 * Messages that exhausted their retries. Each is logged whole (they carry references only, so this
 * is small) and kept in `dead_letters` for an operator to replay or drop (/admin/dlq); it is
 * acknowledged only once stored. When the database cannot take it the message comes back later:
 * a dead-letter queue has no queue of its own behind it, so a lost message would be gone.
 */
export async function consumeDeadLetters(batch: MessageBatch, env: Env, kind: QueueKind): Promise<void> {
  for (const message of batch.messages)
    log.error("queue.dead-letter", {
      queue: batch.queue,
      kind,
      messageId: message.id,
      attempts: message.attempts,
      body: message.body,
    });
  const settled = new Set<Message>();
  const retry = (message: Message, error: unknown) => {
    settled.add(message);
    log.error("queue.dead-letter-unstored", {
      queue: batch.queue,
      messageId: message.id,
      error: databaseCause(error).message,
    });
    message.retry({ delaySeconds: backoffSeconds(message.attempts, { baseSeconds: 30, maxSeconds: 3_600 }) });
  };
  try {
    await withDb(env, "fresh", async (db) => {
      for (const message of batch.messages) {
        try {
          await storeDeadLetter(db, {
            queue: batch.queue,
            kind,
            messageId: message.id,
            body: asJson(message.body),
            attempts: message.attempts,
          });
          message.ack();
          settled.add(message);
        } catch (error) {
          retry(message, error);
        }
      }
    });
  } catch (error) {
    // No connection at all (or it broke): every message not yet stored comes back.
    for (const message of batch.messages) if (!settled.has(message)) retry(message, error);
  }
}

// PostgreSQL's jsonb cannot hold U+0000 (SQLSTATE 22P05), which provider text may carry.
const storable = (_key: string, value: unknown) =>
  typeof value === "string" ? value.replaceAll("\u0000", "\uFFFD") : value;

/**
 * The body as jsonb can hold it. Our producers send JSON, but a queue carries any structured-clone
 * value; one JSON cannot represent is kept as its description rather than refused for ever.
 */
function asJson(body: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(body, storable);
  } catch {
    text = undefined; // a BigInt, a cycle
  }
  if (text !== undefined) return JSON.parse(text);
  return { unrepresentable: Object.prototype.toString.call(body), text: String(body).slice(0, 1_000) };
}
