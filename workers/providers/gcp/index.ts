import { z } from "zod";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift } from "../parse";
import type { ProviderAdapter } from "../types";

// Google Cloud's Billing Catalog API (free API key) lists every Compute Engine SKU, paged by
// `nextPageToken`. A GPU machine is not one SKU: Google bills its GPUs per GPU-hour, its vCPUs per
// vCPU-hour and its memory per GiB-hour, each SKU covering the regions in `serviceRegions`. We
// publish the WHOLE machine: price = GPU rate × GPUs + core rate × vCPUs + RAM rate × GiB, per
// region, for the fixed accelerator-optimized shapes below. Amounts are `units` + `nanos` / 1e9 USD.
// Spot ("Preemptible") and commitment (1 / 3 year) SKUs are priced the same way, as hourly rates.
// A machine is priced in a region only when all three of its parts have a rate there.

const COMPUTE_ENGINE = "6F81-5844-456A";
const PAGE_SIZE = 5000;
const MAX_PAGES = 30;
const GB_PER_GIB = 1.073741824;

type Usage = "onDemand" | "spot" | "commit1y" | "commit3y";
type GpuKey = "a100-40" | "a100-80" | "h100" | "l4";
type Family = "A2" | "A3" | "G2";
type Part = `gpu:${GpuKey}` | `core:${Family}` | `ram:${Family}`;

interface MachineShape {
  family: Family;
  gpu: GpuKey;
  gpus: number;
  vcpus: number;
  /** Google's "GB" of machine memory are GiB, and the RAM SKU is priced per GiB-hour. */
  ramGib: number;
}

const GPU_NAMES: Record<GpuKey, { name: string; memoryGb: number; formFactor: string }> = {
  // Google's plain "Nvidia Tesla A100" is the 40 GB card; the 80 GB one says so.
  "a100-40": { name: "NVIDIA A100 40GB", memoryGb: 40, formFactor: "SXM" },
  "a100-80": { name: "NVIDIA A100 80GB", memoryGb: 80, formFactor: "SXM" },
  h100: { name: "NVIDIA H100 80GB", memoryGb: 80, formFactor: "SXM" },
  l4: { name: "NVIDIA L4", memoryGb: 24, formFactor: "PCIe" },
};

const shape = (family: Family, gpu: GpuKey, gpus: number, vcpus: number, ramGib: number): MachineShape => ({
  family,
  gpu,
  gpus,
  vcpus,
  ramGib,
});

/** Fixed shapes from Google's accelerator-optimized machine-type tables (GPUs, vCPUs, GiB). */
export const MACHINE_TYPES: Readonly<Record<string, MachineShape>> = {
  "a2-highgpu-1g": shape("A2", "a100-40", 1, 12, 85),
  "a2-highgpu-2g": shape("A2", "a100-40", 2, 24, 170),
  "a2-highgpu-4g": shape("A2", "a100-40", 4, 48, 340),
  "a2-highgpu-8g": shape("A2", "a100-40", 8, 96, 680),
  "a2-megagpu-16g": shape("A2", "a100-40", 16, 96, 1360),
  "a2-ultragpu-1g": shape("A2", "a100-80", 1, 12, 170),
  "a2-ultragpu-2g": shape("A2", "a100-80", 2, 24, 340),
  "a2-ultragpu-4g": shape("A2", "a100-80", 4, 48, 680),
  "a2-ultragpu-8g": shape("A2", "a100-80", 8, 96, 1360),
  "a3-highgpu-1g": shape("A3", "h100", 1, 26, 234),
  "a3-highgpu-2g": shape("A3", "h100", 2, 52, 468),
  "a3-highgpu-4g": shape("A3", "h100", 4, 104, 936),
  "a3-highgpu-8g": shape("A3", "h100", 8, 208, 1872),
  "g2-standard-4": shape("G2", "l4", 1, 4, 16),
  "g2-standard-8": shape("G2", "l4", 1, 8, 32),
  "g2-standard-12": shape("G2", "l4", 1, 12, 48),
  "g2-standard-16": shape("G2", "l4", 1, 16, 64),
  "g2-standard-24": shape("G2", "l4", 2, 24, 96),
  "g2-standard-32": shape("G2", "l4", 1, 32, 128),
  "g2-standard-48": shape("G2", "l4", 4, 48, 192),
  "g2-standard-96": shape("G2", "l4", 8, 96, 384),
};

