import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// RunPod's public GraphQL `gpuTypes` (no key needed; sent when RUNPOD_API_KEY is set). Prices are
// USD per GPU-hour, listed separately for Secure Cloud (RunPod data centres) and Community Cloud
// (third-party hosts); both become offers of one GPU, which keeps Secure and Community apart.
// Stock comes from `lowestPrice` asked once per cloud (aliases `secure` / `community`).
//
// Recorded answers (fixtures/recorded-*.json) show that a price alone does not mean RunPod sells
// the GPU in that cloud: it fills `securePrice` / `communityPrice` and the spot prices for clouds
// whose `secureCloud` / `communityCloud` flag is false, often with a flat 0.5, sometimes with a
// plausible figure (A40 Community 0.35, A30 Secure 0.41). Only the flag says a cloud is offered.

export const RUNPOD_QUERY = `query GpuTypes {
  gpuTypes {
    id displayName manufacturer memoryInGb maxGpuCount secureCloud communityCloud
    securePrice communityPrice secureSpotPrice communitySpotPrice oneYearPrice
    secure: lowestPrice(input: { gpuCount: 1, secureCloud: true }) { stockStatus }
    community: lowestPrice(input: { gpuCount: 1, secureCloud: false }) { stockStatus }
  }
}`;

const price = z.number().nullish();
const stock = z.object({ stockStatus: z.string().nullish() }).nullish();

const gpuTypeSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  manufacturer: z.string().nullish(),
  memoryInGb: z.number().nullish(),
  maxGpuCount: z.number().nullish(),
  secureCloud: z.boolean().nullish(),
  communityCloud: z.boolean().nullish(),
  securePrice: price,
  communityPrice: price,
  secureSpotPrice: price,
  communitySpotPrice: price,
  oneYearPrice: price,
  secure: stock,
  community: stock,
  // Older clients ask for one un-aliased lowestPrice; accept it as the stock signal for both clouds.
  lowestPrice: stock,
});

const responseSchema = z.union([
  z.object({ data: z.object({ gpuTypes: z.array(z.unknown()) }) }),
  z.object({ errors: z.array(z.object({ message: z.string() }).loose()).min(1) }).loose(),
]);

const cloudFlagSchema = z.union([z.object({ secureCloud: z.boolean() }), z.object({ communityCloud: z.boolean() })]);

type GpuType = z.infer<typeof gpuTypeSchema>;
type Stock = z.infer<typeof stock>;
type Cloud = "secure" | "community";

/** What one GPU type says about one cloud. */
interface Listing {
  cloud: Cloud;
  /** `secureCloud` / `communityCloud`: undefined when the answer left it out. */
  offered: boolean | null | undefined;
  onDemand: number | null | undefined;
  spot: number | null | undefined;
  reserved1y: number | null | undefined;
  stock: Stock;
}

const CLOUD_NAMES: Record<Cloud, string> = { secure: "Secure", community: "Community" };

function listingsOf(gpu: GpuType): Listing[] {
  return [
    {
      cloud: "secure",
      offered: gpu.secureCloud,
      onDemand: gpu.securePrice,
      spot: gpu.secureSpotPrice,
      // One oneYearPrice per type, not per cloud: read as Secure Cloud's, where RunPod sells
      // commitments (no recording asked for it, so this is not confirmed).
      reserved1y: gpu.oneYearPrice,
      stock: gpu.secure !== undefined ? gpu.secure : gpu.lowestPrice,
    },
    {
      cloud: "community",
      offered: gpu.communityCloud,
      onDemand: gpu.communityPrice,
      spot: gpu.communitySpotPrice,
      reserved1y: null,
      stock: gpu.community !== undefined ? gpu.community : gpu.lowestPrice,
    },
  ];
}

function availabilityOf(stock: Stock): AvailabilityStatus {
  // The answer carries no stock signal (a query without lowestPrice, as in both recordings): the
  // type is listed in this cloud, which is all we know. "limited" keeps it among in-stock offers
  // without claiming plenty; "available" would overstate what RunPod told us.
  if (stock === undefined) return "limited";
  switch (stock?.stockStatus?.toLowerCase()) {
    case "high":
    case "medium":
      return "available";
    case "low":
      return "limited";
    default:
      return "sold_out"; // null or "None": listed, but nothing to rent right now
  }
}

/**
 * The form factor RunPod states, for the identity layer beside the id: the id of the H100 SXM
 * ("NVIDIA H100 80GB HBM3") and of the H200 ("NVIDIA H200") does not say SXM, only the display
 * name ("H100 SXM") does; for the V100 the id says PCIe ("Tesla V100-PCIE-16GB") and the display
 * name nothing. The display name is asked first; should it contradict the id, identification
 * reports the conflict instead of picking one.
 */
