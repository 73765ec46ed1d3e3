import { z } from "zod";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// TensorDock's v2 API (dashboard.tensordock.com/api/v2, `Authorization: Bearer <key>`), GET
// /locations: `data.locations[]`, each a site (`id`, city, stateprovince, country, tier) with the GPU
// models deployable there (`v0Name` such as "h100-sxm5-80gb", displayName, `max_count`,
// `price_per_hr`, `resources` maxima, `pricing` per vCPU / GB RAM / GB storage, network features).
//
// Why v2 and not the open v0 `/api/v0/client/deploy/hostnodes`: v0 served the old marketplace, and
// by 2026 public collectors report it broken (dstackai/gpuhunt#214, then the provider was dropped in
// #215) or answering 404, while TensorDock documents v2 as its current API. v2 needs a key; an
// unfunded account has been seen to get no locations at all (ygwyg/gputable), which reads as an
// empty catalogue here.
//
// Units, the question the research left open. TensorDock bills by component: the GPU, vCPUs, GB of
// RAM and GB of storage each have an hourly rate. Its own deploy page (tensordock/
// dashboard-frontend-template, web/src/util/api/deploy.ts `calculateVMPrice`) prices a VM as
// `gpuPrice × gpu_count + ramPrice × ram + cpuPrice × vcpu + storagePrice × storage`, so the GPU rate
// is per GPU-hour, not for all the GPUs of a host (which ComputePrices assumed when it divided by
// `amount`); gpuhunt's old v0 provider multiplied by the count too. The v2 documentation lists the
// H100 SXM5 at `price_per_hr: 2.2` beside `max_count: 8`, a per-GPU figure.
//
// A VM cannot be rented without vCPUs, RAM and storage, so an offer is one GPU plus a baseline host:
// 2 vCPUs and 4 GB RAM (the default specs of TensorDock's deploy page) and 100 GB storage (v2's
// minimum). The parts are kept in `priceIncludes`. `max_count` is the most GPUs deployable there
// now: 0 reads as sold out. TensorDock's v2 answer carries no spot price.

export const BASELINE = { vcpus: 2, ramGb: 4, storageGb: 100 } as const;

const rate = z.number().nonnegative();

const gpuSchema = z.object({
  v0Name: z.string().min(1),
  displayName: z.string().nullish(),
  max_count: z.int().nonnegative(),
  price_per_hr: z.number(),
  resources: z
    .object({
      max_vcpus: z.number().nullish(),
      max_ram_gb: z.number().nullish(),
      max_storage_gb: z.number().nullish(),
    })
    .nullish(),
  pricing: z.object({ per_vcpu_hr: rate, per_gb_ram_hr: rate, per_gb_storage_hr: rate }),
  network_features: z.record(z.string(), z.unknown()).nullish(),
});
type Gpu = z.infer<typeof gpuSchema>;

const locationSchema = z.object({
  id: z.string().min(1),
  city: z.string().nullish(),
  stateprovince: z.string().nullish(),
  country: z.string().nullish(),
  tier: z.union([z.number(), z.string()]).nullish(),
  gpus: z.array(z.unknown()),
});
type Location = z.infer<typeof locationSchema>;

// TensorDock's error bodies carry `error` or `message` with an HTTP-like `status`
// (apartmentlines/terraform-provider-tensordock reads both).
const errorSchema = z.union([
  z.object({ error: z.string().min(1), status: z.number().nullish() }).loose(),
  z.object({ message: z.string().min(1), status: z.number().min(400) }).loose(),
]);
const responseSchema = z.object({ data: z.object({ locations: z.array(z.unknown()) }) });

const FORM_FACTOR_TOKENS: [RegExp, string][] = [
  [/^sxm\d?$/i, "SXM"],
  [/^pcie$/i, "PCIe"],
  [/^nvl$/i, "NVL"],
];

/** "h100-sxm5-80gb" → SXM; "geforcertx4090-pcie-24gb" → PCIe. */
function formFactorOf(v0Name: string): string | null {
  for (const token of v0Name.split("-")) {
    const found = FORM_FACTOR_TOKENS.find(([pattern]) => pattern.test(token));
    if (found) return found[1];
  }
  return null;
}

/** The memory of one GPU, the "-80gb" ending of the v0 name. */
function gpuMemoryOf(v0Name: string): number | null {
  const match = /-(\d+(?:\.\d+)?)gb$/i.exec(v0Name);
  return match ? Number(match[1]) : null;
}

const roundPrice = (price: number) => Math.round(price * 1e6) / 1e6;

function placeOf(location: Location): string | null {
  const parts = [location.city, location.stateprovince, location.country].filter((part) => part?.trim());
  return parts.length > 0 ? parts.join(", ") : null;
}

