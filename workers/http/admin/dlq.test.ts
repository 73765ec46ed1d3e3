import { env } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import type { QueueKind } from "../../../shared/domain";
import { type Database, withDb } from "../../db/client";
import { waitingByKind } from "../../db/queries/dead-letters";
import { adminAudit, deadLetters, maintenanceRuns } from "../../db/schema";
import { rolledBack } from "../../testing/rolled-back";
import { TOKEN_ACTOR } from "./core";
import { adminApp } from "./testing";

// The whole admin API, as production mounts it.
const app = adminApp;

const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
const call = (method: string, path: string, token: string | null = ADMIN_TOKEN) =>
  app.request(
    `/admin${path}`,
    { method, headers: token ? { Authorization: `Bearer ${token}` } : {} },
    { ...env, ADMIN_TOKEN },
  );

const write = <T>(work: (db: Database) => Promise<T>) => withDb(env, "fresh", work);

interface Doc {
  id: string;
  queue: string;
  kind: QueueKind;
  message_id: string;
  body: unknown;
  attempts: number;
  received_at: string;
  replayed_at: string | null;
}
interface Page {
  docs: Doc[];
  totalDocs: number;
  page: number;
  hasNextPage: boolean;
  waiting: Record<QueueKind, number>;
}

// Every file shares one database, and dead letters arrive from other tests too. This file's
// messages are received in the far future, so they lead the newest-first list; they are removed
// afterwards.
const FUTURE = Date.UTC(2099, 0, 1);
const seeded: string[] = [];
let clock = 0;

async function seed(kind: QueueKind, body: unknown, { replayed = false } = {}) {
  clock += 60_000;
  const [row] = await write((db) =>
    db
      .insert(deadLetters)
      .values({
        queue: `cloudgpus-${kind}-dlq`,
        kind,
        messageId: crypto.randomUUID().replaceAll("-", ""),
        body,
        attempts: 1,
        receivedAt: new Date(FUTURE + clock),
        replayedAt: replayed ? new Date() : null,
      })
      .returning(),
  );
  seeded.push(row!.id);
  return row!;
}

const stored = (id: string) =>
  write(async (db) => (await db.select().from(deadLetters).where(eq(deadLetters.id, id)))[0]);
const auditOf = (id: string) =>
  write((db) =>
    db
      .select()
      .from(adminAudit)
      .where(and(eq(adminAudit.targetType, "dead-letter"), eq(adminAudit.targetId, id))),
  );

afterAll(async () => {
  await write((db) => db.delete(deadLetters).where(inArray(deadLetters.id, seeded)));
});

describe("GET /admin/dlq", () => {
  it("lists waiting messages newest first, a page at a time, with each queue's depth", async () => {
    const [oldest, middle, newest] = [
      await seed("maintenance", { job: "weekly-report", scheduledTime: "2026-11-23T08:00:00.000Z" }),
      await seed("notify", { kind: "alert-delivery", deliveryId: crypto.randomUUID() }),
      await seed("scrape", { provider: "runpod" }),
    ];
    const first = await call("GET", "/dlq?limit=2");
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    const page1 = (await first.json()) as Page;
    expect(page1.docs.map((doc) => doc.id)).toEqual([newest.id, middle.id]);
    expect(page1.docs[0]).toEqual({
      id: newest.id,
      queue: "cloudgpus-scrape-dlq",
      kind: "scrape",
      message_id: newest.messageId,
      body: { provider: "runpod" },
      attempts: 1,
      received_at: newest.receivedAt.toISOString(),
      replayed_at: null,
    });
    expect(page1).toMatchObject({ page: 1, hasNextPage: true });
    expect(page1.totalDocs).toBeGreaterThanOrEqual(3);
    expect(Object.keys(page1.waiting).sort()).toEqual(["browser-scrape", "maintenance", "notify", "scrape"]);
    expect(page1.waiting.scrape).toBeGreaterThanOrEqual(1);

    const page2 = (await (await call("GET", "/dlq?limit=2&page=2")).json()) as Page;
    expect(page2.docs[0]?.id).toBe(oldest.id);
  });

  it("filters by queue, and shows replayed messages only when asked", async () => {
    const waiting = await seed("browser-scrape", { provider: "oci" });
    const replayed = await seed("browser-scrape", { provider: "oci" }, { replayed: true });
    const listed = (await (await call("GET", "/dlq?kind=browser-scrape&limit=100")).json()) as Page;
    expect(listed.docs.every((doc) => doc.kind === "browser-scrape")).toBe(true);
    expect(listed.docs.map((doc) => doc.id)).toContain(waiting.id);
    expect(listed.docs.map((doc) => doc.id)).not.toContain(replayed.id);

    const all = (await (await call("GET", "/dlq?kind=browser-scrape&include=replayed&limit=100")).json()) as Page;
    expect(all.docs.slice(0, 2).map((doc) => [doc.id, doc.replayed_at !== null])).toEqual([
      [replayed.id, true],
      [waiting.id, false],
    ]);
  });

  it("counts the messages waiting in each queue, replayed ones aside", async () => {
    // In a transaction rolled back, so no other file's dead letter arrives between the two counts.
    await rolledBack(async (db) => {
      const before = await waitingByKind(db);
      const letter = (kind: QueueKind, replayedAt: Date | null = null) => ({
        queue: `cloudgpus-${kind}-dlq`,
        kind,
        messageId: crypto.randomUUID(),
        body: {},
        attempts: 1,
        replayedAt,
      });
      await db
        .insert(deadLetters)
        .values([letter("notify"), letter("notify"), letter("maintenance"), letter("notify", new Date())]);
      expect(await waitingByKind(db)).toEqual({
        ...before,
        notify: before.notify + 2,
        maintenance: before.maintenance + 1,
      });
    });
  });

  it.each([
    ["an unknown queue", "kind=email"],
    ["a page size of 0", "limit=0"],
    ["a page size over 100", "limit=101"],
    ["a page that is not a number", "page=two"],
    ["an unknown include", "include=dropped"],
    ["an unknown parameter", "queue=cloudgpus-scrape-dlq"],
  ])("refuses %s with 400", async (_name, query) => {
    const response = await call("GET", `/dlq?${query}`);
    expect(response.status).toBe(400);
    expect(apiErrorSchema.parse(await response.json()).code).toBe("VALIDATION_ERROR");
  });

  it("answers 401 without the admin token", async () => {
    const response = await call("GET", "/dlq", null);
    expect(response.status).toBe(401);
    expect(apiErrorSchema.parse(await response.json()).code).toBe("UNAUTHORIZED");
  });
});

