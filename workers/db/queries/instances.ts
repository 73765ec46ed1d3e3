import { count, eq } from "drizzle-orm";
import type { InstanceDoc, Paginated } from "../../../shared/api-schemas";
import { paginate } from "../../../shared/api-schemas";
import { availabilityStatuses, gpuArchitectures, providerTypes, reliabilityTiers } from "../../../shared/domain";
import {
  type CollectionSpec,
  type Condition,
  isCondition,
  type ListQuery,
  type SortKey,
} from "../../../shared/query-grammar";
import { SMALLINT_RANGE } from "../columns";
import type { Database } from "../database";
import { gpuModels, instances, providers } from "../schema";
import { instanceDoc } from "./docs";
import { type FieldColumns, orderOf, whereOf } from "./list-filters";

export const INSTANCE_FIELDS: CollectionSpec = {
  provider_id: { type: "uuid_or_slug", sortable: true },
  gpu_model_id: { type: "uuid_or_slug", sortable: true },
  instance_type: { type: "string", sortable: true },
  availability_status: { type: "enum", values: availabilityStatuses, sortable: true },
  price_per_hour: { type: "number", sortable: true },
  price_per_gpu_hour: { type: "number", sortable: true },
  price_per_hour_spot: { type: "number", sortable: true },
  price_per_hour_reserved_1y: { type: "number", sortable: true },
  price_per_vram_gb_hour: { type: "number", sortable: true },
  gpu_count: { type: "integer", sortable: true, ...SMALLINT_RANGE },
  is_active: { type: "boolean" },
  available_regions: { type: "string_array" },
  last_scraped_at: { type: "datetime", sortable: true },
  has_nvlink: { type: "boolean" },
  has_infiniband: { type: "boolean" },
  // Dotted paths into the relations, as Payload reads them.
  "provider.slug": { type: "string", sortable: true },
  "provider.reliability_tier": { type: "enum", values: reliabilityTiers, sortable: true },
  "provider.provider_type": { type: "enum", values: providerTypes, sortable: true },
  "gpu_model.slug": { type: "string", sortable: true },
  "gpu_model.vram_gb": { type: "integer", sortable: true, ...SMALLINT_RANGE },
  "gpu_model.architecture": { type: "enum", values: gpuArchitectures, sortable: true },
  "gpu_model.manufacturer": { type: "string", sortable: true },
};
export const INSTANCE_DEFAULT_SORT: SortKey[] = [{ field: "price_per_gpu_hour", direction: "asc" }];
const INSTANCE_COLUMNS: FieldColumns = {
  provider_id: { id: instances.providerId, related: providers },
  gpu_model_id: { id: instances.gpuModelId, related: gpuModels },
  instance_type: instances.instanceType,
  availability_status: instances.availabilityStatus,
  price_per_hour: instances.pricePerHour,
  price_per_gpu_hour: instances.pricePerGpuHour,
  price_per_hour_spot: instances.pricePerHourSpot,
  price_per_hour_reserved_1y: instances.pricePerHourReserved1y,
  price_per_vram_gb_hour: instances.pricePerVramGbHour,
  gpu_count: instances.gpuCount,
  is_active: instances.isActive,
  available_regions: instances.availableRegions,
  last_scraped_at: instances.lastScrapedAt,
  has_nvlink: instances.hasNvlink,
  has_infiniband: instances.hasInfiniband,
  "provider.slug": providers.slug,
  "provider.reliability_tier": providers.reliabilityTier,
  "provider.provider_type": providers.providerType,
  "gpu_model.slug": gpuModels.slug,
  "gpu_model.vram_gb": gpuModels.vramGb,
  "gpu_model.architecture": gpuModels.architecture,
  "gpu_model.manufacturer": gpuModels.manufacturer,
};

const ACTIVE_ONLY: Condition = { field: "is_active", type: "boolean", operator: "equals", value: true };

/**
 * The two statements of an offer list: its total and its page. Unless the query says otherwise
 * about `is_active`, only offers that are still listed count: a withdrawn price is not a price
 * anyone can pay. Apart from `listInstances` so that their plans can be examined (indexes.test.ts).
 */
export function instanceListStatements(db: Database, query: ListQuery) {
  // An is_active filter of the request's own, at its top level, replaces the active-only default.
  const conditions = query.where.some((node) => isCondition(node) && node.field === "is_active")
    ? query.where
    : [...query.where, ACTIVE_ONLY];
  const where = whereOf(conditions, INSTANCE_COLUMNS);
  return {
    total: db
      .select({ total: count() })
      .from(instances)
      .innerJoin(providers, eq(providers.id, instances.providerId))
      .innerJoin(gpuModels, eq(gpuModels.id, instances.gpuModelId))
      .where(where),
    page: db
      .select({ instance: instances, provider: providers, gpu: gpuModels })
      .from(instances)
      .innerJoin(providers, eq(providers.id, instances.providerId))
      .innerJoin(gpuModels, eq(gpuModels.id, instances.gpuModelId))
      .where(where)
      .orderBy(...orderOf(query.sort, INSTANCE_COLUMNS, instances.id))
      .limit(query.limit)
      .offset((query.page - 1) * query.limit),
  };
}

/** A page of offers with their provider and GPU model. */
export async function listInstances(db: Database, query: ListQuery): Promise<Paginated<InstanceDoc>> {
  const statements = instanceListStatements(db, query);
  const [counted, rows] = await Promise.all([statements.total, statements.page]);
  return paginate(
    rows.map((row) => instanceDoc(row, query.depth)),
    counted[0]?.total ?? 0,
    query.limit,
    query.page,
  );
}

export async function instanceById(db: Database, id: string, depth: number): Promise<InstanceDoc | null> {
  const [row] = await db
    .select({ instance: instances, provider: providers, gpu: gpuModels })
    .from(instances)
    .innerJoin(providers, eq(providers.id, instances.providerId))
    .innerJoin(gpuModels, eq(gpuModels.id, instances.gpuModelId))
    .where(eq(instances.id, id));
  return row ? instanceDoc(row, depth) : null;
}
