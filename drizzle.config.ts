import { defineConfig } from "drizzle-kit";

// `drizzle-kit generate` diffs workers/db/schema.ts against migrations/meta and writes the next
// migration; custom SQL (triggers, functions, seed data) comes from `drizzle-kit generate --custom`.
// Migrations are applied by `npm run db:migrate` (scripts/db-migrate.ts), not by drizzle-kit.
export default defineConfig({
  dialect: "postgresql",
  schema: "./workers/db/schema.ts",
  out: "./migrations",
  schemaFilter: ["cloudgpus"],
  dbCredentials: { url: process.env.DATABASE_URL ?? "" },
});
