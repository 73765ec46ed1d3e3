import { and, eq, inArray } from "drizzle-orm";
import type { ComparePricesResponse, CompareProvidersResponse } from "../../../shared/api-schemas";
import { type AvailabilityStatus, availabilityStatuses, type ReliabilityTier } from "../../../shared/domain";
import { gpuHourPrice, perGpu } from "../../../shared/money";
import { median } from "../../../shared/stats";
import type { Database } from "../database";
import { gpuModels, instances, providers } from "../schema";
import { gpuModelDoc, provenanceOf, providerDoc } from "./docs";

const IN_STOCK: ReadonlySet<AvailabilityStatus> = new Set(["available", "limited"]);
const availabilityRank = (status: AvailabilityStatus) => availabilityStatuses.indexOf(status);
const minOf = (values: (number | null)[]) => {
  const present = values.filter((value): value is number => value !== null);
  return present.length ? Math.min(...present) : null;
};

/**
 * GET /api/compare-prices: one row per provider selling the GPU, with its lowest on-demand, spot
 * and 1-year reserved price per GPU-hour. In-stock offers are preferred; a provider whose offers are
 * all sold out still appears, with its lowest listed price and that availability.
 */
export async function comparePrices(
  db: Database,
  {
    gpuSlug,
    tier,
    includeSpot,
    maxPrice,
    now,
  }: { gpuSlug: string; tier?: ReliabilityTier; includeSpot: boolean; maxPrice?: number; now: Date },
): Promise<ComparePricesResponse | null> {
  const [gpu] = await db.select().from(gpuModels).where(eq(gpuModels.slug, gpuSlug));
  if (!gpu) return null;
  const rows = await db
    .select({ instance: instances, provider: providers })
    .from(instances)
    .innerJoin(providers, eq(providers.id, instances.providerId))
    .where(
      and(
        eq(instances.gpuModelId, gpu.id),
        eq(instances.isActive, true),
        eq(providers.isActive, true),
        tier ? eq(providers.reliabilityTier, tier) : undefined,
      ),
    );

  const byProvider = Map.groupBy(rows, (row) => row.provider.id);

  const priced: { onDemand: number; price: ComparePricesResponse["prices"][number] }[] = [];
  for (const offers of byProvider.values()) {
    const inStock = offers.filter((offer) => IN_STOCK.has(offer.instance.availabilityStatus));
    const considered = inStock.length ? inStock : offers;
    const [cheapest] = [...considered].sort((a, b) => gpuHourPrice(a.instance) - gpuHourPrice(b.instance));
    if (!cheapest) continue;
    const onDemand = gpuHourPrice(cheapest.instance);
    if (maxPrice !== undefined && onDemand > maxPrice) continue;
    const provider = cheapest.provider;
    priced.push({
      onDemand,
      price: {
        provider: {
          id: provider.id,
          slug: provider.slug,
          name: provider.name,
          display_name: provider.displayName,
          provider_type: provider.providerType,
          reliability_tier: provider.reliabilityTier,
        },
        onDemand,
        spot: includeSpot
          ? minOf(considered.map((offer) => perGpu(offer.instance.pricePerHourSpot, offer.instance.gpuCount)))
          : null,
        reserved1y: minOf(
          considered.map((offer) => perGpu(offer.instance.pricePerHourReserved1y, offer.instance.gpuCount)),
        ),
        // The best availability among the offers considered (the enum runs from best to worst).
        availability:
          considered
            .map((offer) => offer.instance.availabilityStatus)
            .sort((x, y) => availabilityRank(x) - availabilityRank(y))[0] ?? cheapest.instance.availabilityStatus,
        lastUpdated: new Date(Math.max(...offers.map((offer) => offer.instance.lastScrapedAt.getTime()))).toISOString(),
        affiliateUrl: provider.affiliateUrl ?? provider.websiteUrl,
        offers: offers.length,
        provenance: provenanceOf(provider.slug, cheapest.instance.sourceUrl, cheapest.instance.lastScrapedAt),
      },
    });
  }
  priced.sort((a, b) => a.onDemand - b.onDemand || a.price.provider.slug.localeCompare(b.price.provider.slug));
  const prices = priced.map((entry) => entry.price);
  const onDemand = priced.map((entry) => entry.onDemand);
  return {
    gpu: gpuModelDoc(gpu),
    prices,
    stats: {
      min: minOf(onDemand),
      max: onDemand.length ? Math.max(...onDemand) : null,
      median: median(onDemand),
      providerCount: prices.length,
    },
    generatedAt: now.toISOString(),
  };
}

