import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import {
  availabilityStatuses,
  benchmarkWorkloads,
  gpuArchitectures,
  providerTypes,
  reliabilityTiers,
  scrapeStatuses,
} from "../../shared/domain";
import { GPU_CATALOG } from "../../shared/gpu-catalog";
import { ADAPTERS } from "../providers";
import { withDb } from "./client";
import * as schema from "./schema";

// The migrated database must be exactly the one docs/database.md describes: these lists are
// written from that page, not derived from our own schema file.

const PRODUCT_TABLES = [
  "content_pages",
  "gpu_benchmarks",
  "gpu_models",
  "instances",
  "price_history",
  "providers",
  "scrape_jobs",
];
// Ours, for the ingestion pipeline (workers/db/schema.ts, docs/database.md §2).
const PIPELINE_TABLES = ["scrape_schedules", "scrape_dispatches", "scrape_offer_issues", "fx_rates"];
// Ours, for API keys (workers/auth/api-keys.ts).
const API_TABLES = ["api_keys", "affiliate_clicks"];
// Ours, for price alerts (docs/design.md §9).
const ALERT_TABLES = ["alert_subscriptions", "alert_firings", "alert_deliveries"];
// Ours, the daily rollup of price_history kept after its purge (docs/design.md §7).
const ROLLUP_TABLES = ["price_daily", "price_daily_gpu_provider"];
// Ours, for operations: the admin audit, GPU name mappings, dead letters, maintenance runs (§18).
const OPERATIONS_TABLES = ["admin_audit", "gpu_name_mappings", "dead_letters", "maintenance_runs"];
const PIPELINE_INDEXES = [
  ...[...PIPELINE_TABLES, ...API_TABLES, ...ALERT_TABLES, ...ROLLUP_TABLES, ...OPERATIONS_TABLES].map(
    (table) => `${table}_pkey`,
  ),
  "alert_subscriptions_token_hash_key",
  "alert_subscriptions_unsubscribe_token_key",
  "idx_alert_subscriptions_match",
  "idx_alert_subscriptions_target",
  "idx_alert_subscriptions_client",
  "idx_alert_deliveries_subscription",
  "idx_alert_deliveries_digest",
  "idx_scrape_offer_issues_job",
  "idx_scrape_offer_issues_offer",
  "idx_scrape_offer_issues_unmapped",
  "api_keys_key_hash_key",
  "idx_affiliate_clicks_provider_time",
  "idx_price_daily_gpu_day",
  "idx_price_daily_provider_day",
  "idx_price_daily_day",
  "idx_price_daily_gpu_provider_provider_day",
  // for the public reads at 10x the design's volumes (npm run bench:scale)
  "idx_instances_active_scraped",
  "idx_scrape_jobs_last_success",
  "idx_scrape_offer_issues_quarantine",
  "idx_admin_audit_at",
  "idx_admin_audit_target",
  "gpu_name_mappings_name_key",
  "dead_letters_queue_message_key",
  "idx_dead_letters_waiting",
  "idx_maintenance_runs_job",
];

const DOCUMENTED_INDEXES = [
  "idx_gpu_models_architecture",
  "idx_gpu_models_vram",
  "idx_gpu_models_slug",
  "idx_providers_type",
  "idx_providers_tier",
  "idx_providers_active",
  "idx_providers_slug",
  "idx_instances_gpu_model",
  "idx_instances_provider",
  "idx_instances_price",
  "idx_instances_active",
  "idx_instances_gpu_price",
  "idx_instances_provider_active",
  "idx_instances_last_scraped",
  "idx_instances_availability",
  "idx_price_history_gpu_time",
  "idx_price_history_provider_time",
  "idx_price_history_instance_time",
  "idx_price_history_recorded_at",
  "idx_price_history_brin",
  "idx_scrape_jobs_provider",
  "idx_scrape_jobs_status",
  "idx_scrape_jobs_time",
  "idx_gpu_benchmarks_gpu",
  "idx_gpu_benchmarks_workload",
  "idx_content_pages_type",
  "idx_content_pages_published",
  "idx_content_pages_slug",
  // for the comparison and list queries
  "idx_instances_compare_query",
  "idx_price_history_gpu_agg",
  "idx_instances_regions_gin",
  "idx_providers_slug_covering",
  "idx_instances_provider_gpu",
  // for the comparison and list queries, too
  "idx_instances_gpu_count_price",
  "idx_instances_spot_price",
  "idx_content_pages_gpu_ids",
];
const CONSTRAINT_INDEXES = [
  ...PRODUCT_TABLES.map((table) => `${table}_pkey`),
  "gpu_models_slug_key",
  "providers_slug_key",
  "content_pages_slug_key",
  "instances_provider_type_unique",
  "gpu_benchmarks_unique",
];

