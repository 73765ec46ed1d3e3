// `npm run profile:api`: where a cached /api/instances read spends the Worker's own time. Starts
// the local stack, loads the recorded prices, and samples the Worker's isolate with V8's CPU
// profiler (through wrangler dev's inspector) while autocannon repeats one cached read; prints the
// Worker's CPU time per request and the functions it goes to. What the profile does not show is
// the rest of a request's time: wrangler dev's proxies, the transport and the client.

import autocannon from "autocannon";
import { freePort } from "./lib/free-port";
import { replayAllRecordings } from "./lib/replay";
import { startStack, waitUntilHealthy } from "./lib/stack";
import { printTable } from "./lib/table";

const PATH =
  process.env.PROFILE_PATH ??
  "/api/instances?where[gpu_model_id][in]=h100-sxm,a100-80gb&sort=price_per_gpu_hour&limit=20";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** The client's Accept-Encoding; PROFILE_ENCODING="" profiles a client that sends none. */
const ENCODING = process.env.PROFILE_ENCODING ?? "gzip";
const SAMPLING_MICROSECONDS = 100;
const INSPECTOR = "http://127.0.0.1:9229"; // wrangler dev's default inspector port

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

/** A DevTools protocol session on the Worker's isolate. */
async function inspect() {
  const [target] = (await (await fetch(`${INSPECTOR}/json`)).json()) as { webSocketDebuggerUrl: string }[];
  if (!target) throw new Error("wrangler dev lists no inspector target");
  // The inspector proxy accepts DevTools' own origin (undici's WebSocket takes headers).
  const socket = new WebSocket(target.webSocketDebuggerUrl, {
    headers: { Origin: "https://devtools.devprod.cloudflare.dev" },
  } as never);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve);
    socket.addEventListener("error", reject);
  });
  const pending = new Map<number, (result: unknown) => void>();
  socket.addEventListener("message", async (event) => {
    const text = typeof event.data === "string" ? event.data : await (event.data as Blob).text();
    const message = JSON.parse(text) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  let next = 0;
  return {
    send: <T>(method: string, params: object = {}) =>
      new Promise<T>((resolve) => {
        const id = ++next;
        pending.set(id, resolve as (result: unknown) => void);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

const stack = await startStack({
  port: String(await freePort()),
  vars: { ADMIN_TOKEN: crypto.randomUUID(), RATE_LIMIT_MULTIPLIER: "1000000" },
  stdio: "ignore",
  log: () => {},
});
try {
  await waitUntilHealthy(stack.url);
  await replayAllRecordings(stack.database.url, "profile");
  const warm = await fetch(`${stack.url}${PATH}`);
  if (!warm.ok) throw new Error(`warming ${PATH}: HTTP ${warm.status}`);

  const session = await inspect();
  await session.send("Profiler.enable");
  await session.send("Profiler.setSamplingInterval", { interval: SAMPLING_MICROSECONDS });
  await session.send("Profiler.start");
  const load = await autocannon({
    url: stack.url,
    connections: 10,
    duration: SECONDS,
    headers: ENCODING ? { "Accept-Encoding": ENCODING } : {},
    requests: [{ method: "GET", path: PATH }],
  });
  const { profile } = await session.send<{ profile: Profile }>("Profiler.stop");
  session.close();

  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  for (const sample of profile.samples) {
    const frame = nodes.get(sample)?.callFrame;
    const name = frame
      ? `${frame.functionName || "(anonymous)"}${frame.lineNumber >= 0 ? ` :${frame.lineNumber + 1}` : ""}`
      : "?";
    byFunction.set(name, (byFunction.get(name) ?? 0) + 1);
  }
  const idle = byFunction.get("(idle)") ?? 0;
  byFunction.delete("(idle)");
  const busy = profile.samples.length - idle;
  const cpuPerRequest = (busy * SAMPLING_MICROSECONDS) / Math.max(1, load.requests.total);
  const wallPerRequest = (SECONDS * 1_000_000) / Math.max(1, load.requests.total);
  console.log(
    `${PATH}\n${Math.round(load.requests.average)} req/s (profiler attached), ${load.non2xx} non-2xx; ` +
      `the Worker's isolate: ${cpuPerRequest.toFixed(0)} µs of CPU per request, ` +
      `${((cpuPerRequest / wallPerRequest) * 100).toFixed(1)}% of the time between two answers\n`,
  );
  printTable([
    ["share of the isolate's CPU", "function (bundle line)"],
    ...[...byFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([name, count]) => [`${((count / busy) * 100).toFixed(1)}%`, name]),
  ]);
} finally {
  await stack.stop();
}
