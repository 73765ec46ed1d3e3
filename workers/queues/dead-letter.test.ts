import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withDb } from "../db/client";
import { deadLetters } from "../db/schema";
import worker from "../index";

// Message ids are the test's own (each run shares one database), so rows are found by them.
async function deliver(queue: string, messages: { id: string; body: unknown; attempts?: number }[], bindings = env) {
  const batch = createMessageBatch(
    queue,
    messages.map(({ id, body, attempts = 1 }) => ({ id, timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, bindings);
  return getQueueResult(batch, ctx);
}

const stored = (messageId: string) =>
  withDb(env, "fresh", (db) => db.select().from(deadLetters).where(eq(deadLetters.messageId, messageId)));

const messageId = () => crypto.randomUUID().replaceAll("-", "");

afterEach(() => vi.restoreAllMocks());

describe("dead-letter consumer", () => {
  it("keeps each message with its queue, kind, body and attempts, and acknowledges it once stored", async () => {
    const [scrape, report] = [messageId(), messageId()];
    const body = { kind: "operator-report", title: "Weekly", text: "All well", at: "2026-11-23T08:00:00.000Z" };
    const result = await deliver("cloudgpus-notify-dlq-staging", [
      { id: scrape, body: { provider: "runpod" }, attempts: 3 },
      { id: report, body },
    ]);
    expect(result.explicitAcks).toEqual([scrape, report]);
    expect(result.retryMessages).toEqual([]);
    const [row] = await stored(report);
    expect(row).toMatchObject({ queue: "cloudgpus-notify-dlq-staging", kind: "notify", body, attempts: 1 });
    expect(row?.replayedAt).toBeNull();
    expect((await stored(scrape))[0]).toMatchObject({ body: { provider: "runpod" }, attempts: 3 });
  });

  it("keeps a message delivered twice once", async () => {
    const id = messageId();
    const first = await deliver("cloudgpus-scrape-dlq", [{ id, body: { provider: "lambda-labs" } }]);
    const again = await deliver("cloudgpus-scrape-dlq", [{ id, body: { provider: "lambda-labs" }, attempts: 2 }]);
    expect([first.explicitAcks, again.explicitAcks]).toEqual([[id], [id]]);
    const rows = await stored(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "scrape", attempts: 1 });
  });

  it("keeps what no consumer would accept, and text jsonb cannot hold", async () => {
    const [malformed, nul] = [messageId(), messageId()];
    const result = await deliver("cloudgpus-maintenance-dlq", [
      { id: malformed, body: "not even an object" },
      { id: nul, body: { job: "weekly-report", note: "a\u0000b" } },
    ]);
    expect(result.explicitAcks).toEqual([malformed, nul]);
    expect((await stored(malformed))[0]).toMatchObject({ kind: "maintenance", body: "not even an object" });
    expect((await stored(nul))[0]?.body).toEqual({ job: "weekly-report", note: "a\uFFFDb" });
  });

  it("logs every message whole", async () => {
    const error = vi.spyOn(console, "error");
    const id = messageId();
    await deliver("cloudgpus-browser-scrape-dlq", [{ id, body: { provider: "oci" } }]);
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({
        event: "queue.dead-letter",
        queue: "cloudgpus-browser-scrape-dlq",
        kind: "browser-scrape",
        messageId: id,
        body: { provider: "oci" },
      }),
    );
  });

  it("retries every message, acknowledging none, while the database is unreachable", async () => {
    const dead = { connectionString: "postgresql://postgres:postgres@127.0.0.1:1/cloudgpus" } as Hyperdrive;
    const [first, second] = [messageId(), messageId()];
    const result = await deliver(
      "cloudgpus-scrape-dlq",
      [
        { id: first, body: { provider: "runpod" } },
        { id: second, body: { provider: "vast-ai" }, attempts: 4 },
      ],
      { ...env, HYPERDRIVE: dead, HYPERDRIVE_UNCACHED: dead },
    );
    expect(result.explicitAcks).toEqual([]);
    // (The test pool does not report a retry's delay; the backoff itself is shared/backoff.ts.)
    expect(result.retryMessages.map((retry) => retry.msgId)).toEqual([first, second]);
    expect(await stored(first)).toEqual([]);
  });
});
