// `npm run dev`: the whole stack on this machine (scripts/lib/stack.ts) on PORT (default 8787).
// Ctrl-C stops wrangler, then PostgreSQL.
import { nodeVersionProblem } from "./lib/node-version";
import { startStack } from "./lib/stack";

// Before anything starts: on an older Node, wrangler would refuse only after PostgreSQL is up.
const tooOld = nodeVersionProblem(process.versions.node);
if (tooOld) {
  console.error(`[dev] ${tooOld}`);
  process.exit(1);
}

const stack = await startStack({ port: process.env.PORT ?? "8787" });
console.log(`[dev] ${stack.url} (cron: /cdn-cgi/handler/scheduled?cron=<expression>)`);

async function stop(exitCode: number): Promise<never> {
  await stack.stop();
  process.exit(exitCode);
}
process.on("SIGINT", () => void stop(130));
process.on("SIGTERM", () => void stop(143));
stack.wrangler.on("exit", (code) => void stop(code ?? 1));
