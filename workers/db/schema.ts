import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import {
  alertChannels,
  alertDeliveryStatuses,
  alertEvents,
  alertStatuses,
  availabilityStatuses,
  benchmarkWorkloads,
  gpuArchitectures,
  maintenanceRunStatuses,
  offerIssueKinds,
  priceKinds,
  providerStatuses,
  providerTypes,
  quarantineDecisions,
  reliabilityTiers,
  scrapeQueueKinds,
  scrapeStatuses,
} from "../../shared/domain";

/** A vocabulary as an SQL list of string literals (its values are our own constants, never input). */
const sqlList = (values: readonly string[]) => values.map((value) => `'${value}'`).join(", ");

// Mirrors docs/database.md. Tables, enums and plain indexes are generated from this file by
// drizzle-kit; triggers, functions, INCLUDE indexes, comments and seed data live in the custom
// SQL migrations beside them. Constraint names are PostgreSQL's own defaults (`*_key`, `*_fkey`)
// so the database looks exactly as that page describes it.

export const cloudgpus = pgSchema("cloudgpus");

export const reliabilityTier = cloudgpus.enum("reliability_tier", reliabilityTiers);
export const providerType = cloudgpus.enum("provider_type", providerTypes);
export const gpuArchitecture = cloudgpus.enum("gpu_architecture", gpuArchitectures);
export const availabilityStatus = cloudgpus.enum("availability_status", availabilityStatuses);
export const scrapeStatus = cloudgpus.enum("scrape_status", scrapeStatuses);
export const benchmarkWorkload = cloudgpus.enum("benchmark_workload", benchmarkWorkloads);

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const usd = <Name extends string>(name: Name) => numeric(name, { precision: 10, scale: 4, mode: "number" });

export const gpuModels = cloudgpus.table(
  "gpu_models",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: varchar("slug", { length: 50 }).notNull(),
    name: varchar("name", { length: 100 }).notNull(),
    shortName: varchar("short_name", { length: 30 }).notNull(),
    manufacturer: varchar("manufacturer", { length: 50 }).notNull().default("NVIDIA"),
    architecture: gpuArchitecture("architecture").notNull(),
    vramGb: smallint("vram_gb").notNull(),
    memoryType: varchar("memory_type", { length: 20 }).notNull(),
    memoryBandwidthGbps: integer("memory_bandwidth_gbps"),
    tdpWatts: smallint("tdp_watts"),
    fp64Tflops: numeric("fp64_tflops", { precision: 6, scale: 2, mode: "number" }),
    fp32Tflops: numeric("fp32_tflops", { precision: 6, scale: 2, mode: "number" }),
    fp16Tflops: numeric("fp16_tflops", { precision: 7, scale: 2, mode: "number" }),
    fp8Tflops: numeric("fp8_tflops", { precision: 7, scale: 2, mode: "number" }),
    int8Tops: numeric("int8_tops", { precision: 7, scale: 2, mode: "number" }),
    formFactor: varchar("form_factor", { length: 20 }),
    interconnect: varchar("interconnect", { length: 30 }),
    isDatacenter: boolean("is_datacenter").notNull().default(true),
    isConsumer: boolean("is_consumer").notNull().default(false),
    generationYear: smallint("generation_year"),
    description: text("description"),
    useCases: text("use_cases").array(),
    /** False once retired by an operator: kept for its history and links, no longer listed or mapped to. */
    isActive: boolean("is_active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("gpu_models_slug_key").on(t.slug),
    check("gpu_vram_positive", sql`vram_gb > 0`),
    check("gpu_bandwidth_positive", sql`memory_bandwidth_gbps IS NULL OR memory_bandwidth_gbps > 0`),
    check("gpu_tdp_positive", sql`tdp_watts IS NULL OR tdp_watts > 0`),
    index("idx_gpu_models_architecture").on(t.architecture),
    index("idx_gpu_models_vram").on(t.vramGb),
    index("idx_gpu_models_slug").on(t.slug),
  ],
);

