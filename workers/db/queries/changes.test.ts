import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { changeEvents } from "../../../shared/changes";
import { nodesOf, type PlanNode, Rollback } from "../../testing/query-plans";
import { withDb } from "../client";
import { gpuModels, instances, priceHistory, providers } from "../schema";
import { type ChangesFilter, changesStatement } from "./changes";

// The change feed reads a bounded window of price history. Planned against ~70 000 history rows
// over 90 days (made in a transaction that is rolled back), a window narrowed by GPU, provider or
// time must come through the history indexes, not a scan of the table, and so must the row each
// offer had when the window opened.

const DAY_MS = 86_400_000;

describe("changesStatement", () => {
  it("is planned through the history indexes on ~70 000 rows", async () => {
    const plans = new Map<string, string[]>();
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
          const shapes: [string, ChangesFilter, { gpuIds: string[]; providerIds: string[] }][] = [
            ["one GPU, 30 days", filter, { gpuIds: [gpu], providerIds: [] }],
            ["one provider, 30 days", filter, { gpuIds: [], providerIds: [provider] }],
            [
              "one GPU on one provider, 90 days",
              { ...filter, from: new Date(now - 90 * DAY_MS) },
              {
                gpuIds: [gpu],
                providerIds: [provider],
              },
            ],
            ["everything, last day", { ...filter, from: new Date(now - DAY_MS) }, { gpuIds: [], providerIds: [] }],
          ];
          for (const [name, shape, scope] of shapes) {
            const result = await tx.execute<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
              sql`EXPLAIN (FORMAT JSON) ${changesStatement(shape, scope)}`,
            );
            plans.set(
              name,
              nodesOf(result.rows[0]!["QUERY PLAN"][0].Plan)
                .filter(
                  (node) =>
                    node["Relation Name"] === "price_history" || node["Index Name"]?.startsWith("idx_price_history"),
                )
                .map((node) => `${node["Node Type"]}${node["Index Name"] ? ` ${node["Index Name"]}` : ""}`),
            );
          }
          throw new Rollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof Rollback)) throw error;
        }),
    );

    const report = JSON.stringify(Object.fromEntries(plans), null, 2);
    expect(plans.size, report).toBe(4);
    for (const [name, scans] of plans) {
      expect(scans.length, `${name}\n${report}`).toBeGreaterThanOrEqual(2);
      expect(scans, `${name}\n${report}`).not.toContain("Seq Scan");
    }
    // The row each offer had when a recent window opened, by instance and time.
    expect(plans.get("everything, last day")).toContain("Index Scan idx_price_history_instance_time");
  }, 90_000);
});
