import { and, count, desc, eq, isNull } from "drizzle-orm";
import { type QueueKind, queueKinds } from "../../../shared/domain";
import type { Database } from "../database";
import { deadLetters } from "../schema";

// Messages the dead-letter queues received (docs/design.md §18), kept until an operator replays
// or drops them.

export type DeadLetter = typeof deadLetters.$inferSelect;

export interface ReceivedDeadLetter {
  queue: string;
  kind: QueueKind;
  messageId: string;
  body: unknown;
  attempts: number;
}

/** Stores one message; the same message delivered again is kept once. */
export async function storeDeadLetter(db: Database, letter: ReceivedDeadLetter): Promise<void> {
  await db
    .insert(deadLetters)
    .values(letter)
    .onConflictDoNothing({ target: [deadLetters.queue, deadLetters.messageId] });
}

export interface DeadLetterQuery {
  kind?: QueueKind;
  /** With the ones already replayed, not only those waiting. */
  replayed: boolean;
  limit: number;
  page: number;
}

/** Newest first, and how many there are in all. */
export async function listDeadLetters(
  db: Database,
  query: DeadLetterQuery,
): Promise<{ docs: DeadLetter[]; totalDocs: number }> {
  const where = and(
    query.kind ? eq(deadLetters.kind, query.kind) : undefined,
    query.replayed ? undefined : isNull(deadLetters.replayedAt),
  );
  const docs = await db
    .select()
    .from(deadLetters)
    .where(where)
    .orderBy(desc(deadLetters.receivedAt), desc(deadLetters.id))
    .limit(query.limit)
    .offset((query.page - 1) * query.limit);
  return { docs, totalDocs: await db.$count(deadLetters, where) };
}

/** Messages waiting, per queue kind (every kind, 0 when none): the dead-letter queues' depth. */
export async function waitingByKind(db: Database): Promise<Record<QueueKind, number>> {
  const rows = await db
    .select({ kind: deadLetters.kind, waiting: count() })
    .from(deadLetters)
    .where(isNull(deadLetters.replayedAt))
    .groupBy(deadLetters.kind);
  const depth = Object.fromEntries(queueKinds.map((kind) => [kind, 0])) as Record<QueueKind, number>;
  for (const row of rows) if (row.kind in depth) depth[row.kind as QueueKind] = row.waiting;
  return depth;
}

/** The row, locked until the transaction ends, so two replays of it cannot both send it. */
export async function lockDeadLetter(db: Database, id: string): Promise<DeadLetter | null> {
  const [row] = await db.select().from(deadLetters).where(eq(deadLetters.id, id)).for("update");
  return row ?? null;
}

export async function markReplayed(db: Database, id: string, at: Date): Promise<void> {
  await db.update(deadLetters).set({ replayedAt: at }).where(eq(deadLetters.id, id));
}

/** Deletes the row; answers what it was, or null when there was none. */
export async function dropDeadLetter(db: Database, id: string): Promise<DeadLetter | null> {
  const [row] = await db.delete(deadLetters).where(eq(deadLetters.id, id)).returning();
  return row ?? null;
}