const DOCUMENTED_TRIGGERS = [
  "update_gpu_models_timestamp",
  "update_providers_timestamp",
  "update_instances_timestamp",
  "update_gpu_benchmarks_timestamp",
  "update_content_pages_timestamp",
  "compute_instance_price_per_vram",
  "record_instance_price_history",
  "track_provider_price_update",
  "validate_depin_provider_uptime",
  "update_scrape_schedules_timestamp",
  "update_alert_subscriptions_timestamp",
];
const DOCUMENTED_FUNCTIONS = [
  "update_timestamp",
  "compute_price_per_vram",
  "record_price_history",
  "update_provider_last_price_update",
  "validate_depin_uptime",
  "cleanup_stale_instances",
];
const DOCUMENTED_CHECKS = [
  "gpu_vram_positive",
  "gpu_bandwidth_positive",
  "gpu_tdp_positive",
  "provider_sla_range",
  "provider_affiliate_commission_range",
  "instances_price_positive",
  "instances_gpu_count_positive",
  "instances_spot_price_valid",
  // pipeline tables
  "scrape_schedules_priority_valid",
  "scrape_schedules_interval_valid",
  "scrape_schedules_offset_valid",
  "scrape_schedules_queue_valid",
  "scrape_offer_issues_kind_valid",
  "fx_rates_rate_positive",
  "api_keys_tier_valid",
  "alert_subscriptions_kind_valid",
  "alert_subscriptions_channel_valid",
  "alert_subscriptions_status_valid",
  "alert_subscriptions_watches_something",
  "alert_firings_event_valid",
  "alert_deliveries_status_valid",
  "price_daily_seconds_valid",
  "price_daily_prices_ordered",
  "price_daily_samples_positive",
  "price_daily_gpu_provider_seconds_valid",
  "providers_status_valid",
  "scrape_offer_issues_decision_valid",
  "gpu_name_mappings_name_normalised",
  "maintenance_runs_status_valid",
];
const SEED_GPUS = [
  "b200-sxm",
  "gb200-nvl",
  "h200-sxm",
  "h100-sxm",
  "h100-pcie",
  "l40s",
  "rtx-4090",
  "rtx-5090",
  "a100-80gb",
  "a100-40gb",
  "a10g",
  "rtx-3090",
];
// Providers added with their adapters (migrations 0012–0015), beside the seeded ones.
const COVERAGE_PROVIDERS = [
  "linode",
  "digitalocean",
  "ovhcloud",
  "cudo",
  "cloudrift",
  "jarvislabs",
  "akash",
  "clore-ai",
  "hot-aisle",
  "oci",
  "seeweb",
  "mithril",
  "genesis-cloud",
  "shadeform",
  "prime-intellect",
];
const SEED_PROVIDERS = [
  "lambda-labs",
  "coreweave",
  "voltage-park",
  "nebius",
  "gmi-cloud",
  "hyperstack",
  "scaleway",
  "runpod",
  "tensordock",
  "vast-ai",
  "io-net",
  "salad",
  "latitude-sh",
  "vultr",
  "aws",
  "gcp",
  "azure",
  "crusoe",
  "paperspace",
  "fluidstack",
  "oblivus",
  "datacrunch",
];

const query = <T extends Record<string, unknown>>(statement: ReturnType<typeof sql>) =>
  withDb(env, "fresh", async (db) => (await db.execute<T>(statement)).rows);
const sorted = (values: string[]) => [...values].sort();

