import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import qs from "qs";
import { describe, expect, it } from "vitest";
import { parseListQuery } from "../../../shared/query-grammar";
import { nodesOf, type PlanNode, Rollback } from "../../testing/query-plans";
import { withDb } from "../client";
import { availabilityStatus, gpuModels, instances, providers, scrapeJobs } from "../schema";
import { scheduledFreshness } from "./freshness";
import { INSTANCE_DEFAULT_SORT, INSTANCE_FIELDS, instanceListStatements } from "./instances";

// The shapes of offer list a page, an API consumer or an agent asks most, planned by PostgreSQL
// against a table the size of a busy catalogue: each must be answered through an index, not by
// reading every offer. The rows are made inside a transaction that is rolled back, so no other test
// sees them. (ANALYZE's row estimate for the table outlives the rollback; it only sways plans.)

const OFFERS_PER_PAIR = 12; // × every provider × every GPU model of the seed catalogue ≈ 24 000 offers

// `selective`: the filter keeps a few per cent of the offers, so its total is counted through an
// index too. The others (every offer, an eighth of them, a sixth) are counted by reading the table,
// which is their cheapest plan; their page still comes through an index, in the order asked.
const COMMON_SHAPES: { name: string; selective: boolean; query: Record<string, unknown> }[] = [
  {
    name: "one GPU, cheapest first (GPU pages)",
    selective: true,
    query: { where: { gpu_model_id: { equals: "h100-sxm" } } },
  },
  {
    name: "a few GPUs as a qs array",
    selective: true,
    query: { where: { gpu_model_id: { in: ["h100-sxm", "a100-80gb"] } }, limit: 20 },
  },
  { name: "one provider (provider pages)", selective: true, query: { where: { provider_id: { equals: "runpod" } } } },
  { name: "one provider by dotted path", selective: true, query: { where: { "provider.slug": { equals: "lambda" } } } },
  {
    name: "one GPU on one provider",
    selective: true,
    query: { where: { and: [{ gpu_model_id: { equals: "h100-sxm" } }, { provider_id: { equals: "runpod" } }] } },
  },
  {
    name: "under a price, cheapest first",
    selective: true,
    query: { where: { price_per_gpu_hour: { less_than: 0.3 } }, limit: 20 },
  },
  {
    name: "spot offers under a price, cheapest spot first",
    selective: true,
    query: { where: { price_per_hour_spot: { less_than: 0.4 } }, sort: "price_per_hour_spot" },
  },
  { name: "cheapest offers overall", selective: false, query: { sort: "price_per_gpu_hour", limit: 20 } },
  {
    name: "eight-GPU machines, cheapest first",
    selective: false,
    query: { where: { gpu_count: { equals: 8 } }, sort: "price_per_gpu_hour", limit: 20 },
  },
  {
    name: "newest scrape first",
    selective: false,
    query: { sort: "-last_scraped_at", limit: 20 },
  },
  {
    name: "in a region",
    selective: false,
    query: { where: { available_regions: { equals: "eu-north-1" } }, limit: 20 },
  },
];

