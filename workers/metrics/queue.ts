import type { QueueRoute } from "../queues/names";
import { queueBatchDataPoint } from "./analytics";
import {
  counters,
  flushCounters,
  type MessageOutcome,
  queueBatchesSeries,
  queueMessagesSeries,
  queueSecondsSeries,
} from "./counters";

/** A queue's label in metrics: its kind, `-dlq` for its dead-letter queue, whatever the environment. */
export const queueLabel = (route: QueueRoute) => `${route.kind}${route.deadLetter ? "-dlq" : ""}`;

/**
 * A batch as its consumer sees it, noting what becomes of each message: the consumers call
 * `ack()` and `retry()` as they always do, and the queue handler counts the outcomes afterwards.
 * The first decision on a message is the one counted.
 */
export class ObservedBatch {
  readonly batch: MessageBatch;
  readonly #decided = new Map<string, MessageOutcome>();

  constructor(original: MessageBatch) {
    const decide = (id: string, outcome: MessageOutcome) => {
      if (!this.#decided.has(id)) this.#decided.set(id, outcome);
    };
    const messages = original.messages.map(
      (message): Message => ({
        get id() {
          return message.id;
        },
        get timestamp() {
          return message.timestamp;
        },
        get body() {
          return message.body;
        },
        get attempts() {
          return message.attempts;
        },
        ack: () => {
          decide(message.id, "acked");
          message.ack();
        },
        retry: (options) => {
          decide(message.id, "retried");
          message.retry(options);
        },
      }),
    );
    this.batch = {
      queue: original.queue,
      get metadata() {
        return original.metadata;
      },
      messages,
      ackAll: () => {
        for (const message of messages) decide(message.id, "acked");
        original.ackAll();
      },
      retryAll: (options) => {
        for (const message of messages) decide(message.id, "retried");
        original.retryAll(options);
      },
    };
  }

  /**
   * Messages by outcome. One the consumer left undecided is acknowledged by the runtime when the
   * handler returns, and retried when it throws.
   */
  tally(handlerFailed: boolean): Record<MessageOutcome, number> {
    const tally = { acked: 0, retried: 0 };
    for (const message of this.batch.messages)
      tally[this.#decided.get(message.id) ?? (handlerFailed ? "retried" : "acked")]++;
    return tally;
  }
}

/**
 * Counts a handled batch (its messages by outcome, and how long it took) and flushes the isolate's
 * counts: a queue invocation is not on a request's path, so it can afford the one round trip.
 */
export async function recordQueueBatch(
  env: Pick<Env, "METRICS" | "METRICS_COUNTER">,
  queue: string,
  outcomes: Record<MessageOutcome, number>,
  durationMs: number,
): Promise<void> {
  const now = Date.now();
  for (const outcome of ["acked", "retried"] as const)
    if (outcomes[outcome] > 0) counters.add(queueMessagesSeries(queue, outcome), now, outcomes[outcome]);
  counters.add(queueBatchesSeries(queue), now);
  counters.add(queueSecondsSeries(queue), now, durationMs / 1_000);
  env.METRICS?.writeDataPoint(queueBatchDataPoint({ queue, ...outcomes, durationMs }));
  await flushCounters(env);
}
