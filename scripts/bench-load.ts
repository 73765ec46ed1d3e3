// `npm run bench:load`: the Worker under a mixed read load, in one run against one local stack of
// its own (`wrangler dev` on embedded PostgreSQL, every provider's recorded prices loaded).
// Throughput and p50/p95/p99 of the mixed workload (API reads and pages, half with an API key), of
// /api/instances cached and uncached, of a conventional Node server (Fastify + pg, a query per
// request) answering the same /api/instances from the same database, and of a static asset served
// by the same Worker (the machine's ceiling), as ratios. Then the rate limiter with its real limits:
// 50 clients at once per policy, each sending more than its allowance; exits non-zero when a client
// got more than its bucket holds, or less than its burst, a 429 came without Retry-After, or
// anything answered 5xx.

import { deepStrictEqual } from "node:assert/strict";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Request as LoadRequest } from "autocannon";
import { RATE_LIMIT_POLICIES } from "../shared/rate-limit";
import { type FastifyInstances, startFastifyInstances } from "./lib/fastify-instances";
import { freePort } from "./lib/free-port";
import { type FloodVerdict, flood } from "./lib/load-limiter";
import { describeMix, mixedRequest, READ_MIX } from "./lib/load-mix";
import { type LoadScenario, pairedRatio, runRounds, summarise } from "./lib/load-rounds";
import { replayAllRecordings } from "./lib/replay";
import { type Stack, startStack, waitUntilHealthy } from "./lib/stack";
import { printTable } from "./lib/table";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const LIMIT_CLIENTS = Number(process.env.LIMIT_CLIENTS ?? 50);
const LIMIT_IN_FLIGHT = Number(process.env.LIMIT_IN_FLIGHT ?? 2);
const PHASES = (process.env.BENCH_PHASES ?? "throughput,limiter").split(",");
const ADMIN_TOKEN = crypto.randomUUID();
// What browsers and HTTP libraries send; the Worker answers such a client with the gzip it keeps.
const CLIENT_HEADERS = { "Accept-Encoding": "gzip, deflate, br" };

const CACHED_PATH = READ_MIX[0]?.path as string;
const INSTANCE_SHAPES = READ_MIX.filter((entry) => entry.path.startsWith("/api/instances?")).map((entry) => entry.path);
// A new price bound each time is a new cache key: every such request reaches the database.
const varyingPath = () => {
  let counter = 0;
  return () => `/api/instances?where[price_per_gpu_hour][less_than]=${(5 + ++counter / 1000).toFixed(3)}&limit=20`;
};

const scratch = await mkdtemp(join(tmpdir(), "cloudgpus-bench-load-"));
await chmod(scratch, 0o755);
const databaseEnv = {
  ...process.env,
  DATABASE_URL: "",
  LOCAL_DB_DIR: join(scratch, "postgres"),
  LOCAL_DB_PORT: String(await freePort()),
};
const stackWith = async (name: string, vars: Record<string, string>) => {
  const stack = await startStack({
    port: String(await freePort()),
    persistTo: join(scratch, name),
    env: databaseEnv,
    vars: { ADMIN_TOKEN, ...vars },
    stdio: "ignore",
    log: () => {},
  });
  await waitUntilHealthy(stack.url);
  return stack;
};

async function issueKey(stack: Stack, name: string, from: string): Promise<string> {
  const issued = await fetch(`${stack.url}/admin/api-keys`, {
    method: "POST",
    // /admin/* is limited by address (burst 20): each key is asked for from an address of its own.
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json", "CF-Connecting-IP": from },
    body: JSON.stringify({ name, tier: "standard" }),
  });
  if (!issued.ok) throw new Error(`could not issue an API key: HTTP ${issued.status} ${await issued.text()}`);
  return ((await issued.json()) as { key: string }).key;
}

async function readJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: CLIENT_HEADERS });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

