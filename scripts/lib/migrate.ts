import { join } from "node:path";
import { type MigrationConfig, readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle } from "drizzle-orm/node-postgres";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";

export const MIGRATIONS_FOLDER = join(import.meta.dirname, "../../migrations");

/**
 * Applies every migration in migrations/ that the database has not seen yet (drizzle's journal,
 * recorded in `drizzle.__drizzle_migrations`). Running it twice is a no-op.
 *
 * Unlike drizzle's own `migrate()`, each migration commits on its own: PostgreSQL only lets a
 * value added to an enum (`ALTER TYPE … ADD VALUE`) be used once that has committed.
 */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // The DePIN uptime check (docs/database.md §4) speaks through RAISE NOTICE; it is information, not a migration failure.
  client.on("notice", () => {});
  try {
    const db = drizzle(client);
    const config: MigrationConfig = { migrationsFolder: MIGRATIONS_FOLDER };
    const dialect = new PgDialect();
    for (const migration of readMigrationFiles(config)) {
      await dialect.migrate([migration], db._.session as Parameters<PgDialect["migrate"]>[1], config);
    }
  } finally {
    await client.end();
  }
}
