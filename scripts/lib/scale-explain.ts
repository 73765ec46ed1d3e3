import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import type { Database } from "../../workers/db/database";
import * as schema from "../../workers/db/schema";

// How `npm run bench:scale` measures a query path: the path runs once through the product's own
// query functions on a drizzle database whose logger records every statement it sends (text and
// parameters exactly as they go to the driver); each recorded read is then run again under
// `EXPLAIN (ANALYZE, BUFFERS, SERIALIZE, FORMAT JSON)` with the same parameters. SERIALIZE counts
// turning the rows into what the client receives, so a statement that returns every offer pays
// for them.

export interface Statement {
  text: string;
  params: unknown[];
}

/** A drizzle database over `client` and a way to record what a piece of work sends through it. */
export function recordingDatabase(client: pg.Client) {
  let recording: Statement[] | null = null;
  const db: Database = drizzle(client, {
    schema,
    logger: { logQuery: (text, params) => recording?.push({ text, params }) },
  });
  return {
    db,
    async record(work: (db: Database) => Promise<unknown>): Promise<Statement[]> {
      const statements: Statement[] = [];
      recording = statements;
      try {
        await work(db);
      } finally {
        recording = null;
      }
      return statements;
    },
  };
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Total Time"?: number;
  "Actual Loops"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
}

interface Explained {
  Plan: PlanNode;
  "Planning Time": number;
  "Execution Time": number;
}

export interface Measurement {
  /** The first run's execution time: the statement's pages not yet in shared buffers, perhaps. */
  firstMs: number;
  medianMs: number;
  planningMs: number;
  sharedHit: number;
  sharedRead: number;
  /** The scan that took longest, e.g. "Seq Scan on price_history" or "Index Scan idx_…". */
  mainScan: string;
  /** Relations read in full (Seq Scan), a sign of a missing index at this size. */
  seqScans: string[];
  rows: number;
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

function describeScan(node: PlanNode): string {
  if (node["Index Name"]) return `${node["Node Type"]} ${node["Index Name"]}`;
  return node["Relation Name"] ? `${node["Node Type"]} on ${node["Relation Name"]}` : node["Node Type"];
}

/** Whether a recorded statement only reads (the others are not re-run). */
export const isRead = (statement: Statement) => /^\s*(select|with)\b/i.test(statement.text);

/** `runs` EXPLAIN ANALYZE runs of a read: the first reported apart, the median of the others. */
export async function measure(client: pg.Client, statement: Statement, runs: number): Promise<Measurement> {
  const explained: Explained[] = [];
  for (let run = 0; run <= runs; run++) {
    const result = await client.query<{ "QUERY PLAN": [Explained] }>({
      text: `EXPLAIN (ANALYZE, BUFFERS, SERIALIZE, FORMAT JSON) ${statement.text}`,
      values: statement.params,
    });
    const plan = result.rows[0]?.["QUERY PLAN"][0];
    if (!plan) throw new Error(`no plan for ${statement.text}`);
    explained.push(plan);
  }
  const [first, ...rest] = explained as [Explained, ...Explained[]];
  const scans = nodesOf(first.Plan).filter((node) => node["Node Type"].includes("Scan") && node["Relation Name"]);
  const slowest = [...scans].sort(
    (a, b) =>
      (b["Actual Total Time"] ?? 0) * (b["Actual Loops"] ?? 1) -
      (a["Actual Total Time"] ?? 0) * (a["Actual Loops"] ?? 1),
  )[0];
  return {
    firstMs: first["Execution Time"],
    medianMs: median(rest.map((plan) => plan["Execution Time"])),
    planningMs: median(rest.map((plan) => plan["Planning Time"])),
    sharedHit: first.Plan["Shared Hit Blocks"] ?? 0,
    sharedRead: first.Plan["Shared Read Blocks"] ?? 0,
    mainScan: slowest ? describeScan(slowest) : first.Plan["Node Type"],
    seqScans: [
      ...new Set(
        scans.filter((node) => node["Node Type"] === "Seq Scan").map((node) => node["Relation Name"] as string),
      ),
    ],
    rows: (first.Plan as { "Actual Rows"?: number })["Actual Rows"] ?? 0,
  };
}

/** The plan as text, for reading why a statement is slow. */
export async function planText(client: pg.Client, statement: Statement): Promise<string> {
  const result = await client.query<{ "QUERY PLAN": string }>({
    text: `EXPLAIN (ANALYZE, BUFFERS, SERIALIZE) ${statement.text}`,
    values: statement.params,
  });
  return [statement.text, JSON.stringify(statement.params), ...result.rows.map((row) => row["QUERY PLAN"])].join("\n");
}

/** A short name for a statement: its verb and the first table it reads. */
export function statementLabel(statement: Statement): string {
  const table = /from\s+(?:"?cloudgpus"?\.)?"?([a-z_]+)"?/i.exec(statement.text)?.[1] ?? "?";
  const verb = /^\s*with\b/i.test(statement.text) ? "with … from" : "select from";
  return `${verb} ${table}`;
}