async function throughput(): Promise<void> {
  const stack = await stackWith("throughput", { RATE_LIMIT_MULTIPLIER: "1000000" });
  let fastify: FastifyInstances | undefined;
  let unpooled: FastifyInstances | undefined;
  try {
    await replayAllRecordings(stack.database.url, "bench");
    fastify = await startFastifyInstances(stack.database.url, { poolSize: CONNECTIONS });
    unpooled = await startFastifyInstances(stack.database.url, { connectPerRequest: true });
    const keyed = { "X-API-Key": await issueKey(stack, "bench-load", "198.51.100.1") };

    // Both servers must answer the same offers before their speeds mean anything.
    for (const path of [...INSTANCE_SHAPES, "/api/instances?where[price_per_gpu_hour][less_than]=4.999&limit=20"]) {
      const [worker, conventional]: unknown[] = await Promise.all([
        readJson(`${stack.url}${path}`),
        readJson(`${fastify.url}${path}`),
      ]);
      deepStrictEqual(conventional, worker, `Fastify and the Worker answer ${path} differently`);
    }
    for (const entry of READ_MIX)
      for (const headers of [CLIENT_HEADERS, { ...CLIENT_HEADERS, ...keyed }]) {
        const warm = await fetch(`${stack.url}${entry.path}`, { headers }); // warm the edge cache
        await warm.arrayBuffer();
        if (!warm.ok) throw new Error(`warming ${entry.path}: HTTP ${warm.status}`);
      }

    const onWorker = varyingPath();
    const onFastify = varyingPath();
    const onUnpooled = varyingPath();
    const varying = (next: () => string): LoadRequest[] => [
      { method: "GET", setupRequest: (request: LoadRequest) => ({ ...request, path: next() }) },
    ];
    const scenarios: LoadScenario[] = [
      {
        name: "Worker static /styles.css (ceiling)",
        url: stack.url,
        requests: [{ method: "GET", path: "/styles.css" }],
      },
      { name: "Worker mixed reads, ½ keyed", url: stack.url, requests: [mixedRequest(READ_MIX, keyed)] },
      { name: "Worker /api/instances cached", url: stack.url, requests: [{ method: "GET", path: CACHED_PATH }] },
      { name: "Worker /api/instances uncached", url: stack.url, requests: varying(onWorker) },
      { name: "Fastify+pg /api/instances", url: fastify.url, requests: [{ method: "GET", path: CACHED_PATH }] },
      { name: "Fastify+pg /api/instances varying", url: fastify.url, requests: varying(onFastify) },
      {
        name: "Fastify+pg varying, no pool",
        url: unpooled.url,
        requests: varying(onUnpooled),
      },
    ];
    const runs = await runRounds(scenarios, {
      rounds: ROUNDS,
      seconds: SECONDS,
      connections: CONNECTIONS,
      headers: CLIENT_HEADERS,
    });

    console.log(
      `autocannon: ${CONNECTIONS} connections × ${SECONDS} s per scenario, ${ROUNDS} interleaved rounds (medians), ` +
        `every request with Accept-Encoding: ${CLIENT_HEADERS["Accept-Encoding"]}\n` +
        `Worker: wrangler dev at ${stack.url}, a local simulation (its proxies on loopback, one isolate, ` +
        "local Hyperdrive without a pool), not the edge; rate limits lifted ×1 000 000, every request still counted\n" +
        `Fastify ${fastify.url}, pg Pool of ${CONNECTIONS}, same database; "no pool": a new connection per request, ` +
        "as wrangler dev's local Hyperdrive makes for the Worker\n" +
        `both servers answered the same JSON (every offer, field for field) to ${INSTANCE_SHAPES.length + 1} query strings before measuring\n\n` +
        "mixed reads, by weight (half of them with an API key):",
    );
    for (const line of describeMix(READ_MIX)) console.log(`  ${line}`);
    const ceiling = scenarios[0]?.name as string;
    console.log("");
    printTable([
      ["scenario", "req/s", "× static", "p50 ms", "p95 ms", "p99 ms", "p99 × static", "bytes/req", "errors", "non-2xx"],
      ...scenarios.map(({ name }) => {
        const row = summarise(runs.get(name) ?? []);
        return [
          name,
          String(row.rps),
          pairedRatio(runs, name, ceiling, (run) => run.rps).median.toFixed(2),
          row.p50.toFixed(1),
          row.p95.toFixed(1),
          row.p99.toFixed(1),
          pairedRatio(runs, name, ceiling, (run) => run.p99).median.toFixed(2),
          String(row.bytesPerRequest),
          String(row.errors),
          String(row.non2xx),
        ];
      }),
    ]);
    console.log("\nWorker ÷ Fastify+pg on the same /api/instances (paired per round; min–max over rounds):");
    for (const [worker, conventional] of [
      ["Worker /api/instances cached", "Fastify+pg /api/instances"],
      ["Worker /api/instances uncached", "Fastify+pg /api/instances varying"],
      ["Worker /api/instances uncached", "Fastify+pg varying, no pool"],
    ] as const) {
      const rps = pairedRatio(runs, worker, conventional, (run) => run.rps);
      const p99 = pairedRatio(runs, worker, conventional, (run) => run.p99);
      console.log(
        `  ${worker} ÷ ${conventional}: ${rps.median.toFixed(2)}× req/s (${rps.min.toFixed(2)}–${rps.max.toFixed(2)}), ` +
          `${p99.median.toFixed(2)}× p99 (${p99.min.toFixed(2)}–${p99.max.toFixed(2)})`,
      );
    }
  } finally {
    await fastify?.close();
    await unpooled?.close();
    await stack.stop();
  }
}

