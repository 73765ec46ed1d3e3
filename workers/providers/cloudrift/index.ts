import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift } from "../parse";
import type { ProviderAdapter } from "../types";

// CloudRift's instance-type listing (public: answers without a key). Every call is a POST of
// {version, data}; the answer is {version, data: {instance_types}}. An instance type is one kind
// of host ("rtx49-8c-nr", brand_short "RTX 4090"); its variants are the slices one can rent
// ("rtx49-8c-nr.1" … ".8"), each priced as a whole in US cents per hour, with its memory, disk and
// VRAM (per GPU) in bytes. `nodes_per_dc` says in which data centers a variant exists,
// `available_nodes_per_dc` how many of those nodes can take it now.

// The protocol version public collectors pin for this call; the listing answers whatever version
// the request names with its own current one.
export const CLOUDRIFT_API_VERSION = "2025-03-21";
const GIB = 2 ** 30;

const errorBodySchema = z.object({ message: z.string() }).loose();
const responseSchema = z.object({
  data: z.object({ instance_types: z.array(z.unknown()) }).loose(),
});
const countsSchema = z.record(z.string(), z.number()).nullish();

const variantSchema = z
  .object({
    name: z.string().min(1),
    gpu_count: z.number().nullish(),
    cpu_count: z.number().nullish(),
    logical_cpu_count: z.number().nullish(),
    dram: z.number().nullish(), // bytes
    disk: z.number().nullish(), // bytes
    vram: z.number().nullish(), // bytes, one GPU
    // Cents. Under one cent an hour no GPU rents: such a figure would be dollars.
    cost_per_hour: z.number().min(1),
    nodes_per_dc: countsSchema,
    available_nodes: z.number().nullish(),
    available_nodes_per_dc: countsSchema,
    mig_profile: z.string().nullish(),
  })
  .loose();
type Variant = z.infer<typeof variantSchema>;

const instanceTypeSchema = z
  .object({
    name: z.string().min(1),
    brand_short: z.string().nullish(),
    manufacturer: z.string().nullish(),
    variants: z.array(z.unknown()),
  })
  .loose();

const roundGb = (bytes: number) => Math.round((bytes / GIB) * 100) / 100;
const withNodes = (counts: Record<string, number> | null | undefined) =>
  Object.entries(counts ?? {})
    .filter(([, count]) => count > 0)
    .map(([dc]) => dc);

// Where the variant can be rented now, or else where it exists at all. Without the availability
// counts (an older answer) the listing says nothing about stock.
function placementOf(variant: Variant): { availability: AvailabilityStatus; regions: string[] } {
  const located = withNodes(variant.nodes_per_dc);
  if (!variant.available_nodes_per_dc && variant.available_nodes == null)
    return { availability: "limited", regions: located };
  const free = withNodes(variant.available_nodes_per_dc);
  if (free.length > 0) return { availability: "available", regions: free };
  return { availability: "sold_out", regions: located };
}

function gpuNameOf(type: z.infer<typeof instanceTypeSchema>): string | null {
  return type.brand_short?.trim() || null;
}

type Outcome = { offer: ProviderOffer } | { skipped: SkippedRecord } | null;

function offerFor(record: unknown, type: z.infer<typeof instanceTypeSchema>, sourceUrl: string): Outcome {
  const { name, gpu_count: gpus } = (record ?? {}) as { name?: unknown; gpu_count?: unknown };
  if (gpus === 0 || gpus === null || gpus === undefined) return null; // a CPU-only variant
  const parsed = variantSchema.safeParse(record);
  if (!parsed.success)
    return {
      skipped: {
        reason: `${type.name}: ${describeIssues(parsed.error)}`,
        instanceType: typeof name === "string" ? name : undefined,
        raw: record,
      },
    };
  const variant = parsed.data;
  const gpuNameRaw = gpuNameOf(type);
  const raw = { instance_type: { ...type, variants: undefined }, variant: record };
  if (!gpuNameRaw)
    return { skipped: { reason: `${type.name} has no brand_short naming its GPU`, instanceType: variant.name, raw } };
  if (variant.mig_profile)
    return {
      skipped: {
        reason: `a MIG slice of a GPU (${variant.mig_profile})`,
        cause: "excluded",
        instanceType: variant.name,
        gpuNameRaw,
        raw,
      },
    };
  if (!variant.gpu_count || !Number.isInteger(variant.gpu_count) || variant.gpu_count < 1)
    return {
      skipped: {
        reason: `gpu_count ${variant.gpu_count} is not a whole number of GPUs`,
        instanceType: variant.name,
        gpuNameRaw,
        raw,
      },
    };
  const { availability, regions } = placementOf(variant);
  return {
    offer: {
      instanceType: variant.name,
      instanceName: type.name,
      gpuNameRaw,
      gpuCount: variant.gpu_count,
      // Bytes of one GPU, read as binary gigabytes: the nominal size every vendor quotes.
      gpuMemoryGb: variant.vram ? roundGb(variant.vram) : null,
      currency: "USD",
      pricePerHour: variant.cost_per_hour / 100,
      pricePerHourSpot: null,
      availability,
      regions,
      vcpuCount: variant.cpu_count ?? null,
      ramGb: variant.dram ? roundGb(variant.dram) : null,
      storageGb: variant.disk ? roundGb(variant.disk) : null,
      priceIncludes: {
        cost_per_hour_cents: variant.cost_per_hour,
        ...(variant.logical_cpu_count ? { logical_cpus: variant.logical_cpu_count } : {}),
        nodes_per_dc: variant.nodes_per_dc ?? null,
        available_nodes_per_dc: variant.available_nodes_per_dc ?? null,
      },
      sourceUrl,
      raw,
    },
  };
}

export const cloudrift: ProviderAdapter = {
  slug: "cloudrift",
  method: "api",
  version: "cloudrift/1",
  baseUrl: { env: "CLOUDRIFT_BASE_URL", default: "https://api.cloudrift.ai" },

  async scrape({ http, baseUrl }) {
    const url = `${baseUrl}/api/v1/instance-types/list`;
    const body = await http.json({
      method: "POST",
      url,
      body: { version: CLOUDRIFT_API_VERSION, data: { selector: { ByServiceAndLocation: { services: ["vm"] } } } },
    });
    const upstream = errorBodySchema.safeParse(body);
    if (upstream.success && (body as { data?: unknown }).data === undefined)
      throw new ProviderError("UPSTREAM_ERROR", `CloudRift answered an error: ${upstream.data.message}`, { url });
    const response = parseOrDrift(responseSchema, body, "CloudRift instance-types response");

    const offers: ProviderOffer[] = [];
    const skipped: SkippedRecord[] = [];
    for (const record of response.data.instance_types) {
      const parsed = instanceTypeSchema.safeParse(record);
      if (!parsed.success) {
        const name = (record as { name?: unknown } | null)?.name;
        skipped.push({
          reason: describeIssues(parsed.error),
          instanceType: typeof name === "string" ? name : undefined,
          raw: record,
        });
        continue;
      }
      for (const variant of parsed.data.variants) {
        const outcome = offerFor(variant, parsed.data, url);
        if (outcome && "offer" in outcome) offers.push(outcome.offer);
        else if (outcome) skipped.push(outcome.skipped);
      }
    }
    return { offers, skipped };
  },
};
