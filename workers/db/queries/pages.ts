import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { BenchmarkWorkload } from "../../../shared/domain";
import type { Database } from "../database";
import { gpuBenchmarks, gpuModels, instances, priceHistory, providers } from "../schema";
import type { ProviderRecord } from "./providers";

// What the pages read, as rows: the page models (workers/http/pages/models.ts) shape them for the views.

export type GpuRecord = typeof gpuModels.$inferSelect;
export type BenchmarkRecord = typeof gpuBenchmarks.$inferSelect;

/** Which active offers: all of them, or those of some GPUs or of one provider. */
export interface OfferScope {
  gpuIds?: readonly string[];
  providerId?: string;
}

/** The GPUs of `slugs` that exist, in the order asked. */
export async function gpusBySlug(db: Database, slugs: readonly string[]): Promise<GpuRecord[]> {
  if (slugs.length === 0) return [];
  const rows = await db
    .select()
    .from(gpuModels)
    .where(inArray(gpuModels.slug, [...slugs]));
  return slugs.flatMap((slug) => rows.filter((row) => row.slug === slug));
}

/** The whole catalog, most memory first. */
export function allGpus(db: Database): Promise<GpuRecord[]> {
  return db.select().from(gpuModels).orderBy(desc(gpuModels.vramGb), asc(gpuModels.name));
}

/** Other GPUs of the same architecture, most memory first. */
export function siblingGpus(db: Database, gpu: GpuRecord, limit: number): Promise<GpuRecord[]> {
  return db
    .select()
    .from(gpuModels)
    .where(and(eq(gpuModels.architecture, gpu.architecture), ne(gpuModels.id, gpu.id)))
    .orderBy(desc(gpuModels.vramGb))
    .limit(limit);
}

/** Active providers by display name. */
export function activeProviders(db: Database): Promise<ProviderRecord[]> {
  return db.select().from(providers).where(eq(providers.isActive, true)).orderBy(asc(providers.displayName));
}

export async function benchmarksOfGpus(db: Database, gpuIds: readonly string[]): Promise<BenchmarkRecord[]> {
  if (gpuIds.length === 0) return [];
  return db
    .select()
    .from(gpuBenchmarks)
    .where(inArray(gpuBenchmarks.gpuModelId, [...gpuIds]));
}

export function benchmarksOfWorkload(
  db: Database,
  workload: BenchmarkWorkload,
): Promise<{ benchmark: BenchmarkRecord; gpu: GpuRecord }[]> {
  return db
    .select({ benchmark: gpuBenchmarks, gpu: gpuModels })
    .from(gpuBenchmarks)
    .innerJoin(gpuModels, eq(gpuModels.id, gpuBenchmarks.gpuModelId))
    .where(eq(gpuBenchmarks.workloadType, workload));
}

/** An active offer whose price per GPU-hour changed since a time: its price then and now. */
export interface PriceChange {
  gpu: { slug: string; name: string };
  provider: { slug: string; name: string };
  instanceType: string;
  /** The last price recorded before `since`, or the first one after it for offers that are newer. */
  from: number;
  to: number;
}

/**
 * Per active offer, three reads of its history index (idx_price_history_instance_time): its latest
 * row, which says whether it changed since `since`, and the row in effect then (or, for a newer
 * offer, its first). Reading the rows themselves would read every changed offer's whole history.
 */
export async function priceChangesSince(db: Database, since: Date): Promise<PriceChange[]> {
  const result = await db.execute<{
    instance_type: string;
    gpu_slug: string;
    gpu_name: string;
    provider_slug: string;
    provider_name: string;
    from_price: number;
    to_price: number;
  }>(sql`
    SELECT i.instance_type, g.slug AS gpu_slug, g.name AS gpu_name, p.slug AS provider_slug,
           p.display_name AS provider_name, latest.price_per_gpu_hour::float8 AS to_price,
           COALESCE(
             (SELECT h.price_per_gpu_hour FROM ${priceHistory} h
              WHERE h.instance_id = i.id AND h.recorded_at < ${since} ORDER BY h.recorded_at DESC LIMIT 1),
             (SELECT h.price_per_gpu_hour FROM ${priceHistory} h
              WHERE h.instance_id = i.id AND h.recorded_at >= ${since} ORDER BY h.recorded_at LIMIT 1)
           )::float8 AS from_price
    FROM ${instances} i
    JOIN ${gpuModels} g ON g.id = i.gpu_model_id
    JOIN ${providers} p ON p.id = i.provider_id
    CROSS JOIN LATERAL (
      SELECT h.price_per_gpu_hour, h.recorded_at FROM ${priceHistory} h
      WHERE h.instance_id = i.id ORDER BY h.recorded_at DESC LIMIT 1
    ) latest
    WHERE i.is_active AND latest.recorded_at >= ${since}`);
  return result.rows.map((row) => ({
    gpu: { slug: row.gpu_slug, name: row.gpu_name },
    provider: { slug: row.provider_slug, name: row.provider_name },
    instanceType: row.instance_type,
    from: row.from_price,
    to: row.to_price,
  }));
}

/** When each GPU's and each active provider's own row last changed. */
export async function catalogChanges(db: Database) {
  const [gpus, providerRows] = await Promise.all([
    db.select({ slug: gpuModels.slug, updatedAt: gpuModels.updatedAt }).from(gpuModels),
    db
      .select({ slug: providers.slug, updatedAt: providers.updatedAt, lastPriceUpdate: providers.lastPriceUpdate })
      .from(providers)
      .where(eq(providers.isActive, true)),
  ]);
  return { gpus, providers: providerRows };
}
