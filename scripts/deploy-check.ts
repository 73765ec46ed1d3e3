// `npm run deploy:check`: `wrangler deploy --dry-run` for development, staging and production, each
// judged by scripts/lib/deploy-check.ts (bundle ≤ 1 MiB gzipped, every binding development has,
// no placeholder id left). Prints one line per environment and each problem; exits 1 on any.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DryRun, deployProblems, parseDryRun } from "./lib/deploy-check";

const root = join(import.meta.dirname, "..");
const wrangler = join(root, "node_modules/wrangler/bin/wrangler.js");
const ENVIRONMENTS = ["development", "staging", "production"];

const out = await mkdtemp(join(tmpdir(), "cloudgpus-deploy-check-"));
const runs: DryRun[] = [];
try {
  for (const environment of ENVIRONMENTS) {
    const args = ["deploy", "--dry-run", "--outdir", join(out, environment)];
    if (environment !== "development") args.push("--env", environment);
    const result = spawnSync(process.execPath, [wrangler, ...args], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" },
    });
    if (result.status !== 0) {
      console.log(`${environment}: wrangler deploy --dry-run failed\n${result.stdout}${result.stderr}`);
      process.exit(1);
    }
    runs.push(parseDryRun(environment, result.stdout));
  }
} finally {
  await rm(out, { recursive: true, force: true });
}

const [development] = runs;
if (!development) throw new Error("no dry run of development");
let failed = false;
for (const run of runs) {
  const problems = deployProblems(run, development);
  failed ||= problems.length > 0;
  console.log(
    `${run.environment}: ${run.uploadKiB} KiB, ${run.gzipKiB} KiB gzipped, ${run.bindings.size} bindings — ${problems.length ? "NOT deployable" : "ok"}`,
  );
  for (const problem of problems) console.log(`  ${problem}`);
}
process.exit(failed ? 1 : 0);
