import { type FxRate, rateFor, toUsd } from "../../shared/fx";
import { identifyGpu } from "../../shared/gpu-identity";
import { roundMoney } from "../../shared/money";
import type { NormalisedOfferJson, ProviderOffer } from "../../shared/offers";

/** A provider offer in the comparable shape: canonical GPU (or why not), USD, per GPU-hour. */
export interface NormalisedOffer {
  provider: string;
  offer: ProviderOffer;
  /** `gpu_models.slug`, or null with `unmappedReason` when the GPU is not (safely) in the catalog. */
  gpuModel: string | null;
  unmappedReason: string | null;
  catalogVramGb: number | null;
  /** The rate used to reach USD: null for USD offers, and for offers whose currency has no rate (their prices are then null and they cannot be published). */
  fx: FxRate | null;
  /** USD, whole instance, per hour; null only when `fx` is null. */
  pricePerHour: number | null;
  pricePerGpuHour: number | null;
  pricePerHourSpot: number | null;
  pricePerHourReserved1y: number | null;
  pricePerHourReserved3y: number | null;
  pricePerMonth: number | null;
}

/** A catalog GPU an operator mapped a raw name to, with the memory the VRAM guard checks against. */
export interface MappedGpu {
  slug: string;
  vramGb: number;
}

/**
 * The operators' GPU name mappings that apply to one provider (`gpu_name_mappings`), by
 * `gpuNameKey`: the provider's own mapping of a name, else the one for every provider.
 */
export type GpuNameMappings = ReadonlyMap<string, MappedGpu>;

/** How a raw GPU name is looked up among the mappings: trimmed and lower-cased, as the table keeps it. */
export const gpuNameKey = (raw: string) => raw.trim().toLowerCase();

export function normaliseOffer(
  provider: string,
  offer: ProviderOffer,
  { rates, now, mappings }: { rates: readonly FxRate[]; now: Date; mappings?: GpuNameMappings },
): NormalisedOffer {
  // An operator's mapping names the GPU instead of the catalog's reading of the name; the VRAM
  // guard and the price band still judge the offer as that GPU.
  const identity =
    mappings?.get(gpuNameKey(offer.gpuNameRaw)) ??
    identifyGpu({ name: offer.gpuNameRaw, memoryGb: offer.gpuMemoryGb, formFactor: offer.formFactor });
  const fx = rateFor(rates, offer.currency, now);
  const usd = (amount: number | null | undefined) => (fx && typeof amount === "number" ? toUsd(amount, fx) : null);
  const pricePerHour = usd(offer.pricePerHour);
  return {
    provider,
    offer,
    gpuModel: identity.slug,
    unmappedReason: identity.slug === null ? identity.reason : null,
    catalogVramGb: identity.slug === null ? null : identity.vramGb,
    fx: offer.currency === "USD" ? null : fx,
    pricePerHour,
    pricePerGpuHour: pricePerHour === null || offer.gpuCount <= 0 ? null : roundMoney(pricePerHour / offer.gpuCount),
    pricePerHourSpot: usd(offer.pricePerHourSpot),
    pricePerHourReserved1y: usd(offer.pricePerHourReserved1y),
    pricePerHourReserved3y: usd(offer.pricePerHourReserved3y),
    pricePerMonth: usd(offer.pricePerMonth),
  };
}

/** The design's contract shape (`npm run scrape -- --json`). */
export function offerJson(normalised: NormalisedOffer): NormalisedOfferJson {
  const { offer } = normalised;
  return {
    provider: normalised.provider,
    instance_type: offer.instanceType,
    gpu_model: normalised.gpuModel,
    gpu_name_raw: offer.gpuNameRaw,
    gpu_count: offer.gpuCount,
    price_per_hour: required(normalised.pricePerHour, offer.instanceType),
    price_per_gpu_hour: required(normalised.pricePerGpuHour, offer.instanceType),
    price_per_hour_spot: normalised.pricePerHourSpot,
    availability_status: offer.availability,
    regions: offer.regions,
  };
}

function required(price: number | null, instanceType: string): number {
  if (price === null)
    throw new Error(`${instanceType} has no USD price (no exchange rate); validation rejects such offers`);
  return price;
}
