import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// Mithril (formerly Foundry) sells whole nodes two ways: a fixed-rate reservation and a spot
// auction. Three keyed endpoints make an offer:
//   GET /v2/instance-types                        the catalogue (bare array, one entry per node shape)
//   GET /v2/pricing/current?instance_type=<fid>   current prices of one shape, integer US cents per hour
//   GET /v2/spot/availability                     open auctions: region, free capacity, last clearing price
// Every price is for the whole instance. `reserved_price_cents` is the fixed rate we store as the
// hourly price and `spot_price_cents` the auction's current price; `minimum_price_cents` is only
// the lowest bid the auction accepts and is never a price anyone pays — reading it as the price
// is how a B200 node once showed up at $0.01/h in another catalogue.

const cents = z.int().nonnegative().nullish();

const instanceTypeSchema = z
  .object({
    fid: z.string().min(1),
    name: z.string().min(1),
    gpu_type: z.string().nullish(),
    num_gpus: z.int().nonnegative().nullish(),
    gpu_memory_gb: z.number().nonnegative().nullish(),
    num_cpus: z.number().nonnegative().nullish(),
    ram_gb: z.number().nonnegative().nullish(),
    local_storage_gb: z.number().nonnegative().nullish(),
  })
  .loose();

const pricingSchema = z
  .object({
    // Whole cents: a fractional value would mean the unit changed (to dollars, say).
    spot_price_cents: cents,
    reserved_price_cents: cents,
    minimum_price_cents: cents,
    available_capacity: z.int().nonnegative().nullish(),
    total_capacity: z.int().nonnegative().nullish(),
  })
  .loose();

const auctionSchema = z
  .object({
    fid: z.string().nullish(),
    instance_type: z.string().min(1),
    region: z.string().min(1),
    capacity: z.int().nonnegative(),
    // A dollar string, "$8.00", unlike the cents of /v2/pricing/current.
    last_instance_price: z.string().nullish(),
  })
  .loose();

// FastAPI-style error bodies: `detail` is a message or a list of validation issues.
const errorSchema = z.object({ detail: z.unknown() });

const FORM_FACTOR_IN_NAME = /(?:^|[.\-_])(sxm\d?|pcie|nvl)(?:$|[.\-_])/i;
const FORM_FACTOR_LABELS: Record<string, string> = { sxm: "SXM", pcie: "PCIe", nvl: "NVL" };

/** "h100-80gb.sxm.8x" → "SXM"; "b200-192gb.8x" states none. */
function formFactorOf(name: string): string | null {
  const match = FORM_FACTOR_IN_NAME.exec(name);
  if (!match) return null;
  const token = (match[1] ?? "").toLowerCase().replace(/\d+$/, "");
  return FORM_FACTOR_LABELS[token] ?? null;
}

function throwIfError(body: unknown, what: string, url: string): void {
  const error = errorSchema.safeParse(body);
  if (!error.success || Array.isArray(body)) return;
  const detail = typeof error.data.detail === "string" ? error.data.detail : JSON.stringify(error.data.detail);
  const code = /api key|unauthori[sz]ed|not authenticated|invalid token/i.test(detail)
    ? "INVALID_API_KEY"
    : "UPSTREAM_ERROR";
  throw new ProviderError(code, `Mithril ${what} answered an error: ${detail}`, { url });
}

const toDollars = (value: number | null | undefined) => {
  const amount = positive(value);
  return amount === null ? null : amount / 100;
};

function availabilityOf(
  auctions: z.infer<typeof auctionSchema>[],
  pricing: z.infer<typeof pricingSchema>,
): AvailabilityStatus {
  const free = auctions.some((auction) => auction.capacity > 0) || (pricing.available_capacity ?? 0) > 0;
  if (free) return "available";
  // Mithril said so for both ways of buying: nothing free right now.
  if (pricing.available_capacity === 0 && auctions.length > 0) return "sold_out";
  return "limited";
}

