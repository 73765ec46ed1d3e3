/** Why a statement failed, in PostgreSQL's own words, and whether trying again could help. */
export interface DatabaseCause {
  /** E.g. "numeric field overflow (SQLSTATE 22003)": never the SQL, its parameters or the data. */
  message: string;
  sqlState: string | null;
  /** Connection, resource or concurrency trouble: the same statement may succeed later. */
  transient: boolean;
}

// SQLSTATE classes worth a retry: 08 connection exception, 40 transaction rollback (serialization
// failure, deadlock), 53 insufficient resources, 57 operator intervention, 58 system error. Every
// other class (22 data exception, 23 integrity constraint, 42 syntax…) fails the same way each time.
const TRANSIENT_CLASSES = new Set(["08", "40", "53", "57", "58"]);

interface PgError {
  code: string;
  message: string;
  severity?: string;
}
const isPgError = (value: unknown): value is PgError =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as PgError).code === "string" &&
  /^[0-9A-Z]{5}$/.test((value as PgError).code) &&
  typeof (value as PgError).message === "string";

/**
 * The cause of a failed query. drizzle wraps the driver's error in one whose message quotes the SQL
 * and every parameter, provider data included; that must not reach a job row or a log line. An
 * error without a SQLSTATE (the connection broke, the socket timed out) counts as transient.
 */
export function databaseCause(error: unknown): DatabaseCause {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (isPgError(current)) {
      return {
        message: `${current.message} (SQLSTATE ${current.code})`,
        sqlState: current.code,
        transient: TRANSIENT_CLASSES.has(current.code.slice(0, 2)),
      };
    }
    current = (current as { cause?: unknown }).cause;
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: message.startsWith("Failed query") ? "the database did not answer the query" : message.slice(0, 300),
    sqlState: null,
    transient: true,
  };
}
