import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { chromiumPath } from "./browser-replay";
import { useSystemChromiumForBrowserBinding } from "./local-browser";
import { migrateDatabase } from "./migrate";
import { openProjectDatabase, type ProjectDatabase, redact } from "./project-database";

const ROOT = join(import.meta.dirname, "../..");
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");

export interface Stack {
  url: string;
  database: ProjectDatabase;
  wrangler: ChildProcess;
  /** Stops wrangler, then the database. */
  stop(): Promise<void>;
}

interface StackOptions {
  port: string;
  /** Where wrangler keeps KV / Durable Object / cache state (default .wrangler/state). */
  persistTo?: string;
  /** Environment for choosing the database (DATABASE_URL, LOCAL_DB_*); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** `wrangler dev --var NAME:VALUE` (secrets for the session, e.g. ADMIN_TOKEN). */
  vars?: Record<string, string>;
  /** inherit: wrangler's output on this terminal; ignore: quiet (benchmarks, browser tests). */
  stdio?: "inherit" | "ignore";
  log?: (line: string) => void;
  /** Where Hyperdrive connects, given the database's URL (default: the database itself; a fault proxy in bench:faults). */
  hyperdriveUrl?: (databaseUrl: string) => string;
}

/**
 * The whole local stack: PostgreSQL (embedded, or DATABASE_URL) migrated and seeded, and
 * `wrangler dev` with both Hyperdrive bindings pointed at it and KV / Durable Object / cache state
 * persisted in .wrangler/state. Used by `npm run dev`, the benchmarks and the browser tests.
 */
export async function startStack({
  port,
  persistTo = join(ROOT, ".wrangler/state"),
  env = process.env,
  vars = {},
  stdio = "inherit",
  log = console.log,
  hyperdriveUrl = (databaseUrl) => databaseUrl,
}: StackOptions): Promise<Stack> {
  const database = await openProjectDatabase(env);
  log(`[stack] database: ${redact(database.url)} (${database.source})`);
  await migrateDatabase(database.url);
  log("[stack] migrations applied");
  const chromium = chromiumPath();
  if (chromium) log(`[stack] BROWSER binding: ${chromium} (${await useSystemChromiumForBrowserBinding(chromium)})`);
  else log("[stack] BROWSER binding: no chromium found, browser scrapes will fail (apt-get install -y chromium)");

  const hyperdrive = hyperdriveUrl(database.url);
  const varArgs = Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  const wrangler = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      port,
      "--persist-to",
      persistTo,
      "--show-interactive-dev-session=false",
      ...varArgs,
    ],
    {
      cwd: ROOT,
      stdio,
      env: {
        ...env,
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: hyperdrive,
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE_UNCACHED: hyperdrive,
        WRANGLER_SEND_METRICS: "false",
      },
    },
  );
  const url = `http://127.0.0.1:${port}`;

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (wrangler.exitCode === null && wrangler.signalCode === null) {
        const exited = new Promise((resolve) => wrangler.once("exit", resolve));
        wrangler.kill("SIGTERM");
        await exited;
      }
      await database.stop();
    })());
  return { url, database, wrangler, stop };
}

/** Resolves once GET /api/health answers 200, or rejects after `timeoutMs`. */
export async function waitUntilHealthy(url: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const response = await fetch(`${url}/api/health`).catch(() => undefined);
    if (response?.status === 200) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${url} was not healthy within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
