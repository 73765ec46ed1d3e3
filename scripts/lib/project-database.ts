import { join } from "node:path";
import { reachableDataDir, startLocalPostgres } from "./local-postgres";

export interface ProjectDatabase {
  url: string;
  /** Where the URL came from, for the log line. */
  source: string;
  stop(): Promise<void>;
}

const DEFAULT_DATA_DIR = join(import.meta.dirname, "../../.data/postgres");

/**
 * The database every script uses: `DATABASE_URL` when it is set, otherwise the embedded PostgreSQL
 * kept in `.data/postgres` (`LOCAL_DB_DIR` overrides) on port `LOCAL_DB_PORT` (default 5433),
 * started here and stopped by `stop`.
 */
export async function openProjectDatabase(env: NodeJS.ProcessEnv = process.env): Promise<ProjectDatabase> {
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, source: "DATABASE_URL", stop: async () => {} };
  }
  const { dataDir, movedBecause } = await reachableDataDir(env.LOCAL_DB_DIR ?? DEFAULT_DATA_DIR);
  if (movedBecause) console.log(`[db] data kept in ${dataDir} (${movedBecause})`);
  const port = Number(env.LOCAL_DB_PORT ?? 5433);
  const server = await startLocalPostgres({ dataDir, port, persistent: true });
  return { url: server.url, source: `embedded PostgreSQL (${dataDir})`, stop: server.stop };
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
