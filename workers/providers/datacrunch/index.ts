import { z } from "zod";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift } from "../parse";
import type { ProviderAdapter } from "../types";

// DataCrunch (now Verda, api.verda.com) publishes its instance types without a key: a bare array,
// prices as decimal strings for the whole instance, GPU memory as the total over all GPUs. The
// currency is a query parameter (its own SDK asks `?currency=eur` or `usd`): we pin USD. Which types
// have stock where needs an OAuth client (`/v1/instance-availability`), which we do not hold; the
// one recorded stock answer had 4 of 52 GPU types in stock, so a listed type is published as
// `limited`, never as `available`, and no regions are claimed.

const price = z.union([z.number(), z.string()]).transform((value, context) => {
  const parsed = typeof value === "number" ? value : /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isFinite(parsed) && parsed >= 0) return parsed;
  context.addIssue({ code: "custom", message: `not a price: ${JSON.stringify(value)}` });
  return z.NEVER;
});

const instanceTypeSchema = z.object({
  id: z.string().nullish(),
  instance_type: z.string().min(1),
  name: z.string().nullish(),
  currency: z.string(),
  price_per_hour: price,
  spot_price: price.nullish(),
  cpu: z.object({ number_of_cores: z.int().nonnegative().nullish() }).nullish(),
  gpu: z.object({ description: z.string().nullish(), number_of_gpus: z.int().nonnegative() }),
  gpu_memory: z.object({ size_in_gigabytes: z.number().nonnegative().nullish() }).nullish(),
  memory: z.object({ size_in_gigabytes: z.number().nonnegative().nullish() }).nullish(),
  storage: z.object({ size_in_gigabytes: z.number().nonnegative().nullish() }).nullish(),
});

const responseSchema = z.union([
  z.array(z.unknown()),
  z.object({ code: z.string(), message: z.string().nullish() }).loose(),
]);

const COUNT_PREFIX = /^\d+x\s+/i;
const CONFIDENTIAL = /\.CC$/i;

export const datacrunch: ProviderAdapter = {
  slug: "datacrunch",
  method: "api",
  version: "datacrunch/2",
  baseUrl: { env: "DATACRUNCH_BASE_URL", default: "https://api.verda.com" },

  async scrape({ http, baseUrl }) {
    const url = `${baseUrl}/v1/instance-types?currency=usd`;
    const body = await http.json({ url });
    const response = parseOrDrift(responseSchema, body, "DataCrunch instance-types response");
    if (!Array.isArray(response)) {
      throw new ProviderError(
        "UPSTREAM_ERROR",
        `DataCrunch API error ${response.code}: ${response.message ?? "(no message)"}`,
        { url },
      );
    }

    const offers: ProviderOffer[] = [];
    const skipped: SkippedRecord[] = [];
    for (const record of response) {
      const parsed = instanceTypeSchema.safeParse(record);
      if (!parsed.success) {
        skipped.push({ reason: describeIssues(parsed.error), instanceType: instanceTypeOf(record), raw: record });
        continue;
      }
      const type = parsed.data;
      const gpuCount = type.gpu.number_of_gpus;
      if (gpuCount === 0) continue; // CPU-only: not a GPU offer
      const gpuNameRaw = type.gpu.description?.replace(COUNT_PREFIX, "").trim() || type.name?.trim();
      const skip = (reason: string) =>
        skipped.push({ reason, instanceType: type.instance_type, gpuNameRaw, raw: record });
      // Another currency would be a catalogue we have never seen; it is reported, never converted.
      if (type.currency.toLowerCase() !== "usd") {
        skip(`currency ${JSON.stringify(type.currency)} is not usd`);
        continue;
      }
      if (!gpuNameRaw) {
        skip("neither gpu.description nor name names the GPU");
        continue;
      }
      if (type.price_per_hour === 0) {
        skip("price_per_hour is 0");
        continue;
      }
      // Confidential-computing variants ("2B200.60V.CC", "B200 CC SXM6") boot only CC images and
      // are priced apart: not the GPU offer people compare.
      if (CONFIDENTIAL.test(type.instance_type) || /\bCC\b/.test(gpuNameRaw)) {
        skipped.push({
          reason: "confidential-computing variant",
          cause: "excluded",
          instanceType: type.instance_type,
          gpuNameRaw,
          raw: record,
        });
        continue;
      }
      const totalGpuMemory = type.gpu_memory?.size_in_gigabytes;
      offers.push({
        instanceType: type.instance_type,
        instanceName: type.gpu.description?.trim() || null,
        gpuNameRaw,
        gpuCount,
        gpuMemoryGb: totalGpuMemory ? totalGpuMemory / gpuCount : null,
        currency: "USD",
        pricePerHour: type.price_per_hour,
        pricePerHourSpot: type.spot_price ? type.spot_price : null,
        priceIncludes: { availability_basis: "stock is not public: listed types are shown as limited" },
        availability: "limited",
        regions: [],
        vcpuCount: type.cpu?.number_of_cores ?? null,
        ramGb: type.memory?.size_in_gigabytes ?? null,
        storageGb: type.storage?.size_in_gigabytes ?? null,
        sourceUrl: url,
        raw: record,
      });
    }
    return { offers, skipped };
  },
};

function instanceTypeOf(record: unknown): string | undefined {
  const value = (record as { instance_type?: unknown } | null)?.instance_type;
  return typeof value === "string" ? value : undefined;
}
