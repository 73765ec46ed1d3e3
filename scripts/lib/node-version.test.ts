import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NODE_FLOOR, nodeVersionProblem } from "./node-version";

describe("nodeVersionProblem", () => {
  it("takes the floor from package.json's engines, the one place it is written", () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8"));
    expect(pkg.engines.node).toBe(`>=${NODE_FLOOR}`);
  });

  it("accepts the floor itself and anything newer", () => {
    expect(nodeVersionProblem("22.12.0", "22.12.0")).toBeNull();
    expect(nodeVersionProblem("v22.13.1", "22.12.0")).toBeNull();
    expect(nodeVersionProblem("24.0.0", "22.12.0")).toBeNull();
  });

  it("names the version to install, in one line, for anything older", () => {
    const problem = nodeVersionProblem("v20.19.2", "22.12.0");
    expect(problem).toMatch(/^Node\.js 20\.19\.2 is too old: this project needs Node\.js 22\.12\.0 or newer/);
    expect(problem).not.toContain("\n");
    expect(nodeVersionProblem("22.11.9", "22.12.0")).not.toBeNull();
  });
});
