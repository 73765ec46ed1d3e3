// `npm run dev`: the whole stack on this machine. PostgreSQL (embedded, or DATABASE_URL), migrated
// and seeded, then `wrangler dev` with both Hyperdrive bindings pointed at it and KV / Durable
// Object / cache state persisted in .wrangler/state. Ctrl-C stops wrangler, then PostgreSQL.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { migrateDatabase } from "./lib/migrate";
import { openProjectDatabase, redact } from "./lib/project-database";

const port = process.env.PORT ?? "8787";
const root = join(import.meta.dirname, "..");
const wranglerBin = join(root, "node_modules/wrangler/bin/wrangler.js");

const database = await openProjectDatabase();
console.log(`[dev] database: ${redact(database.url)} (${database.source})`);
await migrateDatabase(database.url);
console.log("[dev] migrations applied");

const wrangler = spawn(
  process.execPath,
  [wranglerBin, "dev", "--ip", "127.0.0.1", "--port", port, "--persist-to", join(root, ".wrangler/state"), "--show-interactive-dev-session=false"],
  {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: database.url,
      CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE_UNCACHED: database.url,
      WRANGLER_SEND_METRICS: "false",
    },
  },
);
console.log(`[dev] http://127.0.0.1:${port} (cron: /cdn-cgi/handler/scheduled?cron=<expression>)`);

let stopping = false;
async function stop(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (wrangler.exitCode === null && wrangler.signalCode === null) {
      const exited = new Promise((resolve) => wrangler.once("exit", resolve));
      wrangler.kill("SIGTERM");
      await exited;
    }
    await database.stop();
  }
  process.exit(exitCode);
}

process.on("SIGINT", () => void stop(130));
process.on("SIGTERM", () => void stop(143));
wrangler.on("exit", (code) => void stop(code ?? 1));
