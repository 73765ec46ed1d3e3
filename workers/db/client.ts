import { neonConfig, Pool } from "@neondatabase/serverless";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import pg from "pg";
import { errorFields, log } from "../log";
import type { Database } from "./database";
import { DatabaseUnavailableError, withinDeadline } from "./deadline";
import * as schema from "./schema";

export type { Database };

export interface DbConnection {
  db: Database;
  close(): Promise<void>;
}

/**
 * `cached`: reads that may be up to a minute old (the catalogue), through the Hyperdrive config with
 * query caching. `fresh`: writes, and reads that must see the latest stored prices (ingestion,
 * admin, health, price API misses), through the uncached config.
 */
export type DbPurpose = "cached" | "fresh";

export type DbEnv = Partial<Pick<Env, "HYPERDRIVE" | "HYPERDRIVE_UNCACHED" | "DATABASE_URL" | "NEON_WS_PROXY">> & {
  /** Overrides STATEMENT_WAIT_MS (the tests of a hung database make it short). */
  DATABASE_STATEMENT_WAIT_MS?: string;
};

/**
 * How long one statement may go unanswered before it is given up with an error, wherever it runs.
 * Requests are held to a much shorter deadline in all (workers/db/deadline.ts); this bounds the work
 * that has none, queue consumers and cron, so a hung database fails a batch (to be retried, or
 * dead-lettered) instead of holding it until the platform's own limit. The slowest statement we run
 * at ten times today's volumes takes about a second (BENCHMARKS.md); a minute is room for a
 * maintenance pass on a busy server, not a limit on real work.
 */
export const STATEMENT_WAIT_MS = 60_000;

/** How long closing a connection may take before we stop waiting: a hung server never says goodbye. */
const CLOSE_WAIT_MS = 2_000;

const statementWait = (env: DbEnv) => {
  const override = Number(env.DATABASE_STATEMENT_WAIT_MS);
  return Number.isInteger(override) && override > 0 ? override : STATEMENT_WAIT_MS;
};

export class DatabaseNotConfiguredError extends Error {
  constructor() {
    super("No database configured: bind HYPERDRIVE and HYPERDRIVE_UNCACHED, or set the DATABASE_URL secret");
    this.name = "DatabaseNotConfiguredError";
  }
}

/**
 * The one way Worker code reaches Postgres: a fresh connection for this request or queue batch,
 * closed by the caller with `close()`. Connections are never shared between requests (Workers
 * forbid I/O objects crossing requests; Hyperdrive does the pooling).
 *
 * With Hyperdrive bound it uses `pg` over TCP. Without it and with `DATABASE_URL` set, it talks
 * to Neon directly with `@neondatabase/serverless` over WebSocket (`NEON_WS_PROXY` points that
 * at a WebSocket→TCP proxy for a non-Neon server, as the tests do).
 */
export async function openDb(env: DbEnv, purpose: DbPurpose): Promise<DbConnection> {
  const hyperdrive = purpose === "cached" ? env.HYPERDRIVE : env.HYPERDRIVE_UNCACHED;
  if (hyperdrive) {
    const client = new pg.Client({
      connectionString: hyperdrive.connectionString,
      connectionTimeoutMillis: 5_000,
      query_timeout: statementWait(env),
    });
    const closing = watchConnectionErrors(client);
    await client.connect().catch((error: unknown) => {
      closing();
      throw new DatabaseUnavailableError(`the database could not be reached: ${errorFields(error).error}`, {
        cause: error,
      });
    });
    return {
      db: drizzlePg(client, { schema }),
      close: () => {
        closing();
        return client.end();
      },
    };
  }
  if (env.DATABASE_URL) {
    if (env.NEON_WS_PROXY) {
      const proxy = env.NEON_WS_PROXY;
      neonConfig.wsProxy = (host, port) => `${proxy}?address=${host}:${port}`;
      neonConfig.useSecureWebSocket = false;
      neonConfig.pipelineTLS = false;
      neonConfig.pipelineConnect = false;
    }
    const pool = new Pool({
      connectionString: env.DATABASE_URL,
      connectionTimeoutMillis: 5_000,
      query_timeout: statementWait(env),
    });
    const closing = watchConnectionErrors(pool);
    const db: Database = drizzleNeon(pool, { schema });
    return {
      db,
      close: () => {
        closing();
        return pool.end();
      },
    };
  }
  throw new DatabaseNotConfiguredError();
}

/**
 * Idle pg clients and pools report a dropped connection as an 'error' event, which crashes the
 * invocation when nobody listens. Log those; once we are closing, the drivers also report their
 * own closed sockets that way, which is expected and silent. Returns "we are closing now".
 */
function watchConnectionErrors(emitter: { on(event: "error", listener: (error: Error) => void): unknown }): () => void {
  let closing = false;
  emitter.on("error", (error) => {
    if (!closing) log.warn("db.connection-error", errorFields(error));
  });
  return () => {
    closing = true;
  };
}

/**
 * Runs `work` on a connection that is closed afterwards, whatever happens. Under a request's
 * database deadline (workers/db/deadline.ts) connecting and the work each give up when it passes,
 * and a connection that comes too late is closed when it comes. Without one, each statement waits
 * at most STATEMENT_WAIT_MS, and the close CLOSE_WAIT_MS.
 */
export async function withDb<T>(env: DbEnv, purpose: DbPurpose, work: (db: Database) => Promise<T>): Promise<T> {
  const opening = openDb(env, purpose);
  const connection = await withinDeadline(opening).catch((error: unknown) => {
    void opening.then(
      (late) => late.close(),
      () => {},
    );
    throw error;
  });
  try {
    return await withinDeadline(work(connection.db));
  } finally {
    // A hung database may never acknowledge the goodbye either: the answer does not wait for it.
    await withinDeadline(connection.close(), CLOSE_WAIT_MS).catch((error: unknown) =>
      log.warn("db.close-failed", errorFields(error)),
    );
  }
}

/** A round trip to the database, for health checks. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`SELECT 1`);
}