describe("migrated schema (docs/database.md)", () => {
  it("has the product's seven tables, and otherwise only the pipeline's own", async () => {
    const rows = await query<{ name: string }>(
      sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'cloudgpus'`,
    );
    expect(sorted(rows.map((row) => row.name))).toEqual(
      sorted([
        ...PRODUCT_TABLES,
        ...PIPELINE_TABLES,
        ...API_TABLES,
        ...ALERT_TABLES,
        ...ROLLUP_TABLES,
        ...OPERATIONS_TABLES,
      ]),
    );
  });

  it("has the six enums with the documented values in order", async () => {
    const rows = await query<{ name: string; labels: string[] }>(sql`
      SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'cloudgpus' GROUP BY t.typname`);
    expect(Object.fromEntries(rows.map((row) => [row.name, row.labels]))).toEqual({
      reliability_tier: [...reliabilityTiers],
      provider_type: [...providerTypes],
      gpu_architecture: [...gpuArchitectures],
      availability_status: [...availabilityStatuses],
      scrape_status: [...scrapeStatuses],
      benchmark_workload: [...benchmarkWorkloads],
    });
    // The tuples themselves are the documented ones, in that order.
    expect(providerTypes).toEqual([
      "specialized_neocloud",
      "hyperscaler",
      "regional_cloud",
      "marketplace",
      "depin",
      "bare_metal",
    ]);
    expect(availabilityStatuses).toEqual([
      "available",
      "limited",
      "waitlist",
      "sold_out",
      "contact_sales",
      "deprecated",
    ]);
  });

  it("has every documented index and no other", async () => {
    const rows = await query<{ name: string; method: string }>(sql`
      SELECT i.indexname AS name, am.amname AS method
      FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname JOIN pg_am am ON am.oid = c.relam
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = i.schemaname
      WHERE i.schemaname = 'cloudgpus'`);
    expect(sorted(rows.map((row) => row.name))).toEqual(
      sorted([...DOCUMENTED_INDEXES, ...CONSTRAINT_INDEXES, ...PIPELINE_INDEXES]),
    );
    const methods = Object.fromEntries(rows.map((row) => [row.name, row.method]));
    expect(methods).toMatchObject({
      idx_price_history_brin: "brin",
      idx_instances_regions_gin: "gin",
      idx_content_pages_gpu_ids: "gin",
    });
  });

  it("has the partial and covering index definitions", async () => {
    const rows = await query<{ name: string; definition: string }>(sql`
      SELECT indexname AS name, indexdef AS definition FROM pg_indexes
      WHERE schemaname = 'cloudgpus' AND indexname IN ('idx_instances_gpu_price', 'idx_price_history_gpu_agg', 'idx_scrape_jobs_status',
        'idx_price_daily_gpu_day', 'idx_price_daily_provider_day', 'idx_instances_active_scraped', 'idx_scrape_jobs_last_success',
        'price_daily_gpu_provider_pkey', 'idx_price_daily_gpu_provider_provider_day')`);
    const definitions = Object.fromEntries(rows.map((row) => [row.name, row.definition]));
    expect(definitions.idx_instances_gpu_price).toMatch(
      /\(gpu_model_id, price_per_gpu_hour\) WHERE \(is_active = true\)/,
    );
    expect(definitions.idx_price_history_gpu_agg).toMatch(/INCLUDE \(provider_id, price_per_gpu_hour/);
    expect(definitions.idx_scrape_jobs_status).toMatch(/WHERE \(status = ANY/);
    // The daily series read a GPU's or a provider's days from these alone (migration 0020).
    expect(definitions.idx_price_daily_gpu_day).toMatch(
      /\(gpu_model_id, day\) INCLUDE \(instance_id, provider_id, min_price/,
    );
    expect(definitions.idx_price_daily_provider_day).toMatch(
      /\(provider_id, day\) INCLUDE \(instance_id, gpu_model_id, min_price/,
    );
    // A whole GPU model's or provider's days come from these alone (migration 0021).
    expect(definitions.price_daily_gpu_provider_pkey).toMatch(
      /\(gpu_model_id, provider_id, day\) INCLUDE \(min_price_per_gpu_hour, price_seconds/,
    );
    expect(definitions.idx_price_daily_gpu_provider_provider_day).toMatch(
      /\(provider_id, day\) INCLUDE \(gpu_model_id, min_price_per_gpu_hour, price_seconds/,
    );
    expect(definitions.idx_instances_active_scraped).toMatch(
      /\(last_scraped_at DESC NULLS LAST, id\) WHERE \(is_active = true\)/,
    );
    expect(definitions.idx_scrape_jobs_last_success).toMatch(
      /\(provider_id, completed_at\) WHERE \(status = 'completed'::cloudgpus.scrape_status\)/,
    );
  });

  it("has the documented triggers and functions", async () => {
    const triggers = await query<{ name: string }>(sql`
      SELECT t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'cloudgpus' AND NOT t.tgisinternal`);
    expect(sorted(triggers.map((row) => row.name))).toEqual(sorted(DOCUMENTED_TRIGGERS));
    const functions = await query<{ name: string }>(sql`
      SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'cloudgpus'`);
    expect(sorted(functions.map((row) => row.name))).toEqual(sorted(DOCUMENTED_FUNCTIONS));
  });

  it("has the documented CHECK constraints", async () => {
    const rows = await query<{ name: string }>(sql`
      SELECT con.conname AS name FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
      WHERE n.nspname = 'cloudgpus' AND con.contype = 'c'`);
    expect(sorted(rows.map((row) => row.name))).toEqual(sorted(DOCUMENTED_CHECKS));
  });

  it("has the documented extensions", async () => {
    const rows = await query<{ name: string }>(sql`SELECT extname AS name FROM pg_extension`);
    expect(rows.map((row) => row.name)).toEqual(expect.arrayContaining(["uuid-ossp", "pg_trgm"]));
  });

  it("matches workers/db/schema.ts column for column", async () => {
    const rows = await query<{ table: string; column: string; nullable: string; generated: string }>(sql`
      SELECT table_name AS table, column_name AS column, is_nullable AS nullable, is_generated AS generated
      FROM information_schema.columns WHERE table_schema = 'cloudgpus'`);
    const inDatabase = sorted(
      rows.map(
        (row) =>
          `${row.table}.${row.column} ${row.nullable === "NO" ? "not null" : "null"}${row.generated === "ALWAYS" ? " generated" : ""}`,
      ),
    );
    const inSchema = sorted(
      Object.values(schema)
        .filter((value) => typeof value === "object" && value !== null && Symbol.for("drizzle:IsDrizzleTable") in value)
        .flatMap((table) => {
          const config = getTableConfig(table as typeof schema.instances);
          return config.columns.map(
            (column) =>
              `${config.name}.${column.name} ${column.notNull ? "not null" : "null"}${column.generated ? " generated" : ""}`,
          );
        }),
    );
    expect(inSchema).toEqual(inDatabase);
    expect(inDatabase).toContain("instances.price_per_gpu_hour null generated");
    expect(inDatabase).toContain("price_history.recorded_month null generated");
  });

  it("grants read-only access to anon and authenticated", async () => {
    const [row] = await query<{ anon_select: boolean; anon_insert: boolean; service_insert: boolean }>(sql`
      SELECT has_table_privilege('anon', 'cloudgpus.instances', 'SELECT') AS anon_select,
             has_table_privilege('anon', 'cloudgpus.instances', 'INSERT') AS anon_insert,
             has_table_privilege('service_role', 'cloudgpus.instances', 'INSERT') AS service_insert`);
    expect(row).toEqual({ anon_select: true, anon_insert: false, service_insert: true });
  });
});

describe("seed data (docs/database.md §5)", () => {
  it("holds the 12 GPU models, and otherwise only the catalog's", async () => {
    // Test files make GPU models of their own, all named `test-…` (workers/testing/factories.ts).
    const rows = await query<{ slug: string }>(sql`SELECT slug FROM cloudgpus.gpu_models WHERE slug NOT LIKE 'test-%'`);
    expect(rows.map((row) => row.slug)).toEqual(expect.arrayContaining(SEED_GPUS));
    expect(sorted(rows.map((row) => row.slug))).toEqual(sorted(GPU_CATALOG.map((gpu) => gpu.slug)));
  });

  it("holds every provider of the document, and the ones provider coverage added (0012)", async () => {
    const rows = await query<{ slug: string }>(sql`SELECT slug FROM cloudgpus.providers WHERE slug NOT LIKE 'test-%'`);
    expect(sorted(rows.map((row) => row.slug))).toEqual(sorted([...SEED_PROVIDERS, ...COVERAGE_PROVIDERS]));
  });

  it("schedules every provider that has an adapter", async () => {
    const rows = await query<{ slug: string }>(sql`
      SELECT p.slug FROM cloudgpus.scrape_schedules s JOIN cloudgpus.providers p ON p.id = s.provider_id`);
    expect(sorted(rows.map((row) => row.slug))).toEqual(expect.arrayContaining(sorted(Object.keys(ADAPTERS))));
  });

  it("holds the ten sample benchmarks on their GPUs", async () => {
    const rows = await query<{ slug: string; benchmarks: number }>(sql`
      SELECT g.slug, count(*)::int AS benchmarks FROM cloudgpus.gpu_benchmarks b
      JOIN cloudgpus.gpu_models g ON g.id = b.gpu_model_id GROUP BY g.slug`);
    expect(Object.fromEntries(rows.map((row) => [row.slug, row.benchmarks]))).toEqual({
      "h100-sxm": 3,
      "h200-sxm": 2,
      "rtx-5090": 3,
      "a100-80gb": 2,
    });
  });

  it("keeps the seed data's values, e.g. Lambda's tier and H100 SXM specs", async () => {
    const [lambda] = await query<{ reliability_tier: string; sla: string }>(
      sql`SELECT reliability_tier, sla_uptime_percent::text AS sla FROM cloudgpus.providers WHERE slug = 'lambda-labs'`,
    );
    expect(lambda).toEqual({ reliability_tier: "enterprise", sla: "99.90" });
    const [h100] = await query<{ vram_gb: number; memory_bandwidth_gbps: number }>(
      sql`SELECT vram_gb, memory_bandwidth_gbps FROM cloudgpus.gpu_models WHERE slug = 'h100-sxm'`,
    );
    expect(h100).toEqual({ vram_gb: 80, memory_bandwidth_gbps: 3350 });
  });
});