export const mithril: ProviderAdapter = {
  slug: "mithril",
  method: "api",
  version: "mithril/1",
  baseUrl: { env: "MITHRIL_BASE_URL", default: "https://api.mithril.ai" },
  credential: { secret: "MITHRIL_API_KEY", required: true },

  async scrape({ http, baseUrl, credential }) {
    if (!credential)
      throw new ProviderError("MISSING_CREDENTIALS", "Mithril's API needs MITHRIL_API_KEY", { url: baseUrl });
    const headers = { Authorization: `Bearer ${credential}` };

    const typesUrl = `${baseUrl}/v2/instance-types`;
    const typesBody = await http.json({ url: typesUrl, headers });
    throwIfError(typesBody, "instance-types", typesUrl);
    const types = parseOrDrift(z.array(z.unknown()), typesBody, "Mithril instance-types response");

    const spotUrl = `${baseUrl}/v2/spot/availability`;
    const spotBody = await http.json({ url: spotUrl, headers });
    throwIfError(spotBody, "spot availability", spotUrl);
    const auctionRecords = parseOrDrift(z.array(z.unknown()), spotBody, "Mithril spot availability response");
    const auctionsByType = new Map<string, z.infer<typeof auctionSchema>[]>();
    const skipped: SkippedRecord[] = [];
    for (const record of auctionRecords) {
      const parsed = auctionSchema.safeParse(record);
      if (!parsed.success) {
        skipped.push({ reason: `spot auction: ${describeIssues(parsed.error)}`, raw: record });
        continue;
      }
      const list = auctionsByType.get(parsed.data.instance_type) ?? [];
      list.push(parsed.data);
      auctionsByType.set(parsed.data.instance_type, list);
    }

    const offers: ProviderOffer[] = [];
    for (const record of types) {
      const parsed = instanceTypeSchema.safeParse(record);
      if (!parsed.success) {
        skipped.push({ reason: describeIssues(parsed.error), raw: record });
        continue;
      }
      const type = parsed.data;
      if (!type.num_gpus) {
        skipped.push({ reason: "no GPU: not a GPU offer", cause: "excluded", instanceType: type.fid, raw: record });
        continue;
      }
      const gpuNameRaw = type.gpu_type?.trim();
      if (!gpuNameRaw) {
        skipped.push({ reason: "gpu_type does not name the GPU", instanceType: type.fid, raw: record });
        continue;
      }

      const pricingUrl = `${baseUrl}/v2/pricing/current?instance_type=${encodeURIComponent(type.fid)}`;
      const pricingBody = await http.json({ url: pricingUrl, headers });
      throwIfError(pricingBody, `pricing of ${type.fid}`, pricingUrl);
      const pricingParsed = pricingSchema.safeParse(pricingBody);
      if (!pricingParsed.success) {
        skipped.push({
          reason: `pricing: ${describeIssues(pricingParsed.error)}`,
          instanceType: type.fid,
          gpuNameRaw,
          raw: { instanceType: record, pricing: pricingBody },
        });
        continue;
      }
      const pricing = pricingParsed.data;
      const reserved = toDollars(pricing.reserved_price_cents);
      const spot = toDollars(pricing.spot_price_cents);
      if (reserved === null) {
        // The auction floor (minimum_price_cents) is not a price to fall back on, and a spot price
        // alone is not a fixed rate.
        skipped.push({
          reason: "no reserved_price_cents: no fixed hourly price",
          instanceType: type.fid,
          gpuNameRaw,
          raw: { instanceType: record, pricing: pricingBody },
        });
        continue;
      }

      const floor = toDollars(pricing.minimum_price_cents);
      const auctions = auctionsByType.get(type.fid) ?? [];
      const withCapacity = auctions.filter((auction) => auction.capacity > 0);
      const regions = [...new Set((withCapacity.length > 0 ? withCapacity : auctions).map((a) => a.region))];
      offers.push({
        // Names repeat across fids (two "h100-80gb.sxm.8x" shapes exist), so the fid is the identity.
        instanceType: type.fid,
        instanceName: type.name,
        gpuNameRaw,
        gpuCount: type.num_gpus,
        gpuMemoryGb: positive(type.gpu_memory_gb),
        formFactor: formFactorOf(type.name),
        currency: "USD",
        pricePerHour: reserved,
        pricePerHourSpot: spot,
        availability: availabilityOf(auctions, pricing),
        regions,
        vcpuCount: positive(type.num_cpus),
        ramGb: positive(type.ram_gb),
        storageGb: positive(type.local_storage_gb),
        priceIncludes: {
          pricing: "reserved_price_cents (fixed rate) and spot_price_cents (auction), whole instance",
          ...(floor === null ? {} : { spotBidFloorPerHour: floor }),
        },
        sourceUrl: pricingUrl,
        raw: { instanceType: record, pricing: pricingBody, auctions },
      });
    }
    return { offers, skipped };
  },
};
