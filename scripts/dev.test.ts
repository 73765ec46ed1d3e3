import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { GPU_CATALOG } from "../shared/gpu-catalog";
import { healthResponseSchema } from "../shared/health";
import { freePort } from "./lib/free-port";
import { needSystemTool } from "./lib/system-tool";

// `npm run dev` for real: a child process group running the script, wrangler, workerd and (without
// DATABASE_URL) an embedded PostgreSQL, stopped the way a developer stops it: Ctrl-C.

const root = join(import.meta.dirname, "..");
// Ctrl-C must leave no process behind: `ps` lists them.
const PS = needSystemTool("ps", "apt-get install -y procps").path;
let running: ChildProcess | undefined;
let scratch: string | undefined;

function startDev(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let output = "";
  const child = spawn("npm", ["run", "dev"], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  running = child;
  return { child, output: () => output };
}

async function waitForHealth(port: number, output: () => string, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
    if (response?.status === 200)
      return { body: healthResponseSchema.parse(await response.json()), afterMs: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`no healthy answer within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function processesMentioning(text: string): string[] {
  return execFileSync(PS ?? "ps", ["-eo", "pid,args"], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.includes(text) && !line.includes("ps -eo"));
}

async function pressCtrlC(child: ChildProcess, marker: string) {
  process.kill(-child.pid!, "SIGINT");
  const deadline = Date.now() + 20_000;
  while (processesMentioning(marker).length > 0) {
    if (Date.now() > deadline)
      throw new Error(`still running after Ctrl-C:\n${processesMentioning(marker).join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

afterEach(async () => {
  if (running?.pid && running.exitCode === null) process.kill(-running.pid, "SIGKILL");
  running = undefined;
  if (scratch) await rm(scratch, { recursive: true, force: true });
  scratch = undefined;
});

describe.skipIf(!PS)("npm run dev", () => {
  it("starts an embedded PostgreSQL, seeds it and serves a healthy Worker; Ctrl-C leaves nothing behind", async () => {
    scratch = await mkdtemp(join(tmpdir(), "cloudgpus-dev-"));
    await chmod(scratch, 0o755);
    const [port, dbPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      LOCAL_DB_PORT: String(dbPort),
      LOCAL_DB_DIR: join(scratch, "postgres"),
    };
    delete env.DATABASE_URL;
    const { child, output } = startDev(env);

    const { body } = await waitForHealth(port, output);
    // Up, with a fresh database whose providers were never scraped: late data, nothing broken.
    expect(body.status).toBe("degraded");
    expect(body.checks.database).toBe(true);
    expect(body.reasons).toContain("lambda-labs (P0) has never been scraped successfully");

    const client = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${dbPort}/cloudgpus` });
    await client.connect();
    const { rows } = await client.query(
      "SELECT (SELECT count(*) FROM cloudgpus.gpu_models)::int AS gpus, (SELECT count(*) FROM cloudgpus.providers)::int AS providers",
    );
    await client.end();
    // 22 seeded providers and 15 added with coverage I (migrations 0012–0015).
    expect(rows[0]).toEqual({ gpus: GPU_CATALOG.length, providers: 37 });

    await pressCtrlC(child, scratch);
    expect(processesMentioning(`--port ${port}`)).toEqual([]);
  });

  it("uses DATABASE_URL instead when it is set", async () => {
    const port = await freePort();
    const { child, output } = startDev({ ...process.env, PORT: String(port), DATABASE_URL: inject("databaseUrl") });
    const { body } = await waitForHealth(port, output);
    expect(body.checks.database).toBe(true);
    expect(output()).toContain("(DATABASE_URL)");
    expect(output()).not.toContain("embedded PostgreSQL");
    await pressCtrlC(child, `--port ${port}`);
  });
});
