// `npm run bench:faults`: the local stack with RunPod answered by a fault server (its recorded
// answer, or a fault made from it) and PostgreSQL behind a proxy that can refuse or hang. Each fault
// is triggered the way production meets it (scrape now, the cron), then: what the scrape recorded
// (scrape_jobs, breaker, dead letters, quarantine), what a visitor saw, and the provider's rows
// compared with the baseline column by column. Exits 1 when any fault lost or corrupted a price.
// FAULTS=name,name runs a subset; FAULTS_VERBOSE=1 shows wrangler's output.
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startDatabaseProxy } from "./lib/fault-db-proxy";
import { BOOKKEEPING_COLUMNS, diffRows, type ProviderRows, snapshotProvider, storedPrice } from "./lib/fault-rows";
import { htmlErrorPage, type ProviderAnswer, startFaultServer } from "./lib/fault-server";
import { freePort } from "./lib/free-port";
import { startStack, waitUntilHealthy } from "./lib/stack";
import { printTable } from "./lib/table";

const SLUG = "runpod";
// The documented answer: RunPod's 2026 recording is of a query without the cloud flags, which the
// adapter rightly fails as schema drift.
const FIXTURE = join(import.meta.dirname, "../workers/providers/runpod/fixtures/success.json");
const ADMIN_TOKEN = "bench-faults-admin-token";
const INSTANCES_PATH = `/api/instances?where[provider.slug][equals]=${SLUG}&limit=100`;
/** How long a retry of a failed attempt may take to come back (full-jitter backoff of up to 30 s). */
const RETRY_WAIT_MS = Number(process.env.FAULTS_RETRY_WAIT_MS ?? 45_000);
/** A read slower than this is reported as a hang. */
const READ_BOUND_MS = 10_000;
const HANG_MS = Number(process.env.FAULTS_HANG_MS ?? 20_000);

interface GpuType {
  id: string;
  securePrice: number;
  communityPrice: number;
}
const recording = JSON.parse(await readFile(FIXTURE, "utf8")) as {
  exchanges: { response: { body: { data: { gpuTypes: GpuType[] } } } }[];
};
const goodBody = recording.exchanges[0]!.response.body;
/** The recorded answer with some GPUs' prices replaced. */
const withPrices = (prices: Record<string, number>) => ({
  data: {
    gpuTypes: goodBody.data.gpuTypes.map((gpu) =>
      gpu.id in prices ? { ...gpu, securePrice: prices[gpu.id], communityPrice: prices[gpu.id] } : gpu,
    ),
  },
});
const good: ProviderAnswer = { kind: "json", body: goodBody };

const scratch = await mkdtemp(join(tmpdir(), "cloudgpus-bench-faults-"));
await chmod(scratch, 0o755);
const pgPort = await freePort();
const proxy = await startDatabaseProxy(await freePort(), pgPort);
const provider = await startFaultServer(await freePort(), good);
const verbose = Boolean(process.env.FAULTS_VERBOSE);
const stack = await startStack({
  port: String(await freePort()),
  persistTo: join(scratch, "state"),
  env: { ...process.env, DATABASE_URL: "", LOCAL_DB_DIR: join(scratch, "postgres"), LOCAL_DB_PORT: String(pgPort) },
  // The bench asks far more often than a visitor may: the limits are not what is measured here.
  vars: { ADMIN_TOKEN, RUNPOD_BASE_URL: provider.url, RATE_LIMIT_MULTIPLIER: "1000000" },
  hyperdriveUrl: (url) => url.replace(`:${pgPort}/`, `:${proxy.port}/`),
  stdio: verbose ? "inherit" : "ignore",
  log: verbose ? console.log : () => {},
});
const tooling = new pg.Client({ connectionString: stack.database.url });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${stack.url}/admin${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}
async function scrapeNow(): Promise<void> {
  const response = await admin("POST", `/providers/${SLUG}/scrape`);
  if (response.status !== 202) throw new Error(`scrape now answered ${response.status}: ${await response.text()}`);
}
const resetBreaker = () => admin("POST", `/providers/${SLUG}/breaker`, { action: "reset" });
async function breakerPhase(): Promise<string> {
  const text = await (await admin("GET", "/metrics")).text();
  const line = text.split("\n").find((row) => row.startsWith(`cloudgpus_circuit_breaker_state{provider="${SLUG}"`));
  return ["closed", "half-open", "open"][Number(line?.split(" ").at(-1))] ?? "unknown";
}
const fireCron = (time: number) =>
  fetch(`${stack.url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("0 * * * *")}&time=${time}`);

