import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withDb } from "../db/client";
import worker from "../index";
import { createProvider } from "../testing/factories";
import { COUNTER_OBJECT, queueBatchesSeries, queueMessagesSeries, queueSecondsSeries, scrapesSeries } from "./counters";
import { ObservedBatch, queueLabel, recordQueueBatch } from "./queue";

const batchOf = (queue: string, count: number) =>
  createMessageBatch(
    queue,
    Array.from({ length: count }, (_, index) => ({
      id: `msg-${index}`,
      timestamp: new Date(),
      attempts: 1,
      body: { index },
    })),
  );
const stored = () => env.METRICS_COUNTER.getByName(COUNTER_OBJECT).snapshot();

afterEach(() => {
  vi.restoreAllMocks();
});

describe("ObservedBatch", () => {
  it("passes each decision on to the real message and counts the first one", async () => {
    const batch = batchOf("cloudgpus-notify", 3);
    const observed = new ObservedBatch(batch);
    const [first, second] = observed.batch.messages;
    first?.ack();
    first?.retry(); // the runtime ignores a retry after an ack (it says so), and so does the count
    second?.retry({ delaySeconds: 5 });
    expect(observed.tally(false)).toEqual({ acked: 2, retried: 1 });
    expect(observed.tally(true)).toEqual({ acked: 1, retried: 2 });
    const result = await getQueueResult(batch, createExecutionContext());
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect(result.retryMessages.map((message) => message.msgId)).toEqual(["msg-1"]);
  });

  it("counts retryAll for every message not decided yet", () => {
    const observed = new ObservedBatch(batchOf("cloudgpus-scrape", 3));
    observed.batch.messages[0]?.ack();
    observed.batch.retryAll({ delaySeconds: 60 });
    expect(observed.tally(false)).toEqual({ acked: 1, retried: 2 });
  });

  it("shows the consumer the messages as they are", () => {
    const batch = batchOf("cloudgpus-scrape", 2);
    const observed = new ObservedBatch(batch);
    expect(observed.batch.queue).toBe("cloudgpus-scrape");
    expect(observed.batch.messages.map((message) => [message.id, message.body, message.attempts])).toEqual([
      ["msg-0", { index: 0 }, 1],
      ["msg-1", { index: 1 }, 1],
    ]);
  });
});

describe("queueLabel", () => {
  it.each([
    { route: { kind: "scrape", deadLetter: false } as const, label: "scrape" },
    { route: { kind: "notify", deadLetter: true } as const, label: "notify-dlq" },
  ])("names $route.kind (dead letter: $route.deadLetter) $label", ({ route, label }) => {
    expect(queueLabel(route)).toBe(label);
  });
});

describe("recordQueueBatch", () => {
  it("adds the batch's outcomes and time to the counter object at once", async () => {
    const queue = `test-${crypto.randomUUID().slice(0, 8)}`;
    await recordQueueBatch(env, queue, { acked: 4, retried: 1 }, 1_500);
    await recordQueueBatch(env, queue, { acked: 1, retried: 0 }, 500);
    const counts = await stored();
    expect(counts[queueMessagesSeries(queue, "acked")]).toBe(5);
    expect(counts[queueMessagesSeries(queue, "retried")]).toBe(1);
    expect(counts[queueBatchesSeries(queue)]).toBe(2);
    expect(counts[queueSecondsSeries(queue)]).toBe(2);
  });
});

describe("the queue handler", () => {
  it("counts a scrape's result and logs every line of it with its queue and provider", async () => {
    const provider = await withDb(env, "fresh", (db) => createProvider(db));
    const lines: Record<string, unknown>[] = [];
    for (const level of ["log", "warn", "error"] as const)
      vi.spyOn(console, level).mockImplementation((line: Record<string, unknown>) => void lines.push(line));
    const batch = createMessageBatch("cloudgpus-scrape", [
      { id: "msg-0", timestamp: new Date(), attempts: 1, body: { provider: provider.slug } },
    ]);
    await worker.queue(batch, env);

    // A provider without an adapter fails NO_ADAPTER and is not retried.
    expect((await getQueueResult(batch, createExecutionContext())).explicitAcks).toEqual(["msg-0"]);
    expect((await stored())[scrapesSeries(provider.slug, "NO_ADAPTER")]).toBe(1);
    const scrapeLines = lines.filter((line) => String(line.event).startsWith("scrape."));
    expect(scrapeLines.map((line) => line.event)).toEqual(["scrape.failed"]);
    for (const line of scrapeLines) expect(line).toMatchObject({ queue: "cloudgpus-scrape", provider: provider.slug });
  });
});
