import { z } from "zod";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { median } from "../../../shared/stats";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift } from "../parse";
import type { ProviderAdapter } from "../types";

// Vast.ai is a marketplace: hosts list machines, so there is no list price, only offers. We ask the
// public search (`POST /api/v0/bundles/`, the filter object itself as the body) for every verified,
// rentable, unrented on-demand offer — no GPU-name filter, so new GPU names show up on their own —
// and publish one offer per (GPU name, nominal memory per GPU, GPU count): the cheapest offer's
// price, with the offer and machine counts and the median beside it. `min_bid` is the
// interruptible bid floor and stays spot.

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

// Units: gpu_ram and cpu_ram MiB (gpu_ram per GPU), disk_space GB, prices $/hour for the whole
// offer. `gpu_frac` is not read: it is the offer's share of the host's GPUs (one GPU of an 8-GPU
// machine says 0.125), not a fraction of a GPU; `num_gpus` counts the whole GPUs rented.
const offerSchema = z
  .object({
    id: z.int(),
    machine_id: z.int().nullish(),
    gpu_name: z.string().min(1),
    num_gpus: z.number(),
    gpu_ram: z.number().positive(),
    dph_total: z.number().nullish(),
    dph_base: z.number().nullish(),
    storage_total_cost: z.number().nullish(),
    min_bid: z.number().nullish(),
    geolocation: z.string().nullish(),
    rentable: z.boolean(),
    // vast-cli treats a missing `rented` as not rented.
    rented: z.boolean().nullish(),
    // Recorded answers say `verification: "verified"` (beside `vericode: 1`) and have no boolean
    // `verified`; older answers have the boolean. `is_vm_deverified` (true on 23 of the 33
    // recorded verified offers) concerns the host's VM mode only and is not read.
    verified: z.boolean().nullish(),
    verification: z.string().nullish(),
    // Host cores times gpu_frac: the offer's share of the machine's CPUs.
    cpu_cores_effective: z.number().nullish(),
    cpu_ram: z.number().nullish(),
    disk_space: z.number().nullish(),
    inet_down: z.number().nullish(),
  })
  .loose();
type VastOffer = z.infer<typeof offerSchema>;

/** An offer we publish from, with its on-demand price and the machine it runs on. */
interface ListedOffer {
  offer: VastOffer;
  price: number;
  machine: string;
}

const responseSchema = z.union([
  z.object({ offers: z.array(z.unknown()) }),
  z
    .object({ success: z.literal(false).optional(), error: z.string().optional(), msg: z.string().optional() })
    .refine((body) => body.success === false || body.error !== undefined),
]);

const PRICE_BASIS =
  "cheapest verified rentable offer; dph_total: the host's price plus storage for the disk the search assumed, bandwidth extra";