const USAGE_TYPES: Readonly<Record<string, Usage>> = {
  OnDemand: "onDemand",
  Preemptible: "spot",
  Commit1Yr: "commit1y",
  Commit3Yr: "commit3y",
};

// Priced differently from an ordinary rental (or not a GPU we can place in a machine above).
const NOT_A_RENTAL =
  /\b(DWS|Dynamic Workload|Reserved|Reservation|Sole Tenancy|vGPU|Virtual Workstation|Calendar|Flex|Confidential|Custom|Extended|Premium|Mega|Plus)\b/i;

const GPU_PATTERNS: ReadonlyArray<[RegExp, GpuKey]> = [
  [/\bA100 80GB\b/i, "a100-80"],
  [/\bA100\b/i, "a100-40"],
  [/\bH100\b/i, "h100"],
  [/\bL4\b/i, "l4"],
];
// "A3 Instance Core running in …", "Spot Preemptible G2 Instance Ram …", "Commitment v1: A2 Cpu in … for 1 Year".
const HOST_PART = /\b(A2|A3|G2)\s+(?:Instance\s+)?(Core|Cpu|Ram)\b/i;

const moneySchema = z.object({
  currencyCode: z.string(),
  units: z.union([z.string().regex(/^\d+$/), z.int().nonnegative()]).optional(),
  nanos: z.int().min(0).max(999_999_999).optional(),
});

const skuSchema = z.object({
  skuId: z.string().min(1),
  description: z.string().min(1),
  category: z.object({
    resourceFamily: z.string().optional(),
    resourceGroup: z.string().optional(),
    usageType: z.string(),
  }),
  serviceRegions: z.array(z.string()),
  pricingInfo: z
    .array(
      z.object({
        pricingExpression: z.object({
          usageUnit: z.string(),
          tieredRates: z.array(z.object({ startUsageAmount: z.number().optional(), unitPrice: moneySchema }).loose()),
        }),
      }),
    )
    .min(1),
});
type Sku = z.infer<typeof skuSchema>;

const pageSchema = z.union([
  z.object({
    error: z.object({ code: z.number().optional(), message: z.string().optional(), status: z.string().optional() }),
  }),
  z.object({ skus: z.array(z.unknown()).optional(), nextPageToken: z.string().optional() }),
]);

interface Rate {
  /** Price in nano-dollars per unit-hour: integers keep `units` + `nanos` exact through the sums. */
  nanos: number;
  sku: Sku;
}

function partOf(sku: Sku): Part | null {
  const { description, category } = sku;
  if (category.resourceGroup === "GPU" || /\bGPU\b/i.test(description)) {
    const gpu = GPU_PATTERNS.find(([pattern]) => pattern.test(description))?.[1];
    return gpu ? `gpu:${gpu}` : null;
  }
  const [, familyName, resource] = HOST_PART.exec(description) ?? [];
  if (!familyName || !resource) return null;
  const family = familyName.toUpperCase() as Family;
  return resource.toLowerCase() === "ram" ? `ram:${family}` : `core:${family}`;
}

/** The rate of the first tier in nano-dollars, or why it cannot be read. */
function rateOf(sku: Sku, part: Part): number | string {
  const [info] = sku.pricingInfo;
  if (!info) return "no pricingInfo";
  const expression = info.pricingExpression;
  const expectedUnit = part.startsWith("ram:") ? "GiBy.h" : "h";
  if (expression.usageUnit !== expectedUnit)
    return `usageUnit is ${expression.usageUnit}, expected ${expectedUnit} for ${part}`;
  const tier = expression.tieredRates.find((rate) => (rate.startUsageAmount ?? 0) === 0);
  if (!tier) return "no tier starting at zero usage";
  const { currencyCode, units, nanos } = tier.unitPrice;
  if (currencyCode !== "USD") return `currency is ${currencyCode}, not USD`;
  const total = Number(units ?? 0) * 1e9 + (nanos ?? 0);
  return total > 0 ? total : "price is zero";
}

