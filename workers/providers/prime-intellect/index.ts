import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { upstreamSlug } from "../aggregators";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// Prime Intellect is an aggregator: GET /api/v1/availability/gpus (Bearer key with Availability →
// Read) lists GPU configurations of the clouds behind it, paged by `page` and `page_size` as its
// own CLI pages them, as { items: [...], totalCount }. An item is one configuration in one data
// centre: `provider` is the cloud ("runpod", "crusoecloud", "dc_roan"), `cloudId` that cloud's
// name for the GPU, `gpuType` Prime Intellect's ("H100_80GB"), `socket` the form factor,
// `gpuCount` the GPUs, and `prices.onDemand` (or `communityPrice` for community-cloud hosts) the
// price in USD per hour for the whole configuration: its own GPU summary quotes a 2-GPU A100 at
// $2.40 against $0.99 for one, which only whole-box prices explain. A spot item (`isSpot`) is a
// second item for the same configuration; a prepaid item (`prepaidTime`) a term, not an hourly
// rate. Offers are stored under prime-intellect and tagged with the cloud (workers/providers/aggregators.ts).

const PAGE_SIZE = 100;
/** 100 pages of 100 is ten times the largest listing seen (608 items); more means the paging broke. */
const MAX_PAGES = 100;

const itemSchema = z
  .object({
    cloudId: z.string().trim().min(1),
    gpuType: z.string().trim().min(1),
    socket: z.string().nullish(),
    provider: z.string().trim().min(1),
    region: z.string().nullish(),
    dataCenter: z.string().trim().min(1),
    country: z.string().nullish(),
    gpuCount: z.int().positive(),
    gpuMemory: z.number().nonnegative().nullish(),
    vcpu: z.object({ defaultCount: z.number().nonnegative().nullish() }).loose().nullish(),
    memory: z.object({ defaultCount: z.number().nonnegative().nullish() }).loose().nullish(),
    disk: z.object({ defaultCount: z.number().nonnegative().nullish() }).loose().nullish(),
    stockStatus: z.string().nullish(),
    security: z.string().nullish(),
    prices: z
      .object({
        onDemand: z.number().nullish(),
        communityPrice: z.number().nullish(),
        isVariable: z.boolean().nullish(),
        currency: z.string().nullish(),
      })
      .loose(),
    isSpot: z.boolean().nullish(),
    prepaidTime: z.number().nullish(),
  })
  .loose();
type Item = z.infer<typeof itemSchema>;

const pageSchema = z.object({ items: z.array(z.unknown()), totalCount: z.int().nonnegative() }).loose();
const errorSchema = z.object({ detail: z.unknown() }).loose();

const STOCK: Readonly<Record<string, AvailabilityStatus>> = {
  high: "available",
  medium: "available",
  available: "available",
  low: "limited",
  unavailable: "sold_out",
  "out of stock": "sold_out",
};
const availabilityOf = (status: string | null | undefined): AvailabilityStatus =>
  STOCK[status?.trim().toLowerCase() ?? ""] ?? "limited";

/** "SXM5" → SXM, "PCIe" → PCIe; anything else says nothing. */
function formFactorOf(socket: string | null | undefined): string | null {
  const value = socket?.trim().toLowerCase() ?? "";
  if (value.startsWith("sxm")) return "SXM";
  if (value === "pcie") return "PCIe";
  return null;
}

/** The hourly price of an item: the community price where the host is community cloud, else on demand. */
const priceOf = (item: Item) => positive(item.prices.communityPrice) ?? positive(item.prices.onDemand);

interface Priced {
  item: Item;
  price: number;
}

/** One configuration in one data centre; its spot twin shares the key. */
const keyOf = (item: Item) =>
  `${item.provider}/${item.dataCenter}/${item.gpuCount}x ${item.cloudId}${item.security ? `/${item.security}` : ""}`;

function throwIfError(body: unknown, url: string): void {
  const error = errorSchema.safeParse(body);
  if (!error.success || "items" in error.data) return;
  const detail = typeof error.data.detail === "string" ? error.data.detail : JSON.stringify(error.data.detail);
  const code = /api key|unauthori[sz]ed|not authenticated|invalid token|permission/i.test(detail)
    ? "INVALID_API_KEY"
    : "UPSTREAM_ERROR";
  throw new ProviderError(code, `Prime Intellect answered an error: ${detail}`, { url });
}

