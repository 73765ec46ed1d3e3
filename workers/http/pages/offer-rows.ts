import type { ReliabilityTier } from "../../../shared/domain";
import { gpuHourPrice, roundMoney } from "../../../shared/money";
import { staleAfterHours } from "../../../shared/schedule";
import { median } from "../../../shared/stats";
import type { GpuCard, OfferRow, PriceStats } from "../../../web/models";
import type { GpuOffers, OfferFacts } from "../../db/queries/catalog-summary";
import type { GpuRecord } from "../../db/queries/pages";

// Offers as the pages show them, and the small aggregates built from them. Pure: rows in, view data out.

const IN_STOCK = new Set(["available", "limited"]);

export function offerRow({ instance, provider, gpu, priority }: OfferFacts, now: Date): OfferRow {
  const maxHours = staleAfterHours(priority);
  const perGpu = (price: number | null) => (price === null ? null : roundMoney(price / instance.gpuCount));
  return {
    id: instance.id,
    provider: { slug: provider.slug, name: provider.displayName, tier: provider.reliabilityTier as ReliabilityTier },
    gpu: { slug: gpu.slug, name: gpu.name, vramGb: gpu.vramGb },
    instanceType: instance.instanceType,
    instanceName: instance.instanceName,
    gpuCount: instance.gpuCount,
    pricePerHour: instance.pricePerHour,
    pricePerGpuHour: gpuHourPrice(instance),
    spotPerGpuHour: perGpu(instance.pricePerHourSpot),
    reserved1yPerGpuHour: perGpu(instance.pricePerHourReserved1y),
    regions: instance.availableRegions ?? [],
    availability: instance.availabilityStatus,
    lastScrapedAt: instance.lastScrapedAt.toISOString(),
    stale: now.getTime() - instance.lastScrapedAt.getTime() > maxHours * 3_600_000,
    sourceUrl: instance.sourceUrl,
  };
}

export const offerRows = (offers: readonly OfferFacts[], now: Date): OfferRow[] =>
  offers.map((offer) => offerRow(offer, now));

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
  const byProvider = Map.groupBy(offers, (offer) => offer.provider.slug);
  const best = [...byProvider.values()].flatMap(
    (providerOffers) => cheapestOffer(providerOffers)?.pricePerGpuHour ?? [],
  );
  return {
    min: best.length ? Math.min(...best) : null,
    median: median(best),
    max: best.length ? Math.max(...best) : null,
    providers: byProvider.size,
    offers: offers.length,
  };
}

/** A card per GPU from its counts and cheapest offer (`gpuOfferCounts`, `cheapestOffers`), keyed by GPU id. */
export function gpuCards(
  gpus: readonly GpuRecord[],
  counts: ReadonlyMap<string, GpuOffers>,
  cheapest: ReadonlyMap<string, OfferFacts>,
  now: Date,
): GpuCard[] {
  return gpus.map((gpu) => {
    const best = cheapest.get(gpu.id);
    return {
      gpu: {
        slug: gpu.slug,
        name: gpu.name,
        shortName: gpu.shortName,
        vramGb: gpu.vramGb,
        architecture: gpu.architecture,
      },
      cheapest: best ? offerRow(best, now) : null,
      offers: counts.get(gpu.id)?.offers ?? 0,
      providers: counts.get(gpu.id)?.providers ?? 0,
    };
  });
}
