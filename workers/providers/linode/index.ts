import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError, type ProviderHttp } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// Linode (Akamai Cloud) publishes its plan catalogue without a key: `/v4/linode/types`, USD per
// hour and per month for the whole plan, memory and disk in MB, paged by `page`/`pages`. A plan's
// list price holds in every region except those named in `region_prices`, which override it. The
// GPU model appears only in the label ("Dedicated 32GB + RTX6000 GPU x1", "RTX4000 Ada x1 Small"),
// and its memory nowhere. `/v4/regions/availability` (also without a key) says per region and plan
// whether the plan can be deployed now; a plan it does not list has no stock signal.

const MAX_PAGES = 20;
const PAGE_SIZE = 500;

/**
 * Memory of one card of the GPUs Linode names in its labels, from Linode's GPU plan documentation
 * and the vendors' data sheets. "RTX6000" is the Turing Quadro RTX 6000 (24 GB) Linode has sold
 * since 2019, not the RTX 6000 Ada or the RTX A6000 (both 48 GB). Keys are the label's GPU name in
 * lower case without spaces.
 */
export const CARD_VRAM_GB: Readonly<Record<string, number>> = {
  rtx6000: 24,
  quadrortx6000: 24,
  rtx4000ada: 20,
  rtxpro6000: 96,
  rtxpro6000blackwell: 96,
};

// "Dedicated 32GB + RTX6000 GPU x1" → RTX6000, 1; "RTX4000 Ada x2 Medium High Storage" → RTX4000 Ada, 2.
const LABEL_GPU = /^(?:.*\+\s*)?(.+?)(?:\s+GPU)?\s+x(\d+)\b/i;

const errorsSchema = z.object({
  errors: z.array(z.object({ reason: z.string().nullish(), field: z.string().nullish() }).loose()).min(1),
});
const pageSchema = z.object({
  data: z.array(z.unknown()),
  page: z.int().positive(),
  pages: z.int().nonnegative(),
  results: z.int().nonnegative().nullish(),
});

const amount = z.number().nonnegative().nullable();
const regionPriceSchema = z.object({ id: z.string().min(1), hourly: amount, monthly: amount });
const typeSchema = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  class: z.string(),
  gpus: z.int().nonnegative(),
  vcpus: z.int().nonnegative().nullish(),
  memory: z.number().nonnegative().nullish(), // MB
  disk: z.number().nonnegative().nullish(), // MB
  price: z.object({ hourly: amount, monthly: amount }),
  region_prices: z.array(regionPriceSchema).nullish(),
  successor: z.string().nullish(),
});
type LinodeType = z.infer<typeof typeSchema>;

const availabilitySchema = z.object({ region: z.string().min(1), plan: z.string().min(1), available: z.boolean() });

interface Listed {
  record: unknown;
  sourceUrl: string;
}

/** Per plan: the regions where it can be deployed now, and every region the answer names for it. */
type Stock = Map<string, { available: string[]; listed: string[] }>;

type Outcome = { offer: ProviderOffer } | { skipped: SkippedRecord } | null;

async function listAllPages(http: ProviderHttp, firstUrl: string, what: string): Promise<Listed[]> {
  const listed: Listed[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const url = `${firstUrl}?page=${page}&page_size=${PAGE_SIZE}`;
    const body = await http.json({ url });
    const upstream = errorsSchema.safeParse(body);
    if (upstream.success) {
      const reasons = upstream.data.errors.map((error) => error.reason ?? "(no reason)").join("; ");
      throw new ProviderError("UPSTREAM_ERROR", `Linode answered an error for ${url}: ${reasons}`, { url });
    }
    const answer = parseOrDrift(pageSchema, body, what);
    listed.push(...answer.data.map((record) => ({ record, sourceUrl: url })));
    if (answer.pages <= page) return listed;
  }
  throw new ProviderError("UPSTREAM_ERROR", `${firstUrl} still had pages after ${MAX_PAGES}`, { url: firstUrl });
}

/**
 * Which plans can be deployed where. Stock is a second source beside the prices: when it cannot be
 * read, the plans are still offered, as `limited`, and the reason is reported.
 */
async function readStock(http: ProviderHttp, baseUrl: string): Promise<{ stock: Stock; skipped: SkippedRecord[] }> {
  const stock: Stock = new Map();
  const skipped: SkippedRecord[] = [];
  const url = `${baseUrl}/v4/regions/availability`;
  let listed: Listed[];
  try {
    listed = await listAllPages(http, url, "Linode region availability response");
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    const reason = `region availability not read, so no plan is claimed to be in stock: ${error.code}: ${error.message}`;
    return { stock, skipped: [{ reason, raw: { url: error.details.url ?? url } }] };
  }
  for (const { record } of listed) {
    const parsed = availabilitySchema.safeParse(record);
    if (!parsed.success) {
      skipped.push({ reason: `region availability: ${describeIssues(parsed.error)}`, raw: record });
      continue;
    }
    const { region, plan, available } = parsed.data;
    const entry = stock.get(plan) ?? { available: [], listed: [] };
    entry.listed.push(region);
    if (available) entry.available.push(region);
    stock.set(plan, entry);
  }
  return { stock, skipped };
}

