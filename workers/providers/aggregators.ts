import type { ProviderOffer, SkippedRecord } from "../../shared/offers";
import type { ProviderAdapter } from "./types";

// Aggregators (Shadeform, Prime Intellect) list instances that other clouds run. We read them as
// fallbacks only (docs/design.md §15):
//   - an aggregator's offers are stored under the aggregator's own provider row, because the price
//     is the one you pay the aggregator and its scrape, breaker and freshness are its own;
//   - each offer names the cloud that runs it (`upstreamProvider`: our slug for that cloud when we
//     know one, else the aggregator's own name for it), and the stored offer keeps it in
//     `price_includes.upstream_provider`;
//   - an offer whose cloud has a first-party adapter of ours is not published: first-party wins,
//     so the same machine never shows up twice at two prices.

/** Lower-cased aggregator spellings of clouds that are providers of ours, to our slug. */
const UPSTREAM_ALIASES: Readonly<Record<string, string>> = {
  lambda: "lambda-labs",
  lambdalabs: "lambda-labs",
  voltagepark: "voltage-park",
  latitude: "latitude-sh",
  latitudesh: "latitude-sh",
  hotaisle: "hot-aisle",
  crusoecloud: "crusoe",
  cudocompute: "cudo",
  // DataCrunch renamed itself Verda; the provider row kept the older slug.
  verda: "datacrunch",
  vastai: "vast-ai",
  ionet: "io-net",
  genesiscloud: "genesis-cloud",
  google: "gcp",
  oracle: "oci",
};

/**
 * Our provider slug for an aggregator's cloud name: an alias, else the name itself lower-cased
 * (most clouds spell themselves as we do: "runpod", "nebius", "hyperstack", "aws").
 */
export function upstreamSlug(cloud: string): string {
  const key = cloud.trim().toLowerCase();
  return UPSTREAM_ALIASES[key] ?? key;
}

/**
 * The adapter with first-party wins applied to what it returns: offers of a cloud in `firstParty`
 * become excluded records, an offer that names no cloud is unreadable, and every published offer
 * keeps its cloud in `priceIncludes.upstream_provider`.
 */
export function firstPartyWins(adapter: ProviderAdapter, firstParty: ReadonlySet<string>): ProviderAdapter {
  return {
    ...adapter,
    async scrape(context) {
      const result = await adapter.scrape(context);
      const offers: ProviderOffer[] = [];
      const skipped: SkippedRecord[] = [...result.skipped];
      for (const offer of result.offers) {
        const upstream = offer.upstreamProvider?.trim();
        const record = { instanceType: offer.instanceType, gpuNameRaw: offer.gpuNameRaw, raw: offer.raw };
        if (!upstream) {
          skipped.push({ ...record, reason: `${adapter.slug} offer names no cloud that runs it` });
        } else if (firstParty.has(upstream)) {
          skipped.push({
            ...record,
            cause: "excluded",
            reason: `runs on ${upstream}, which has a first-party adapter: first-party wins`,
          });
        } else {
          offers.push({ ...offer, priceIncludes: { ...offer.priceIncludes, upstream_provider: upstream } });
        }
      }
      return { offers, skipped };
    },
  };
}
