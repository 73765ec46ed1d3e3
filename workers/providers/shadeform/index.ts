import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { upstreamSlug } from "../aggregators";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift } from "../parse";
import type { ProviderAdapter } from "../types";

// Shadeform is an aggregator: one keyed endpoint (header X-API-KEY) lists the instance types of
// the clouds it resells, GET /v1/instances/types -> { instance_types: [...] }. Each entry is one
// cloud's instance type: `cloud` names the cloud, `cloud_instance_type` its own name for the type,
// `shade_instance_type` Shadeform's normalised name ("H100x8", "A100_80G"), `configuration` the
// GPUs, and `hourly_price` an integer number of US cents per hour for the whole instance.
// `availability` has one entry per region of that cloud with `available` true or false.
// Shadeform says it charges what the cloud charges directly (docs FAQ); the offers are still its
// offers, stored under the shadeform provider and tagged with the cloud (workers/providers/aggregators.ts).

const configurationSchema = z
  .object({
    memory_in_gb: z.number().nonnegative().nullish(),
    storage_in_gb: z.number().nonnegative().nullish(),
    vcpus: z.number().nonnegative().nullish(),
    num_gpus: z.int().positive(),
    gpu_type: z.string().trim().min(1),
    interconnect: z.string().nullish(),
    nvlink: z.boolean().nullish(),
    vram_per_gpu_in_gb: z.number().nonnegative().nullish(),
    gpu_manufacturer: z.string().nullish(),
  })
  .loose();

const instanceTypeSchema = z
  .object({
    cloud: z.string().trim().min(1),
    shade_instance_type: z.string().trim().min(1),
    cloud_instance_type: z.string().trim().min(1),
    configuration: configurationSchema,
    // Whole cents per the API reference; a fraction would mean the unit changed, so it is read per record.
    hourly_price: z.number(),
    deployment_type: z.string().nullish(),
    availability: z.array(
      z.object({ region: z.string().min(1), available: z.boolean(), display_name: z.string().nullish() }).loose(),
    ),
  })
  .loose();
type InstanceType = z.infer<typeof instanceTypeSchema>;

const responseSchema = z.object({ instance_types: z.array(z.unknown()) }).loose();
const errorSchema = z.object({ error: z.unknown() }).loose();

/** Shadeform's `interconnect` as a form factor: "sxm5" → SXM, "pcie" → PCIe; anything else says nothing. */
function formFactorOf(interconnect: string | null | undefined): string | null {
  const value = interconnect?.trim().toLowerCase() ?? "";
  if (value.startsWith("sxm")) return "SXM";
  if (value === "pcie") return "PCIe";
  return null;
}

/** Shadeform writes GPU types with underscores ("A100_80G", "H100_sxm5"); the catalog reads words. */
const gpuNameOf = (gpuType: string) => gpuType.replace(/_/g, " ").trim();

function availabilityOf(regions: InstanceType["availability"]): AvailabilityStatus {
  if (regions.length === 0) return "limited"; // listed, but no region said anything
  return regions.some((region) => region.available) ? "available" : "sold_out";
}

function instanceOffer(record: unknown, sourceUrl: string, skipped: SkippedRecord[]): ProviderOffer | null {
  const parsed = instanceTypeSchema.safeParse(record);
  if (!parsed.success) {
    skipped.push({ reason: describeIssues(parsed.error), raw: record });
    return null;
  }
  const entry = parsed.data;
  const { configuration: config } = entry;
  const instanceType = `${entry.cloud}/${entry.cloud_instance_type}`;
  const gpuNameRaw = gpuNameOf(config.gpu_type);
  const skip = (reason: string) => {
    skipped.push({ reason, instanceType, gpuNameRaw, raw: record });
    return null;
  };
  // The normalised name starts with the GPU type ("H100x8" for an H100); when it names another GPU
  // the entry contradicts itself, and neither half can be trusted to say what is for rent.
  const shadeGpu = entry.shade_instance_type.toLowerCase().replace(/x\d+$/, "");
  if (!shadeGpu.startsWith(config.gpu_type.toLowerCase()) && !config.gpu_type.toLowerCase().startsWith(shadeGpu)) {
    return skip(`gpu_type ${config.gpu_type} contradicts shade_instance_type ${entry.shade_instance_type}`);
  }
  if (!Number.isInteger(entry.hourly_price) || entry.hourly_price <= 0) {
    return skip(`hourly_price ${entry.hourly_price} is not a whole number of cents above 0`);
  }
  const regions = entry.availability.map((region) => region.region).filter((region) => region !== "any");
  return {
    instanceType,
    instanceName: `${entry.cloud_instance_type} on ${entry.cloud} (via Shadeform)`,
    gpuNameRaw,
    gpuCount: config.num_gpus,
    gpuMemoryGb: config.vram_per_gpu_in_gb ?? null,
    formFactor: formFactorOf(config.interconnect),
    currency: "USD",
    pricePerHour: entry.hourly_price / 100,
    pricePerHourSpot: null,
    availability: availabilityOf(entry.availability),
    regions,
    vcpuCount: config.vcpus ?? null,
    ramGb: config.memory_in_gb ?? null,
    storageGb: config.storage_in_gb ?? null,
    hasNvlink: config.nvlink ?? null,
    priceIncludes: {
      shade_instance_type: entry.shade_instance_type,
      deployment_type: entry.deployment_type ?? null,
      available_regions: entry.availability.filter((region) => region.available).map((region) => region.region),
    },
    sourceUrl,
    upstreamProvider: upstreamSlug(entry.cloud),
    raw: record,
  };
}

export const shadeform: ProviderAdapter = {
  slug: "shadeform",
  method: "api",
  aggregator: true,
  version: "shadeform/1",
  baseUrl: { env: "SHADEFORM_BASE_URL", default: "https://api.shadeform.ai" },
  credential: { secret: "SHADEFORM_API_KEY", required: true },

  async scrape({ http, baseUrl, credential }) {
    const url = `${baseUrl}/v1/instances/types`;
    if (!credential) throw new ProviderError("MISSING_CREDENTIALS", "Shadeform's API needs SHADEFORM_API_KEY", { url });
    const body = await http.json({ url, headers: { "X-API-KEY": credential } });
    const error = errorSchema.safeParse(body);
    if (error.success && !("instance_types" in error.data)) {
      const message = typeof error.data.error === "string" ? error.data.error : JSON.stringify(error.data.error);
      const code = /api key|unauthori[sz]ed|forbidden/i.test(message) ? "INVALID_API_KEY" : "UPSTREAM_ERROR";
      throw new ProviderError(code, `Shadeform answered an error: ${message}`, { url });
    }
    const { instance_types: records } = parseOrDrift(responseSchema, body, "Shadeform instance types response");
    const skipped: SkippedRecord[] = [];
    const offers: ProviderOffer[] = [];
    for (const record of records) {
      const offer = instanceOffer(record, url, skipped);
      if (offer) offers.push(offer);
    }
    return { offers, skipped };
  },
};