function gpuNameOf(sku: Sku): string {
  // "Nvidia H100 80GB GPU attached to Spot Preemptible VMs running in Americas" → "Nvidia H100 80GB".
  return sku.description
    .replace(/\s+(attached to|running in|in)\b.*$/i, "")
    .replace(/^Commitment v\d+:\s*/i, "")
    .replace(/\s+GPU$/i, "")
    .trim();
}

async function listSkus(
  http: Parameters<ProviderAdapter["scrape"]>[0]["http"],
  baseUrl: string,
  key: string,
): Promise<{ skus: unknown[]; sourceUrl: string }> {
  const sourceUrl = `${baseUrl}/v1/services/${COMPUTE_ENGINE}/skus`;
  const skus: unknown[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const params = new URLSearchParams({ key, pageSize: String(PAGE_SIZE) });
    if (pageToken) params.set("pageToken", pageToken);
    const url = `${sourceUrl}?${params}`;
    const body = await http.json({ url }).catch((caught: unknown) => {
      // Google answers a bad key with HTTP 400 and reason API_KEY_INVALID.
      if (caught instanceof ProviderError && /API_KEY_INVALID|API key not valid/i.test(caught.message))
        throw new ProviderError("INVALID_API_KEY", caught.message, caught.details);
      throw caught;
    });
    const response = parseOrDrift(pageSchema, body, "Cloud Billing SKU page");
    if ("error" in response) {
      const { status, message } = response.error;
      throw new ProviderError(
        status === "UNAUTHENTICATED" || /API key/i.test(message ?? "") ? "INVALID_API_KEY" : "UPSTREAM_ERROR",
        `Cloud Billing error ${status ?? "(no status)"}: ${message ?? "(no message)"}`,
        { url: sourceUrl },
      );
    }
    skus.push(...(response.skus ?? []));
    pageToken = response.nextPageToken || undefined;
    if (!pageToken) return { skus, sourceUrl };
  }
  throw new ProviderError("SCHEMA_DRIFT", `Cloud Billing SKU list did not end within ${MAX_PAGES} pages`, {
    url: sourceUrl,
  });
}

