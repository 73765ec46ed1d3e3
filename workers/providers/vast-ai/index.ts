import { z } from "zod";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { median } from "../../../shared/stats";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift } from "../parse";
import type { ProviderAdapter } from "../types";

// Vast.ai is a marketplace: hosts list machines, so there is no list price, only offers. We ask the
// public search (`POST /api/v0/bundles/`, the filter object itself as the body) for every verified,
// rentable, unrented on-demand offer — no GPU-name filter, so new GPU names show up on their own —
// and publish one offer per (GPU name, memory per GPU, GPU count): the cheapest offer's price, with
// the offer count and median beside it. `dph_total` is $/hour for the whole offer including Vast's
// storage and bandwidth estimates; `min_bid` is the interruptible bid floor and stays spot.

const SEARCH_FILTER = {
  rentable: { eq: true },
  rented: { eq: false },
  verified: { eq: true },
  type: "on-demand",
  order: [["dph_total", "asc"]],
  limit: 5000,
};

// Whether the API honours `limit` cannot be confirmed offline: ygwyg/gputable saw at most 64 offers
// per answer whatever the limit, and vast-cli's own tests expect 64 without one. So we page on the sort
// key: each next request asks for offers priced at or above the highest price seen, until an
// answer brings nothing new. Where the limit is honoured that costs one extra request. Offers
// whose price ties across more than a whole capped page can be missed; past MAX_PAGES the most
// expensive offers are left out (the cheapest of every group already seen stay right).
const MAX_PAGES = 50;

// Units: gpu_ram and cpu_ram MiB (gpu_ram per GPU), disk_space GB, dph_total and min_bid $/hour
// for the whole offer.
const offerSchema = z
  .object({
    id: z.int(),
    gpu_name: z.string().min(1),
    num_gpus: z.number(),
    gpu_ram: z.number().positive(),
    gpu_frac: z.number().nullish(),
    dph_total: z.number(),
    min_bid: z.number().nullish(),
    geolocation: z.string().nullish(),
    rentable: z.boolean(),
    // vast-cli treats a missing `rented` as not rented.
    rented: z.boolean().nullish(),
    verified: z.boolean(),
    cpu_cores_effective: z.number().nullish(),
    cpu_ram: z.number().nullish(),
    disk_space: z.number().nullish(),
    inet_down: z.number().nullish(),
  })
  .loose();
type VastOffer = z.infer<typeof offerSchema>;

const responseSchema = z.union([
  z.object({ offers: z.array(z.unknown()) }),
  z
    .object({ success: z.literal(false).optional(), error: z.string().optional(), msg: z.string().optional() })
    .refine((body) => body.success === false || body.error !== undefined),
]);

const roundTo = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** "Oregon, US" → "US"; anything without a trailing two-letter code is no region. */
function countryOf(geolocation: string | null | undefined): string | null {
  const code = geolocation?.split(",").at(-1)?.trim();
  return code && /^[A-Z]{2}$/.test(code) ? code : null;
}

function whyNotListed(offer: VastOffer): string | null {
  if (!offer.rentable) return "not rentable";
  if (offer.rented) return "already rented";
  if (!offer.verified) return "host not verified";
  if (offer.gpu_frac != null && offer.gpu_frac < 1) return `fractional GPU (gpu_frac ${offer.gpu_frac})`;
  if (!Number.isInteger(offer.num_gpus) || offer.num_gpus < 1)
    return `num_gpus ${offer.num_gpus} is not a whole number of GPUs`;
  if (offer.dph_total <= 0) return `dph_total ${offer.dph_total} is not a price`;
  return null;
}

/** The identity a record keeps across overlapping answers, even when it is malformed. */
function recordKey(record: unknown): string {
  const id = (record as { id?: unknown } | null)?.id;
  return typeof id === "number" || typeof id === "string" ? `id:${id}` : JSON.stringify(record);
}

function highestPrice(records: readonly unknown[]): number | null {
  const prices = records
    .map((record) => (record as { dph_total?: unknown } | null)?.dph_total)
    .filter((price): price is number => typeof price === "number" && Number.isFinite(price));
  return prices.length ? Math.max(...prices) : null;
}