function statedFormFactor(gpu: GpuType): string | null {
  const formFactors = (text: string) => [...new Set(text.match(/\b(?:sxm\d*|pci-?e|nvl)\b/gi) ?? [])];
  const named = formFactors(gpu.displayName ?? "");
  const stated = named.length > 0 ? named : formFactors(gpu.id);
  return stated.length > 0 ? stated.join(" ") : null;
}

/** A price listed for a cloud whose flag is not true: not an offer, and why. */
function notOffered(gpu: GpuType, listing: Listing, onDemand: number, record: unknown): SkippedRecord {
  const flag = `${listing.cloud}Cloud`;
  const base = { instanceType: instanceTypeOf(gpu, listing.cloud), gpuNameRaw: gpu.id, raw: record };
  if (listing.offered === false) {
    return {
      ...base,
      cause: "excluded",
      reason: `${listing.cloud}Price ${onDemand} is listed, but ${flag} is false: RunPod does not offer it there`,
    };
  }
  // Without the flag this record cannot tell an offer from a placeholder; as an unreadable record
  // it leaves a stored offer as it was rather than deactivating it.
  return { ...base, reason: `${flag} is missing: cannot tell whether ${listing.cloud}Price ${onDemand} is offered` };
}

function instanceTypeOf(gpu: GpuType, cloud: Cloud): string {
  return `${cloud}:${gpu.id}`.slice(0, 100);
}

function offerOf(gpu: GpuType, listing: Listing, onDemand: number, url: string, record: unknown): ProviderOffer {
  return {
    instanceType: instanceTypeOf(gpu, listing.cloud),
    instanceName: `${gpu.displayName ?? gpu.id} (${CLOUD_NAMES[listing.cloud]} Cloud)`,
    gpuNameRaw: gpu.id,
    gpuCount: 1,
    gpuMemoryGb: gpu.memoryInGb ?? null,
    formFactor: statedFormFactor(gpu),
    currency: "USD",
    pricePerHour: onDemand,
    pricePerHourSpot: positive(listing.spot),
    pricePerHourReserved1y: positive(listing.reserved1y),
    availability: availabilityOf(listing.stock),
    regions: [],
    billingIncrementSeconds: 1,
    priceIncludes: {
      cloud: listing.cloud,
      max_gpu_count: gpu.maxGpuCount ?? null,
      price_basis: "per GPU, any count up to max_gpu_count",
    },
    sourceUrl: url,
    // The record as RunPod sent it, fields we do not read (clusterPrice, sixMonthPrice, …) included.
    raw: record,
  };
}

export const runpod: ProviderAdapter = {
  slug: "runpod",
  method: "api",
  version: "runpod/2",
  baseUrl: { env: "RUNPOD_BASE_URL", default: "https://api.runpod.io" },
  credential: { secret: "RUNPOD_API_KEY", required: false },

  async scrape({ http, baseUrl, credential }) {
    const url = `${baseUrl}/graphql`;
    const body = await http.json({
      method: "POST",
      url,
      body: { query: RUNPOD_QUERY },
      headers: credential ? { Authorization: `Bearer ${credential}` } : {},
    });
    const response = parseOrDrift(responseSchema, body, "RunPod gpuTypes response");
    if ("errors" in response) {
      const message = response.errors.map((error) => error.message).join("; ");
      throw new ProviderError(
        /unauthori[sz]ed|api key/i.test(message) ? "INVALID_API_KEY" : "UPSTREAM_ERROR",
        `RunPod GraphQL error: ${message}`,
        { url },
      );
    }
    const records = response.data.gpuTypes;
    // Our query asks for both flags. An answer where no type carries either was asked something
    // else, or RunPod dropped them; either way its prices cannot be told from placeholders, and
    // failing the scrape keeps the stored offers and tells a maintainer, where publishing nothing
    // would pass for a catalogue emptied overnight.
    if (records.length > 0 && !records.some((record) => cloudFlagSchema.safeParse(record).success)) {
      throw new ProviderError(
        "SCHEMA_DRIFT",
        "RunPod gpuTypes carry no secureCloud / communityCloud flags: cannot tell offers from placeholder prices",
        { url },
      );
    }

    const offers: ProviderOffer[] = [];
    const skipped: SkippedRecord[] = [];
    for (const record of records) {
      const parsed = gpuTypeSchema.safeParse(record);
      if (!parsed.success) {
        skipped.push({ reason: describeIssues(parsed.error), raw: record });
        continue;
      }
      const gpu = parsed.data;
      for (const listing of listingsOf(gpu)) {
        const onDemand = positive(listing.onDemand);
        if (onDemand === null) continue; // no price (RunPod writes 0): not offered, nothing to report
        if (listing.offered === true) offers.push(offerOf(gpu, listing, onDemand, url, record));
        else skipped.push(notOffered(gpu, listing, onDemand, record));
      }
    }
    return { offers, skipped };
  },
};