export const providers = cloudgpus.table(
  "providers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: varchar("slug", { length: 50 }).notNull(),
    name: varchar("name", { length: 100 }).notNull(),
    displayName: varchar("display_name", { length: 100 }).notNull(),
    providerType: providerType("provider_type").notNull(),
    reliabilityTier: reliabilityTier("reliability_tier").notNull(),
    headquartersCountry: varchar("headquarters_country", { length: 3 }),
    foundedYear: smallint("founded_year"),
    websiteUrl: varchar("website_url", { length: 255 }).notNull(),
    pricingUrl: varchar("pricing_url", { length: 255 }),
    docsUrl: varchar("docs_url", { length: 255 }),
    statusPageUrl: varchar("status_page_url", { length: 255 }),
    apiBaseUrl: varchar("api_base_url", { length: 255 }),
    apiAuthType: varchar("api_auth_type", { length: 50 }),
    hasPublicApi: boolean("has_public_api").notNull().default(false),
    apiRateLimitRpm: integer("api_rate_limit_rpm"),
    affiliateUrl: varchar("affiliate_url", { length: 500 }),
    affiliateProgramName: varchar("affiliate_program_name", { length: 100 }),
    affiliateCommissionPercent: numeric("affiliate_commission_percent", { precision: 4, scale: 2, mode: "number" }),
    affiliateCookieDays: smallint("affiliate_cookie_days"),
    slaUptimePercent: numeric("sla_uptime_percent", { precision: 5, scale: 2, mode: "number" }),
    supportsSpotInstances: boolean("supports_spot_instances").default(false),
    supportsReservedInstances: boolean("supports_reserved_instances").default(false),
    supportsBareMetal: boolean("supports_bare_metal").default(false),
    minBillingIncrementSeconds: integer("min_billing_increment_seconds"),
    availableRegions: text("available_regions").array(),
    description: text("description"),
    pros: text("pros").array(),
    cons: text("cons").array(),
    bestFor: text("best_for").array(),
    logoUrl: varchar("logo_url", { length: 255 }),
    brandColor: varchar("brand_color", { length: 7 }),
    isActive: boolean("is_active").notNull().default(true),
    lastPriceUpdate: timestamp("last_price_update", { withTimezone: true }),
    /** docs/design.md §18: active / degraded follow scrape health, disabled is an operator's. */
    status: varchar("status", { length: 10, enum: providerStatuses }).notNull().default("active"),
    statusReason: text("status_reason"),
    /** Who set the status by hand (the admin's identity); null when scrape health set it. */
    statusSetBy: varchar("status_set_by", { length: 200 }),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("providers_slug_key").on(t.slug),
    check(
      "provider_sla_range",
      sql`sla_uptime_percent IS NULL OR (sla_uptime_percent >= 0 AND sla_uptime_percent <= 100)`,
    ),
    check(
      "provider_affiliate_commission_range",
      sql`affiliate_commission_percent IS NULL OR (affiliate_commission_percent >= 0 AND affiliate_commission_percent <= 100)`,
    ),
    index("idx_providers_type").on(t.providerType),
    index("idx_providers_tier").on(t.reliabilityTier),
    index("idx_providers_active").on(t.isActive).where(sql`is_active = true`),
    index("idx_providers_slug").on(t.slug),
    check("providers_status_valid", sql.raw(`status IN (${sqlList(providerStatuses)})`)),
  ],
);

export const instances = cloudgpus.table(
  "instances",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerId: uuid("provider_id").notNull(),
    gpuModelId: uuid("gpu_model_id").notNull(),
    instanceType: varchar("instance_type", { length: 100 }).notNull(),
    instanceName: varchar("instance_name", { length: 150 }),
    gpuCount: smallint("gpu_count").notNull().default(1),
    /** USD per hour for the whole instance (all of its GPUs), on demand. */
    pricePerHour: usd("price_per_hour").notNull(),
    pricePerHourSpot: usd("price_per_hour_spot"),
    pricePerMonth: numeric("price_per_month", { precision: 12, scale: 2, mode: "number" }),
    pricePerHourReserved1y: usd("price_per_hour_reserved_1y"),
    pricePerHourReserved3y: usd("price_per_hour_reserved_3y"),
    pricePerGpuHour: usd("price_per_gpu_hour").generatedAlwaysAs(sql`price_per_hour / NULLIF(gpu_count, 0)`),
    pricePerVramGbHour: numeric("price_per_vram_gb_hour", { precision: 10, scale: 6, mode: "number" }),
    priceIncludes: jsonb("price_includes").default(sql`'{}'::jsonb`),
    currency: varchar("currency", { length: 3 }).notNull().default("USD"),
    vcpuCount: smallint("vcpu_count"),
    ramGb: smallint("ram_gb"),
    storageType: varchar("storage_type", { length: 30 }),
    storageGb: integer("storage_gb"),
    networkBandwidthGbps: numeric("network_bandwidth_gbps", { precision: 6, scale: 2, mode: "number" }),
    hasNvlink: boolean("has_nvlink").default(false),
    hasInfiniband: boolean("has_infiniband").default(false),
    infinibandBandwidthGbps: integer("infiniband_bandwidth_gbps"),
    availabilityStatus: availabilityStatus("availability_status").notNull().default("available"),
    availableRegions: text("available_regions").array(),
    minRentalHours: smallint("min_rental_hours").default(1),
    maxRentalHours: integer("max_rental_hours"),
    billingIncrementSeconds: integer("billing_increment_seconds").default(3600),
    setupFee: numeric("setup_fee", { precision: 10, scale: 2, mode: "number" }).default(0),
    instanceUrl: varchar("instance_url", { length: 500 }),
    rawData: jsonb("raw_data"),
    sourceUrl: varchar("source_url", { length: 500 }),
    lastScrapedAt: timestamp("last_scraped_at", { withTimezone: true }).notNull().defaultNow(),
    scrapeJobId: uuid("scrape_job_id"),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "instances_provider_id_fkey",
      columns: [t.providerId],
      foreignColumns: [providers.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "instances_gpu_model_id_fkey",
      columns: [t.gpuModelId],
      foreignColumns: [gpuModels.id],
    }).onDelete("cascade"),
    unique("instances_provider_type_unique").on(t.providerId, t.instanceType),
    check("instances_price_positive", sql`price_per_hour > 0`),
    check("instances_gpu_count_positive", sql`gpu_count > 0`),
    check("instances_spot_price_valid", sql`price_per_hour_spot IS NULL OR price_per_hour_spot > 0`),
    index("idx_instances_gpu_model").on(t.gpuModelId),
    index("idx_instances_provider").on(t.providerId),
    index("idx_instances_price").on(t.pricePerGpuHour),
    index("idx_instances_active").on(t.isActive).where(sql`is_active = true`),
    index("idx_instances_gpu_price").on(t.gpuModelId, t.pricePerGpuHour).where(sql`is_active = true`),
    index("idx_instances_provider_active").on(t.providerId, t.isActive, t.pricePerGpuHour).where(sql`is_active = true`),
    index("idx_instances_last_scraped").on(t.lastScrapedAt),
    index("idx_instances_availability").on(t.availabilityStatus).where(sql`availability_status = 'available'`),
    // docs/database.md §3: for the comparison and list queries
    index("idx_instances_compare_query").on(t.gpuModelId, t.providerId, t.pricePerGpuHour).where(sql`is_active = true`),
    index("idx_instances_regions_gin").using("gin", t.availableRegions),
    index("idx_instances_provider_gpu").on(t.providerId, t.gpuModelId),
    // docs/database.md §3
    index("idx_instances_gpu_count_price")
      .on(t.gpuCount, t.pricePerGpuHour)
      .where(sql`is_active = true AND gpu_count > 1`),
    index("idx_instances_spot_price")
      .on(t.pricePerHourSpot)
      .where(sql`is_active = true AND price_per_hour_spot IS NOT NULL`),
    // The list sorted newest scrape first (`sort=-last_scraped_at`), in the order the API sorts it:
    // idx_instances_last_scraped reads descending with nulls first, which that order is not.
    index("idx_instances_active_scraped").on(t.lastScrapedAt.desc().nullsLast(), t.id).where(sql`is_active = true`),
  ],
);

