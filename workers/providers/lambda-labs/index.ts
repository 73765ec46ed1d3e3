import { z } from "zod";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift } from "../parse";
import type { ProviderAdapter } from "../types";
import { readPricingPage } from "./page";

// Lambda Cloud's instance-types API (key required). `data` maps each type name to its spec and the
// regions with capacity right now: an empty list means listed but sold out everywhere. Prices are
// integer US cents per hour for the whole instance. The GPU model and its memory appear only as
// text, "H100 (80 GB SXM5)". Lambda sells no spot capacity.

const GB_PER_GIB = 1.073741824;

const instanceTypeSchema = z.object({
  instance_type: z.object({
    name: z.string().min(1),
    description: z.string().nullish(),
    gpu_description: z.string().nullish(),
    // Whole cents: a fractional value would mean the unit changed (to dollars, say).
    price_cents_per_hour: z.int().positive(),
    specs: z.object({
      vcpus: z.int().nonnegative(),
      memory_gib: z.number().nonnegative(),
      storage_gib: z.number().nonnegative(),
      gpus: z.int().nonnegative(),
    }),
  }),
  regions_with_capacity_available: z.array(z.object({ name: z.string().min(1), description: z.string().nullish() })),
});

const responseSchema = z.union([
  z.object({ error: z.object({ code: z.string(), message: z.string().nullish() }).loose() }),
  z.object({ data: z.record(z.string(), z.unknown()) }),
]);

const COUNT_PREFIX = /^\d+x\s+/i;
const MEMORY_IN_PARENS = /\((\d+(?:\.\d+)?)\s*GB\b/i;

type InstanceType = z.infer<typeof instanceTypeSchema>["instance_type"];

// Older responses carry only `description` ("8x H100 (80 GB SXM5)"); the count is not part of the GPU's name.
function gpuNameOf(type: InstanceType): string | null {
  const name = type.gpu_description?.trim() || type.description?.replace(COUNT_PREFIX, "").trim();
  return name || null;
}

function gpuMemoryOf(gpuName: string): number | null {
  const match = MEMORY_IN_PARENS.exec(gpuName);
  return match ? Number(match[1]) : null;
}

const gibToGb = (gib: number) => Math.round(gib * GB_PER_GIB);

/** Read instead of the API when no key is set (workers/providers/lambda-labs/page.ts). */
const PRICING_PAGE_URL = "https://lambda.ai/pricing";

export const lambdaLabs: ProviderAdapter = {
  slug: "lambda-labs",
  method: "api",
  version: "lambda-labs/1",
  baseUrl: { env: "LAMBDA_BASE_URL", default: "https://cloud.lambda.ai" },
  credential: { secret: "LAMBDA_API_KEY", required: false },
  pageFallback: true,

  async scrape(context) {
    const { http, baseUrl, credential } = context;
    // Without a key the API answers 401: the public pricing page is read instead (list prices, no stock).
    if (!credential) return readPricingPage(context, PRICING_PAGE_URL);
    const url = `${baseUrl}/api/v1/instance-types`;
    const body = await http.json({ url, headers: { Authorization: `Bearer ${credential}` } });
    const response = parseOrDrift(responseSchema, body, "Lambda instance-types response");
    if ("error" in response) {
      const { code, message } = response.error;
      throw new ProviderError(
        code === "global/invalid-api-key" ? "INVALID_API_KEY" : "UPSTREAM_ERROR",
        `Lambda API error ${code}: ${message ?? "(no message)"}`,
        { url },
      );
    }

    const offers: ProviderOffer[] = [];
    const skipped: SkippedRecord[] = [];
    for (const [key, record] of Object.entries(response.data)) {
      const parsed = instanceTypeSchema.safeParse(record);
      if (!parsed.success) {
        skipped.push({ reason: describeIssues(parsed.error), instanceType: key, raw: record });
        continue;
      }
      const { instance_type: type, regions_with_capacity_available: capacity } = parsed.data;
      if (type.specs.gpus === 0) continue; // CPU-only: not a GPU offer
      const gpuNameRaw = gpuNameOf(type);
      if (!gpuNameRaw) {
        skipped.push({
          reason: "neither gpu_description nor description names the GPU",
          instanceType: type.name,
          raw: record,
        });
        continue;
      }
      offers.push({
        instanceType: type.name,
        instanceName: type.description ?? null,
        gpuNameRaw,
        gpuCount: type.specs.gpus,
        gpuMemoryGb: gpuMemoryOf(gpuNameRaw),
        currency: "USD",
        pricePerHour: type.price_cents_per_hour / 100,
        pricePerHourSpot: null,
        availability: capacity.length > 0 ? "available" : "sold_out",
        regions: capacity.map((region) => region.name),
        vcpuCount: type.specs.vcpus,
        ramGb: gibToGb(type.specs.memory_gib),
        storageGb: gibToGb(type.specs.storage_gib),
        sourceUrl: url,
        raw: record,
      });
    }
    return { offers, skipped };
  },
};
