import { accessSync, constants } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";

/**
 * Where a system program a test needs is (an absolute path, or a name looked up on PATH), or null
 * when it is not there. A test that needs it calls `needSystemTool`: in CI (`CI` set) a missing
 * program fails the test file with a message naming it, so a green CI cannot hide a test that
 * never ran; elsewhere the file is skipped with one printed line saying how to install it.
 */
export function findExecutable(program: string, path = process.env.PATH ?? ""): string | null {
  const candidates = isAbsolute(program)
    ? [program]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, program));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}

export interface SystemTool {
  /** The executable, or null when it is missing (the caller skips). */
  path: string | null;
}

/** See `findExecutable`. Throws in CI when the program is missing; otherwise prints how to get it. */
export function needSystemTool(program: string, install: string, env: NodeJS.ProcessEnv = process.env): SystemTool {
  const path = findExecutable(program, env.PATH);
  if (path) return { path };
  const message = `${program} is not installed (${install})`;
  if (env.CI) throw new Error(`${message}: CI must run every test, so this one fails instead of being skipped.`);
  console.warn(`[skip] ${message}; the tests that need it are skipped.`);
  return { path: null };
}
