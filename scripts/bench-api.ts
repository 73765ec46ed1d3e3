// `npm run bench:api`: requests/s and latency of the API as served by the local `wrangler dev`
// (the same Worker and bindings as production, on this machine), measured with autocannon in one
// run: a cached /api/instances read, an uncached one (a new query each request), and a static
// asset served by the same Worker — the machine's ceiling, which the other two are compared with.

import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import autocannon, { type Request as LoadRequest } from "autocannon";
import { freePort } from "./lib/free-port";
import { replayAllRecordings } from "./lib/replay";
import { startStack, waitUntilHealthy } from "./lib/stack";
import { printTable } from "./lib/table";

const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ADMIN_TOKEN = crypto.randomUUID();
const root = join(import.meta.dirname, "..");

// A second ceiling: a static file as large as the cached read's body (65 KB of JSON against
// styles.css's 15 KB), so what the Worker itself costs shows apart from what moving the bytes costs.
// Written for this run only, and removed after it.
const SAME_SIZE = join(root, "web/public/bench-ceiling.json");
await writeFile(
  SAME_SIZE,
  JSON.stringify(
    Array.from({ length: 400 }, (_, i) => ({
      id: i,
      name: `offer ${i}`,
      price_per_gpu_hour: i / 100,
      note: "x".repeat(110),
    })),
  ),
);
const stack = await startStack({
  port: String(await freePort()),
  // Both tiers' limits raised far above what one run can send, for this benchmark only: every
  // request still goes through the limiter, it just never refuses.
  vars: { ADMIN_TOKEN, RATE_LIMIT_MULTIPLIER: "1000000" },
  stdio: "ignore",
  log: () => {},
});
try {
  await waitUntilHealthy(stack.url);
  await replayAllRecordings(stack.database.url, "bench");
  // A standard key, as API consumers get: counted by the limiter like an anonymous visitor.
  const issued = await fetch(`${stack.url}/admin/api-keys`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name: "bench", tier: "standard" }),
  });
  if (!issued.ok) throw new Error(`could not issue an API key: HTTP ${issued.status} ${await issued.text()}`);
  const { key } = (await issued.json()) as { key: string };
  const keyed = { "X-API-Key": key };

  const cachedPath = "/api/instances?where[gpu_model_id][in]=h100-sxm,a100-80gb&sort=price_per_gpu_hour&limit=20";
  for (const headers of [{}, keyed]) {
    const warm = await fetch(`${stack.url}${cachedPath}`, { headers }); // warm the edge cache
    if (!warm.ok) throw new Error(`warming ${cachedPath}: HTTP ${warm.status}`);
  }
  let counter = 0;
  const scenarios: { name: string; headers: Record<string, string>; requests: LoadRequest[] }[] = [
    { name: "static asset /styles.css", headers: {}, requests: [{ method: "GET", path: "/styles.css" }] },
    {
      name: "static asset, 65 KB JSON",
      headers: {},
      requests: [{ method: "GET", path: "/bench-ceiling.json" }],
    },
    { name: "cached /api/instances, anonymous", headers: {}, requests: [{ method: "GET", path: cachedPath }] },
    { name: "cached /api/instances, API key", headers: keyed, requests: [{ method: "GET", path: cachedPath }] },
    {
      name: "uncached /api/instances, API key",
      headers: keyed,
      requests: [
        {
          method: "GET",
          // A different price bound each time: a new cache key, so every request reaches the database.
          setupRequest: (request: LoadRequest) => ({
            ...request,
            path: `/api/instances?where[price_per_gpu_hour][less_than]=${(5 + ++counter / 1000).toFixed(3)}&limit=20`,
          }),
        },
      ],
    },
  ];

  interface Run {
    rps: number;
    p50: number;
    p95: number;
    p99: number;
    errors: number;
    non2xx: number;
  }
  // Two kinds of client: one that sends no Accept-Encoding (autocannon's own, and curl's), and one
  // that accepts gzip as browsers and HTTP libraries do. The scenarios run in interleaved rounds
  // and each figure is the median of its rounds: this machine is shared, and a single pass of each
  // scenario in turn let a noisy minute decide a ratio.
  const encodings = [
    { name: "no Accept-Encoding", headers: {} },
    { name: "Accept-Encoding: gzip, deflate, br", headers: { "Accept-Encoding": "gzip, deflate, br" } },
  ];
  const runs = new Map<string, Run[]>();
  for (let round = 0; round < ROUNDS; round++)
    // Every other round runs the scenarios in reverse, so a drift within a round favours no side.
    for (const encoding of encodings)
      for (const scenario of round % 2 === 0 ? scenarios : [...scenarios].reverse()) {
        const result = await autocannon({
          url: stack.url,
          connections: CONNECTIONS,
          duration: DURATION_SECONDS,
          headers: { ...encoding.headers, ...scenario.headers },
          requests: scenario.requests,
        });
        const latency = result.latency as typeof result.latency & { p95?: number };
        const key = `${encoding.name}|${scenario.name}`;
        runs.set(key, [
          ...(runs.get(key) ?? []),
          {
            rps: result.requests.average,
            p50: latency.p50,
            p95: latency.p95 ?? latency.p97_5,
            p99: latency.p99,
            errors: result.errors,
            non2xx: result.non2xx,
          },
        ]);
      }

  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const summary = (key: string) => {
    const all = runs.get(key) ?? [];
    return {
      rps: Math.round(median(all.map((run) => run.rps))),
      p50: median(all.map((run) => run.p50)),
      p95: median(all.map((run) => run.p95)),
      p99: median(all.map((run) => run.p99)),
      errors: all.reduce((sum, run) => sum + run.errors, 0),
      non2xx: all.reduce((sum, run) => sum + run.non2xx, 0),
    };
  };
  console.log(
    `autocannon: ${CONNECTIONS} connections × ${DURATION_SECONDS} s per scenario, ${ROUNDS} interleaved rounds (medians), against wrangler dev at ${stack.url}`,
  );
  for (const encoding of encodings) {
    const results = scenarios.map((scenario) => ({
      name: scenario.name,
      ...summary(`${encoding.name}|${scenario.name}`),
    }));
    const ceiling = results[0]!;
    // The target (docs/design.md §8): every cached read at ≥ 0.8× the static ceiling, p99 ≤ 2× its
    // p99. Each ratio is taken within one round, between scenarios measured a few seconds apart, and
    // the verdict is the median of those paired ratios: a noisy minute on this shared machine moves
    // both sides of a pair, not one side of a ratio of medians.
    const paired = (name: string, pick: (run: Run) => number, base = ceiling.name) => {
      const mine = runs.get(`${encoding.name}|${name}`) ?? [];
      const theirs = runs.get(`${encoding.name}|${base}`) ?? [];
      return mine.map((run, i) => pick(run) / Math.max(1, pick(theirs[i]!)));
    };
    console.log(`\nclient sends ${encoding.name}`);
    const rows = [
      ["scenario", "req/s", "× of static (paired)", "p50 ms", "p95 ms", "p99 ms", "errors", "non-2xx"],
      ...results.map((row) => [
        row.name,
        String(row.rps),
        median(paired(row.name, (run) => run.rps)).toFixed(2),
        String(row.p50),
        String(row.p95),
        String(row.p99),
        String(row.errors),
        String(row.non2xx),
      ]),
    ];
    printTable(rows);
    const cached = results.filter((row) => row.name.startsWith("cached"));
    const uncached = results.find((row) => row.name.startsWith("uncached"))!;
    console.log(`cached (API key) / uncached throughput: ${(cached[1]!.rps / uncached.rps).toFixed(1)}×`);
    const sameSize = results.find((row) => row.name.startsWith("static asset, 65 KB"))!;
    for (const row of cached) {
      const ratios = paired(row.name, (run) => run.rps);
      const ratio = median(ratios);
      const p99 = median(paired(row.name, (run) => run.p99));
      const sameSizeRatio = median(paired(row.name, (run) => run.rps, sameSize.name));
      const ok = ratio >= 0.8 && p99 <= 2 && row.errors === 0 && row.non2xx === 0;
      console.log(
        `${row.name}: ${ratio.toFixed(2)}× static throughput (rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}), ` +
          `${sameSizeRatio.toFixed(2)}× the same-size static file, p99 ${p99.toFixed(2)}× static — ${ok ? "meets" : "MISSES"} the target`,
      );
    }
  }
} finally {
  await stack.stop();
  await rm(SAME_SIZE, { force: true });
}