let providerId = "";
interface Job {
  id: string;
  status: string;
  error_code: string | null;
  error_message: string | null;
  retry_count: number;
  started_at: Date;
  completed_at: Date | null;
}
async function jobsSince(since: Date): Promise<Job[]> {
  const { rows } = await tooling.query<Job>(
    `SELECT id, status, error_code, error_message, retry_count, started_at, completed_at FROM cloudgpus.scrape_jobs
     WHERE provider_id = $1 AND started_at >= $2 ORDER BY started_at`,
    [providerId, since],
  );
  return rows;
}
async function waitForJobs(since: Date, done: (jobs: Job[]) => boolean, timeoutMs: number): Promise<Job[]> {
  const started = Date.now();
  for (;;) {
    const jobs = await jobsSince(since);
    if (done(jobs) || Date.now() - started > timeoutMs) return jobs;
    await sleep(500);
  }
}
const completed = (jobs: Job[]) => jobs.some((job) => job.status === "completed");
async function quarantinedSince(since: Date): Promise<{ code: string; instance_type: string; price: string }[]> {
  const { rows } = await tooling.query(
    `SELECT i.code, i.instance_type, i.price_per_hour AS price FROM cloudgpus.scrape_offer_issues i
     JOIN cloudgpus.scrape_jobs j ON j.id = i.scrape_job_id
     WHERE i.provider_id = $1 AND j.started_at >= $2 AND i.kind = 'quarantined' ORDER BY i.instance_type`,
    [providerId, since],
  );
  return rows;
}
async function deadLettersSince(since: Date): Promise<number> {
  const { rows } = await tooling.query<{ count: string }>(
    "SELECT count(*) FROM cloudgpus.dead_letters WHERE received_at >= $1",
    [since],
  );
  return Number(rows[0]?.count ?? 0);
}

interface Seen {
  status: number;
  cache: string;
  ms: number;
  offers: number | null;
  code: string | null;
  /** A page's notice that its prices may be out of date. */
  notice: boolean;
}
/** What a visitor's request got, bounded so that a hang is measured instead of waited out. */
async function visit(path: string, boundMs = 60_000): Promise<Seen> {
  const started = Date.now();
  try {
    const response = await fetch(`${stack.url}${path}`, { signal: AbortSignal.timeout(boundMs) });
    const text = await response.text();
    let offers: number | null = null;
    let code: string | null = null;
    if (response.headers.get("content-type")?.includes("json")) {
      const body = JSON.parse(text) as { docs?: unknown[]; error?: { code?: string } };
      offers = body.docs?.length ?? null;
      code = body.error?.code ?? null;
    }
    return {
      status: response.status,
      cache: response.headers.get("x-cache") ?? "-",
      ms: Date.now() - started,
      offers,
      code,
      notice: text.includes('class="stale-notice"'),
    };
  } catch {
    return { status: 0, cache: "-", ms: Date.now() - started, offers: null, code: "no answer", notice: false };
  }
}
const describeSeen = (seen: Seen) =>
  `${seen.status || "none"}${seen.cache !== "-" ? ` ${seen.cache}` : ""}${seen.offers !== null ? ` ${seen.offers} offers` : ""}${seen.code ? ` ${seen.code}` : ""} in ${seconds(seen.ms)}`;

