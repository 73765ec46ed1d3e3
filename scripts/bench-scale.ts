// `npm run bench:scale`: every public query path against 10× the design's volumes (issue 15 §5):
// 400 providers' worth of offers (20 000), 5 000 000 price_history rows over a year, 100 000 scrape
// jobs, a year of daily rollup rows and 10 000 alert rules, generated in SQL into an embedded
// PostgreSQL of its own (scratch directory, free port). Each path runs through the product's query
// functions; every statement it sends is run again under EXPLAIN (ANALYZE, BUFFERS, SERIALIZE) and
// the median of SCALE_RUNS runs is held to 50 ms per path. Exits 1 when a path is over, unless
// --print-only (or SCALE_PRINT_ONLY=1).
//
// SCALE=0.1 for a quick run. SCALE_DB_DIR keeps the database in that directory between runs (the
// data is generated once; new migrations are applied to it), for trying indexes.
// SCALE_ONLY=<regex> measures only the paths whose names match. SCALE_MARKDOWN=<file> also writes
// the table as Markdown; SCALE_PLANS=<dir> the text plan of every statement over 10 ms.
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "./lib/free-port";
import { startLocalPostgres } from "./lib/local-postgres";
import { migrateDatabase } from "./lib/migrate";
import { generateScaleData, hasScaleData, rowCounts, SCALE_PREFIX, scaleVolumes } from "./lib/scale-data";
import { isRead, type Measurement, measure, planText, recordingDatabase, statementLabel } from "./lib/scale-explain";
import { type PathParameters, queryPaths } from "./lib/scale-paths";
import { printTable } from "./lib/table";

const SCALE = Number(process.env.SCALE ?? 1);
const RUNS = Number(process.env.SCALE_RUNS ?? 5);
const TARGET_MS = 50;
const printOnly = process.argv.includes("--print-only") || process.env.SCALE_PRINT_ONLY === "1";
const keptDir = process.env.SCALE_DB_DIR;

const scratch = keptDir ? undefined : await mkdtemp(join(tmpdir(), "cloudgpus-bench-scale-"));
if (scratch) await chmod(scratch, 0o755);
const server = await startLocalPostgres({
  dataDir: keptDir ?? join(scratch as string, "postgres"),
  port: await freePort(),
  persistent: Boolean(keptDir),
}).catch(async (error: unknown) => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
  throw error;
});
const client = new pg.Client({ connectionString: server.url });
let over = 0;

try {
  await migrateDatabase(server.url);
  await client.connect();
  client.on("notice", () => {});

  const volumes = scaleVolumes(SCALE);
  if (await hasScaleData(client)) {
    console.log(`[scale] kept data in ${keptDir}`);
    await client.query("ANALYZE");
  } else {
    console.log(`[scale] generating SCALE=${SCALE}: ${JSON.stringify(volumes)}`);
    const started = performance.now();
    const timings = await generateScaleData(client, volumes, console.log);
    const total = (performance.now() - started) / 1000;
    console.log(
      `[scale] generated in ${total.toFixed(1)} s (${timings.map((t) => `${t.step} ${t.seconds.toFixed(1)} s`).join(", ")}, then VACUUM ANALYZE)`,
    );
  }
  printTable([["table", "rows"], ...(await rowCounts(client)).map(([table, n]) => [table, n.toLocaleString("en")])]);

  const parameters = await pathParameters(client);
  console.log(`[scale] parameters: ${JSON.stringify(parameters)}`);
  const { db, record } = recordingDatabase(client);
  const only = process.env.SCALE_ONLY ? new RegExp(process.env.SCALE_ONLY) : undefined;
  const paths = queryPaths(parameters).filter((path) => !only || only.test(path.name));
  // The first match fires whatever holds; the one measured is every later scrape's: nothing new.
  await queryPaths(parameters)
    .find((path) => path.name.startsWith("alert matching"))
    ?.run(db);
  await client.query("ANALYZE cloudgpus.alert_firings, cloudgpus.alert_deliveries");

  const header = ["path", "statement", "first ms", "median ms", "plan ms", "hit/read", "main scan", "seq scans", "ok"];
  const rows: string[][] = [header];
  for (const path of paths) {
    const statements = await record(path.run);
    const measured: Measurement[] = [];
    for (const [index, statement] of statements.entries()) {
      const label = `${index + 1}. ${statementLabel(statement)}`;
      if (!isRead(statement)) {
        rows.push([path.name, label, "", "", "", "", "write: not re-run", "", ""]);
        continue;
      }
      const m = await measure(client, statement, RUNS);
      measured.push(m);
      if (process.env.SCALE_PLANS && m.medianMs > 10) {
        await mkdir(process.env.SCALE_PLANS, { recursive: true });
        await writeFile(
          join(process.env.SCALE_PLANS, `${path.name.replace(/[^a-z0-9]+/gi, "-")}-${index + 1}.txt`),
          await planText(client, statement),
        );
      }
      rows.push([
        path.name,
        label,
        m.firstMs.toFixed(1),
        m.medianMs.toFixed(1),
        m.planningMs.toFixed(1),
        `${m.sharedHit}/${m.sharedRead}`,
        m.mainScan,
        m.seqScans.join(" ") || "-",
        "",
      ]);
    }
    const total = measured.reduce((sum, m) => sum + m.medianMs + m.planningMs, 0);
    const ok = total <= TARGET_MS;
    if (!ok) over++;
    console.log(`[scale] ${path.name}: ${total.toFixed(1)} ms ${ok ? "✓" : "✗"}`);
    rows.push([path.name, "= path total (exec + plan)", "", total.toFixed(1), "", "", "", "", ok ? "✓" : "✗"]);
  }
  printTable(rows, 2);
  if (process.env.SCALE_MARKDOWN)
    await writeFile(
      process.env.SCALE_MARKDOWN,
      [
        `| ${header.join(" | ")} |`,
        `|${header.map(() => "---").join("|")}|`,
        ...rows.slice(1).map((row) => `| ${row.map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`),
      ].join("\n"),
    );
  console.log(`[scale] ${paths.length} paths, ${over} over ${TARGET_MS} ms`);
} finally {
  await client.end().catch(() => {});
  await server.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
}
if (over > 0 && !printOnly) process.exitCode = 1;

/** The parameters a busy day sends: the providers with the most offers, the popular GPU's longest-lived offer. */
async function pathParameters(pgClient: pg.Client): Promise<PathParameters> {
  const gpu = "h100-sxm";
  const top = await pgClient.query<{ id: string; slug: string }>(`
    SELECT p.id, p.slug FROM cloudgpus.providers p JOIN cloudgpus.instances i ON i.provider_id = p.id
    WHERE p.is_active AND i.is_active GROUP BY p.id ORDER BY count(*) DESC, p.slug LIMIT 2`);
  const [first, second] = top.rows;
  if (!first || !second) throw new Error("fewer than two providers with offers");
  const offer = await pgClient.query<{ id: string }>(
    `SELECT i.id FROM cloudgpus.instances i JOIN cloudgpus.gpu_models g ON g.id = i.gpu_model_id
     WHERE g.slug = $1 AND i.is_active AND i.instance_type LIKE '${SCALE_PREFIX}%'
     ORDER BY (SELECT count(*) FROM cloudgpus.price_history h WHERE h.instance_id = i.id) DESC LIMIT 1`,
    [gpu],
  );
  const instanceId = offer.rows[0]?.id;
  if (!instanceId) throw new Error(`no active ${gpu} offer`);
  return { gpu, providers: [first.slug, second.slug], providerId: first.id, instanceId, now: new Date() };
}
