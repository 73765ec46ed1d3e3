import { describe, expect, it } from "vitest";
import { summarise } from "./test-summary";

const file = (status: string, tests: string[], message?: string) => ({
  name: "/repo/x.test.ts",
  status,
  message,
  assertionResults: tests.map((test) => ({ status: test })),
});
const report = (files: ReturnType<typeof file>[]) => {
  const tests = files.flatMap((f) => f.assertionResults.map((test) => test.status));
  const count = (status: string) => tests.filter((test) => test === status).length;
  return {
    numPassedTests: count("passed"),
    numFailedTests: count("failed"),
    numPendingTests: count("skipped"),
    numTodoTests: count("todo"),
    testResults: files,
  };
};

describe("summarise", () => {
  it("counts passed, failed and skipped tests in one plain line", () => {
    const summary = summarise(
      report([file("passed", ["passed", "passed", "skipped"]), file("failed", ["failed", "passed"])]),
    );
    expect(summary.line).toBe("3 passed, 1 failed, 1 skipped");
  });

  it("counts a file that failed without a failed test (a throwing beforeAll) as a failure", () => {
    const summary = summarise(
      report([file("failed", ["skipped", "skipped"], "hook failed"), file("passed", ["passed"])]),
    );
    expect(summary).toMatchObject({ passed: 1, failed: 1, skipped: 2 });
  });
});