function offerOf(key: string, onDemand: Priced, spot: Priced | undefined, sourceUrl: string): ProviderOffer {
  const { item } = onDemand;
  return {
    instanceType: key,
    instanceName: `${item.gpuCount}x ${item.cloudId} on ${item.provider} (via Prime Intellect)`,
    gpuNameRaw: item.gpuType.replace(/_/g, " "),
    gpuCount: item.gpuCount,
    // `gpuMemory` is the GPU's memory for one GPU and reads as the total in some descriptions;
    // with one GPU both agree, and otherwise the name ("A100_80GB") says it.
    gpuMemoryGb: item.gpuCount === 1 ? (item.gpuMemory ?? null) : null,
    formFactor: formFactorOf(item.socket),
    currency: "USD",
    pricePerHour: onDemand.price,
    pricePerHourSpot: spot?.price ?? null,
    availability: availabilityOf(item.stockStatus),
    regions: [item.dataCenter],
    vcpuCount: item.vcpu?.defaultCount ?? null,
    ramGb: item.memory?.defaultCount ?? null,
    storageGb: item.disk?.defaultCount ?? null,
    priceIncludes: {
      security: item.security ?? null,
      stock_status: item.stockStatus ?? null,
      price_is_variable: item.prices.isVariable ?? null,
      country: item.country ?? null,
      gpu_memory_reported: item.gpuMemory ?? null,
    },
    sourceUrl,
    upstreamProvider: upstreamSlug(item.provider),
    raw: spot ? [item, spot.item] : item,
  };
}

export const primeIntellect: ProviderAdapter = {
  slug: "prime-intellect",
  method: "api",
  aggregator: true,
  version: "prime-intellect/1",
  baseUrl: { env: "PRIME_INTELLECT_BASE_URL", default: "https://api.primeintellect.ai" },
  credential: { secret: "PRIME_INTELLECT_API_KEY", required: true },

  async scrape({ http, baseUrl, credential }) {
    const listUrl = `${baseUrl}/api/v1/availability/gpus`;
    if (!credential)
      throw new ProviderError("MISSING_CREDENTIALS", "Prime Intellect's API needs PRIME_INTELLECT_API_KEY", {
        url: listUrl,
      });
    const headers = { Authorization: `Bearer ${credential}` };

    const records: unknown[] = [];
    for (let page = 1; ; page++) {
      if (page > MAX_PAGES)
        throw new ProviderError("SCHEMA_DRIFT", `Prime Intellect kept paging past ${MAX_PAGES} pages`, {
          url: listUrl,
        });
      const url = `${listUrl}?page=${page}&page_size=${PAGE_SIZE}`;
      const body = await http.json({ url, headers });
      throwIfError(body, url);
      const { items, totalCount } = parseOrDrift(pageSchema, body, "Prime Intellect GPU availability page");
      // Its API is known to answer an empty 200 now and then; a first page with nothing on it while
      // the count says otherwise is that, not an empty market.
      if (page === 1 && items.length === 0 && totalCount > 0)
        throw new ProviderError("UPSTREAM_ERROR", `Prime Intellect sent an empty page of ${totalCount} items`, { url });
      records.push(...items);
      if (items.length < PAGE_SIZE || records.length >= totalCount) break;
    }

    const skipped: SkippedRecord[] = [];
    const onDemand = new Map<string, Priced>();
    const spot = new Map<string, Priced>();
    for (const record of records) {
      const parsed = itemSchema.safeParse(record);
      if (!parsed.success) {
        skipped.push({ reason: describeIssues(parsed.error), raw: record });
        continue;
      }
      const item = parsed.data;
      const key = keyOf(item);
      const gpuNameRaw = item.gpuType;
      const price = priceOf(item);
      if (item.prepaidTime) {
        skipped.push({
          reason: `a prepaid term of ${item.prepaidTime}, not an hourly rate`,
          cause: "excluded",
          instanceType: key,
          gpuNameRaw,
          raw: record,
        });
      } else if (item.prices.currency && item.prices.currency !== "USD") {
        skipped.push({
          reason: `priced in ${item.prices.currency}, not USD`,
          instanceType: key,
          gpuNameRaw,
          raw: record,
        });
      } else if (price === null) {
        skipped.push({ reason: "no price above 0", instanceType: key, gpuNameRaw, raw: record });
      } else (item.isSpot ? spot : onDemand).set(key, { item, price });
    }
    const offers = [...onDemand].map(([key, item]) => offerOf(key, item, spot.get(key), listUrl));
    for (const [key, { item }] of spot) {
      if (!onDemand.has(key))
        skipped.push({
          reason: "spot only: no on-demand price to publish beside it",
          cause: "excluded",
          instanceType: key,
          gpuNameRaw: item.gpuType,
          raw: item,
        });
    }
    return { offers, skipped };
  },
};