async function limiter(): Promise<FloodVerdict[]> {
  // The same database, a Worker with fresh state and the real limits.
  const stack = await stackWith("limits", {});
  try {
    const addresses = (prefix: string) => Array.from({ length: LIMIT_CLIENTS }, (_, i) => `${prefix}.${i + 1}`);
    // wrangler dev passes the client's CF-Connecting-IP through (miniflare only fills it in when it
    // is missing), which is what lets one machine be 50 addresses; if it did not, every client below
    // would share one bucket. Checked rather than assumed.
    const remaining = await Promise.all(
      ["192.0.2.250", "192.0.2.251"].map(async (from) => {
        const response = await fetch(`${stack.url}${CACHED_PATH}`, { headers: { "CF-Connecting-IP": from } });
        await response.arrayBuffer();
        return response.headers.get("RateLimit-Remaining");
      }),
    );
    const fresh = String(RATE_LIMIT_POLICIES.anonymous.burst - 1);
    if (remaining.some((value) => value !== fresh))
      throw new Error(`two addresses did not get buckets of their own (RateLimit-Remaining ${remaining.join(", ")})`);
    const keys: string[] = [];
    for (const from of addresses("198.51.100")) keys.push(await issueKey(stack, `load-${from}`, from));

    const plans = [
      {
        name: "visitor: pages by address",
        policy: RATE_LIMIT_POLICIES.visitor,
        path: "/cloud-gpu/h100-sxm",
        clients: addresses("203.0.113").map((from) => ({ "CF-Connecting-IP": from })),
        perClient: 200,
      },
      {
        name: "anonymous: API by address",
        policy: RATE_LIMIT_POLICIES.anonymous,
        path: CACHED_PATH,
        clients: addresses("192.0.2").map((from) => ({ "CF-Connecting-IP": from })),
        perClient: 40,
      },
      {
        name: "standard: API by key",
        policy: RATE_LIMIT_POLICIES.standard,
        path: CACHED_PATH,
        // One address for all of them: a key is counted by key, wherever it comes from.
        clients: keys.map((key) => ({ "X-API-Key": key, "CF-Connecting-IP": "192.0.2.200" })),
        perClient: 160,
      },
    ];
    const verdicts: FloodVerdict[] = [];
    for (const plan of plans) {
      await fetch(`${stack.url}${plan.path}`, { headers: CLIENT_HEADERS }).then((response) => response.arrayBuffer());
      verdicts.push(
        await flood(stack.url, {
          ...plan,
          clients: plan.clients.map((headers) => ({ ...CLIENT_HEADERS, ...headers })),
          inFlight: LIMIT_IN_FLIGHT,
        }),
      );
    }
    return verdicts;
  } finally {
    await stack.stop();
  }
}

function report(verdicts: FloodVerdict[]): void {
  console.log(
    `\nrate limiter, real limits: ${LIMIT_CLIENTS} clients at once per policy, each with ${LIMIT_IN_FLIGHT} requests in flight, ` +
      "sending more than its allowance.\nallowance = burst + the whole tokens refilled over the client's own run " +
      "(limit × seconds ÷ window)\n",
  );
  printTable([
    [
      "policy",
      "sent/client",
      "burst",
      "refill ≤",
      "s",
      "allowed min/med/max",
      "over",
      "under",
      "429s",
      "with Retry-After",
      "5xx",
      "other",
    ],
    ...verdicts.map((verdict) => [
      verdict.name,
      String(verdict.perClient),
      String(verdict.burst),
      String(verdict.refill),
      verdict.seconds.toFixed(1),
      `${verdict.allowed.min}/${verdict.allowed.median}/${verdict.allowed.max}`,
      String(verdict.overAdmitted),
      String(verdict.underAdmitted),
      String(verdict.refused),
      String(verdict.refusedWithRetryAfter),
      String(verdict.serverErrors),
      verdict.otherStatuses.length ? [...new Set(verdict.otherStatuses)].join(",") : "0",
    ]),
  ]);
  const failures = verdicts.flatMap((verdict) => [
    ...(verdict.overAdmitted ? [`${verdict.name}: ${verdict.overAdmitted} clients got more than their allowance`] : []),
    ...(verdict.underAdmitted
      ? [`${verdict.name}: ${verdict.underAdmitted} clients were refused before their burst was spent`]
      : []),
    ...(verdict.serverErrors ? [`${verdict.name}: ${verdict.serverErrors} answers were 5xx`] : []),
    ...(verdict.refusedWithRetryAfter < verdict.refused ? [`${verdict.name}: a 429 without Retry-After`] : []),
    ...(verdict.foreignPolicies.length ? [`${verdict.name}: policies ${verdict.foreignPolicies.join(", ")}`] : []),
  ]);
  if (failures.length) {
    console.log(`\nFAILED:\n${failures.join("\n")}`);
    process.exitCode = 1;
  } else
    console.log("\nevery client got its burst and no more than its allowance; every 429 carried Retry-After; no 5xx");
}

try {
  if (PHASES.includes("throughput")) await throughput();
  if (PHASES.includes("limiter")) report(await limiter());
} finally {
  await rm(scratch, { recursive: true, force: true });
}