const roundTo = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * What a renter pays per hour on demand for the whole offer, or why the record has no such price.
 * That is `dph_total`: on every recorded offer it is exactly `dph_base` (the host's asking price)
 * plus `storage_total_cost` (the disk the search assumed: `storage_cost` $/GB-month for 5 GB there).
 * Where an answer lacks it we add the same two parts, storage as nothing when absent (a fraction
 * of a cent an hour). Never `discounted_dph_total`: it is the price after Vast's discounts, equal
 * to dph_total only where none applies (`discount_rate` 0 on every recorded offer). Nor
 * `dph_total_adj`, which adds a further estimate (bandwidth, it seems) on top.
 */
function onDemandPrice(offer: Pick<VastOffer, "dph_total" | "dph_base" | "storage_total_cost">): number | string {
  if (offer.dph_total != null)
    return offer.dph_total > 0 ? offer.dph_total : `dph_total ${offer.dph_total} is not a price`;
  if (offer.dph_base == null) return "no price: neither dph_total nor dph_base";
  if (offer.dph_base <= 0) return `dph_base ${offer.dph_base} is not a price`;
  return offer.dph_base + Math.max(offer.storage_total_cost ?? 0, 0);
}

// Vast's geolocation is "Region, CC" ("Oregon, US", "The Netherlands, NL"); older answers carry a
// bare country name ("Norway"). Country names are read from the runtime's own CLDR names, so no
// list of ours goes stale; the aliases are older English names those lack.
const COUNTRY_ALIASES: Record<string, string> = {
  "czech republic": "CZ",
  usa: "US",
  "united states of america": "US",
  "great britain": "GB",
  turkey: "TR",
  "russian federation": "RU",
  "republic of korea": "KR",
  "viet nam": "VN",
};
// Codes CLDR names that are not countries: the EU, the eurozone, the UN, outlying Oceania, unknown.
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", "ZZ"]);
// A country that is also a US state: a bare "Georgia" may be either, so it names no region.
const AMBIGUOUS_PLACES = new Set(["georgia"]);

/** "The Netherlands" → "netherlands", "Türkiye" → "turkiye": names compared as written loosely. */
const placeKey = (name: string) =>
  name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .trim()
    .toLowerCase()
    .replace(/^the\s+/, "");

let countryCodes: Map<string, string> | undefined;

/** Every country code the runtime names, by its English name (long and short: "United Kingdom", "UK"). */
function countryCodesByName(): Map<string, string> {
  if (countryCodes) return countryCodes;
  countryCodes = new Map(Object.entries(COUNTRY_ALIASES));
  const letters = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"];
  for (const style of ["long", "short"] as const) {
    const names = new Intl.DisplayNames(["en"], { type: "region", style, fallback: "none" });
    for (const code of letters.flatMap((first) => letters.map((second) => first + second))) {
      const name = NOT_COUNTRIES.has(code) ? undefined : names.of(code);
      if (name && !countryCodes.has(placeKey(name))) countryCodes.set(placeKey(name), code);
    }
  }
  return countryCodes;
}

/** "Oregon, US" → "US", "Norway" → "NO"; a place we cannot name a country for is no region. */
function countryOf(geolocation: string | null | undefined): string | null {
  const place = geolocation?.split(",").at(-1)?.trim();
  if (!place) return null;
  if (/^[A-Z]{2}$/.test(place)) return place;
  const key = placeKey(place);
  return AMBIGUOUS_PLACES.has(key) ? null : (countryCodesByName().get(key) ?? null);
}

/** Whether Vast verified the host: every field that says it must agree; null when none does. */
function isVerified(offer: VastOffer): boolean | null {
  const statements = [offer.verified, offer.verification == null ? null : offer.verification === "verified"];
  const said = statements.filter((statement) => statement != null);
  return said.length ? said.every(Boolean) : null;
}

/** What the record says about verification: "verified false, verification verified". */
const verificationFields = (offer: VastOffer) =>
  [
    offer.verified == null ? null : `verified ${offer.verified}`,
    offer.verification == null ? null : `verification ${offer.verification}`,
  ]
    .filter((field) => field !== null)
    .join(", ");

function whyExcluded(offer: VastOffer): string | null {
  if (!offer.rentable) return "not rentable";
  if (offer.rented) return "already rented";
  if (isVerified(offer) === false) return `host not verified (${verificationFields(offer)})`;
  return null;
}

function whyUnreadable(offer: VastOffer): string | null {
  if (isVerified(offer) === null) return "no verification status (neither verification nor verified)";
  if (!Number.isInteger(offer.num_gpus) || offer.num_gpus < 1)
    return `num_gpus ${offer.num_gpus} is not a whole number of GPUs`;
  return null;
}

// Marketed memory sizes per GPU, in GB. Usable memory sits a little below them (ECC, firmware
// reserve): an L40S reports 46068 MiB of its 48 GB, an H100 NVL 95830 MiB of 94 GB, and one A100
// SXM4 40GB in the recording 39936 MiB where the others report 40960.
const NOMINAL_MEMORY_GB = [
  1, 2, 3, 4, 5, 6, 8, 10, 11, 12, 16, 20, 24, 32, 40, 48, 64, 80, 94, 96, 128, 141, 180, 192, 288,
];
const LEAST_USABLE_SHARE = 0.9;

/** The marketed size a reported memory belongs to, so equal products share a group; else whole GB. */
function nominalMemoryGb(gpuRamMib: number): number {
  const reported = gpuRamMib / 1024;
  const size = NOMINAL_MEMORY_GB.find((nominal) => nominal >= reported);
  return size !== undefined && reported >= size * LEAST_USABLE_SHARE ? size : Math.round(reported);
}

const instanceTypeOf = (offer: VastOffer) =>
  `${offer.gpu_name} ${nominalMemoryGb(offer.gpu_ram)}GB x${offer.num_gpus}`.slice(0, 100);

/** The identity a record keeps across overlapping answers, even when it is malformed. */
function recordKey(record: unknown): string {
  const id = (record as { id?: unknown } | null)?.id;
  return typeof id === "number" || typeof id === "string" ? `id:${id}` : JSON.stringify(record);
}

const priceFieldsSchema = offerSchema.pick({ dph_total: true, dph_base: true, storage_total_cost: true });

/** The highest on-demand price in an answer: the next page's floor. */
function highestPrice(records: readonly unknown[]): number | null {
  const prices = records
    .map((record) => {
      const fields = priceFieldsSchema.safeParse(record);
      return fields.success ? onDemandPrice(fields.data) : null;
    })
    .filter((price): price is number => typeof price === "number" && Number.isFinite(price));
  return prices.length ? Math.max(...prices) : null;
}

function readRecord(record: unknown): { listed: ListedOffer } | { skipped: SkippedRecord } {
  const parsed = offerSchema.safeParse(record);
  if (!parsed.success) return { skipped: { reason: describeIssues(parsed.error), cause: "unreadable", raw: record } };
  const offer = parsed.data;
  const known = { gpuNameRaw: offer.gpu_name, instanceType: instanceTypeOf(offer), raw: record };
  const excluded = whyExcluded(offer);
  if (excluded) return { skipped: { reason: excluded, cause: "excluded", ...known } };
  const unreadable = whyUnreadable(offer);
  if (unreadable) return { skipped: { reason: unreadable, cause: "unreadable", ...known } };
  const price = onDemandPrice(offer);
  if (typeof price === "string") return { skipped: { reason: price, cause: "unreadable", ...known } };
  // Without a machine id every offer counts as a machine of its own.
  return { listed: { offer, price, machine: offer.machine_id == null ? `offer:${offer.id}` : `${offer.machine_id}` } };
}

/**
 * Each machine once, at its cheapest offer. Vast lists one machine in several bundles over the same
 * GPUs (machine 49290 as 1×, 2× and 4× in the recording); should it list two bundles of one size,
 * the counts and the availability rule still count hardware, not listings.
 */
function cheapestPerMachine(byPrice: readonly ListedOffer[]): ListedOffer[] {
  const machines = new Map<string, ListedOffer>();
  for (const listed of byPrice) if (!machines.has(listed.machine)) machines.set(listed.machine, listed);
  return [...machines.values()];
}

function publish(instanceType: string, members: readonly ListedOffer[], sourceUrl: string): ProviderOffer[] {
  const byPrice = [...members].sort((a, b) => a.price - b.price || a.offer.id - b.offer.id);
  const machines = cheapestPerMachine(byPrice);
  const [first] = byPrice;
  if (!first) return [];
  const { offer: cheapest, price } = first;
  const medianPrice = median(machines.map((listed) => listed.price));
  const bids = members
    .map(({ offer }) => offer.min_bid)
    .filter((bid): bid is number => typeof bid === "number" && bid > 0);
  const regions = [
    ...new Set(members.map(({ offer }) => countryOf(offer.geolocation)).filter((code) => code !== null)),
  ].sort();
  const counts = { offer_count: members.length, machine_count: machines.length };
  return [
    {
      instanceType,
      gpuNameRaw: cheapest.gpu_name,
      gpuCount: cheapest.num_gpus,
      gpuMemoryGb: roundTo(cheapest.gpu_ram / 1024, 1),
      currency: "USD",
      pricePerHour: price,
      pricePerHourSpot: bids.length ? Math.min(...bids) : null,
      availability: machines.length >= 3 ? "available" : "limited",
      regions,
      vcpuCount: cheapest.cpu_cores_effective == null ? null : Math.round(cheapest.cpu_cores_effective),
      ramGb: cheapest.cpu_ram == null ? null : Math.round(cheapest.cpu_ram / 1024),
      storageGb: cheapest.disk_space == null ? null : Math.round(cheapest.disk_space),
      billingIncrementSeconds: 1,
      priceIncludes: {
        ...counts,
        median_price_per_hour: medianPrice,
        cheapest_offer_id: cheapest.id,
        price_basis: PRICE_BASIS,
      },
      sourceUrl,
      raw: { cheapest, ...counts, median_price_per_hour: medianPrice },
    },
  ];
}

/** One published offer per (GPU name, nominal GB per GPU, GPU count), in the answer's order. */
function groupOffers(listed: readonly ListedOffer[], sourceUrl: string): ProviderOffer[] {
  const groups = new Map<string, ListedOffer[]>();
  for (const offer of listed) {
    const key = instanceTypeOf(offer.offer);
    const group = groups.get(key);
    if (group) group.push(offer);
    else groups.set(key, [offer]);
  }
  return [...groups].flatMap(([instanceType, members]) => publish(instanceType, members, sourceUrl));
}

export const vastAi: ProviderAdapter = {
  slug: "vast-ai",
  method: "api",
  version: "vast-ai/2",
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

    const listed: ListedOffer[] = [];
    const skipped: SkippedRecord[] = [];
    for (const record of records.values()) {
      const read = readRecord(record);
      if ("listed" in read) listed.push(read.listed);
      else skipped.push(read.skipped);
    }
    return { offers: groupOffers(listed, url), skipped };
  },
};