interface Outcome {
  fault: string;
  user: string;
  recorded: string;
  lost: number;
  pass: boolean;
  note?: string;
}

let baseline: ProviderRows;
/** Rows lost or corrupted against `expected` (the baseline unless the fault is meant to change prices). */
async function rowsLost(expected: ProviderRows = baseline): Promise<{ lost: number; detail: string }> {
  const diff = diffRows(expected, await snapshotProvider(tooling, providerId));
  const lost = diff.instancesLostOrChanged.length + diff.historyLostOrChanged;
  const detail = lost
    ? `changed: ${diff.instancesLostOrChanged.join(", ")}; history rewritten: ${diff.historyLostOrChanged}`
    : `history +${diff.historyAdded}`;
  return { lost, detail };
}

const describeJobs = (jobs: Job[]) =>
  jobs.length
    ? jobs
        .map((job) => `${job.status}${job.error_code ? ` ${job.error_code}` : ""} (try ${job.retry_count + 1})`)
        .join(" → ")
    : "no scrape_jobs row";

/**
 * A provider fault: the first answer is `fault`, the ones after it the recorded answer, so the
 * retry the consumer schedules finds the provider healthy again (and must then store nothing new).
 */
async function providerFault(name: string, fault: ProviderAnswer, expect: (jobs: Job[]) => boolean): Promise<Outcome> {
  await resetBreaker();
  const since = new Date();
  provider.queue(fault);
  await scrapeNow();
  const first = await waitForJobs(since, (jobs) => jobs.length > 0, 60_000);
  const breaker = await breakerPhase();
  const user = await visit(INSTANCES_PATH);
  const page = await visit(`/provider/${SLUG}`);
  const jobs = first[0]?.status === "completed" ? first : await waitForJobs(since, completed, RETRY_WAIT_MS);
  const quarantined = await quarantinedSince(since);
  const { lost, detail } = await rowsLost();
  const firstOk = expect(first);
  return {
    fault: name,
    user: `API ${describeSeen(user)}; page ${page.status}`,
    recorded: `${describeJobs(jobs)}; breaker ${breaker}; DLQ +${await deadLettersSince(since)}; quarantined ${quarantined.length}`,
    lost,
    pass: lost === 0 && firstOk && user.status === 200 && page.status === 200,
    note: detail,
  };
}

const failedWith = (code: string) => (jobs: Job[]) => jobs[0]?.error_code === code;

const FAULTS: Record<string, () => Promise<Outcome>> = {
  "provider 500": () =>
    providerFault(
      "provider 500",
      { kind: "status", status: 500, body: "internal error" },
      failedWith("UPSTREAM_UNAVAILABLE"),
    ),
  "provider timeout": () => providerFault("provider timeout", { kind: "hang" }, failedWith("ETIMEDOUT")),
  "provider 429 Retry-After": () =>
    providerFault(
      "provider 429 Retry-After",
      { kind: "status", status: 429, headers: { "Retry-After": "3" }, body: "slow down" },
      failedWith("RATE_LIMITED"),
    ),
  "HTML error page, 200": () => providerFault("HTML error page, 200", htmlErrorPage(), failedWith("INVALID_RESPONSE")),
  "truncated JSON": () =>
    providerFault("truncated JSON", { kind: "truncated", body: goodBody }, failedWith("INVALID_RESPONSE")),
  "absurd prices": async () => {
    const outcome = await providerFault(
      "absurd prices",
      { kind: "json", body: withPrices({ "NVIDIA H100 80GB HBM3": 0.01, "NVIDIA H100 PCIe": 9999 }) },
      (jobs) => jobs[0]?.status === "completed",
    );
    const since = new Date(Date.now() - 120_000);
    const issues = await quarantinedSince(since);
    const held = issues.map((issue) => `${issue.instance_type} ${Number(issue.price)}`);
    const heldBoth = [0.01, 9999].every((price) => issues.some((issue) => Number(issue.price) === price));
    return { ...outcome, pass: outcome.pass && heldBoth, note: `${outcome.note}; held: ${held.join(", ") || "none"}` };
  },
  "database refused during a scrape": () => databaseDuringScrape("refuse"),
  "database hung during a scrape": () => databaseDuringScrape("hang"),
  "database refused during reads": () => databaseDuringReads("refuse"),
  "database hung during reads": () => databaseDuringReads("hang"),
  "replayed cron": replayedCron,
  "same message twice": sameMessageTwice,
  "out of order": outOfOrder,
};

