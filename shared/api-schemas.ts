import { z } from "zod";
import { availabilityStatuses, gpuArchitectures, providerTypes, reliabilityTiers } from "./domain";

// Response shapes of the public API (docs/design.md §11). Documents use the database's
// snake_case field names, as the Payload query language does (`where[price_per_gpu_hour]…`). The
// OpenAPI document (/api/openapi.json) is generated from these same schemas.

const isoDate = z.iso.datetime({ offset: true });
const nullableNumber = z.number().nullable();

export const providerDocSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    display_name: z.string(),
    provider_type: z.enum(providerTypes),
    reliability_tier: z.enum(reliabilityTiers),
    headquarters_country: z.string().nullable(),
    founded_year: z.int().nullable(),
    website_url: z.string(),
    pricing_url: z.string().nullable(),
    docs_url: z.string().nullable(),
    status_page_url: z.string().nullable(),
    api_base_url: z.string().nullable(),
    api_auth_type: z.string().nullable(),
    has_public_api: z.boolean(),
    api_rate_limit_rpm: z.int().nullable(),
    affiliate_url: z.string().nullable(),
    affiliate_program_name: z.string().nullable(),
    affiliate_commission_percent: nullableNumber,
    affiliate_cookie_days: z.int().nullable(),
    sla_uptime_percent: nullableNumber,
    supports_spot_instances: z.boolean().nullable(),
    supports_reserved_instances: z.boolean().nullable(),
    supports_bare_metal: z.boolean().nullable(),
    min_billing_increment_seconds: z.int().nullable(),
    available_regions: z.array(z.string()).nullable(),
    description: z.string().nullable(),
    pros: z.array(z.string()).nullable(),
    cons: z.array(z.string()).nullable(),
    best_for: z.array(z.string()).nullable(),
    logo_url: z.string().nullable(),
    brand_color: z.string().nullable(),
    is_active: z.boolean(),
    last_price_update: isoDate.nullable(),
    created_at: isoDate,
    updated_at: isoDate,
  })
  .meta({ id: "Provider" });
export type ProviderDoc = z.infer<typeof providerDocSchema>;

export const gpuModelDocSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    short_name: z.string(),
    manufacturer: z.string(),
    architecture: z.enum(gpuArchitectures),
    vram_gb: z.int(),
    memory_type: z.string(),
    memory_bandwidth_gbps: z.int().nullable(),
    tdp_watts: z.int().nullable(),
    fp64_tflops: nullableNumber,
    fp32_tflops: nullableNumber,
    fp16_tflops: nullableNumber,
    fp8_tflops: nullableNumber,
    int8_tops: nullableNumber,
    form_factor: z.string().nullable(),
    interconnect: z.string().nullable(),
    is_datacenter: z.boolean(),
    is_consumer: z.boolean(),
    generation_year: z.int().nullable(),
    description: z.string().nullable(),
    use_cases: z.array(z.string()).nullable(),
    created_at: isoDate,
    updated_at: isoDate,
  })
  .meta({ id: "GpuModel" });
export type GpuModelDoc = z.infer<typeof gpuModelDocSchema>;

/** Where a price came from: because a price without a source is not trustworthy. */
export const provenanceSchema = z
  .object({
    source_url: z.string().nullable(),
    last_scraped_at: isoDate,
    method: z.enum(["api", "html", "browser", "manual"]),
  })
  .meta({ id: "Provenance" });
export type Provenance = z.infer<typeof provenanceSchema>;

export const instanceDocSchema = z
  .object({
    id: z.uuid(),
    provider_id: z
      .union([z.uuid(), providerDocSchema])
      .describe("The provider's id, or the provider itself with depth ≥ 1"),
    gpu_model_id: z
      .union([z.uuid(), gpuModelDocSchema])
      .describe("The GPU model's id, or the GPU model itself with depth ≥ 1"),
    instance_type: z.string(),
    instance_name: z.string().nullable(),
    gpu_count: z.int(),
    price_per_hour: z.number().describe("USD per hour for the whole instance, on demand"),
    price_per_hour_spot: nullableNumber.describe("USD per hour for the whole instance, spot/interruptible"),
    price_per_month: nullableNumber,
    price_per_hour_reserved_1y: nullableNumber,
    price_per_hour_reserved_3y: nullableNumber,
    price_per_gpu_hour: z.number().describe("price_per_hour / gpu_count"),
    price_per_vram_gb_hour: nullableNumber,
    price_includes: z.record(z.string(), z.unknown()).nullable(),
    currency: z.string(),
    vcpu_count: z.int().nullable(),
    ram_gb: z.int().nullable(),
    storage_type: z.string().nullable(),
    storage_gb: z.int().nullable(),
    network_bandwidth_gbps: nullableNumber,
    has_nvlink: z.boolean().nullable(),
    has_infiniband: z.boolean().nullable(),
    infiniband_bandwidth_gbps: z.int().nullable(),
    availability_status: z.enum(availabilityStatuses),
    available_regions: z.array(z.string()).nullable(),
    min_rental_hours: z.int().nullable(),
    max_rental_hours: z.int().nullable(),
    billing_increment_seconds: z.int().nullable(),
    setup_fee: nullableNumber,
    instance_url: z.string().nullable(),
    source_url: z.string().nullable(),
    last_scraped_at: isoDate,
    is_active: z.boolean(),
    created_at: isoDate,
    updated_at: isoDate,
    provenance: provenanceSchema,
  })
  .meta({ id: "Instance" });