/** One published offer per (GPU name, whole GB per GPU, GPU count): cheapest price, median and count beside it. */
function groupOffers(offers: readonly VastOffer[], sourceUrl: string): ProviderOffer[] {
  const groups = new Map<string, VastOffer[]>();
  for (const offer of offers) {
    const key = `${offer.gpu_name} ${Math.round(offer.gpu_ram / 1024)}GB x${offer.num_gpus}`.slice(0, 100);
    groups.set(key, [...(groups.get(key) ?? []), offer]);
  }
  return [...groups].flatMap(([instanceType, members]) => {
    const byPrice = [...members].sort((a, b) => a.dph_total - b.dph_total || a.id - b.id);
    const [cheapest] = byPrice;
    if (!cheapest) return [];
    const medianPrice = median(byPrice.map((offer) => offer.dph_total));
    const bids = members
      .map((offer) => offer.min_bid)
      .filter((bid): bid is number => typeof bid === "number" && bid > 0);
    const regions = [
      ...new Set(members.map((offer) => countryOf(offer.geolocation)).filter((code) => code !== null)),
    ].sort();
    return {
      instanceType,
      gpuNameRaw: cheapest.gpu_name,
      gpuCount: cheapest.num_gpus,
      gpuMemoryGb: roundTo(cheapest.gpu_ram / 1024, 1),
      currency: "USD",
      pricePerHour: cheapest.dph_total,
      pricePerHourSpot: bids.length ? Math.min(...bids) : null,
      availability: members.length >= 3 ? "available" : "limited",
      regions,
      vcpuCount: cheapest.cpu_cores_effective == null ? null : Math.round(cheapest.cpu_cores_effective),
      ramGb: cheapest.cpu_ram == null ? null : Math.round(cheapest.cpu_ram / 1024),
      storageGb: cheapest.disk_space == null ? null : Math.round(cheapest.disk_space),
      billingIncrementSeconds: 1,
      priceIncludes: {
        offer_count: members.length,
        median_price_per_hour: medianPrice,
        cheapest_offer_id: cheapest.id,
        price_basis: "cheapest verified rentable offer; dph_total includes storage and bandwidth estimates",
      },
      sourceUrl,
      raw: { cheapest, offer_count: members.length, median_price_per_hour: medianPrice },
    } satisfies ProviderOffer;
  });
}

export const vastAi: ProviderAdapter = {
  slug: "vast-ai",
  method: "api",
  version: "vast-ai/1",
  baseUrl: { env: "VAST_AI_BASE_URL", default: "https://console.vast.ai" },
  credential: { secret: "VAST_AI_API_KEY", required: false },

  async scrape({ http, baseUrl, credential }) {
    const url = `${baseUrl}/api/v0/bundles/`;
    const headers: Record<string, string> = credential ? { Authorization: `Bearer ${credential}` } : {};
    const records = new Map<string, unknown>();
    let floor: number | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const filter = floor === null ? SEARCH_FILTER : { ...SEARCH_FILTER, dph_total: { gte: floor } };
      const answer = parseOrDrift(
        responseSchema,
        await http.json({ method: "POST", url, body: filter, headers }),
        "Vast.ai bundles response",
      );
      if (!("offers" in answer)) {
        const message = [answer.error, answer.msg].filter(Boolean).join(": ") || "success: false";
        const code = /api[ _-]?key|unauthori[sz]ed|authenticat|invalid[ _-]?(user|token)/i.test(message)
          ? "INVALID_API_KEY"
          : "UPSTREAM_ERROR";
        throw new ProviderError(code, `Vast.ai search failed: ${message}`, { url });
      }
      const before = records.size;
      for (const record of answer.offers) {
        const key = recordKey(record);
        if (!records.has(key)) records.set(key, record);
      }
      const highest = highestPrice(answer.offers);
      if (records.size === before || highest === null) break;
      floor = highest;
    }

    const listed: VastOffer[] = [];
    const skipped: SkippedRecord[] = [];
    for (const record of records.values()) {
      const parsed = offerSchema.safeParse(record);
      if (!parsed.success) {
        skipped.push({ reason: describeIssues(parsed.error), raw: record });
        continue;
      }
      const reason = whyNotListed(parsed.data);
      if (reason) skipped.push({ reason, gpuNameRaw: parsed.data.gpu_name, raw: record });
      else listed.push(parsed.data);
    }
    return { offers: groupOffers(listed, url), skipped };
  },
};