describe("POST /admin/dlq/{id}/replay", () => {
  it("sends the message back to its queue, where its consumer runs it, marks it replayed and audits it", async () => {
    // A stale cleanup as of 2002 changes nothing; its run row shows the maintenance queue ran it.
    const scheduledTime = new Date(Date.UTC(2002, 0, 1) + Math.floor(Math.random() * 86_400) * 1_000).toISOString();
    const letter = await seed("maintenance", { job: "cleanup-stale-instances", scheduledTime });
    const response = await call("POST", `/dlq/${letter.id}/replay`);
    expect(response.status).toBe(200);
    const replayed = (await response.json()) as Doc;
    expect(replayed).toMatchObject({ id: letter.id, kind: "maintenance", replayed_at: expect.any(String) });
    expect((await stored(letter.id))?.replayedAt?.toISOString()).toBe(replayed.replayed_at);
    expect(await auditOf(letter.id)).toEqual([
      expect.objectContaining({
        actor: TOKEN_ACTOR,
        action: "dlq.replay",
        before: { replayed_at: null },
        after: { replayed_at: replayed.replayed_at, sent_to: "maintenance" },
      }),
    ]);

    await vi.waitFor(
      async () => {
        const runs = await write((db) =>
          db
            .select()
            .from(maintenanceRuns)
            .where(eq(maintenanceRuns.scheduledFor, new Date(scheduledTime))),
        );
        expect(runs).toEqual([expect.objectContaining({ job: "cleanup-stale-instances", status: "completed" })]);
      },
      { timeout: 15_000, interval: 250 },
    );
    await write((db) => db.delete(maintenanceRuns).where(eq(maintenanceRuns.scheduledFor, new Date(scheduledTime))));

    const again = await call("POST", `/dlq/${letter.id}/replay`);
    expect(again.status).toBe(409);
    expect(apiErrorSchema.parse(await again.json()).code).toBe("CONFLICT");
    expect(await auditOf(letter.id)).toHaveLength(1);
  });

  it("refuses with 409 a body its queue's consumer would refuse, saying why, and sends nothing", async () => {
    const letter = await seed("notify", { kind: "alert-delivery", deliveryId: "not-a-uuid" });
    const response = await call("POST", `/dlq/${letter.id}/replay`);
    expect(response.status).toBe(409);
    const error = apiErrorSchema.parse(await response.json());
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("not a valid notify message");
    expect(error.details?.issues).toEqual([{ path: "deliveryId", message: expect.any(String) }]);
    expect((await stored(letter.id))?.replayedAt).toBeNull();
    expect(await auditOf(letter.id)).toEqual([]);
  });

  it("answers 404 for an unknown id and for one that cannot be an id", async () => {
    for (const id of [crypto.randomUUID(), "1;DROP TABLE"]) {
      const response = await call("POST", `/dlq/${encodeURIComponent(id)}/replay`);
      expect(response.status).toBe(404);
      expect(apiErrorSchema.parse(await response.json()).code).toBe("NOT_FOUND");
    }
  });
});

describe("DELETE /admin/dlq/{id}", () => {
  it("drops the message, keeping it whole in the audit trail", async () => {
    const letter = await seed("scrape", { provider: "lambda-labs", scheduledFor: "2026-11-23T10:00:00.000Z" });
    const response = await call("DELETE", `/dlq/${letter.id}`);
    expect(response.status).toBe(200);
    const dropped = (await response.json()) as Doc;
    expect(dropped).toMatchObject({ id: letter.id, body: { provider: "lambda-labs" }, replayed_at: null });
    expect(await stored(letter.id)).toBeUndefined();
    expect(await auditOf(letter.id)).toEqual([
      expect.objectContaining({ actor: TOKEN_ACTOR, action: "dlq.drop", before: dropped, after: null }),
    ]);

    const again = await call("DELETE", `/dlq/${letter.id}`);
    expect(again.status).toBe(404);
    expect(await auditOf(letter.id)).toHaveLength(1);
  });

  it("answers 404 for an id that cannot be one", async () => {
    const response = await call("DELETE", "/dlq/not-an-id");
    expect(response.status).toBe(404);
    expect(apiErrorSchema.parse(await response.json()).code).toBe("NOT_FOUND");
  });
});