export const priceHistory = cloudgpus.table(
  "price_history",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    instanceId: uuid("instance_id").notNull(),
    providerId: uuid("provider_id").notNull(),
    gpuModelId: uuid("gpu_model_id").notNull(),
    pricePerHour: usd("price_per_hour").notNull(),
    pricePerGpuHour: usd("price_per_gpu_hour").notNull(),
    pricePerHourSpot: usd("price_per_hour_spot"),
    availabilityStatus: availabilityStatus("availability_status").notNull(),
    gpuCount: smallint("gpu_count").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    // The first design wrote DATE_TRUNC('month', recorded_at): PostgreSQL rejects that in a generated
    // column (it depends on the session time zone), so the month is taken in UTC.
    recordedMonth: date("recorded_month").generatedAlwaysAs(
      sql`(DATE_TRUNC('month', recorded_at AT TIME ZONE 'UTC'))::DATE`,
    ),
  },
  (t) => [
    foreignKey({
      name: "price_history_instance_id_fkey",
      columns: [t.instanceId],
      foreignColumns: [instances.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "price_history_provider_id_fkey",
      columns: [t.providerId],
      foreignColumns: [providers.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "price_history_gpu_model_id_fkey",
      columns: [t.gpuModelId],
      foreignColumns: [gpuModels.id],
    }).onDelete("cascade"),
    index("idx_price_history_gpu_time").on(t.gpuModelId, t.recordedAt.desc().nullsFirst()),
    index("idx_price_history_provider_time").on(t.providerId, t.recordedAt.desc().nullsFirst()),
    index("idx_price_history_instance_time").on(t.instanceId, t.recordedAt.desc().nullsFirst()),
    index("idx_price_history_recorded_at").on(t.recordedAt),
    index("idx_price_history_brin").using("brin", t.recordedAt),
  ],
);

export const scrapeJobs = cloudgpus.table(
  "scrape_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerId: uuid("provider_id").notNull(),
    status: scrapeStatus("status").notNull().default("pending"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    durationMs: integer("duration_ms"),
    instancesFound: integer("instances_found").default(0),
    instancesUpdated: integer("instances_updated").default(0),
    instancesCreated: integer("instances_created").default(0),
    instancesDeactivated: integer("instances_deactivated").default(0),
    errorMessage: text("error_message"),
    errorCode: varchar("error_code", { length: 50 }),
    retryCount: smallint("retry_count").default(0),
    requestUrl: varchar("request_url", { length: 500 }),
    responseStatusCode: smallint("response_status_code"),
    rawResponseSizeBytes: integer("raw_response_size_bytes"),
    scraperVersion: varchar("scraper_version", { length: 20 }),
    workerId: varchar("worker_id", { length: 50 }),
  },
  (t) => [
    foreignKey({
      name: "scrape_jobs_provider_id_fkey",
      columns: [t.providerId],
      foreignColumns: [providers.id],
    }).onDelete("cascade"),
    index("idx_scrape_jobs_provider").on(t.providerId, t.startedAt.desc().nullsFirst()),
    index("idx_scrape_jobs_status").on(t.status).where(sql`status IN ('pending', 'running')`),
    index("idx_scrape_jobs_time").on(t.startedAt.desc().nullsFirst()),
    // Each provider's last successful scrape (health, the home page): one index probe per provider.
    index("idx_scrape_jobs_last_success").on(t.providerId, t.completedAt).where(sql`status = 'completed'`),
  ],
);

export const gpuBenchmarks = cloudgpus.table(
  "gpu_benchmarks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    gpuModelId: uuid("gpu_model_id").notNull(),
    workloadType: benchmarkWorkload("workload_type").notNull(),
    benchmarkName: varchar("benchmark_name", { length: 100 }).notNull(),
    benchmarkVersion: varchar("benchmark_version", { length: 20 }),
    score: numeric("score", { precision: 12, scale: 2, mode: "number" }),
    scoreUnit: varchar("score_unit", { length: 50 }),
    latencyMs: numeric("latency_ms", { precision: 10, scale: 2, mode: "number" }),
    throughput: numeric("throughput", { precision: 12, scale: 2, mode: "number" }),
    throughputUnit: varchar("throughput_unit", { length: 50 }),
    batchSize: integer("batch_size"),
    precision: varchar("precision", { length: 10 }),
    modelName: varchar("model_name", { length: 100 }),
    framework: varchar("framework", { length: 50 }),
    testDate: date("test_date"),
    sourceUrl: varchar("source_url", { length: 500 }),
    notes: text("notes"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "gpu_benchmarks_gpu_model_id_fkey",
      columns: [t.gpuModelId],
      foreignColumns: [gpuModels.id],
    }).onDelete("cascade"),
    unique("gpu_benchmarks_unique").on(t.gpuModelId, t.workloadType, t.benchmarkName, t.precision),
    index("idx_gpu_benchmarks_gpu").on(t.gpuModelId),
    index("idx_gpu_benchmarks_workload").on(t.workloadType),
  ],
);

