import { FALLBACK_FX_RATES } from "../../shared/fx";
import type { ProviderOffer } from "../../shared/offers";
import { insideBand, priceBandFor } from "../../shared/price-bands";
import { normaliseOffer } from "../ingest/normalise";

/**
 * The offers of a recording whose mapped GPU has a price (on-demand, spot or reserved, per
 * GPU-hour in USD) outside its plausible band, described; empty when all are plausible. Adapter
 * tests assert it is empty for their success and recorded fixtures: a unit slip in an adapter
 * shows up here before validation quarantines it in production.
 */
export function pricesOutsideBands(
  provider: string,
  offers: readonly ProviderOffer[],
  now = new Date("2026-11-20T12:00:00Z"),
): string[] {
  return offers.flatMap((offer) => {
    const normalised = normaliseOffer(provider, offer, { rates: FALLBACK_FX_RATES, now });
    const band = normalised.gpuModel ? priceBandFor(normalised.gpuModel) : null;
    if (!normalised.gpuModel) return [];
    if (!band) return [`${offer.instanceType}: ${normalised.gpuModel} has no band`];
    const prices = {
      "on-demand": normalised.pricePerHour,
      spot: normalised.pricePerHourSpot,
      "reserved 1y": normalised.pricePerHourReserved1y,
      "reserved 3y": normalised.pricePerHourReserved3y,
    };
    return Object.entries(prices).flatMap(([kind, price]) => {
      if (price === null) return [];
      const perGpu = price / offer.gpuCount;
      return insideBand(band, perGpu)
        ? []
        : [
            `${offer.instanceType}: ${kind} $${perGpu.toFixed(4)}/GPU-h outside ${normalised.gpuModel} ${band.min}–${band.max}`,
          ];
    });
  });
}
