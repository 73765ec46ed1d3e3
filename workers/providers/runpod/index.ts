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

type Stock = z.infer<typeof stock>;

function availabilityOf(stock: Stock): AvailabilityStatus {
  if (stock === undefined) return "available"; // the response carries no stock signal: listed means rentable
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

export const runpod: ProviderAdapter = {
  slug: "runpod",
  method: "api",
  version: "runpod/1",
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

    const offers: ProviderOffer[] = [];
    const skipped: SkippedRecord[] = [];
    for (const record of response.data.gpuTypes) {
      const parsed = gpuTypeSchema.safeParse(record);
      if (!parsed.success) {
        skipped.push({ reason: describeIssues(parsed.error), raw: record });
        continue;
      }
      const gpu = parsed.data;
      const clouds = [
        {
          cloud: "secure",
          onDemand: gpu.securePrice,
          spot: gpu.secureSpotPrice,
          reserved1y: gpu.oneYearPrice,
          stock: gpu.secure !== undefined ? gpu.secure : gpu.lowestPrice,
        },
        {
          cloud: "community",
          onDemand: gpu.communityPrice,
          spot: gpu.communitySpotPrice,
          reserved1y: null,
          stock: gpu.community !== undefined ? gpu.community : gpu.lowestPrice,
        },
      ];
      for (const { cloud, onDemand: listed, spot, reserved1y, stock } of clouds) {
        const onDemand = positive(listed);
        if (onDemand === null) continue; // not offered in this cloud
        offers.push({
          instanceType: `${cloud}:${gpu.id}`.slice(0, 100),
          instanceName: `${gpu.displayName ?? gpu.id} (${cloud === "secure" ? "Secure" : "Community"} Cloud)`,
          gpuNameRaw: gpu.id,
          gpuCount: 1,
          gpuMemoryGb: gpu.memoryInGb ?? null,
          currency: "USD",
          pricePerHour: onDemand,
          pricePerHourSpot: positive(spot),
          pricePerHourReserved1y: positive(reserved1y),
          availability: availabilityOf(stock),
          regions: [],
          billingIncrementSeconds: 1,
          priceIncludes: {
            cloud,
            max_gpu_count: gpu.maxGpuCount ?? null,
            price_basis: "per GPU, any count up to max_gpu_count",
          },
          sourceUrl: url,
          raw: gpu,
        });
      }
    }
    return { offers, skipped };
  },
};
