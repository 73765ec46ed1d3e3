import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { type Database, withDb } from "../db/client";

class Rollback extends Error {}

/**
 * Runs `work` in a transaction that is rolled back, so a test of a statement that acts on whole
 * tables (the maintenance jobs, the rollup) leaves nothing behind for the other files sharing the
 * database. REPEATABLE READ by default: one snapshot, the test's own rows and what was committed
 * before. `lock` takes an EXCLUSIVE lock on a table first (under READ COMMITTED, so the lock is
 * waited for and then the latest rows are seen) when even others' new rows would disturb the test.
 */
export async function rolledBack(
  work: (db: Database) => Promise<void>,
  { lock }: { lock?: string } = {},
): Promise<void> {
  await withDb(env, "fresh", (db) =>
    db
      .transaction(
        async (tx) => {
          if (lock) await tx.execute(sql.raw(`LOCK TABLE ${lock} IN EXCLUSIVE MODE`));
          await work(tx);
          throw new Rollback();
        },
        { isolationLevel: lock ? "read committed" : "repeatable read" },
      )
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      }),
  );
}