export const contentPages = cloudgpus.table(
  "content_pages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: varchar("slug", { length: 200 }).notNull(),
    pageType: varchar("page_type", { length: 50 }).notNull(),
    title: varchar("title", { length: 200 }).notNull(),
    metaDescription: varchar("meta_description", { length: 320 }),
    canonicalUrl: varchar("canonical_url", { length: 500 }),
    contentHtml: text("content_html"),
    contentMarkdown: text("content_markdown"),
    structuredData: jsonb("structured_data"),
    relatedGpuIds: uuid("related_gpu_ids").array(),
    relatedProviderIds: uuid("related_provider_ids").array(),
    generatedAt: timestamp("generated_at", { withTimezone: true }),
    generationPrompt: text("generation_prompt"),
    generationModel: varchar("generation_model", { length: 50 }),
    isPublished: boolean("is_published").notNull().default(false),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("content_pages_slug_key").on(t.slug),
    index("idx_content_pages_type").on(t.pageType),
    index("idx_content_pages_published").on(t.isPublished).where(sql`is_published = true`),
    index("idx_content_pages_slug").on(t.slug),
    // docs/database.md §3
    index("idx_content_pages_gpu_ids").using("gin", t.relatedGpuIds),
  ],
);

// ---------------------------------------------------------------------------------------------
// Tables of ours (docs/database.md §2): what the ingestion pipeline needs to be scheduled, idempotent and
// auditable. The product's own tables above stay exactly as docs/database.md has them.

export const scrapePriorities = ["P0", "P1", "P2"] as const;

/** When each provider is scraped (docs/design.md §3): every `interval_hours`, offset. */
export const scrapeSchedules = cloudgpus.table(
  "scrape_schedules",
  {
    providerId: uuid("provider_id").primaryKey(),
    priority: varchar("priority", { length: 2, enum: scrapePriorities }).notNull(),
    intervalHours: smallint("interval_hours").notNull(),
    offsetHours: smallint("offset_hours").notNull().default(0),
    queue: varchar("queue", { length: 20, enum: scrapeQueueKinds }).notNull().default("scrape"),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "scrape_schedules_provider_id_fkey",
      columns: [t.providerId],
      foreignColumns: [providers.id],
    }).onDelete("cascade"),
    check("scrape_schedules_priority_valid", sql`priority IN ('P0', 'P1', 'P2')`),
    check("scrape_schedules_interval_valid", sql`interval_hours BETWEEN 1 AND 24`),
    check("scrape_schedules_offset_valid", sql`offset_hours >= 0 AND offset_hours < interval_hours`),
    check("scrape_schedules_queue_valid", sql.raw(`queue IN (${sqlList(scrapeQueueKinds)})`)),
  ],
);