function offerOf(location: Location, gpu: Gpu, gpuPrice: number, url: string, record: unknown): ProviderOffer {
  const { per_vcpu_hr: perVcpu, per_gb_ram_hr: perGbRam, per_gb_storage_hr: perGbStorage } = gpu.pricing;
  const hostPrice = BASELINE.vcpus * perVcpu + BASELINE.ramGb * perGbRam + BASELINE.storageGb * perGbStorage;
  const place = placeOf(location);
  return {
    instanceType: `${location.id}:${gpu.v0Name}`.slice(0, 100),
    instanceName: `${gpu.displayName?.trim() || gpu.v0Name}${place ? ` · ${place}` : ""}`,
    gpuNameRaw: gpu.v0Name,
    gpuCount: 1,
    gpuMemoryGb: gpuMemoryOf(gpu.v0Name),
    formFactor: formFactorOf(gpu.v0Name),
    currency: "USD",
    pricePerHour: roundPrice(gpuPrice + hostPrice),
    pricePerHourSpot: null,
    availability: gpu.max_count > 0 ? "available" : "sold_out",
    regions: [location.id],
    vcpuCount: BASELINE.vcpus,
    ramGb: BASELINE.ramGb,
    storageGb: BASELINE.storageGb,
    priceIncludes: {
      price_basis: "1 GPU at price_per_hr plus the baseline host at the location's per-unit rates",
      gpu_price_per_hour: gpuPrice,
      baseline: { vcpus: BASELINE.vcpus, ram_gb: BASELINE.ramGb, storage_gb: BASELINE.storageGb },
      per_vcpu_hr: perVcpu,
      per_gb_ram_hr: perGbRam,
      per_gb_storage_hr: perGbStorage,
      max_gpu_count: gpu.max_count,
      max_vcpus: gpu.resources?.max_vcpus ?? null,
      max_ram_gb: gpu.resources?.max_ram_gb ?? null,
      max_storage_gb: gpu.resources?.max_storage_gb ?? null,
      location: place,
      tier: location.tier ?? null,
    },
    sourceUrl: url,
    raw: {
      location: {
        id: location.id,
        city: location.city,
        stateprovince: location.stateprovince,
        country: location.country,
        tier: location.tier,
      },
      gpu: record,
    },
  };
}

export const tensordock: ProviderAdapter = {
  slug: "tensordock",
  method: "api",
  version: "tensordock/1",
  baseUrl: { env: "TENSORDOCK_BASE_URL", default: "https://dashboard.tensordock.com" },
  credential: { secret: "TENSORDOCK_API_KEY", required: true },

  async scrape({ http, baseUrl, credential }) {
    const url = `${baseUrl}/api/v2/locations`;
    if (!credential)
      throw new ProviderError("MISSING_CREDENTIALS", "TensorDock's v2 locations API needs TENSORDOCK_API_KEY", { url });
    const body = await http.json({ url, headers: { Authorization: `Bearer ${credential}` } });
    const error = errorSchema.safeParse(body);
    if (error.success) {
      const message = "error" in error.data ? error.data.error : error.data.message;
      throw new ProviderError(
        /unauthori[sz]ed|invalid (api )?(key|token)|authenticat/i.test(String(message))
          ? "INVALID_API_KEY"
          : "UPSTREAM_ERROR",
        `TensorDock API error: ${message}`,
        { url, status: typeof error.data.status === "number" ? error.data.status : undefined },
      );
    }
    const response = parseOrDrift(responseSchema, body, "TensorDock locations response");

    const offers: ProviderOffer[] = [];
    const skipped: SkippedRecord[] = [];
    for (const record of response.data.locations) {
      const parsedLocation = locationSchema.safeParse(record);
      if (!parsedLocation.success) {
        skipped.push({ reason: `location: ${describeIssues(parsedLocation.error)}`, raw: record });
        continue;
      }
      const location = parsedLocation.data;
      for (const gpuRecord of location.gpus) {
        const parsed = gpuSchema.safeParse(gpuRecord);
        const v0Name = (gpuRecord as { v0Name?: unknown } | null)?.v0Name;
        const instanceType = typeof v0Name === "string" ? `${location.id}:${v0Name}`.slice(0, 100) : undefined;
        if (!parsed.success) {
          skipped.push({
            reason: describeIssues(parsed.error),
            instanceType,
            gpuNameRaw: typeof v0Name === "string" ? v0Name : undefined,
            raw: gpuRecord,
          });
          continue;
        }
        const gpu = parsed.data;
        const gpuPrice = positive(gpu.price_per_hr);
        if (gpuPrice === null) {
          // The host rates alone are not the price of a GPU VM.
          skipped.push({
            reason: `price_per_hr ${gpu.price_per_hr} is not a price`,
            instanceType,
            gpuNameRaw: gpu.v0Name,
            raw: gpuRecord,
          });
          continue;
        }
        offers.push(offerOf(location, gpu, gpuPrice, url, gpuRecord));
      }
    }
    return { offers, skipped };
  },
};
