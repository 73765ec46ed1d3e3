// `tsx scripts/test-summary.ts <vitest JSON report>`: prints one plain line, `N passed, N failed,
// N skipped`, and exits non-zero when anything failed. `.ci/run` calls it after `npm test`.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; message?: string; assertionResults: { status: string }[] }[];
}

export interface TestSummary {
  passed: number;
  /** Failed tests, plus each file that failed without a failed test (a throwing hook or import). */
  failed: number;
  skipped: number;
  line: string;
}

export function summarise(report: VitestJsonReport): TestSummary {
  const brokenFiles = report.testResults.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
  ).length;
  const passed = report.numPassedTests;
  const failed = report.numFailedTests + brokenFiles;
  const skipped = report.numPendingTests + report.numTodoTests;
  return { passed, failed, skipped, line: `${passed} passed, ${failed} failed, ${skipped} skipped` };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: tsx scripts/test-summary.ts <vitest JSON report>");
  const summary = summarise(JSON.parse(await readFile(file, "utf8")) as VitestJsonReport);
  console.log(summary.line);
  if (summary.failed > 0 || summary.passed === 0) process.exitCode = 1;
}
