import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { changeEvents } from "../../../shared/changes";
import { nodesOf, type PlanNode, Rollback } from "../../testing/query-plans";
import { withDb } from "../client";
import { gpuModels, instances, priceHistory, providers } from "../schema";
import { type ChangesFilter, COUNT_AHEAD, changesStatement, SCAN_ROWS } from "./changes";

// The change feed reads a window of price history newest first and stops once it has the page and
// COUNT_AHEAD events past it. Run with EXPLAIN ANALYZE against ~70 000 history rows over 90 days
// (made in a transaction that is rolled back): a window narrowed by GPU, provider or time comes
// through the history indexes, never a scan of the table; each row's predecessor through the
// per-instance index; and a window full of events is read only as far as the count needs.

const DAY_MS = 86_400_000;

interface AnalyzedNode extends PlanNode {
  "Actual Rows": number;
  "Actual Loops": number;
  Plans?: AnalyzedNode[];
}

describe("changesStatement", () => {
  it("is planned through the history indexes on ~70 000 rows", async () => {
    const plans = new Map<string, { scans: string[]; read: number }>();
    const totals = new Map<string, number>();
    const cuts = new Map<string, string | null>();
    let windowRows = 0;
    let arrivals = { alone: [] as string[], withOthers: [] as string[] };
    await withDb(env, "fresh", (db) =>
      db
        .transaction(async (tx) => {
          await tx.execute(sql`
            INSERT INTO ${instances} (provider_id, gpu_model_id, instance_type, gpu_count, price_per_hour)
            SELECT p.id, g.id, 'plan-changes-' || g.slug || '-' || n, 1, round((0.2 + random() * 6)::numeric, 4)
            FROM ${providers} p CROSS JOIN ${gpuModels} g CROSS JOIN generate_series(1, 4) n`);
          await tx.execute(sql`
            INSERT INTO ${priceHistory} (instance_id, provider_id, gpu_model_id, price_per_hour, price_per_gpu_hour,
              availability_status, gpu_count, recorded_at)
            SELECT i.id, i.provider_id, i.gpu_model_id, moved.price, moved.price,
              (ARRAY['available', 'limited', 'sold_out'])[1 + n % 3]::cloudgpus.availability_status, 1,
              now() - (n * interval '9 days') - random() * interval '9 days'
            FROM ${instances} i CROSS JOIN generate_series(0, 9) n
            CROSS JOIN LATERAL (SELECT round(i.price_per_hour * (0.8 + random() * 0.4)::numeric, 4) AS price) moved
            WHERE i.instance_type LIKE 'plan-changes-%'`);
          await tx.execute(sql`ANALYZE ${priceHistory}, ${instances}`);
          const [{ rows }] = (
            await tx.execute<{ rows: number }>(sql`SELECT count(*)::int AS rows FROM ${priceHistory}`)
          ).rows as [{ rows: number }];
          expect(rows).toBeGreaterThan(50_000);

          const ids = await tx.execute<{ gpu: string; provider: string }>(sql`
            SELECT (SELECT id FROM ${gpuModels} WHERE slug = 'h100-sxm') AS gpu,
                   (SELECT id FROM ${providers} WHERE slug = 'runpod') AS provider`);
          const { gpu, provider } = ids.rows[0]!;
          const now = Date.now();
          const filter: ChangesFilter = {
            kind: "on_demand",
            events: changeEvents,
            minChangePercent: 5,
            from: new Date(now - 30 * DAY_MS),
            limit: 50,
            page: 1,
          };
          const other = await tx.execute<{ id: string }>(sql`SELECT id FROM ${gpuModels} WHERE slug = 'a100-80gb'`);
          const shapes: [string, ChangesFilter, { gpuIds: string[]; providerIds: string[] }][] = [
            ["one GPU, 30 days", filter, { gpuIds: [gpu], providerIds: [] }],
            ["two GPUs, 30 days", filter, { gpuIds: [gpu, other.rows[0]!.id], providerIds: [] }],
            ["one provider, 30 days", filter, { gpuIds: [], providerIds: [provider] }],
            [
              "one GPU on one provider, 90 days",
              { ...filter, from: new Date(now - 90 * DAY_MS) },
              { gpuIds: [gpu], providerIds: [provider] },
            ],
            ["everything, 90 days", { ...filter, from: new Date(now - 90 * DAY_MS) }, { gpuIds: [], providerIds: [] }],
            [
              "no event can match, 90 days",
              { ...filter, events: ["price_cut"], minChangePercent: 100, from: new Date(now - 90 * DAY_MS) },
              { gpuIds: [], providerIds: [] },
            ],
            [
              "new offers only, 90 days",
              { ...filter, events: ["new_offer"], from: new Date(now - 90 * DAY_MS) },
              { gpuIds: [], providerIds: [] },
            ],
          ];
          // Arrivals alone are read from the offers created in the window: the same events as the
          // read of the whole window finds, for one GPU on one provider (few enough to count them all).
          const eventsOf = async (events: ChangesFilter["events"]) => {
            const found = await tx.execute<{ history_id: string; event: string }>(
              changesStatement(
                { ...filter, events, from: new Date(now - 90 * DAY_MS), limit: 1000 },
                { gpuIds: [gpu], providerIds: [provider] },
              ),
            );
            return found.rows.filter((row) => row.event === "new_offer").map((row) => row.history_id);
          };
          arrivals = { alone: await eventsOf(["new_offer"]), withOthers: await eventsOf(["new_offer", "sold_out"]) };
          const window = await tx.execute<{ rows: number }>(
            sql`SELECT count(*)::int AS rows FROM ${priceHistory} WHERE recorded_at >= ${new Date(now - 90 * DAY_MS)}`,
          );
          windowRows = window.rows[0]!.rows;
          for (const [name, shape, scope] of shapes) {
            const explained = await tx.execute<{ "QUERY PLAN": [{ Plan: AnalyzedNode }] }>(
              sql`EXPLAIN (ANALYZE, FORMAT JSON) ${changesStatement(shape, scope)}`,
            );
            const history = (nodesOf(explained.rows[0]!["QUERY PLAN"][0].Plan) as AnalyzedNode[]).filter(
              (node) => node["Relation Name"] === "price_history",
            );
            // A bitmap heap scan reads through the index its child names.
            const through = (node: AnalyzedNode) => node["Index Name"] ?? node.Plans?.[0]?.["Index Name"] ?? "";
            plans.set(name, {
              scans: history.map((node) => `${node["Node Type"]} ${through(node)}`.trim()),
              read: history
                .filter((node) => through(node) !== "idx_price_history_instance_time")
                .reduce((sum, node) => sum + node["Actual Rows"] * node["Actual Loops"], 0),
            });
            const counted = await tx.execute<{ total: number; cut_at: string | null }>(changesStatement(shape, scope));
            totals.set(name, counted.rows[0]!.total);
            cuts.set(name, counted.rows[0]!.cut_at);
          }
          throw new Rollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof Rollback)) throw error;
        }),
    );

    const report = JSON.stringify(
      { windowRows, plans: Object.fromEntries(plans), totals: Object.fromEntries(totals) },
      null,
      2,
    );
    expect(plans.size, report).toBe(7);
    for (const [name, { scans }] of plans) {
      expect(scans.length, `${name}\n${report}`).toBeGreaterThanOrEqual(2);
      expect(scans, `${name}\n${report}`).not.toContain("Seq Scan");
      // Each row's predecessor, by instance and time.
      expect(
        scans.some((scan) => scan.endsWith("idx_price_history_instance_time")),
        `${name}\n${report}`,
      ).toBe(true);
    }
    // Two GPUs are two index ranges merged newest first (twice: the read, and where it would stop).
    expect(
      plans.get("two GPUs, 30 days")!.scans.filter((scan) => scan.endsWith("idx_price_history_gpu_time")).length,
      report,
    ).toBe(4);
    // A window of ~90 000 rows, most of them events: the page (50) and COUNT_AHEAD past it are
    // counted, the total is that lower bound, and the read stops soon after them. (Soon, not at once:
    // rows written in one transaction share a time and are ordered by id as a group, and the offers
    // made here have one such group of ~7 000 rows.)
    expect(windowRows, report).toBeGreaterThan(50_000);
    expect(totals.get("everything, 90 days"), report).toBe(50 + COUNT_AHEAD);
    expect(plans.get("everything, 90 days")!.read, report).toBeLessThan(windowRows / 8);
    // A filter nothing matches stops after SCAN_ROWS rows and says where, not at the window's start
    // (finding where is a second pass over as many index entries).
    expect(windowRows, report).toBeGreaterThan(SCAN_ROWS);
    expect(totals.get("no event can match, 90 days"), report).toBe(0);
    expect(plans.get("no event can match, 90 days")!.read, report).toBeLessThan(2 * SCAN_ROWS + 10_000);
    expect(new Date(cuts.get("no event can match, 90 days")!).getTime(), report).toBeGreaterThan(
      Date.now() - 90 * DAY_MS,
    );
    // A read that found its page and the events past it, or read its whole window, was not cut.
    expect(cuts.get("everything, 90 days"), report).toBeNull();
    expect(cuts.get("one GPU on one provider, 90 days"), report).toBeNull();
    // New offers alone: no read of the window's rows, only each new offer's first row.
    expect(plans.get("new offers only, 90 days")!.read, report).toBe(0);
    expect(arrivals.alone.length).toBeGreaterThan(0);
    expect(arrivals.alone).toEqual(arrivals.withOthers);
    // A narrow filter counts all of its events exactly.
    expect(totals.get("one GPU on one provider, 90 days"), report).toBeLessThan(50 + COUNT_AHEAD);
  }, 90_000);
});
