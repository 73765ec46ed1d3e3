import { z } from "@hono/zod-openapi";
import { wholeNumber } from "../../../shared/changes";
import { withDb } from "../../db/client";
import { listAudit } from "../../db/queries/audit";
import { jsonResponse } from "../api/openapi";
import { adminRoute, adminRoutes, errorAnswer } from "./core";

// The audit trail, newest first (docs/design.md §18), a page at a time: `next` is the cursor of the
// following page (the time and id of the page's last entry), so entries added meanwhile never shift
// a page the way an offset would.

const entrySchema = z
  .object({
    id: z.uuid(),
    at: z.iso.datetime(),
    actor: z.string(),
    action: z.string(),
    target_type: z.string(),
    target_id: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
  })
  .meta({ id: "AdminAuditEntry" });

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/;

const auditRoute = adminRoute({
  method: "get",
  path: "/audit",
  summary: "The audit trail of admin changes, newest first",
  request: {
    query: z.strictObject({
      target_type: z.string().max(30).optional(),
      target_id: z.string().max(200).optional(),
      limit: wholeNumber(1, 200, 50).describe("Page size, 1–200 (default 50)"),
      cursor: z.string().regex(CURSOR, "a cursor as answered in `next`").optional(),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ docs: z.array(entrySchema), next: z.string().nullable().describe("The next page's cursor") }),
      "A page of entries",
    ),
    400: errorAnswer("Invalid query (code VALIDATION_ERROR)"),
  },
});

export const auditAdmin = adminRoutes().openapi(auditRoute, async (c) => {
  const query = c.req.valid("query");
  const [, cursorAt, cursorId] = (query.cursor && CURSOR.exec(query.cursor)) || [];
  const rows = await withDb(c.env, "fresh", (db) =>
    listAudit(db, {
      limit: query.limit + 1,
      targetType: query.target_type,
      targetId: query.target_id,
      before: cursorAt && cursorId ? { at: new Date(cursorAt), id: cursorId } : undefined,
    }),
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return c.json(
    {
      docs: page.map((row) => ({
        id: row.id,
        at: row.at.toISOString(),
        actor: row.actor,
        action: row.action,
        target_type: row.targetType,
        target_id: row.targetId,
        before: row.before ?? null,
        after: row.after ?? null,
      })),
      next: rows.length > query.limit && last ? `${last.at.toISOString()}_${last.id}` : null,
    },
    200,
  );
});
