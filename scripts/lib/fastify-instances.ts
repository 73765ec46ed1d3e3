import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface FastifyInstances {
  url: string;
  close(): Promise<void>;
}

const ROOT = join(import.meta.dirname, "../..");
const SERVER_PROGRAM = join(import.meta.dirname, "load-fastify-server.ts");

/**
 * The conventional server the Worker is compared with in `bench:load`: Fastify and a `pg` Pool of
 * `poolSize` on `databaseUrl`, answering `GET /api/instances` (JSON) with a query per request and no
 * cache of any kind, in a process of its own (load-fastify-server.ts). It parses with the product's
 * grammar (shared/query-grammar.ts) and runs the product's statements (listInstances, through
 * drizzle's node-postgres driver), so both servers answer the same offers for the same query string.
 * A client that accepts gzip gets gzip, compressed per request as @fastify/compress would: the
 * Worker sends such a client gzip too, and both should move the same bytes. `connectPerRequest`: no
 * pool, a new connection per request, as the Worker's local Hyperdrive binding makes under wrangler dev.
 */
export async function startFastifyInstances(
  databaseUrl: string,
  { poolSize = 10, connectPerRequest = false } = {},
): Promise<FastifyInstances> {
  const options = JSON.stringify({ databaseUrl, poolSize, connectPerRequest });
  const child = spawn(process.execPath, ["--import", "tsx", SERVER_PROGRAM, options], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once("exit", (code, signal) => reject(new Error(`the Fastify server exited (${code ?? signal})`)));
  });
  return {
    url,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