export const gcp: ProviderAdapter = {
  slug: "gcp",
  method: "api",
  version: "gcp/1",
  baseUrl: { env: "GCP_BASE_URL", default: "https://cloudbilling.googleapis.com" },
  credential: { secret: "GCP_API_KEY", required: true },

  async scrape({ http, baseUrl, credential }) {
    if (!credential)
      throw new ProviderError("MISSING_CREDENTIALS", "the Cloud Billing Catalog API needs GCP_API_KEY", {
        url: `${baseUrl}/v1/services/${COMPUTE_ENGINE}/skus`,
      });
    const { skus, sourceUrl } = await listSkus(http, baseUrl, credential);
    const skipped: SkippedRecord[] = [];
    // part → usage → region → rate; a SKU naming fewer regions is the more specific one and wins.
    const rates = new Map<string, Rate>();
    const rateKey = (part: Part, usage: Usage, region: string) => `${part}|${usage}|${region}`;
    const usedGpuKeys = new Set(Object.values(MACHINE_TYPES).map((machine) => machine.gpu));

    for (const record of skus) {
      const parsed = skuSchema.safeParse(record);
      if (!parsed.success) {
        const looksLikeGpu = /GPU/i.test(JSON.stringify((record as { description?: unknown })?.description ?? ""));
        if (looksLikeGpu) skipped.push({ reason: describeIssues(parsed.error), raw: record });
        continue; // tens of thousands of unrelated SKUs (disks, network, licences) are not ours to report
      }
      const sku = parsed.data;
      const usage = USAGE_TYPES[sku.category.usageType];
      const part = partOf(sku);
      const isGpu = sku.category.resourceGroup === "GPU";
      if (!part) {
        if (isGpu)
          skipped.push({
            reason: "a GPU no fixed Google machine type here carries (N1-attached, TPU-class or unlisted)",
            cause: "excluded",
            instanceType: sku.skuId,
            gpuNameRaw: gpuNameOf(sku),
            raw: record,
          });
        continue;
      }
      if (!usage || NOT_A_RENTAL.test(sku.description)) {
        if (isGpu)
          skipped.push({
            reason: `not an ordinary rental (${sku.category.usageType}: ${sku.description})`,
            cause: "excluded",
            instanceType: sku.skuId,
            gpuNameRaw: gpuNameOf(sku),
            raw: record,
          });
        continue;
      }
      if (part.startsWith("gpu:") && !usedGpuKeys.has(part.slice(4) as GpuKey)) continue;
      const rate = rateOf(sku, part);
      if (typeof rate === "string") {
        skipped.push({
          reason: rate,
          instanceType: sku.skuId,
          gpuNameRaw: isGpu ? gpuNameOf(sku) : undefined,
          raw: record,
        });
        continue;
      }
      for (const region of sku.serviceRegions) {
        const key = rateKey(part, usage, region);
        const existing = rates.get(key);
        if (!existing || sku.serviceRegions.length < existing.sku.serviceRegions.length)
          rates.set(key, { nanos: rate, sku });
      }
    }

    const regions = [...new Set([...rates.keys()].map((key) => key.split("|")[2] ?? ""))].filter(Boolean).sort();
    const offers: ProviderOffer[] = [];
    for (const [machineType, machine] of Object.entries(MACHINE_TYPES)) {
      for (const region of regions) {
        const priceOf = (usage: Usage) => {
          const gpu = rates.get(rateKey(`gpu:${machine.gpu}`, usage, region));
          const core = rates.get(rateKey(`core:${machine.family}`, usage, region));
          const ram = rates.get(rateKey(`ram:${machine.family}`, usage, region));
          if (!gpu || !core || !ram) return null;
          const nanos = gpu.nanos * machine.gpus + core.nanos * machine.vcpus + ram.nanos * machine.ramGib;
          return { price: nanos / 1e9, parts: { gpu, core, ram } };
        };
        const onDemand = priceOf("onDemand");
        if (!onDemand) continue;
        const spot = priceOf("spot");
        const commit1y = priceOf("commit1y");
        const commit3y = priceOf("commit3y");
        const gpuSpec = GPU_NAMES[machine.gpu];
        const skuIds = (priced: ReturnType<typeof priceOf>) =>
          priced ? [priced.parts.gpu.sku.skuId, priced.parts.core.sku.skuId, priced.parts.ram.sku.skuId] : null;
        offers.push({
          instanceType: `${machineType}/${region}`,
          instanceName: machineType,
          gpuNameRaw: gpuNameOf(onDemand.parts.gpu.sku),
          gpuCount: machine.gpus,
          gpuMemoryGb: gpuSpec.memoryGb,
          formFactor: gpuSpec.formFactor,
          currency: "USD",
          pricePerHour: onDemand.price,
          pricePerHourSpot: spot?.price ?? null,
          pricePerHourReserved1y: commit1y?.price ?? null,
          pricePerHourReserved3y: commit3y?.price ?? null,
          // The catalogue says what a SKU costs, never whether capacity is free.
          availability: "limited",
          regions: [region],
          vcpuCount: machine.vcpus,
          ramGb: Math.round(machine.ramGib * GB_PER_GIB),
          priceIncludes: {
            formula: "gpuSku × gpuCount + coreSku × vCPUs + ramSku × GiB",
            gpuCount: machine.gpus,
            vcpus: machine.vcpus,
            ramGib: machine.ramGib,
            gpuPerHour: onDemand.parts.gpu.nanos / 1e9,
            corePerHour: onDemand.parts.core.nanos / 1e9,
            ramPerGibHour: onDemand.parts.ram.nanos / 1e9,
            excludes: "boot disk, local SSD (bundled with A2 Ultra / A3), OS licences, network",
            skuIds: {
              onDemand: skuIds(onDemand),
              spot: skuIds(spot),
              commit1y: skuIds(commit1y),
              commit3y: skuIds(commit3y),
            },
          },
          sourceUrl,
          raw: [onDemand.parts.gpu.sku, onDemand.parts.core.sku, onDemand.parts.ram.sku],
        });
      }
    }
    return { offers, skipped };
  },
};
