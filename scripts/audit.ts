// `tsx scripts/audit.ts`: `npm audit --omit=dev` at high severity, as CI runs it. A high or critical
// advisory against a runtime dependency fails, unless `.ci/audit-exceptions.json` names it with a
// reason and a date it lapses. When the registry cannot answer the audit (this project's build
// machines only reach a registry mirror that refuses the audit endpoint with 405), it says so loudly
// and passes; `AUDIT_REQUIRED=1` makes that a failure too, for a CI that can reach npm's audit.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { z } from "zod";

const ROOT = join(import.meta.dirname, "..");
const BLOCKING = new Set(["high", "critical"]);

const advisorySchema = z.object({ title: z.string(), url: z.string(), severity: z.string() });
const reportSchema = z.object({
  auditReportVersion: z.literal(2),
  vulnerabilities: z.record(
    z.string(),
    z.object({ name: z.string(), severity: z.string(), via: z.array(z.union([z.string(), advisorySchema])) }),
  ),
});
const failedSchema = z.object({ message: z.string(), statusCode: z.number().optional() });

export const exceptionsSchema = z.array(
  z.strictObject({
    /** The advisory's GHSA id, as in its github.com/advisories URL. */
    advisory: z.string().regex(/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/),
    reason: z.string().min(20),
    /** The exception lapses on this day (YYYY-MM-DD): it must be looked at again by then. */
    expires: z.iso.date(),
  }),
);
export type AuditException = z.infer<typeof exceptionsSchema>[number];

export interface Finding {
  packageName: string;
  advisory: string;
  severity: string;
  title: string;
}

export type AuditVerdict =
  | { kind: "passed"; findings: Finding[]; excused: Finding[] }
  | { kind: "failed"; findings: Finding[]; excused: Finding[] }
  | { kind: "unavailable"; reason: string };

/** What npm's answer means for CI, given the exceptions in force on `today` (YYYY-MM-DD). */
export function auditVerdict(answer: unknown, exceptions: AuditException[], today: string): AuditVerdict {
  const report = reportSchema.safeParse(answer);
  if (!report.success) {
    const failed = failedSchema.safeParse(answer);
    return { kind: "unavailable", reason: failed.success ? failed.data.message : "npm audit printed no report" };
  }
  const inForce = new Set(exceptions.filter((exception) => exception.expires >= today).map((e) => e.advisory));
  const blocking: Finding[] = [];
  const excused: Finding[] = [];
  for (const vulnerability of Object.values(report.data.vulnerabilities)) {
    for (const via of vulnerability.via) {
      // A string names another vulnerable package this one depends on: that one is listed itself.
      if (typeof via === "string" || !BLOCKING.has(via.severity)) continue;
      const advisory = via.url.split("/").at(-1) ?? via.url;
      const finding = { packageName: vulnerability.name, advisory, severity: via.severity, title: via.title };
      (inForce.has(advisory) ? excused : blocking).push(finding);
    }
  }
  return { kind: blocking.length ? "failed" : "passed", findings: blocking, excused };
}

async function npmAudit(): Promise<unknown> {
  // npm exits 1 both when it finds something and when the registry refuses: the JSON tells which.
  const { stdout } = await promisify(execFile)("npm", ["audit", "--omit=dev", "--json"], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  try {
    return JSON.parse(stdout);
  } catch {
    return undefined;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const exceptions = exceptionsSchema.parse(
    JSON.parse(await readFile(join(ROOT, ".ci/audit-exceptions.json"), "utf8")),
  );
  const verdict = auditVerdict(await npmAudit(), exceptions, new Date().toISOString().slice(0, 10));
  const show = (finding: Finding) =>
    `  ${finding.severity} ${finding.packageName}: ${finding.title} (${finding.advisory})`;
  if (verdict.kind === "unavailable") {
    console.log(`::: npm audit did not run: ${verdict.reason}`);
    console.log("::: the runtime dependencies were NOT checked against npm's advisories (SECURITY.md)");
    if (process.env.AUDIT_REQUIRED === "1") process.exitCode = 1;
  } else {
    for (const finding of verdict.excused) console.log(`excused by .ci/audit-exceptions.json:\n${show(finding)}`);
    for (const finding of verdict.findings) console.log(show(finding));
    console.log(
      verdict.kind === "passed"
        ? "::: npm audit: no high or critical advisory against a runtime dependency"
        : `::: npm audit: ${verdict.findings.length} high or critical advisories against runtime dependencies`,
    );
    if (verdict.kind === "failed") process.exitCode = 1;
  }
}
