import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withDb } from "./client";
import { databaseCause } from "./errors";

const failureOf = (statement: ReturnType<typeof sql>) =>
  withDb(env, "fresh", (db) => db.execute(statement)).then(
    () => {
      throw new Error("the statement was expected to fail");
    },
    (error: unknown) => error,
  );

describe("databaseCause", () => {
  it("gives PostgreSQL's reason for a real overflow, without the SQL or its parameters", async () => {
    const secret = "provider-payload-secret";
    const error = await failureOf(sql`SELECT ${1e12}::numeric(10,4) AS price, ${secret}::text AS raw`);
    expect(String((error as Error).message)).toContain(secret); // what drizzle would have leaked
    const cause = databaseCause(error);
    expect(cause).toEqual({ message: "numeric field overflow (SQLSTATE 22003)", sqlState: "22003", transient: false });
    expect(cause.message).not.toContain(secret);
    expect(cause.message).not.toContain("SELECT");
  });

  it("calls a serialization failure transient and a constraint violation not", () => {
    expect(databaseCause({ code: "40001", message: "could not serialize access" }).transient).toBe(true);
    expect(databaseCause(new Error("wrapped", { cause: { code: "23505", message: "duplicate key" } }))).toMatchObject({
      sqlState: "23505",
      transient: false,
    });
  });

  it("counts an error without SQLSTATE (a dropped connection) as transient", () => {
    expect(databaseCause(new Error("Connection terminated unexpectedly"))).toEqual({
      message: "Connection terminated unexpectedly",
      sqlState: null,
      transient: true,
    });
  });
});
