import { and, asc, desc, eq, inArray, max, type SQL } from "drizzle-orm";
import type { ReliabilityTier } from "../../../shared/domain";
import { median } from "../../../shared/stats";
import type { GpuCard, OfferRow, PriceStats } from "../../../web/models";
import type { Database } from "../database";
import { gpuModels, instances, providers, scrapeJobs, scrapeSchedules } from "../schema";

// Offers as the pages show them, and the small aggregates built from them.

/** docs/design.md §3: how old a price may get before it is shown as stale, by scrape priority. */
const MAX_STALENESS_HOURS: Record<string, number> = { P0: 6, P1: 8, P2: 12 };
const DEFAULT_MAX_STALENESS_HOURS = 12;
const IN_STOCK = new Set(["available", "limited"]);

export async function offerRows(db: Database, filter: SQL | undefined, now: Date): Promise<OfferRow[]> {
  const rows = await db
    .select({ instance: instances, provider: providers, gpu: gpuModels, priority: scrapeSchedules.priority })
    .from(instances)
    .innerJoin(providers, eq(providers.id, instances.providerId))
    .innerJoin(gpuModels, eq(gpuModels.id, instances.gpuModelId))
    .leftJoin(scrapeSchedules, eq(scrapeSchedules.providerId, providers.id))
    .where(and(eq(instances.isActive, true), eq(providers.isActive, true), filter))
    .orderBy(asc(instances.pricePerGpuHour), asc(providers.slug), asc(instances.instanceType));
  return rows.map(({ instance, provider, gpu, priority }) => {
    const maxHours = MAX_STALENESS_HOURS[priority ?? ""] ?? DEFAULT_MAX_STALENESS_HOURS;
    const perGpu = (price: number | null) =>
      price === null ? null : Math.round((price / instance.gpuCount) * 10_000) / 10_000;
    return {
      id: instance.id,
      provider: { slug: provider.slug, name: provider.displayName, tier: provider.reliabilityTier as ReliabilityTier },
      gpu: { slug: gpu.slug, name: gpu.name, vramGb: gpu.vramGb },
      instanceType: instance.instanceType,
      instanceName: instance.instanceName,
      gpuCount: instance.gpuCount,
      pricePerHour: instance.pricePerHour,
      pricePerGpuHour: instance.pricePerGpuHour!,
      spotPerGpuHour: perGpu(instance.pricePerHourSpot),
      reserved1yPerGpuHour: perGpu(instance.pricePerHourReserved1y),
      regions: instance.availableRegions ?? [],
      availability: instance.availabilityStatus,
      lastScrapedAt: instance.lastScrapedAt.toISOString(),
      stale: now.getTime() - instance.lastScrapedAt.getTime() > maxHours * 3_600_000,
      sourceUrl: instance.sourceUrl,
    };
  });
}

/** The offer people can rent now at the lowest price per GPU-hour: in stock first, then anything listed. */
export function cheapestOffer(offers: readonly OfferRow[]): OfferRow | null {
  const inStock = offers.filter((offer) => IN_STOCK.has(offer.availability));
  const pool = inStock.length ? inStock : offers;
  return pool.reduce<OfferRow | null>(
    (best, offer) => (!best || offer.pricePerGpuHour < best.pricePerGpuHour ? offer : best),
    null,
  );
}

/** Min, median and max of each provider's cheapest price, so one provider's many offers do not skew it. */
export function priceStats(offers: readonly OfferRow[]): PriceStats {
  const byProvider = new Map<string, OfferRow[]>();
  for (const offer of offers)
    byProvider.set(offer.provider.slug, [...(byProvider.get(offer.provider.slug) ?? []), offer]);
  const best = [...byProvider.values()].map((providerOffers) => cheapestOffer(providerOffers)!.pricePerGpuHour);
  return {
    min: best.length ? Math.min(...best) : null,
    median: median(best),
    max: best.length ? Math.max(...best) : null,
    providers: byProvider.size,
    offers: offers.length,
  };
}

type GpuRow = typeof gpuModels.$inferSelect;

export function gpuCards(gpus: readonly GpuRow[], offers: readonly OfferRow[]): GpuCard[] {
  return gpus.map((gpu) => {
    const mine = offers.filter((offer) => offer.gpu.slug === gpu.slug);
    return {
      gpu: {
        slug: gpu.slug,
        name: gpu.name,
        shortName: gpu.shortName,
        vramGb: gpu.vramGb,
        architecture: gpu.architecture,
      },
      cheapest: cheapestOffer(mine),
      offers: mine.length,
      providers: new Set(mine.map((offer) => offer.provider.slug)).size,
    };
  });
}

export async function gpusBySlug(db: Database, slugs: readonly string[]): Promise<GpuRow[]> {
  if (slugs.length === 0) return [];
  const rows = await db
    .select()
    .from(gpuModels)
    .where(inArray(gpuModels.slug, [...slugs]));
  return slugs.map((slug) => rows.find((row) => row.slug === slug)).filter((row): row is GpuRow => row !== undefined);
}

/** When each provider last completed a scrape (null: never). */
export async function lastSuccessByProvider(db: Database): Promise<Map<string, Date>> {
  const rows = await db
    .select({ providerId: scrapeJobs.providerId, at: max(scrapeJobs.completedAt) })
    .from(scrapeJobs)
    .where(eq(scrapeJobs.status, "completed"))
    .groupBy(scrapeJobs.providerId);
  return new Map(rows.filter((row) => row.at !== null).map((row) => [row.providerId, row.at!]));
}

export async function recentScrapes(db: Database, providerId: string, limit = 10) {
  return db
    .select({
      startedAt: scrapeJobs.startedAt,
      completedAt: scrapeJobs.completedAt,
      status: scrapeJobs.status,
      found: scrapeJobs.instancesFound,
      errorCode: scrapeJobs.errorCode,
    })
    .from(scrapeJobs)
    .where(eq(scrapeJobs.providerId, providerId))
    .orderBy(desc(scrapeJobs.startedAt))
    .limit(limit);
}
