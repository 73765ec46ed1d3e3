import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The oldest Node.js the project runs on: `engines.node` in package.json (`>=MAJOR.MINOR.PATCH`). */
export const NODE_FLOOR = (() => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as {
    engines: { node: string };
  };
  const floor = /^>=(\d+\.\d+\.\d+)$/.exec(pkg.engines.node)?.[1];
  if (!floor) throw new Error(`package.json engines.node must read ">=X.Y.Z", not ${pkg.engines.node}`);
  return floor;
})();

const parts = (version: string) => version.replace(/^v/, "").split(".").map(Number);

/** One line saying what to install when `version` is older than the floor; null when it is recent enough. */
export function nodeVersionProblem(version: string, floor = NODE_FLOOR): string | null {
  const [have, need] = [parts(version), parts(floor)];
  for (let i = 0; i < 3; i++) {
    const [a = 0, b = 0] = [have[i], need[i]];
    if (a > b) return null;
    if (a < b) {
      return `Node.js ${version.replace(/^v/, "")} is too old: this project needs Node.js ${floor} or newer (wrangler's floor); install Node 24 LTS (see .nvmrc).`;
    }
  }
  return null;
}
