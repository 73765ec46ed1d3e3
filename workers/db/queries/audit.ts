import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Database } from "../database";
import { adminAudit } from "../schema";

// The admin audit trail (docs/design.md §18): one row per change an operator made, written in the
// same transaction as the change, so there is no change without its row and no row without its change.

export interface AuditEntry {
  actor: string;
  /** What was done, as `<target>.<verb>`: `provider.update`, `quarantine.approve`, `dlq.replay`, … */
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
}

/** Rows as JSON: dates as ISO strings, nothing that JSON cannot hold. */
const asJson = (value: unknown) => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

export async function recordAudit(db: Database, entry: AuditEntry, at = new Date()): Promise<void> {
  await db.insert(adminAudit).values({
    actor: entry.actor,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: asJson(entry.before),
    after: asJson(entry.after),
    at,
  });
}

export interface AuditQuery {
  limit: number;
  targetType?: string;
  targetId?: string;
  /** Keyset pagination: entries strictly older than this one (`at` and `id` of the last seen). */
  before?: { at: Date; id: string };
}

/** The newest entries first, optionally of one target. */
export function listAudit(db: Database, query: AuditQuery) {
  const conditions = [
    query.targetType ? eq(adminAudit.targetType, query.targetType) : undefined,
    query.targetId ? eq(adminAudit.targetId, query.targetId) : undefined,
    query.before
      ? or(
          lt(adminAudit.at, query.before.at),
          and(eq(adminAudit.at, query.before.at), lt(adminAudit.id, query.before.id)),
        )
      : undefined,
  ];
  return db
    .select()
    .from(adminAudit)
    .where(and(...conditions))
    .orderBy(desc(adminAudit.at), desc(adminAudit.id))
    .limit(query.limit);
}
