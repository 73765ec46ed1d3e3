import { migrateDatabase } from "./lib/migrate";
import { openProjectDatabase, redact } from "./lib/project-database";

const database = await openProjectDatabase();
try {
  console.log(`[db] migrating ${redact(database.url)} (${database.source})`);
  await migrateDatabase(database.url);
  console.log("[db] migrations applied");
} finally {
  await database.stop();
}