describe("offer lists of common shapes", () => {
  it("are planned through indexes on a catalogue of ~24 000 offers", async () => {
    const plans = new Map<string, { page: PlanNode[]; total: PlanNode[] }>();
    await withDb(env, "fresh", (db) =>
      db
        .transaction(async (tx) => {
          await tx.execute(sql`
            INSERT INTO ${instances} (provider_id, gpu_model_id, instance_type, gpu_count, price_per_hour,
              price_per_hour_spot, availability_status, available_regions, is_active)
            SELECT p.id, g.id, 'plan-' || g.slug || '-' || n, c.gpus,
              round((0.2 + random() * 6)::numeric * c.gpus, 4),
              CASE WHEN n % 3 = 0 THEN round((0.1 + random() * 3)::numeric * c.gpus, 4) END,
              (ARRAY['available', 'limited', 'sold_out'])[1 + n % 3]::${availabilityStatus},
              ARRAY[(ARRAY['us-east-1', 'us-west-2', 'eu-west-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1'])[1 + (n + length(p.slug)) % 6]],
              n % 10 <> 0
            FROM ${providers} p CROSS JOIN ${gpuModels} g CROSS JOIN generate_series(1, ${OFFERS_PER_PAIR}) n
            CROSS JOIN LATERAL (SELECT (ARRAY[1, 1, 2, 4, 8, 8])[1 + n % 6]::smallint AS gpus) c`);
          await tx.execute(sql`ANALYZE ${instances}, ${providers}, ${gpuModels}`);
          const [{ offers }] = (
            await tx.execute<{ offers: number }>(sql`SELECT count(*)::int AS offers FROM ${instances}`)
          ).rows as [{ offers: number }];
          expect(offers).toBeGreaterThan(20_000);

          for (const { name, query } of COMMON_SHAPES) {
            const parsed = parseListQuery(new URLSearchParams(qs.stringify(query)), INSTANCE_FIELDS, {
              defaultSort: INSTANCE_DEFAULT_SORT,
            });
            if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.problems)}`);
            const statements = instanceListStatements(tx, parsed.query);
            const explain = async (statement: typeof statements.page | typeof statements.total) => {
              const result = await tx.execute<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
                sql`EXPLAIN (FORMAT JSON) ${statement}`,
              );
              return nodesOf(result.rows[0]!["QUERY PLAN"][0].Plan);
            };
            plans.set(name, { page: await explain(statements.page), total: await explain(statements.total) });
          }
          throw new Rollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof Rollback)) throw error;
        }),
    );

    const scans = (nodes: PlanNode[]) =>
      nodes
        .filter((node) => node["Relation Name"] === "instances")
        .map((node) => `${node["Node Type"]}${node["Index Name"] ? ` ${node["Index Name"]}` : ""}`);
    const report = Object.fromEntries(
      [...plans].map(([name, plan]) => [name, { page: scans(plan.page), total: scans(plan.total) }]),
    );
    const readsEveryOffer = COMMON_SHAPES.filter(({ name, selective }) => {
      const plan = report[name]!;
      return [...plan.page, ...(selective ? plan.total : [])].includes("Seq Scan");
    }).map(({ name }) => name);
    expect(readsEveryOffer, JSON.stringify(report, null, 2)).toEqual([]);
    expect(plans.size).toBe(COMMON_SHAPES.length);
  }, 90_000);
});

describe("each provider's last successful scrape", () => {
  it("is one probe of idx_scrape_jobs_last_success per provider, not a read of every job", async () => {
    let plan: PlanNode[] = [];
    await withDb(env, "fresh", (db) =>
      db
        .transaction(async (tx) => {
          // A year of hourly jobs for every provider, most of them completed.
          await tx.execute(sql`
            INSERT INTO ${scrapeJobs} (provider_id, status, started_at, completed_at)
            SELECT p.id, CASE WHEN n % 10 = 0 THEN 'failed' ELSE 'completed' END::cloudgpus.scrape_status,
              now() - n * interval '1 hour', CASE WHEN n % 10 <> 0 THEN now() - n * interval '1 hour' + interval '1 minute' END
            FROM ${providers} p CROSS JOIN generate_series(1, 400) n`);
          await tx.execute(sql`ANALYZE ${scrapeJobs}`);
          const result = await tx.execute<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
            sql`EXPLAIN (FORMAT JSON) ${scheduledFreshness(tx)}`,
          );
          plan = nodesOf(result.rows[0]!["QUERY PLAN"][0].Plan);
          throw new Rollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof Rollback)) throw error;
        }),
    );
    const jobScans = plan
      .filter((node) => node["Relation Name"] === "scrape_jobs")
      .map((node) => `${node["Node Type"]} ${node["Index Name"] ?? ""}`.trim());
    expect(jobScans.length).toBeGreaterThan(0);
    expect(
      jobScans.every((scan) => scan.endsWith("idx_scrape_jobs_last_success")),
      jobScans.join(", "),
    ).toBe(true);
  }, 30_000);
});