/** The database goes away once the provider has been asked, so the scrape has offers and nowhere to put them. */
async function databaseDuringScrape(mode: "refuse" | "hang"): Promise<Outcome> {
  await resetBreaker();
  const since = new Date();
  let cutAt = 0;
  provider.onRequest(async () => {
    provider.onRequest(null);
    cutAt = Date.now();
    await proxy.set(mode);
  });
  await scrapeNow();
  const deadline = Date.now() + 30_000;
  while (!cutAt && Date.now() < deadline) await sleep(200);
  await sleep(HANG_MS);
  const during = await visit(INSTANCES_PATH, READ_BOUND_MS * 3);
  await proxy.set("pass");
  const restoredAt = Date.now();
  const jobs = await waitForJobs(since, completed, RETRY_WAIT_MS + 30_000);
  const done = jobs.find((job) => job.status === "completed");
  const { lost, detail } = await rowsLost();
  const recoveredIn = done?.completed_at ? seconds(done.completed_at.getTime() - restoredAt) : "never";
  const tookFromCut = done?.completed_at && cutAt ? seconds(done.completed_at.getTime() - cutAt) : "-";
  return {
    fault: `database ${mode === "refuse" ? "refused" : "hung"} during a scrape`,
    user: `API ${describeSeen(during)} while down`,
    recorded: `${describeJobs(jobs)}; stored ${recoveredIn} after the database came back (${tookFromCut} after it went ${mode === "refuse" ? "away" : "silent"}); DLQ +${await deadLettersSince(since)}`,
    lost,
    pass: lost === 0 && done !== undefined && during.status === 200,
    note: detail,
  };
}

/**
 * Reads while the database is away: a question answered before (its edge copy outdated by a version
 * bump, so the database is really asked) must get its last good answer marked STALE; one never
 * answered before an error envelope. Neither a 500 nor a wait past READ_BOUND_MS.
 */
async function databaseDuringReads(mode: "refuse" | "hang"): Promise<Outcome> {
  const askedBefore = `${INSTANCES_PATH}&sort=price_per_hour`;
  const pagePath = `/provider/${SLUG}`;
  await visit(askedBefore);
  await visit(pagePath);
  const [last] = (await jobsSince(new Date(0))).filter((job) => job.status === "completed").slice(-1);
  const announced = await admin("POST", `/providers/${SLUG}/stored`, { scrape_job_id: last?.id });
  if (announced.status !== 202) throw new Error(`announcing the last scrape answered ${announced.status}`);
  await proxy.set(mode);
  const stale = await visit(askedBefore);
  const page = await visit(pagePath);
  const neverAsked = await visit(`${INSTANCES_PATH}&sort=-price_per_hour&page=${mode === "refuse" ? 2 : 3}`);
  await proxy.set("pass");
  const { lost, detail } = await rowsLost();
  const bounded = [stale, page, neverAsked].every((seen) => seen.status !== 0 && seen.ms < READ_BOUND_MS);
  return {
    fault: `database ${mode === "refuse" ? "refused" : "hung"} during reads`,
    user: `asked before: ${describeSeen(stale)}; page ${page.status} ${page.cache}${page.notice ? " with its notice" : ""} in ${seconds(page.ms)}; never asked: ${describeSeen(neverAsked)}`,
    recorded: "nothing (reads only)",
    lost,
    pass:
      lost === 0 &&
      bounded &&
      stale.status === 200 &&
      stale.cache === "STALE" &&
      page.status === 200 &&
      page.notice &&
      neverAsked.status === 503,
    note: bounded ? detail : `${detail}; a read took longer than ${seconds(READ_BOUND_MS)}`,
  };
}

