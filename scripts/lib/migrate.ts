import { join } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

export const MIGRATIONS_FOLDER = join(import.meta.dirname, "../../migrations");

/**
 * Applies every migration in migrations/ that the database has not seen yet (drizzle's journal,
 * recorded in `drizzle.__drizzle_migrations`), in one transaction. Running it twice is a no-op.
 */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // The seed's DePIN check speaks through RAISE NOTICE; it is information, not a migration failure.
  client.on("notice", () => {});
  try {
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.end();
  }
}
