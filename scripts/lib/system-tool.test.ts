import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findExecutable, needSystemTool } from "./system-tool";

let bin: string;
beforeAll(async () => {
  bin = await mkdtemp(join(tmpdir(), "system-tool-"));
  await writeFile(join(bin, "present-tool"), "#!/bin/sh\n");
  await chmod(join(bin, "present-tool"), 0o755);
  await writeFile(join(bin, "not-executable"), "");
});
afterAll(() => rm(bin, { recursive: true, force: true }));

describe("findExecutable", () => {
  it("finds a program on PATH, or by absolute path", () => {
    expect(findExecutable("present-tool", `/nonexistent:${bin}`)).toBe(join(bin, "present-tool"));
    expect(findExecutable(join(bin, "present-tool"), "")).toBe(join(bin, "present-tool"));
  });

  it("does not count a file that cannot be executed", () => {
    expect(findExecutable("not-executable", bin)).toBeNull();
    expect(findExecutable("absent-tool", bin)).toBeNull();
  });
});

describe("needSystemTool", () => {
  it("fails loudly in CI, naming the missing program and how to install it", () => {
    expect(() => needSystemTool("absent-tool", "apt-get install absent", { CI: "true", PATH: bin })).toThrow(
      /absent-tool is not installed \(apt-get install absent\)/,
    );
  });

  it("skips with one printed line outside CI", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(needSystemTool("absent-tool", "apt-get install absent", { PATH: bin })).toEqual({ path: null });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/^\[skip\] absent-tool is not installed \(apt-get install absent\)/);
    warn.mockRestore();
  });

  it("answers the path when the program is there", () => {
    expect(needSystemTool("present-tool", "", { CI: "true", PATH: bin })).toEqual({ path: join(bin, "present-tool") });
  });
});
