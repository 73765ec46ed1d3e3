import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type AuditException, auditVerdict, exceptionsSchema } from "./audit";

const answer = async (name: string) =>
  (
    JSON.parse(await readFile(join(import.meta.dirname, "fixtures/audit", `${name}.json`), "utf8")) as {
      answer: unknown;
    }
  ).answer;

const exception = (advisory: string, expires: string): AuditException => ({
  advisory,
  reason: "Reached only through the build, never at run time.",
  expires,
});

describe("auditVerdict", () => {
  it("fails on each high or critical advisory against a runtime dependency, and on nothing moderate", async () => {
    const verdict = auditVerdict(await answer("findings"), [], "2026-12-02");
    expect(verdict).toMatchObject({ kind: "failed" });
    expect(
      verdict.kind === "failed" && verdict.findings.map((finding) => [finding.packageName, finding.advisory]),
    ).toEqual([
      ["example-parser", "GHSA-2w8c-f9hq-r6xm"],
      ["example-crypto", "GHSA-7pcv-4jgq-x3mf"],
    ]);
  });

  it("lets an advisory through only while its exception is in force", async () => {
    const report = await answer("findings");
    const excused = [exception("GHSA-2w8c-f9hq-r6xm", "2027-01-31"), exception("GHSA-7pcv-4jgq-x3mf", "2027-01-31")];
    expect(auditVerdict(report, excused, "2026-12-02")).toMatchObject({ kind: "passed", findings: [] });
    const lapsed = [exception("GHSA-2w8c-f9hq-r6xm", "2026-12-01"), exception("GHSA-7pcv-4jgq-x3mf", "2027-01-31")];
    expect(auditVerdict(report, lapsed, "2026-12-02")).toMatchObject({
      kind: "failed",
      findings: [{ advisory: "GHSA-2w8c-f9hq-r6xm" }],
    });
  });

  it("passes a clean report", async () => {
    expect(auditVerdict(await answer("clean"), [], "2026-12-02")).toEqual({
      kind: "passed",
      findings: [],
      excused: [],
    });
  });

  it("says the audit did not run when the registry refuses it, rather than passing it as clean", async () => {
    expect(auditVerdict(await answer("registry-405"), [], "2026-12-02")).toEqual({
      kind: "unavailable",
      reason: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
    });
    expect(auditVerdict(undefined, [], "2026-12-02")).toMatchObject({ kind: "unavailable" });
  });
});

describe("the exceptions file", () => {
  it("is valid, and refuses an exception without a reason or a date it lapses", async () => {
    const file = JSON.parse(await readFile(join(import.meta.dirname, "../.ci/audit-exceptions.json"), "utf8"));
    expect(exceptionsSchema.safeParse(file).success).toBe(true);
    const good = exception("GHSA-2w8c-f9hq-r6xm", "2027-01-31");
    expect(exceptionsSchema.safeParse([good]).success).toBe(true);
    expect(exceptionsSchema.safeParse([{ ...good, reason: "later" }]).success).toBe(false);
    expect(exceptionsSchema.safeParse([{ advisory: good.advisory, reason: good.reason }]).success).toBe(false);
    expect(exceptionsSchema.safeParse([{ ...good, advisory: "CVE-2026-1234" }]).success).toBe(false);
  });
});
