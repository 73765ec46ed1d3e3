import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

// `npm test` must say no: a failing test, a throwing hook or a failing file makes it exit non-zero,
// in both projects and for a single-file run. Each case runs the README's test command on a
// throw-away file in a child process (with its own global setup, so a PostgreSQL of its own).

const root = join(import.meta.dirname, "..");
const written: string[] = [];
afterEach(async () => {
  await Promise.all(written.splice(0).map((file) => rm(file, { force: true })));
});

async function probe(folder: "scripts" | "workers", body: string): Promise<{ status: number | null; output: string }> {
  const file = join(root, folder, `exit-probe-${randomUUID()}.test.ts`);
  written.push(file);
  await writeFile(file, `import { beforeAll, expect, it } from "vitest";\n${body}\n`);
  const child = spawn("npm", ["test", "--", file], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const status = await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { status, output: stripVTControlCharacters(output) };
}

describe("npm test's exit status", () => {
  it.each(["scripts", "workers"] as const)("is non-zero when a test fails (%s project)", async (folder) => {
    const { status, output } = await probe(folder, 'it("fails on purpose", () => { expect(1).toBe(2); });');
    expect(output).toMatch(/Tests\s+1 failed/);
    expect(status).not.toBe(0);
  });

  it.each(["scripts", "workers"] as const)("is non-zero when beforeAll throws (%s project)", async (folder) => {
    const { status, output } = await probe(
      folder,
      'beforeAll(() => { throw new Error("hook fails on purpose"); });\nit("never runs", () => {});',
    );
    expect(output).toContain("hook fails on purpose");
    expect(status).not.toBe(0);
  });

  it("is zero when the test passes, so the probes above measure the failure and not the harness", async () => {
    const { status, output } = await probe("scripts", 'it("passes", () => { expect(1).toBe(1); });');
    expect(output).toMatch(/Tests\s+1 passed/);
    expect(status).toBe(0);
  });
});
