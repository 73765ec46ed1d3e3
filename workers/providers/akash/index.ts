import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift } from "../parse";
import type { ProviderAdapter } from "../types";

// Akash is a reverse-auction market: a tenant posts a deployment, providers bid, the tenant picks a
// bid. Akash Console's public `/v1/gpu-prices` (no key) sums that up per GPU model (vendor, model,
// ram, interface): how many GPUs the providers have and how many are free, and statistics of the
// providers' best recent bids for a one-GPU deployment, in USD per GPU-hour (min, max, avg, median,
// and an average weighted by each provider's GPU count). There is no list price, no region and no
// spot tier, so one GPU is one offer.
//
// Outliers: one provider's bid can sit far from everyone else's (a $5.47 GTX 1070 Ti, a minimum of
// 0). We publish the median of the providers' best bids, so a single odd bid among several never
// becomes the price; where one provider is all there is, its bid is the price, and the pipeline's
// price band for that GPU quarantines it when it is implausible. min, max and the averages ride
// along in priceIncludes.

const statsSchema = z
  .object({
    currency: z.string(),
    min: z.number(),
    max: z.number(),
    avg: z.number(),
    weightedAverage: z.number(),
    med: z.number(),
  })
  .loose();

const countsSchema = z.object({ total: z.number(), available: z.number() }).loose();

const modelSchema = z
  .object({
    vendor: z.string().min(1),
    model: z.string().min(1),
    ram: z.string(),
    interface: z.string(),
    availability: countsSchema,
    providerAvailability: countsSchema,
    // null when no provider bid on this model in the last 31 days.
    price: statsSchema.nullable(),
  })
  .loose();
type GpuModel = z.infer<typeof modelSchema>;

const listingSchema = z.object({ models: z.array(z.unknown()), availability: countsSchema.nullish() }).loose();
// What the console API answers instead when it fails; its exact shape is not documented.
const errorSchema = z
  .object({ error: z.union([z.string(), z.object({}).loose()]), message: z.string().nullish() })
  .loose();

// Fewer free GPUs than this (but some) is "limited": one small deployment could take them.
const AMPLE_FREE_GPUS = 4;

const PRICE_BASIS =
  "median of the providers' best recent bids for a one-GPU deployment (Akash Console, last 14–31 days of on-chain bids)";

/** "80Gi" → 80. Akash labels a card by its marketed size with a Kubernetes suffix; not converted. */
function memoryOf(ram: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:gi|gib|g|gb)?\s*$/i.exec(ram);
  const value = match ? Number(match[1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : null;
}

const formFactorOf = (gpuInterface: string) => {
  const value = gpuInterface.trim().toLowerCase();
  if (/^sxm\d*$/.test(value)) return "SXM";
  if (/^pcie\d*$/.test(value)) return "PCIe";
  if (/^nvl\d*$/.test(value)) return "NVL";
  return null;
};

function availabilityOf(freeGpus: number): AvailabilityStatus {
  if (freeGpus <= 0) return "sold_out";
  return freeGpus < AMPLE_FREE_GPUS ? "limited" : "available";
}

const instanceTypeOf = (model: Pick<GpuModel, "vendor" | "model" | "ram" | "interface">) =>
  [model.vendor, model.model, model.ram, model.interface]
    .map((part) => part.trim())
    .filter(Boolean)
    .join("-")
    .slice(0, 100);

/** What a malformed record still says about itself, so the issue list can name it. */
function namesOf(record: unknown): { instanceType?: string; gpuNameRaw?: string } {
  const fields = z
    .object({ vendor: z.string(), model: z.string(), ram: z.string(), interface: z.string() })
    .partial()
    .safeParse(record);
  if (!fields.success || !fields.data.model) return {};
  const { vendor = "", model, ram = "", interface: gpuInterface = "" } = fields.data;
  return { instanceType: instanceTypeOf({ vendor, model, ram, interface: gpuInterface }), gpuNameRaw: model };
}

/** The median to publish, or why this model's statistics cannot be read. */
function priceOf(price: z.infer<typeof statsSchema>): number | string {
  if (price.currency.toUpperCase() !== "USD") return `price in ${price.currency}, not USD`;
  const { min, max, med } = price;
  if (!(med > 0)) return `median bid ${med} is not a price`;
  // A median outside the range means the statistics are not what they claim to be.
  if (med < min || med > max) return `median ${med} lies outside the bids' range ${min}–${max}`;
  return med;
}

type Outcome = { offer: ProviderOffer } | { skipped: SkippedRecord };

function readModel(record: unknown, sourceUrl: string): Outcome {
  const parsed = modelSchema.safeParse(record);
  if (!parsed.success) return { skipped: { reason: describeIssues(parsed.error), ...namesOf(record), raw: record } };
  const model = parsed.data;
  const known = { instanceType: instanceTypeOf(model), gpuNameRaw: model.model, raw: record };
  if (model.price === null)
    return {
      skipped: { reason: "no provider bid on this GPU in the last 31 days: no price", cause: "excluded", ...known },
    };
  const price = priceOf(model.price);
  if (typeof price === "string") return { skipped: { reason: price, ...known } };

  const { min, max, avg, weightedAverage } = model.price;
  return {
    offer: {
      instanceType: known.instanceType,
      instanceName: `${model.vendor} ${model.model} ${model.ram} ${model.interface}`.trim(),
      gpuNameRaw: model.model,
      gpuCount: 1,
      gpuMemoryGb: memoryOf(model.ram),
      formFactor: formFactorOf(model.interface),
      currency: "USD",
      pricePerHour: price,
      pricePerHourSpot: null,
      availability: availabilityOf(model.availability.available),
      regions: [],
      priceIncludes: {
        price_basis: PRICE_BASIS,
        min_bid: min,
        max_bid: max,
        average_bid: avg,
        weighted_average_bid: weightedAverage,
        providers: model.providerAvailability.total,
        providers_with_free_gpus: model.providerAvailability.available,
        gpus_total: model.availability.total,
        gpus_free: model.availability.available,
      },
      sourceUrl,
      raw: record,
    },
  };
}

export const akash: ProviderAdapter = {
  slug: "akash",
  method: "api",
  version: "akash/1",
  baseUrl: { env: "AKASH_BASE_URL", default: "https://console-api.akash.network" },

  async scrape({ http, baseUrl }) {
    const url = `${baseUrl}/v1/gpu-prices`;
    const body = await http.json({ url });
    const failure = errorSchema.safeParse(body);
    if (failure.success && !listingSchema.safeParse(body).success) {
      const { error, message } = failure.data;
      const text = [typeof error === "string" ? error : JSON.stringify(error), message].filter(Boolean).join(": ");
      throw new ProviderError("UPSTREAM_ERROR", `Akash Console answered an error: ${text}`, { url });
    }
    const response = parseOrDrift(listingSchema, body, "Akash gpu-prices response");

    const offers: ProviderOffer[] = [];
    const skipped: SkippedRecord[] = [];
    for (const record of response.models) {
      const outcome = readModel(record, url);
      if ("offer" in outcome) offers.push(outcome.offer);
      else skipped.push(outcome.skipped);
    }
    return { offers, skipped };
  },
};
