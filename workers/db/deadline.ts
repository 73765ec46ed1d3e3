import { AsyncLocalStorage } from "node:async_hooks";

/**
 * How long an HTTP request may wait on the database in all, from the moment it arrives. A read
 * that takes longer is given up, so a visitor gets the last good answer (marked stale) or a 503 in
 * a few seconds instead of waiting on a hung database until the platform gives up. Every public
 * query runs in well under a second at ten times today's volumes (BENCHMARKS.md); queue consumers
 * and cron have no such deadline: each of their statements is bounded instead (STATEMENT_WAIT_MS in
 * workers/db/client.ts).
 */
export const REQUEST_DATABASE_DEADLINE_MS = 3_000;

/** The database could not be reached, or did not answer in time: trying again later may work. */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DatabaseUnavailableError";
  }
}

const deadlines = new AsyncLocalStorage<number>();

/** Runs `work` (and whatever it hands on, `waitUntil` included) under a database deadline `ms` from now. */
export function withDatabaseDeadline<T>(ms: number, work: () => T): T {
  return deadlines.run(Date.now() + ms, work);
}

/**
 * `pending`, or a DatabaseUnavailableError once the current deadline has passed, whichever comes
 * first. Outside a deadline, `pending` itself, or bounded by `otherwiseMs` when given.
 */
export function withinDeadline<T>(pending: Promise<T>, otherwiseMs?: number): Promise<T> {
  const deadline = deadlines.getStore() ?? (otherwiseMs === undefined ? undefined : Date.now() + otherwiseMs);
  if (deadline === undefined) return pending;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DatabaseUnavailableError("the database did not answer in time")),
      Math.max(0, deadline - Date.now()),
    );
  });
  return Promise.race([pending, expired]).finally(() => clearTimeout(timer));
}