/**
 * One row per planned scrape (provider × scheduled hour). The planner inserts it before it
 * enqueues, so a replayed cron enqueues nothing new; the consumer claims and completes it, so a
 * message delivered twice stores once.
 */
export const scrapeDispatches = cloudgpus.table(
  "scrape_dispatches",
  {
    providerId: uuid("provider_id").notNull(),
    scheduledFor: timestamp("scheduled_for", { withTimezone: true }).notNull(),
    enqueuedAt: timestamp("enqueued_at", { withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    attempts: smallint("attempts").notNull().default(0),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    scrapeJobId: uuid("scrape_job_id"),
  },
  (t) => [
    primaryKey({ name: "scrape_dispatches_pkey", columns: [t.providerId, t.scheduledFor] }),
    foreignKey({
      name: "scrape_dispatches_provider_id_fkey",
      columns: [t.providerId],
      foreignColumns: [providers.id],
    }).onDelete("cascade"),
  ],
);

/**
 * Every offer a scrape did not publish, and why: records the adapter could not read (`skipped`),
 * GPUs not in the catalog (`unmapped`), offers failing validation (`rejected`), and price jumps
 * held back until the next scrape confirms them (`quarantined`). Nothing a provider sent is lost.
 */
export const scrapeOfferIssues = cloudgpus.table(
  "scrape_offer_issues",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    scrapeJobId: uuid("scrape_job_id").notNull(),
    providerId: uuid("provider_id").notNull(),
    kind: varchar("kind", { length: 20, enum: offerIssueKinds }).notNull(),
    code: varchar("code", { length: 50 }).notNull(),
    message: text("message").notNull(),
    instanceType: varchar("instance_type", { length: 100 }),
    gpuNameRaw: varchar("gpu_name_raw", { length: 150 }),
    gpuModelId: uuid("gpu_model_id"),
    pricePerHour: usd("price_per_hour"),
    previousPricePerHour: usd("previous_price_per_hour"),
    rawData: jsonb("raw_data"),
    createdAt: createdAt(),
    /** A quarantined observation an operator approved (published when it is seen again) or rejected. */
    decision: varchar("decision", { length: 10, enum: quarantineDecisions }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedBy: varchar("decided_by", { length: 200 }),
  },
  (t) => [
    foreignKey({
      name: "scrape_offer_issues_scrape_job_id_fkey",
      columns: [t.scrapeJobId],
      foreignColumns: [scrapeJobs.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "scrape_offer_issues_provider_id_fkey",
      columns: [t.providerId],
      foreignColumns: [providers.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "scrape_offer_issues_gpu_model_id_fkey",
      columns: [t.gpuModelId],
      foreignColumns: [gpuModels.id],
    }).onDelete("set null"),
    check("scrape_offer_issues_kind_valid", sql.raw(`kind IN (${sqlList(offerIssueKinds)})`)),
    index("idx_scrape_offer_issues_job").on(t.scrapeJobId),
    index("idx_scrape_offer_issues_offer").on(t.providerId, t.instanceType, t.createdAt.desc()),
    index("idx_scrape_offer_issues_unmapped").on(t.gpuNameRaw).where(sql`kind = 'unmapped'`),
    check(
      "scrape_offer_issues_decision_valid",
      sql.raw(`decision IS NULL OR (kind = 'quarantined' AND decision IN (${sqlList(quarantineDecisions)}))`),
    ),
    // The quarantine queue: undecided quarantined observations, newest first.
    index("idx_scrape_offer_issues_quarantine")
      .on(t.createdAt.desc())
      .where(sql`kind = 'quarantined' AND decision IS NULL`),
  ],
);

/** Dated exchange rates to USD (ECB euro reference rates, refreshed daily by a maintenance job). */
export const fxRates = cloudgpus.table(
  "fx_rates",
  {
    currency: varchar("currency", { length: 3 }).notNull(),
    rateDate: date("rate_date", { mode: "string" }).notNull(),
    usdPerUnit: numeric("usd_per_unit", { precision: 12, scale: 6, mode: "number" }).notNull(),
    source: varchar("source", { length: 100 }).notNull(),
    fetchedAt: timestamp("fetched_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "fx_rates_pkey", columns: [t.currency, t.rateDate] }),
    check("fx_rates_rate_positive", sql`usd_per_unit > 0`),
  ],
);

export const apiKeyTiers = ["standard", "unlimited"] as const;

/**
 * API keys for the public API's higher rate limits (docs/design.md §12). Only the SHA-256
 * of a key is kept; the key itself is shown once, when it is created. `key_prefix` lets a person
 * recognise a key in lists.
 */
export const apiKeys = cloudgpus.table(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: varchar("name", { length: 100 }).notNull(),
    keyPrefix: varchar("key_prefix", { length: 16 }).notNull(),
    keyHash: varchar("key_hash", { length: 64 }).notNull(),
    tier: varchar("tier", { length: 20, enum: apiKeyTiers }).notNull().default("standard"),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [
    unique("api_keys_key_hash_key").on(t.keyHash),
    check("api_keys_tier_valid", sql`tier IN ('standard', 'unlimited')`),
  ],
);

/**
 * Clicks on "rent at <provider>" links (/go/:provider). Deliberately little: which provider, from
 * which page of ours, the visitor's country as Cloudflare reports it, and when — no IP address, no
 * user agent, no cookie.
 */
export const affiliateClicks = cloudgpus.table(
  "affiliate_clicks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerId: uuid("provider_id").notNull(),
    sourcePath: varchar("source_path", { length: 200 }),
    country: varchar("country", { length: 2 }),
    clickedAt: timestamp("clicked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: "affiliate_clicks_provider_id_fkey",
      columns: [t.providerId],
      foreignColumns: [providers.id],
    }).onDelete("cascade"),
    index("idx_affiliate_clicks_provider_time").on(t.providerId, t.clickedAt.desc()),
  ],
);

/**
 * Price and stock alerts (docs/design.md §9). A rule watches one GPU model, optionally narrowed to
 * providers, a reliability tier and a region; it fires when the watched price per GPU-hour is at or
 * under `max_price_per_gpu_hour`, and/or when an offer comes back in stock. The management token is
 * kept as its SHA-256 only; the unsubscribe token (in every mail) and a webhook's signing secret are
 * kept as they are, because they are used again.
 */
export const alertSubscriptions = cloudgpus.table(
  "alert_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    gpuModelId: uuid("gpu_model_id").notNull(),
    /** Null: any provider. */
    providerIds: uuid("provider_ids").array(),
    reliabilityTier: reliabilityTier("reliability_tier"),
    region: varchar("region", { length: 50 }),
    kind: varchar("kind", { length: 10, enum: priceKinds }).notNull().default("on_demand"),
    maxPricePerGpuHour: usd("max_price_per_gpu_hour"),
    backInStock: boolean("back_in_stock").notNull().default(false),
    channel: varchar("channel", { length: 10, enum: alertChannels }).notNull(),
    target: varchar("target", { length: 500 }).notNull(),
    /** Email only: at most one mail a day, gathering what fired since the last. */
    digest: boolean("digest").notNull().default(false),
    status: varchar("status", { length: 30, enum: alertStatuses }).notNull(),
    disabledReason: varchar("disabled_reason", { length: 300 }),
    tokenHash: varchar("token_hash", { length: 64 }).notNull(),
    confirmTokenHash: varchar("confirm_token_hash", { length: 64 }),
    unsubscribeToken: varchar("unsubscribe_token", { length: 64 }).notNull(),
    signingSecret: varchar("signing_secret", { length: 80 }),
    /** Who made it: an API key's id or an anonymous client's key, for the per-client limit. */
    clientKey: varchar("client_key", { length: 100 }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    lastNotifiedAt: timestamp("last_notified_at", { withTimezone: true }),
  },
  (t) => [
    foreignKey({
      name: "alert_subscriptions_gpu_model_id_fkey",
      columns: [t.gpuModelId],
      foreignColumns: [gpuModels.id],
    }).onDelete("cascade"),
    unique("alert_subscriptions_token_hash_key").on(t.tokenHash),
    unique("alert_subscriptions_unsubscribe_token_key").on(t.unsubscribeToken),
    check("alert_subscriptions_kind_valid", sql.raw(`kind IN (${sqlList(priceKinds)})`)),
    check("alert_subscriptions_channel_valid", sql.raw(`channel IN (${sqlList(alertChannels)})`)),
    check("alert_subscriptions_status_valid", sql.raw(`status IN (${sqlList(alertStatuses)})`)),
    check(
      "alert_subscriptions_watches_something",
      sql`max_price_per_gpu_hour > 0 OR (max_price_per_gpu_hour IS NULL AND back_in_stock)`,
    ),
    // Matching reads the active rules of one GPU and price kind (docs/design.md §9).
    index("idx_alert_subscriptions_match").on(t.gpuModelId, t.kind).where(sql`status = 'active'`),
    index("idx_alert_subscriptions_target").on(t.channel, sql`lower(${t.target})`),
    index("idx_alert_subscriptions_client").on(t.clientKey),
  ],
);

/**
 * What has fired and not yet reset: a row per (rule, offer, event) while its condition holds. A
 * match with a row already here sends nothing; a scrape in which the condition no longer holds
 * deletes the row, so the next crossing fires again.
 */
export const alertFirings = cloudgpus.table(
  "alert_firings",
  {
    subscriptionId: uuid("subscription_id").notNull(),
    instanceId: uuid("instance_id").notNull(),
    event: varchar("event", { length: 20, enum: alertEvents }).notNull(),
    firedAt: timestamp("fired_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "alert_firings_pkey", columns: [t.subscriptionId, t.instanceId, t.event] }),
    foreignKey({
      name: "alert_firings_subscription_id_fkey",
      columns: [t.subscriptionId],
      foreignColumns: [alertSubscriptions.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "alert_firings_instance_id_fkey",
      columns: [t.instanceId],
      foreignColumns: [instances.id],
    }).onDelete("cascade"),
    check("alert_firings_event_valid", sql.raw(`event IN (${sqlList(alertEvents)})`)),
  ],
);

/** Every notification a subscription was sent or is owed, with its outcome: the delivery record. */
export const alertDeliveries = cloudgpus.table(
  "alert_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subscriptionId: uuid("subscription_id").notNull(),
    /** What fired: the events as the subscriber is told them. */
    events: jsonb("events").notNull(),
    status: varchar("status", { length: 10, enum: alertDeliveryStatuses }).notNull(),
    attempts: smallint("attempts").notNull().default(0),
    lastError: varchar("last_error", { length: 500 }),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    foreignKey({
      name: "alert_deliveries_subscription_id_fkey",
      columns: [t.subscriptionId],
      foreignColumns: [alertSubscriptions.id],
    }).onDelete("cascade"),
    check("alert_deliveries_status_valid", sql.raw(`status IN (${sqlList(alertDeliveryStatuses)})`)),
    index("idx_alert_deliveries_subscription").on(t.subscriptionId, t.createdAt.desc()),
    index("idx_alert_deliveries_digest").on(t.subscriptionId).where(sql`status = 'digest'`),
  ],
);

/**
 * The daily rollup of `price_history` (docs/design.md §7, §10): one row per offer and UTC day on
 * which it was listed, with the day's lowest, time-weighted average and highest USD per GPU-hour,
 * the lowest spot price per GPU-hour, and how many of the seconds it was listed it was in stock.
 * Written by the hourly `aggregate-daily` job and kept for good, after the raw rows are purged.
 */
export const priceDaily = cloudgpus.table(
  "price_daily",
  {
    instanceId: uuid("instance_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    providerId: uuid("provider_id").notNull(),
    gpuModelId: uuid("gpu_model_id").notNull(),
    minPricePerGpuHour: usd("min_price_per_gpu_hour").notNull(),
    avgPricePerGpuHour: usd("avg_price_per_gpu_hour").notNull(),
    maxPricePerGpuHour: usd("max_price_per_gpu_hour").notNull(),
    minSpotPerGpuHour: usd("min_spot_per_gpu_hour"),
    /** Seconds of the day (so far, for today) during which the offer was listed. */
    observedSeconds: integer("observed_seconds").notNull(),
    inStockSeconds: integer("in_stock_seconds").notNull(),
    inStockShare: numeric("in_stock_share", { precision: 5, scale: 4, mode: "number" }).generatedAlwaysAs(
      sql`round(in_stock_seconds::numeric / observed_seconds, 4)`,
    ),
    /** How many prices were in effect during the day: the opening one and each change. */
    samples: integer("samples").notNull(),
  },
  (t) => [
    primaryKey({ name: "price_daily_pkey", columns: [t.instanceId, t.day] }),
    foreignKey({
      name: "price_daily_instance_id_fkey",
      columns: [t.instanceId],
      foreignColumns: [instances.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "price_daily_provider_id_fkey",
      columns: [t.providerId],
      foreignColumns: [providers.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "price_daily_gpu_model_id_fkey",
      columns: [t.gpuModelId],
      foreignColumns: [gpuModels.id],
    }).onDelete("cascade"),
    check(
      "price_daily_seconds_valid",
      sql`observed_seconds > 0 AND observed_seconds <= 86400 AND in_stock_seconds >= 0 AND in_stock_seconds <= observed_seconds`,
    ),
    check(
      "price_daily_prices_ordered",
      sql`min_price_per_gpu_hour > 0 AND min_price_per_gpu_hour <= avg_price_per_gpu_hour AND avg_price_per_gpu_hour <= max_price_per_gpu_hour`,
    ),
    check("price_daily_samples_positive", sql`samples > 0`),
    // idx_price_daily_gpu_day and idx_price_daily_provider_day cover the columns the daily series
    // read (INCLUDE), so a GPU's or a provider's days come from the index alone: migration 0020.
    // The purge's question "which days have no rollup yet".
    index("idx_price_daily_day").on(t.day),
  ],
);

/**
 * `price_daily` summed per GPU model, provider and day (docs/design.md §7): what the daily series
 * of a whole GPU model or provider read, a few hundred rows a day where the per-offer rollup has
 * thousands. Written with `price_daily` by the same job, for the same days, from its stored rows,
 * so a series summed from either is the same to the last digit.
 */
export const priceDailyGpuProvider = cloudgpus.table(
  "price_daily_gpu_provider",
  {
    gpuModelId: uuid("gpu_model_id").notNull(),
    providerId: uuid("provider_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    minPricePerGpuHour: usd("min_price_per_gpu_hour").notNull(),
    /** Σ avg_price_per_gpu_hour × observed_seconds of the offers: the weighted average's numerator, exact. */
    priceSeconds: numeric("price_seconds").notNull(),
    maxPricePerGpuHour: usd("max_price_per_gpu_hour").notNull(),
    minSpotPerGpuHour: usd("min_spot_per_gpu_hour"),
    observedSeconds: bigint("observed_seconds", { mode: "number" }).notNull(),
    inStockSeconds: bigint("in_stock_seconds", { mode: "number" }).notNull(),
    samples: bigint("samples", { mode: "number" }).notNull(),
  },
  (t) => [
    // Re-made with INCLUDE in migration 0021, so a GPU model's days are read from the key alone.
    primaryKey({ name: "price_daily_gpu_provider_pkey", columns: [t.gpuModelId, t.providerId, t.day] }),
    foreignKey({
      name: "price_daily_gpu_provider_gpu_model_id_fkey",
      columns: [t.gpuModelId],
      foreignColumns: [gpuModels.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "price_daily_gpu_provider_provider_id_fkey",
      columns: [t.providerId],
      foreignColumns: [providers.id],
    }).onDelete("cascade"),
    check(
      "price_daily_gpu_provider_seconds_valid",
      sql`observed_seconds > 0 AND in_stock_seconds >= 0 AND in_stock_seconds <= observed_seconds`,
    ),
    // idx_price_daily_gpu_provider_provider_day (provider_id, day) INCLUDE the rest: migration 0021.
  ],
);

/**
 * Every change an operator made through the admin API (docs/design.md §18): who (the admin
 * token's holder or the Cloudflare Access identity), what, the row before and after, and when.
 * Appended to, never updated.
 */
export const adminAudit = cloudgpus.table(
  "admin_audit",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    actor: varchar("actor", { length: 200 }).notNull(),
    action: varchar("action", { length: 50 }).notNull(),
    targetType: varchar("target_type", { length: 30 }).notNull(),
    targetId: varchar("target_id", { length: 200 }).notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("idx_admin_audit_at").on(t.at.desc()),
    index("idx_admin_audit_target").on(t.targetType, t.targetId, t.at.desc()),
  ],
);

/**
 * GPU names an operator mapped to a catalog GPU (docs/design.md §6, §18): applied by validation from
 * the next scrape on, before the name is identified. `gpu_name_raw` is kept trimmed and lower-cased;
 * a null provider maps the name for every provider.
 */
export const gpuNameMappings = cloudgpus.table(
  "gpu_name_mappings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerId: uuid("provider_id"),
    gpuNameRaw: varchar("gpu_name_raw", { length: 150 }).notNull(),
    gpuModelId: uuid("gpu_model_id").notNull(),
    createdBy: varchar("created_by", { length: 200 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "gpu_name_mappings_provider_id_fkey",
      columns: [t.providerId],
      foreignColumns: [providers.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "gpu_name_mappings_gpu_model_id_fkey",
      columns: [t.gpuModelId],
      foreignColumns: [gpuModels.id],
    }).onDelete("cascade"),
    unique("gpu_name_mappings_name_key").on(t.providerId, t.gpuNameRaw).nullsNotDistinct(),
    check("gpu_name_mappings_name_normalised", sql`gpu_name_raw = lower(btrim(gpu_name_raw)) AND gpu_name_raw <> ''`),
  ],
);

/**
 * What the dead-letter queues received (docs/design.md §18): each message whole, so an operator can
 * replay it onto its queue or drop it. A replayed message keeps its row with `replayed_at`.
 */
export const deadLetters = cloudgpus.table(
  "dead_letters",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The dead-letter queue's name (`cloudgpus-scrape-dlq`, …). */
    queue: varchar("queue", { length: 100 }).notNull(),
    /** The queue the message died on, by kind: where a replay sends it. */
    kind: varchar("kind", { length: 20 }).notNull(),
    messageId: varchar("message_id", { length: 100 }).notNull(),
    body: jsonb("body").notNull(),
    attempts: integer("attempts").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    replayedAt: timestamp("replayed_at", { withTimezone: true }),
  },
  (t) => [
    // A message the dead-letter consumer is given twice is kept once.
    unique("dead_letters_queue_message_key").on(t.queue, t.messageId),
    index("idx_dead_letters_waiting").on(t.receivedAt.desc()).where(sql`replayed_at IS NULL`),
  ],
);

/**
 * One row per run of a maintenance job (docs/design.md §10): when, how it ended, and the rows it
 * looks after before and after, so a purge that deleted nothing or everything shows.
 */
export const maintenanceRuns = cloudgpus.table(
  "maintenance_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    job: varchar("job", { length: 50 }).notNull(),
    scheduledFor: timestamp("scheduled_for", { withTimezone: true }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    status: varchar("status", { length: 10, enum: maintenanceRunStatuses }).notNull().default("running"),
    /** The job's rows (its table, or the part of it the job acts on) before and after it ran. */
    rowsBefore: integer("rows_before"),
    rowsAfter: integer("rows_after"),
    affected: integer("affected"),
    errorMessage: text("error_message"),
  },
  (t) => [
    check("maintenance_runs_status_valid", sql.raw(`status IN (${sqlList(maintenanceRunStatuses)})`)),
    index("idx_maintenance_runs_job").on(t.job, t.startedAt.desc()),
  ],
);