type ProviderRow = typeof providers.$inferSelect;
type GpuPrice = {
  gpu: { slug: string; name: string; vram_gb: number };
  pricePerGpuHour: number;
  offers: number;
  useCases: string[];
};

async function pricesOf(db: Database, provider: ProviderRow): Promise<GpuPrice[]> {
  const rows = await db
    .select({
      pricePerGpuHour: instances.pricePerGpuHour,
      pricePerHour: instances.pricePerHour,
      gpuCount: instances.gpuCount,
      availability: instances.availabilityStatus,
      gpu: gpuModels,
    })
    .from(instances)
    .innerJoin(gpuModels, eq(gpuModels.id, instances.gpuModelId))
    .where(and(eq(instances.providerId, provider.id), eq(instances.isActive, true)));
  return [...Map.groupBy(rows, (row) => row.gpu.slug).values()]
    .flatMap((offers) => {
      // As in compare-prices: the lowest price one can rent now, else the lowest listed.
      const inStock = offers.filter((offer) => IN_STOCK.has(offer.availability));
      const gpu = offers[0]?.gpu;
      if (!gpu) return [];
      return {
        gpu: { slug: gpu.slug, name: gpu.name, vram_gb: gpu.vramGb },
        pricePerGpuHour: Math.min(...(inStock.length ? inStock : offers).map(gpuHourPrice)),
        offers: offers.length,
        useCases: gpu.useCases ?? [],
      };
    })
    .sort((a, b) => a.gpu.slug.localeCompare(b.gpu.slug));
}

/** Whose is lower, by slug, or "tie". */
const lower = (a: number, b: number, slugA: string, slugB: string) => (a < b ? slugA : b < a ? slugB : "tie");

/** GET /api/compare-providers: head to head on the GPUs both sell, with a verdict computed from prices. */
export async function compareProviders(
  db: Database,
  slugs: readonly [string, string],
  now: Date,
): Promise<CompareProvidersResponse | { missing: string[] }> {
  const rows = await db
    .select()
    .from(providers)
    .where(inArray(providers.slug, [...slugs]));
  const [first, second] = slugs.map((slug) => rows.find((row) => row.slug === slug));
  if (!first || !second) return { missing: slugs.filter((slug) => !rows.some((row) => row.slug === slug)) };
  const [pricesA, pricesB] = await Promise.all([pricesOf(db, first), pricesOf(db, second)]);
  const bySlugB = new Map(pricesB.map((price) => [price.gpu.slug, price]));

  const common = pricesA.flatMap((a) => {
    const b = bySlugB.get(a.gpu.slug);
    if (!b) return [];
    return {
      gpu: a.gpu,
      provider1Price: a.pricePerGpuHour,
      provider2Price: b.pricePerGpuHour,
      cheaper: lower(a.pricePerGpuHour, b.pricePerGpuHour, first.slug, second.slug),
      differencePercent: Math.round(((b.pricePerGpuHour - a.pricePerGpuHour) / a.pricePerGpuHour) * 1000) / 10,
      useCases: a.useCases,
    };
  });
  const wins = (slug: string) => common.filter((gpu) => gpu.cheaper === slug).length;
  const useCases = [...new Set(common.flatMap((gpu) => gpu.useCases))].sort();
  const betterFor = useCases.flatMap((useCase) => {
    const suited = common.filter((gpu) => gpu.useCases.includes(useCase));
    const best = lower(
      Math.min(...suited.map((gpu) => gpu.provider1Price)),
      Math.min(...suited.map((gpu) => gpu.provider2Price)),
      first.slug,
      second.slug,
    );
    return best === "tie" ? [] : [{ useCase, provider: best }];
  });
  const strip = (prices: GpuPrice[]) => prices.map(({ useCases: _ignored, ...price }) => price);
  return {
    provider1: { ...providerDoc(first), prices: strip(pricesA) },
    provider2: { ...providerDoc(second), prices: strip(pricesB) },
    commonGpus: common.map(({ useCases: _ignored, ...gpu }) => gpu),
    verdict: {
      cheaper: lower(-wins(first.slug), -wins(second.slug), first.slug, second.slug),
      moreGpus: lower(-pricesA.length, -pricesB.length, first.slug, second.slug),
      betterFor,
    },
    generatedAt: now.toISOString(),
  };
}
