import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `npm run check` compares the committed worker-configuration.d.ts with what `npm run types` makes.
// Secrets live in .dev.vars (the README says so) and must not leak into the generated types, or the
// check fails on every maintainer's machine that has, say, ADMIN_TOKEN set. The check runs in a
// folder that mirrors the repository through links, with a .dev.vars of its own.

const root = join(import.meta.dirname, "..");
const typesScript = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: { types: string } })
  .scripts.types;
let mirror: string;

beforeAll(async () => {
  mirror = await mkdtemp(join(tmpdir(), "cloudgpus-check-"));
  for (const entry of ["wrangler.toml", "workers", "shared", "web", "node_modules", "package.json"]) {
    await symlink(join(root, entry), join(mirror, entry));
  }
  // A copy, not a link: nothing run in the mirror may rewrite the repository's own file.
  await copyFile(join(root, "worker-configuration.d.ts"), join(mirror, "worker-configuration.d.ts"));
  await writeFile(
    join(mirror, ".dev.vars"),
    "ADMIN_TOKEN=local-admin-token\nALERT_WEBHOOK_URL=http://127.0.0.1:9/hook\n",
  );
});
afterAll(() => rm(mirror, { recursive: true, force: true }));

function typesCheck(command: string) {
  const [, ...args] = command.split(" ");
  const wrangler = join(root, "node_modules/wrangler/bin/wrangler.js");
  return spawnSync(process.execPath, [wrangler, ...args, "--check"], {
    cwd: mirror,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
}

describe("npm run check with secrets in .dev.vars", () => {
  it("finds the committed types current", () => {
    expect(typesScript.startsWith("wrangler types ")).toBe(true);
    const result = typesCheck(typesScript);
    expect(result.stdout + result.stderr).toContain("up to date");
    expect(result.status).toBe(0);
  });

  it("would not without ignoring .dev.vars (the mirror really has secrets wrangler reads)", async () => {
    // Generated afresh into a file of its own: `--check` re-runs the arguments recorded in the
    // committed file's header, so it cannot show what leaving the flag out would do.
    const generate = (command: string, output: string) => {
      // The output path right after `types`: after `--env-file=…` wrangler would take it for a second env file.
      const [, subcommand, ...args] = command.split(" ");
      const wrangler = join(root, "node_modules/wrangler/bin/wrangler.js");
      return spawnSync(process.execPath, [wrangler, subcommand ?? "types", output, ...args], {
        cwd: mirror,
        encoding: "utf8",
        env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      });
    };
    expect(generate(typesScript.replace(/\s*--env-file=\S+/, ""), "leaky.d.ts").status).toBe(0);
    expect(readFileSync(join(mirror, "leaky.d.ts"), "utf8")).toContain("ADMIN_TOKEN");
    expect(generate(typesScript, "clean.d.ts").status).toBe(0);
    expect(readFileSync(join(mirror, "clean.d.ts"), "utf8")).not.toContain("ADMIN_TOKEN");
  });
});
