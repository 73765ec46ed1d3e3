import { getTableColumns, type Table } from "drizzle-orm";
import { type BuildSchema, createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { gpuModels, instances, providers } from "../workers/db/schema";
import { availabilityStatuses, reliabilityTiers } from "./domain";

// Response shapes of the public API (docs/design.md §11). Documents use the database's
// snake_case field names, as the Payload query language does (`where[price_per_gpu_hour]…`). The
// documents that mirror a table are derived from its drizzle definition (drizzle-zod), so a column
// added, retyped or made nullable shows in validation, types and /api/openapi.json at once; only
// what a table cannot say (relations populated, provenance, descriptions) is written here.

const isoDate = z.iso.datetime({ offset: true });
const nullableNumber = z.number().nullable();

type Columns<T extends Table> = T["_"]["columns"];
type SelectShape<T extends Table> = BuildSchema<"select", Columns<T>, undefined, undefined>["shape"];
/** Dates leave the API as ISO 8601 strings. */
type AsDocument<S> =
  S extends z.ZodNullable<z.ZodDate> ? z.ZodNullable<typeof isoDate> : S extends z.ZodDate ? typeof isoDate : S;
type DocumentShape<T extends Table, Hidden extends string> = {
  [K in keyof Columns<T> & keyof SelectShape<T> as Columns<T>[K]["_"]["name"] extends Hidden
    ? never
    : Columns<T>[K]["_"]["name"]]: AsDocument<SelectShape<T>[K]>;
};

/**
 * The API document of a table's row: one field per column under the column's own name, typed as
 * drizzle-zod reads the column (lengths, integer ranges, enums, nullability), dates as ISO strings;
 * `hidden` columns left out, `replace` fields given their own schema.
 */
function documentSchema<
  T extends Table,
  Hidden extends string = never,
  Replaced extends Record<string, z.ZodType> = Record<never, z.ZodType>,
>(table: T, { hidden = [], replace = {} as Replaced }: { hidden?: readonly Hidden[]; replace?: Replaced } = {}) {
  const selected = createSelectSchema(table).shape as unknown as Record<string, z.ZodType>;
  const shape: Record<string, z.ZodType> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if ((hidden as readonly string[]).includes(column.name)) continue;
    const date = column.notNull ? isoDate : isoDate.nullable();
    const derived = column.dataType === "date" ? date : selected[key];
    if (derived) shape[column.name] = replace[column.name] ?? derived;
  }
  return z.object(shape) as unknown as z.ZodObject<Omit<DocumentShape<T, Hidden>, keyof Replaced> & Replaced>;
}

/** Who set a provider's status by hand is the operators' business, not the public's. */
export const HIDDEN_PROVIDER_COLUMNS = ["status_set_by"] as const;
export const providerDocSchema = documentSchema(providers, { hidden: HIDDEN_PROVIDER_COLUMNS }).meta({
  id: "Provider",
});
export type ProviderDoc = z.infer<typeof providerDocSchema>;

export const gpuModelDocSchema = documentSchema(gpuModels).meta({ id: "GpuModel" });
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

export const instanceDocSchema = documentSchema(instances, {
  hidden: ["raw_data", "scrape_job_id"],
  replace: {
    provider_id: z
      .union([z.uuid(), providerDocSchema])
      .describe("The provider's id, or the provider itself with depth ≥ 1"),
    gpu_model_id: z
      .union([z.uuid(), gpuModelDocSchema])
      .describe("The GPU model's id, or the GPU model itself with depth ≥ 1"),
    price_per_hour: z.number().describe("USD per hour for the whole instance, on demand"),
    price_per_hour_spot: nullableNumber.describe("USD per hour for the whole instance, spot/interruptible"),
    price_per_gpu_hour: z.number().describe("price_per_hour / gpu_count"),
    price_includes: z.record(z.string(), z.unknown()).nullable(),
  },
})
  .extend({ provenance: provenanceSchema })
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
export const comparePricesQuerySchema = z.strictObject({
  gpuSlug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,49}$/, "a GPU model slug")
    .describe("GPU model slug, e.g. h100-sxm"),
  tier: z.enum(reliabilityTiers).optional().describe("Only providers of this reliability tier"),
  includeSpot: z.enum(["true", "false"]).optional().describe("Include spot prices"),
  maxPrice: z.coerce
    .number()
    .positive()
    .max(1000)
    .optional()
    .describe("Only providers at or below this USD per GPU-hour"),
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

export const historyDaysSchema = z
  .enum(["30", "90", "365"])
  .default("30")
  .describe("How many days back, today included: 30, 90 or 365");

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

const inStockShare = z.number().min(0).max(1);
const availabilityFields = {
  windows: z
    .object({ "7d": inStockShare.nullable(), "30d": inStockShare.nullable(), "90d": inStockShare.nullable() })
    .describe("Share of the time in stock over the last 7, 30 and 90 days, today so far included; null without data"),
  timeline: z
    .array(z.object({ day: z.iso.date(), in_stock_share: inStockShare }))
    .describe("Each UTC day of the last 90 with data, oldest first"),
};

export const instanceAvailabilitySchema = z
  .object({ instance_id: z.uuid(), ...availabilityFields })
  .meta({ id: "InstanceAvailability" });

export const gpuAvailabilitySchema = z
  .object({ gpu: z.object({ slug: z.string(), name: z.string() }), ...availabilityFields })
  .meta({ id: "GpuModelAvailability" });