/** A minute past the hour `hoursAhead` from now: a slot no earlier step planned. */
const slotTime = (hoursAhead: number) => {
  const slot = new Date();
  slot.setUTCMinutes(0, 0, 0);
  return slot.getTime() + hoursAhead * 3_600_000 + 60_000;
};
async function dispatchesFor(time: number) {
  const slot = new Date(time);
  slot.setUTCMinutes(0, 0, 0);
  const { rows } = await tooling.query<{ scrape_job_id: string | null; attempts: number }>(
    "SELECT scrape_job_id, attempts FROM cloudgpus.scrape_dispatches WHERE provider_id = $1 AND scheduled_for = $2",
    [providerId, slot],
  );
  return { slot, rows };
}

/** The same scheduled firing twice: one dispatch, one message, one stored scrape. */
async function replayedCron(): Promise<Outcome> {
  await resetBreaker();
  const since = new Date();
  const time = slotTime(2);
  const firings = [await fireCron(time), await fireCron(time)];
  await waitForJobs(since, completed, 30_000);
  await sleep(8_000); // time enough for a second message, had one been sent
  const jobs = await jobsSince(since);
  const { rows } = await dispatchesFor(time);
  const { lost, detail } = await rowsLost();
  return {
    fault: "replayed cron",
    user: `cron answered ${firings.map((firing) => firing.status).join(", ")}`,
    recorded: `${describeJobs(jobs)}; dispatch rows for the slot: ${rows.length}`,
    lost,
    pass: lost === 0 && firings.every((firing) => firing.ok) && jobs.length === 1 && rows.length === 1,
    note: detail,
  };
}

/**
 * The planned message of a stored slot delivered again, through the dead-letter replay route (as
 * an operator would resend it): the consumer must see the slot is done and store nothing.
 */
async function sameMessageTwice(): Promise<Outcome> {
  const time = slotTime(2);
  const { slot, rows: before } = await dispatchesFor(time);
  if (!before[0]?.scrape_job_id) throw new Error("run 'replayed cron' first: its slot is the message replayed here");
  const since = new Date();
  const {
    rows: [letter],
  } = await tooling.query<{ id: string }>(
    `INSERT INTO cloudgpus.dead_letters (queue, kind, message_id, body, attempts)
     VALUES ('cloudgpus-scrape-dlq', 'scrape', $1, $2, 4) RETURNING id`,
    [`bench-faults-${Date.now()}`, { provider: SLUG, scheduledFor: slot.toISOString() }],
  );
  const replayed = await Promise.all([
    admin("POST", `/dlq/${letter?.id}/replay`),
    admin("POST", `/dlq/${letter?.id}/replay`),
  ]);
  await sleep(10_000);
  const jobs = await jobsSince(since);
  const { rows: after } = await dispatchesFor(time);
  const { lost, detail } = await rowsLost();
  const statuses = replayed.map((response) => response.status).sort();
  return {
    fault: "same message twice",
    user: `replay answered ${statuses.join(", ")}`,
    recorded: `${describeJobs(jobs)}; dispatch still names job ${after[0]?.scrape_job_id === before[0].scrape_job_id ? "of the first delivery" : "another job"}`,
    lost,
    pass:
      lost === 0 &&
      jobs.length === 0 &&
      after[0]?.scrape_job_id === before[0].scrape_job_id &&
      statuses.join() === "200,409",
    note: detail,
  };
}

const CUT_PRICE = 2.69;
/**
 * Two scrapes of one provider in flight at once: the first asked sees the old prices and answers
 * late, the second asked sees a price cut and stores first. The cut must stand.
 */
