import { execFile } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GPU_CATALOG } from "../../shared/gpu-catalog";
import { MIGRATIONS_FOLDER, migrateDatabase } from "./migrate";

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const scratchDatabase = `cloudgpus_migrate_${process.pid}`;
let scratchUrl: string;

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const catalogue = (url: string) =>
  onServer(url, async (client) => {
    const { rows } = await client.query(`
      SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'cloudgpus')::int AS tables,
             (SELECT count(*) FROM pg_indexes WHERE schemaname = 'cloudgpus')::int AS indexes,
             (SELECT count(*) FROM cloudgpus.gpu_models)::int AS gpu_models,
             (SELECT count(*) FROM cloudgpus.providers)::int AS providers,
             (SELECT count(*) FROM cloudgpus.gpu_benchmarks)::int AS benchmarks,
             (SELECT count(*) FROM drizzle.__drizzle_migrations)::int AS applied`);
    return rows[0];
  });

describe("migrateDatabase", () => {
  beforeAll(async () => {
    const serverUrl = new URL(inject("databaseUrl"));
    await onServer(serverUrl.href, (client) => client.query(`CREATE DATABASE ${scratchDatabase}`));
    serverUrl.pathname = `/${scratchDatabase}`;
    scratchUrl = serverUrl.href;
  });

  afterAll(async () => {
    await onServer(inject("databaseUrl"), (client) =>
      client.query(`DROP DATABASE IF EXISTS ${scratchDatabase} WITH (FORCE)`),
    );
  });

  it("builds the whole schema and seed data on an empty database", async () => {
    await migrateDatabase(scratchUrl);
    expect(await catalogue(scratchUrl)).toMatchObject({
      tables: 22, // 13, the three alert tables (0017), price_daily (0018), four of operations (0019), its sums (0021)
      indexes: 88, // two added for the reads at scale (0020), two on the rollup's sums (0021)
      gpu_models: GPU_CATALOG.length,
      providers: 37, // 22 seeded, 15 added with coverage I (0012–0015)
      benchmarks: 10,
    });
  });

  it("changes nothing when run again", async () => {
    const before = await catalogue(scratchUrl);
    await migrateDatabase(scratchUrl);
    expect(await catalogue(scratchUrl)).toEqual(before);
  });

  it("fails loudly on a database it cannot reach", async () => {
    await expect(migrateDatabase("postgresql://postgres:postgres@127.0.0.1:1/none")).rejects.toThrow();
  });
});

describe("workers/db/schema.ts", () => {
  it("has no changes that a migration does not already carry", async () => {
    // drizzle-kit diffs the schema against the migrations' snapshots; it must find nothing to add.
    const scratch = await mkdtemp(join(tmpdir(), "cloudgpus-drift-"));
    try {
      await cp(MIGRATIONS_FOLDER, scratch, { recursive: true });
      const { stdout } = await run(
        join(root, "node_modules/.bin/drizzle-kit"),
        ["generate", "--dialect", "postgresql", "--schema", "workers/db/schema.ts", "--out", relative(root, scratch)],
        { cwd: root },
      );
      expect(stdout).toContain("No schema changes");
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