/** The GPU a label names and how many of it, or null when the label does not follow either pattern. */
function gpuOfLabel(label: string): { name: string; count: number } | null {
  const match = LABEL_GPU.exec(label.trim());
  if (!match?.[1] || !match[2]) return null;
  return { name: match[1].trim(), count: Number(match[2]) };
}

const cardVramOf = (name: string) => CARD_VRAM_GB[name.toLowerCase().replace(/[\s_-]+/g, "")] ?? null;

interface Price {
  hourly: number;
  monthly: number | null;
  region: string | null;
}

/**
 * The plan's hourly price where it can be rented: the lowest over the regions with stock (a
 * region's own price where `region_prices` names it, the list price elsewhere), or over every price
 * it has when no region has stock or stock is unknown. The list price has been seen at 0 for GPU
 * plans whose real prices are all regional; a 0 is never a price.
 */
function priceOf(type: LinodeType, inStock: string[]): Price | null {
  const base = positive(type.price.hourly);
  const regional = new Map((type.region_prices ?? []).map((entry) => [entry.id, entry]));
  const inRegion = (region: string): Price | null => {
    const own = regional.get(region);
    if (own) {
      const hourly = positive(own.hourly);
      return hourly === null ? null : { hourly, monthly: positive(own.monthly), region };
    }
    return base === null ? null : { hourly: base, monthly: positive(type.price.monthly), region };
  };
  const listPrice: Price | null =
    base === null ? null : { hourly: base, monthly: positive(type.price.monthly), region: null };
  const candidates = inStock.map(inRegion).filter((price): price is Price => price !== null);
  if (candidates.length === 0) {
    candidates.push(...[...regional.keys()].map(inRegion).filter((price): price is Price => price !== null));
    if (listPrice) candidates.push(listPrice);
  }
  return candidates.reduce<Price | null>(
    (best, price) => (best === null || price.hourly < best.hourly ? price : best),
    null,
  );
}

function availabilityOf(stock: { available: string[] } | undefined): AvailabilityStatus {
  if (!stock) return "limited";
  return stock.available.length > 0 ? "available" : "sold_out";
}

const gbFromMb = (mb: number | null | undefined) => (mb ? Math.round((mb / 1024) * 100) / 100 : null);

function offerOf({ record, sourceUrl }: Listed, stock: Stock): Outcome {
  const loose = record as { id?: unknown; gpus?: unknown; class?: unknown } | null;
  // Only GPU plans are validated: a CPU plan with an odd field is none of this adapter's business.
  // NETINT VPU plans ("accelerated") have accelerated_devices and gpus 0, so they stay out too.
  const isGpu = (typeof loose?.gpus === "number" && loose.gpus > 0) || loose?.class === "gpu";
  if (!isGpu) return null;
  const instanceType = typeof loose?.id === "string" ? loose.id : undefined;
  const parsed = typeSchema.safeParse(record);
  if (!parsed.success) return { skipped: { reason: describeIssues(parsed.error), instanceType, raw: record } };
  const type = parsed.data;
  const skip = (reason: string, gpuNameRaw?: string): Outcome => ({
    skipped: { reason, instanceType: type.id, gpuNameRaw, raw: record },
  });

  if (type.gpus === 0) return skip(`class ${type.class} but gpus is 0`);
  const gpu = gpuOfLabel(type.label);
  if (!gpu) return skip(`the label ${JSON.stringify(type.label)} does not name the GPU and its count`);
  if (gpu.count !== type.gpus) return skip(`the label says x${gpu.count} but gpus is ${type.gpus}`, gpu.name);

  const planStock = stock.get(type.id);
  const price = priceOf(type, planStock?.available ?? []);
  if (!price) return skip("no hourly price above 0, neither the list price nor a regional one", gpu.name);
  const regionalPrices = type.region_prices ?? [];
  return {
    offer: {
      instanceType: type.id,
      instanceName: type.label,
      gpuNameRaw: gpu.name,
      gpuCount: type.gpus,
      gpuMemoryGb: cardVramOf(gpu.name),
      currency: "USD",
      pricePerHour: price.hourly,
      pricePerHourSpot: null,
      pricePerMonth: price.monthly,
      availability: availabilityOf(planStock),
      regions: planStock?.available ?? [],
      vcpuCount: type.vcpus ?? null,
      ramGb: gbFromMb(type.memory),
      storageGb: gbFromMb(type.disk),
      priceIncludes:
        regionalPrices.length > 0
          ? {
              list_price_hourly: type.price.hourly,
              hourly_by_region: Object.fromEntries(regionalPrices.map((entry) => [entry.id, entry.hourly])),
              priced_in: price.region,
            }
          : undefined,
      sourceUrl,
      raw: record,
    },
  };
}

export const linode: ProviderAdapter = {
  slug: "linode",
  method: "api",
  version: "linode/1",
  baseUrl: { env: "LINODE_BASE_URL", default: "https://api.linode.com" },

  async scrape({ http, baseUrl }) {
    const types = await listAllPages(http, `${baseUrl}/v4/linode/types`, "Linode types response");
    const { stock, skipped } = await readStock(http, baseUrl);
    const offers: ProviderOffer[] = [];
    for (const outcome of types.map((listed) => offerOf(listed, stock))) {
      if (outcome && "offer" in outcome) offers.push(outcome.offer);
      else if (outcome) skipped.push(outcome.skipped);
    }
    return { offers, skipped };
  },
};