async function outOfOrder(): Promise<Outcome> {
  await resetBreaker();
  const since = new Date();
  const cut = "secure:NVIDIA H100 NVL";
  const newer = withPrices({ "NVIDIA H100 NVL": CUT_PRICE });
  provider.queue({ kind: "json", body: goodBody, delayMs: 12_000 }, { kind: "json", body: newer });
  provider.fallback({ kind: "json", body: newer });
  const asked = provider.requests();
  await scrapeNow();
  while (provider.requests() === asked) await sleep(100);
  await sleep(6_000); // past the queue's 5 s batch window: the second message comes in a batch of its own
  await scrapeNow();
  const jobs = await waitForJobs(since, (rows) => rows.filter((job) => job.status === "completed").length >= 2, 60_000);
  const rows = await snapshotProvider(tooling, providerId);
  const price = storedPrice(rows, cut);
  const overlapped = jobs.length >= 2 && jobs[1]!.started_at < (jobs[0]!.completed_at ?? new Date());
  const seen = await visit(INSTANCES_PATH);
  return {
    fault: "out of order",
    user: `API ${describeSeen(seen)}`,
    recorded: `${describeJobs(jobs)}; ${overlapped ? "the scrapes overlapped" : "the scrapes ran one after the other"}`,
    lost: price === CUT_PRICE ? 0 : 1,
    pass: price === CUT_PRICE && seen.status === 200,
    note: `${cut} stored at ${price} (was ${storedPrice(baseline, cut)}, cut to ${CUT_PRICE})`,
  };
}

const chosen = process.env.FAULTS?.split(",").map((name) => name.trim());
const results: Outcome[] = [];
try {
  await waitUntilHealthy(stack.url);
  await tooling.connect();
  const {
    rows: [row],
  } = await tooling.query<{ id: string }>("SELECT id FROM cloudgpus.providers WHERE slug = $1", [SLUG]);
  providerId = row!.id;
  // Only the provider under test is planned by the cron: every other one would call the internet.
  await tooling.query(
    "UPDATE cloudgpus.scrape_schedules SET enabled = (provider_id = $1), interval_hours = 1, offset_hours = 0",
    [providerId],
  );
  const since = new Date();
  await scrapeNow();
  const first = await waitForJobs(since, completed, 60_000);
  if (!completed(first)) throw new Error(`the baseline scrape did not complete: ${describeJobs(first)}`);
  baseline = await snapshotProvider(tooling, providerId);
  console.log(
    `baseline: ${baseline.instances.size} ${SLUG} offers, ${baseline.history.size} price_history rows; ` +
      `columns allowed to change: ${BOOKKEEPING_COLUMNS.join(", ")}`,
  );
  for (const [name, run] of Object.entries(FAULTS)) {
    if (chosen && !chosen.includes(name)) continue;
    // Whatever the previous fault left behind (it may have failed half way) is put right first.
    provider.onRequest(null);
    await proxy.set("pass");
    const started = Date.now();
    const outcome = await run().catch(
      (error): Outcome => ({ fault: name, user: "-", recorded: `bench error: ${error.message}`, lost: 0, pass: false }),
    );
    results.push(outcome);
    console.log(`${outcome.pass ? "pass" : "FAIL"}  ${name} (${seconds(Date.now() - started)}): ${outcome.note ?? ""}`);
  }
} finally {
  await tooling.end().catch(() => {});
  await stack.stop();
  await provider.close();
  await proxy.close();
  await rm(scratch, { recursive: true, force: true });
}

console.log("\nFaults end to end against wrangler dev (RunPod from a fault server, PostgreSQL behind a proxy)\n");
printTable(
  [
    ["fault", "what the user saw", "what was recorded", "rows lost/corrupted", "result"],
    ...results.map((outcome) => [
      outcome.fault,
      outcome.user,
      outcome.recorded,
      String(outcome.lost),
      outcome.pass ? "pass" : "FAIL",
    ]),
  ],
  3,
);
if (results.some((outcome) => !outcome.pass)) process.exitCode = 1;
