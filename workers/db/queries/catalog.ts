import { count, eq } from "drizzle-orm";
import type { GpuModelDoc, Paginated, ProviderDoc } from "../../../shared/api-schemas";
import { paginate } from "../../../shared/api-schemas";
import { gpuArchitectures, providerStatuses, providerTypes, reliabilityTiers } from "../../../shared/domain";
import type { CollectionSpec, ListQuery, SortKey } from "../../../shared/query-grammar";
import { INTEGER_RANGE, SMALLINT_RANGE } from "../columns";
import type { Database } from "../database";
import { gpuModels, providers } from "../schema";
import { gpuModelDoc, providerDoc } from "./docs";
import { type FieldColumns, orderOf, whereOf } from "./list-filters";

// The two catalogue collections, /api/providers and /api/gpu-models: which fields filter and sort,
// and the queries behind them.

export const PROVIDER_FIELDS: CollectionSpec = {
  slug: { type: "string", sortable: true },
  name: { type: "string", sortable: true },
  provider_type: { type: "enum", values: providerTypes, sortable: true },
  reliability_tier: { type: "enum", values: reliabilityTiers, sortable: true },
  headquarters_country: { type: "string" },
  is_active: { type: "boolean" },
  status: { type: "enum", values: providerStatuses },
  has_public_api: { type: "boolean" },
  supports_spot_instances: { type: "boolean" },
  supports_reserved_instances: { type: "boolean" },
  sla_uptime_percent: { type: "number", sortable: true },
  available_regions: { type: "string_array" },
  last_price_update: { type: "datetime", sortable: true },
};
export const PROVIDER_DEFAULT_SORT: SortKey[] = [{ field: "name", direction: "asc" }];
const PROVIDER_COLUMNS: FieldColumns = {
  slug: providers.slug,
  name: providers.name,
  provider_type: providers.providerType,
  reliability_tier: providers.reliabilityTier,
  headquarters_country: providers.headquartersCountry,
  is_active: providers.isActive,
  status: providers.status,
  has_public_api: providers.hasPublicApi,
  supports_spot_instances: providers.supportsSpotInstances,
  supports_reserved_instances: providers.supportsReservedInstances,
  sla_uptime_percent: providers.slaUptimePercent,
  available_regions: providers.availableRegions,
  last_price_update: providers.lastPriceUpdate,
};

export const GPU_MODEL_FIELDS: CollectionSpec = {
  slug: { type: "string", sortable: true },
  name: { type: "string", sortable: true },
  manufacturer: { type: "string", sortable: true },
  architecture: { type: "enum", values: gpuArchitectures, sortable: true },
  vram_gb: { type: "integer", sortable: true, ...SMALLINT_RANGE },
  memory_type: { type: "string" },
  memory_bandwidth_gbps: { type: "integer", sortable: true, ...INTEGER_RANGE },
  fp16_tflops: { type: "number", sortable: true },
  form_factor: { type: "string" },
  is_datacenter: { type: "boolean" },
  is_consumer: { type: "boolean" },
  generation_year: { type: "integer", sortable: true, ...SMALLINT_RANGE },
  is_active: { type: "boolean" },
};
export const GPU_MODEL_DEFAULT_SORT: SortKey[] = [{ field: "name", direction: "asc" }];
const GPU_MODEL_COLUMNS: FieldColumns = {
  slug: gpuModels.slug,
  name: gpuModels.name,
  manufacturer: gpuModels.manufacturer,
  architecture: gpuModels.architecture,
  vram_gb: gpuModels.vramGb,
  memory_type: gpuModels.memoryType,
  memory_bandwidth_gbps: gpuModels.memoryBandwidthGbps,
  fp16_tflops: gpuModels.fp16Tflops,
  form_factor: gpuModels.formFactor,
  is_datacenter: gpuModels.isDatacenter,
  is_consumer: gpuModels.isConsumer,
  generation_year: gpuModels.generationYear,
  is_active: gpuModels.isActive,
};

export async function listProviders(db: Database, query: ListQuery): Promise<Paginated<ProviderDoc>> {
  const where = whereOf(query.where, PROVIDER_COLUMNS);
  const [counted, rows] = await Promise.all([
    db.select({ total: count() }).from(providers).where(where),
    db
      .select()
      .from(providers)
      .where(where)
      .orderBy(...orderOf(query.sort, PROVIDER_COLUMNS, providers.id))
      .limit(query.limit)
      .offset((query.page - 1) * query.limit),
  ]);
  return paginate(rows.map(providerDoc), counted[0]?.total ?? 0, query.limit, query.page);
}

export async function providerBySlug(db: Database, slug: string): Promise<ProviderDoc | null> {
  const [row] = await db.select().from(providers).where(eq(providers.slug, slug));
  return row ? providerDoc(row) : null;
}

export async function listGpuModels(db: Database, query: ListQuery): Promise<Paginated<GpuModelDoc>> {
  const where = whereOf(query.where, GPU_MODEL_COLUMNS);
  const [counted, rows] = await Promise.all([
    db.select({ total: count() }).from(gpuModels).where(where),
    db
      .select()
      .from(gpuModels)
      .where(where)
      .orderBy(...orderOf(query.sort, GPU_MODEL_COLUMNS, gpuModels.id))
      .limit(query.limit)
      .offset((query.page - 1) * query.limit),
  ]);
  return paginate(rows.map(gpuModelDoc), counted[0]?.total ?? 0, query.limit, query.page);
}

export async function gpuModelBySlug(db: Database, slug: string): Promise<GpuModelDoc | null> {
  const [row] = await db.select().from(gpuModels).where(eq(gpuModels.slug, slug));
  return row ? gpuModelDoc(row) : null;
}
