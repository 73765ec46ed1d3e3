import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "../../workers/db/schema";
import { migrateDatabase } from "./migrate";
import { openProjectDatabase } from "./project-database";

/** A node-postgres client that counts its round trips (`counter.roundTrips`), for benchmarks. */
export function countingClient(url: string) {
  const client = new pg.Client({ connectionString: url });
  const counter = { roundTrips: 0 };
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    counter.roundTrips++;
    return query(...args);
  };
  return { client, counter };
}

/**
 * The benchmarks' database: the project's (DATABASE_URL or the embedded one), migrated, behind one
 * connected counting client with drizzle over it. `close()` ends the client and the database.
 */
export async function openBenchDatabase() {
  const database = await openProjectDatabase();
  await migrateDatabase(database.url);
  const { client, counter } = countingClient(database.url);
  await client.connect();
  client.on("notice", () => {});
  return {
    database,
    counter,
    db: drizzle(client, { schema }),
    close: async () => {
      await client.end();
      await database.stop();
    },
  };
}