export type InstanceDoc = z.infer<typeof instanceDocSchema>;

/** PayloadCMS' paginated list (docs/design.md §11). */
export function paginatedSchema<T extends z.ZodType>(doc: T, id: string) {
  return z
    .object({
      docs: z.array(doc),
      totalDocs: z.int(),
      limit: z.int(),
      totalPages: z.int(),
      page: z.int(),
      pagingCounter: z.int(),
      hasPrevPage: z.boolean(),
      hasNextPage: z.boolean(),
      prevPage: z.int().nullable(),
      nextPage: z.int().nullable(),
    })
    .meta({ id });
}

export interface Paginated<T> {
  docs: T[];
  totalDocs: number;
  limit: number;
  totalPages: number;
  page: number;
  pagingCounter: number;
  hasPrevPage: boolean;
  hasNextPage: boolean;
  prevPage: number | null;
  nextPage: number | null;
}

export function paginate<T>(docs: T[], totalDocs: number, limit: number, page: number): Paginated<T> {
  const totalPages = Math.max(1, Math.ceil(totalDocs / limit));
  return {
    docs,
    totalDocs,
    limit,
    totalPages,
    page,
    pagingCounter: (page - 1) * limit + 1,
    hasPrevPage: page > 1,
    hasNextPage: page < totalPages,
    prevPage: page > 1 ? page - 1 : null,
    nextPage: page < totalPages ? page + 1 : null,
  };
}

export const providerSummarySchema = providerDocSchema
  .pick({ id: true, slug: true, name: true, display_name: true, provider_type: true, reliability_tier: true })
  .meta({ id: "ProviderSummary" });

/** GET /api/compare-prices (docs/design.md §11). */
export const comparePricesQuerySchema = z.object({
  gpuSlug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, "a GPU model slug"),
  tier: z.enum(reliabilityTiers).optional(),
  includeSpot: z.enum(["true", "false"]).optional(),
  maxPrice: z.coerce.number().positive().max(1000).optional(),
});

export const comparePricesResponseSchema = z
  .object({
    gpu: gpuModelDocSchema,
    prices: z.array(
      z.object({
        provider: providerSummarySchema,
        onDemand: nullableNumber.describe("Lowest on-demand USD per GPU-hour"),
        spot: nullableNumber.describe("Lowest spot USD per GPU-hour (with includeSpot=true)"),
        reserved1y: nullableNumber.describe("Lowest 1-year reserved USD per GPU-hour"),
        availability: z.enum(availabilityStatuses),
        lastUpdated: isoDate,
        affiliateUrl: z.string(),
        offers: z.int().describe("Active offers of this GPU at this provider"),
        provenance: provenanceSchema,
      }),
    ),
    stats: z.object({ min: nullableNumber, max: nullableNumber, median: nullableNumber, providerCount: z.int() }),
    generatedAt: isoDate,
  })
  .meta({ id: "ComparePricesResponse" });
export type ComparePricesResponse = z.infer<typeof comparePricesResponseSchema>;

export const providerWithPricesSchema = providerDocSchema
  .extend({
    prices: z.array(
      z.object({
        gpu: z.object({ slug: z.string(), name: z.string(), vram_gb: z.int() }),
        pricePerGpuHour: z.number(),
        offers: z.int(),
      }),
    ),
  })
  .meta({ id: "ProviderWithPrices" });

/** GET /api/compare-providers?providers=a,b (docs/design.md §11). */
export const compareProvidersResponseSchema = z
  .object({
    provider1: providerWithPricesSchema,
    provider2: providerWithPricesSchema,
    commonGpus: z.array(
      z.object({
        gpu: z.object({ slug: z.string(), name: z.string(), vram_gb: z.int() }),
        provider1Price: z.number(),
        provider2Price: z.number(),
        cheaper: z.string().describe('Provider slug, or "tie"'),
        differencePercent: z.number(),
      }),
    ),
    verdict: z.object({
      cheaper: z.string(),
      moreGpus: z.string(),
      betterFor: z.array(z.object({ useCase: z.string(), provider: z.string() })),
    }),
    generatedAt: isoDate,
  })
  .meta({ id: "CompareProvidersResponse" });
export type CompareProvidersResponse = z.infer<typeof compareProvidersResponseSchema>;

export const historyDaysSchema = z.enum(["30", "90"]).default("30");

const dailyPoint = z.object({
  date: z.iso.date(),
  min: z.number(),
  avg: z.number(),
  max: z.number(),
  samples: z.int(),
});

export const instanceHistorySchema = z
  .object({ instance_id: z.uuid(), days: z.int(), points: z.array(dailyPoint) })
  .meta({ id: "InstanceHistory" });

export const gpuHistorySchema = z
  .object({
    gpu: z.object({ slug: z.string(), name: z.string() }),
    days: z.int(),
    providers: z.array(
      z.object({ provider: z.object({ slug: z.string(), display_name: z.string() }), points: z.array(dailyPoint) }),
    ),
  })
  .meta({ id: "GpuModelHistory" });
