// `npm run bench:api`: requests/s and latency of the API as served by the local `wrangler dev`
// (the same Worker and bindings as production, on this machine), measured with autocannon in one
// run: a cached /api/instances read, an uncached one (a new query each request), and a static
// asset served by the same Worker — the machine's ceiling, which the other two are compared with.

import { join } from "node:path";
import autocannon, { type Request as LoadRequest } from "autocannon";
import { ADAPTERS } from "../workers/providers";
import { freePort } from "./lib/free-port";
import { replayFixture } from "./lib/replay";
import { startStack, waitUntilHealthy } from "./lib/stack";

const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ADMIN_TOKEN = crypto.randomUUID();
const root = join(import.meta.dirname, "..");

const stack = await startStack({
  port: String(await freePort()),
  vars: { ADMIN_TOKEN },
  stdio: "ignore",
  log: () => {},
});
try {
  await waitUntilHealthy(stack.url);
  for (const adapter of Object.values(ADAPTERS)) {
    await replayFixture(adapter, join(root, "workers/providers", adapter.slug, "fixtures/success.json"), {
      databaseUrl: stack.database.url,
      workerId: "bench",
    });
  }
  // An unlimited key, as the site's own clients get: the benchmark measures serving, not the limiter's refusals.
  const issued = await fetch(`${stack.url}/admin/api-keys`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name: "bench", tier: "unlimited" }),
  });
  if (!issued.ok) throw new Error(`could not issue an API key: HTTP ${issued.status} ${await issued.text()}`);
  const { key } = (await issued.json()) as { key: string };
  const headers = { "X-API-Key": key };

  const cachedPath = "/api/instances?where[gpu_model_id][in]=h100-sxm,a100-80gb&sort=price_per_gpu_hour&limit=20";
  await fetch(`${stack.url}${cachedPath}`, { headers }); // warm the edge cache
  let counter = 0;
  const scenarios: { name: string; requests: LoadRequest[] }[] = [
    { name: "static asset /styles.css", requests: [{ method: "GET", path: "/styles.css" }] },
    { name: "cached /api/instances read", requests: [{ method: "GET", path: cachedPath }] },
    {
      name: "uncached /api/instances read",
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

  const results: {
    name: string;
    rps: number;
    p50: number;
    p95: number;
    p99: number;
    errors: number;
    non2xx: number;
  }[] = [];
  for (const scenario of scenarios) {
    const result = await autocannon({
      url: stack.url,
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
      headers,
      requests: scenario.requests,
    });
    const latency = result.latency as typeof result.latency & { p95?: number };
    results.push({
      name: scenario.name,
      rps: Math.round(result.requests.average),
      p50: latency.p50,
      p95: latency.p95 ?? latency.p97_5,
      p99: latency.p99,
      errors: result.errors,
      non2xx: result.non2xx,
    });
  }

  const ceiling = results[0]!.rps;
  console.log(
    `autocannon: ${CONNECTIONS} connections × ${DURATION_SECONDS} s per scenario, against wrangler dev at ${stack.url}\n`,
  );
  const rows = [
    ["scenario", "req/s", "× of static", "p50 ms", "p95 ms", "p99 ms", "errors", "non-2xx"],
    ...results.map((row) => [
      row.name,
      String(row.rps),
      (row.rps / ceiling).toFixed(2),
      String(row.p50),
      String(row.p95),
      String(row.p99),
      String(row.errors),
      String(row.non2xx),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join("  "),
    );
  const [, cached, uncached] = results;
  console.log(`\ncached / uncached throughput: ${(cached!.rps / uncached!.rps).toFixed(1)}×`);
} finally {
  await stack.stop();
}
