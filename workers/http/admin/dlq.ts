import { z } from "@hono/zod-openapi";
import { paginate, paginatedSchema } from "../../../shared/api-schemas";
import { wholeNumber } from "../../../shared/changes";
import { type QueueKind, queueKinds } from "../../../shared/domain";
import { maintenanceMessageSchema, notifyMessageSchema, scrapeMessageSchema } from "../../../shared/queue-messages";
import { withDb } from "../../db/client";
import {
  type DeadLetter,
  dropDeadLetter,
  listDeadLetters,
  lockDeadLetter,
  markReplayed,
  waitingByKind,
} from "../../db/queries/dead-letters";
import { QUEUE_BINDING } from "../../queues/names";
import { jsonResponse } from "../api/openapi";
import { ApiError } from "../errors";
import { uuidParam } from "../validation";
import { adminRoute, adminRoutes, audited, errorAnswer } from "./core";

// Dead-lettered messages (docs/design.md §18): what the dead-letter queues received, kept in
// `dead_letters` by their consumer (workers/queues/dead-letter.ts). An operator lists them, sends
// one back to the queue it died on once its cause is fixed, or drops it.

/** What each queue's consumer accepts: a replay must pass it, or it would only die again. */
const MESSAGE_SCHEMAS = {
  scrape: scrapeMessageSchema,
  "browser-scrape": scrapeMessageSchema,
  notify: notifyMessageSchema,
  maintenance: maintenanceMessageSchema,
} satisfies Record<QueueKind, z.ZodType>;

const isQueueKind = (kind: string): kind is QueueKind => (queueKinds as readonly string[]).includes(kind);

const MAX_PAGE_SIZE = 100;

const listQuerySchema = z.strictObject({
  kind: z.enum(queueKinds).optional().describe("Only messages of this queue"),
  include: z.enum(["replayed"]).optional().describe("`replayed`: list the messages already replayed too"),
  limit: wholeNumber(1, MAX_PAGE_SIZE, 50).describe(`Page size, 1–${MAX_PAGE_SIZE} (default 50)`),
  page: wholeNumber(1, 10_000, 1).describe("Page number, from 1"),
});

const deadLetterSchema = z
  .object({
    id: z.uuid(),
    queue: z.string().describe("The dead-letter queue it came from"),
    kind: z.enum(queueKinds).describe("The queue it died on, where a replay sends it"),
    message_id: z.string(),
    body: z.unknown(),
    attempts: z.int(),
    received_at: z.iso.datetime(),
    replayed_at: z.iso.datetime().nullable(),
  })
  .meta({ id: "AdminDeadLetter" });

const waitingSchema = z.object(Object.fromEntries(queueKinds.map((kind) => [kind, z.int()]))).meta({
  description: "Messages waiting (not replayed), per queue: the dead-letter queues' depth",
});

const asDoc = (row: DeadLetter) => ({
  id: row.id,
  queue: row.queue,
  kind: row.kind as QueueKind,
  message_id: row.messageId,
  body: row.body,
  attempts: row.attempts,
  received_at: row.receivedAt.toISOString(),
  replayed_at: row.replayedAt?.toISOString() ?? null,
});

const notFound = (id: string) => new ApiError("NOT_FOUND", `No dead-lettered message ${id}`);

const idParams = { params: z.object({ id: z.string() }) };

const listRoute = adminRoute({
  method: "get",
  path: "/dlq",
  summary: "Dead-lettered messages, newest first, and how many wait per queue",
  request: { query: listQuerySchema },
  responses: {
    200: jsonResponse(
      paginatedSchema(deadLetterSchema, "AdminDeadLetterList").extend({ waiting: waitingSchema }),
      "A page of messages (waiting only unless include=replayed)",
    ),
    400: errorAnswer("Invalid query (code VALIDATION_ERROR)"),
  },
});

const replayRoute = adminRoute({
  method: "post",
  path: "/dlq/{id}/replay",
  summary: "Send a dead-lettered message back to the queue it died on",
  request: idParams,
  responses: {
    200: jsonResponse(deadLetterSchema, "Sent; the message is marked replayed"),
    404: errorAnswer("No such message (code NOT_FOUND)"),
    409: errorAnswer("Already replayed, or its body is not a valid message of its queue (code CONFLICT)"),
  },
});

const dropRoute = adminRoute({
  method: "delete",
  path: "/dlq/{id}",
  summary: "Drop a dead-lettered message",
  request: idParams,
  responses: {
    200: jsonResponse(deadLetterSchema, "Dropped: the message as it was"),
    404: errorAnswer("No such message (code NOT_FOUND)"),
  },
});

export const dlqAdmin = adminRoutes()
  .openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const { docs, totalDocs, waiting } = await withDb(c.env, "fresh", async (db) => ({
      ...(await listDeadLetters(db, {
        kind: query.kind,
        replayed: query.include === "replayed",
        limit: query.limit,
        page: query.page,
      })),
      waiting: await waitingByKind(db),
    }));
    return c.json({ ...paginate(docs.map(asDoc), totalDocs, query.limit, query.page), waiting }, 200);
  })
  .openapi(replayRoute, async (c) => {
    const id = uuidParam(c.req.valid("param").id, "dead-lettered message");
    const replayed = await audited(c.env, c.var.actor, async (db) => {
      const row = await lockDeadLetter(db, id);
      if (!row) throw notFound(id);
      if (row.replayedAt)
        throw new ApiError("CONFLICT", `Message ${id} was replayed at ${row.replayedAt.toISOString()}.`);
      if (!isQueueKind(row.kind)) throw new ApiError("CONFLICT", `Message ${id} is of no known queue ("${row.kind}").`);
      const parsed = MESSAGE_SCHEMAS[row.kind].safeParse(row.body);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
        const summary = issues.map((issue) => `${issue.path || "(body)"}: ${issue.message}`).join("; ");
        throw new ApiError("CONFLICT", `Message ${id} is not a valid ${row.kind} message: ${summary}`, { issues });
      }
      const at = new Date();
      await markReplayed(db, id, at);
      // Sent last, inside the transaction: if the queue refuses it, the row stays waiting.
      await c.env[QUEUE_BINDING[row.kind]].send(row.body);
      return {
        action: "dlq.replay",
        targetType: "dead-letter",
        targetId: id,
        before: { replayed_at: null },
        after: { replayed_at: at, sent_to: row.kind },
        result: { ...row, replayedAt: at },
      };
    });
    if (!replayed) throw notFound(id);
    return c.json(asDoc(replayed), 200);
  })
  .openapi(dropRoute, async (c) => {
    const id = uuidParam(c.req.valid("param").id, "dead-lettered message");
    const dropped = await audited(c.env, c.var.actor, async (db) => {
      const row = await dropDeadLetter(db, id);
      if (!row) throw notFound(id);
      return { action: "dlq.drop", targetType: "dead-letter", targetId: id, before: asDoc(row), result: row };
    });
    if (!dropped) throw notFound(id);
    return c.json(asDoc(dropped), 200);
  });
