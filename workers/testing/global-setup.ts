import { chmod, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startLocalPostgres } from "../../scripts/lib/local-postgres";
import { migrateDatabase } from "../../scripts/lib/migrate";
import { startNeonWsProxy } from "./neon-ws-proxy";
import { freePort } from "../../scripts/lib/free-port";

/**
 * One real PostgreSQL for the whole run (fresh temp dir, deleted afterwards), migrated once.
 * `TEST_DATABASE_URL` points the suite at another server instead (it is migrated too).
 */
export default async function setup(project: TestProject) {
  let databaseUrl = process.env.TEST_DATABASE_URL;
  let stopDatabase = async () => {};
  if (!databaseUrl) {
    const root = await mkdtemp(join(tmpdir(), "cloudgpus-test-"));
    await chmod(root, 0o755); // as root, the server runs as the `postgres` user and must reach its data dir
    const server = await startLocalPostgres({ dataDir: join(root, "postgres"), port: await freePort(), persistent: false });
    databaseUrl = server.url;
    stopDatabase = server.stop;
  }
  await migrateDatabase(databaseUrl);
  const proxy = await startNeonWsProxy();
  project.provide("databaseUrl", databaseUrl);
  project.provide("neonWsProxy", proxy.address);
  return async () => {
    await proxy.close();
    await stopDatabase();
  };
}
