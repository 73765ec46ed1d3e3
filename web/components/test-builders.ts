import type { GpuModelDoc } from "../../shared/api-schemas";
import type { DailyPoint } from "../../shared/history";
import type { GpuCard, OfferRow, ProviderCard, ProviderSeries } from "../models";

// Small builders for component tests: each test states only what it is about.

export const NOW = new Date("2025-06-01T12:00:00Z");

export function offerRow(overrides: Partial<OfferRow> = {}): OfferRow {
  return {
    id: "offer-1",
    provider: { slug: "lambda-labs", name: "Lambda", tier: "standard" },
    gpu: { slug: "h100-sxm", name: "NVIDIA H100 SXM", vramGb: 80 },
    instanceType: "gpu_1x_h100_sxm5",
    instanceName: null,
    gpuCount: 1,
    pricePerHour: 2.49,
    pricePerGpuHour: 2.49,
    spotPerGpuHour: null,
    reserved1yPerGpuHour: null,
    regions: ["us-east-1"],
    availability: "available",
    lastScrapedAt: "2025-06-01T09:00:00Z",
    stale: false,
    sourceUrl: null,
    ...overrides,
  };
}

export const provider = (slug: string, name = slug) => ({ slug, name, tier: "standard" as const });

export function series(name: string, points: [date: string, avg: number][]): ProviderSeries {
  return {
    provider: { slug: name.toLowerCase(), name },
    points: points.map(([date, avg]): DailyPoint => ({ date, min: avg * 0.9, avg, max: avg * 1.1, samples: 1 })),
  };
}

export function gpuCard(overrides: Partial<GpuCard> = {}): GpuCard {
  return {
    gpu: { slug: "h100-sxm", name: "NVIDIA H100 SXM", shortName: "H100 SXM", vramGb: 80, architecture: "hopper" },
    cheapest: offerRow(),
    offers: 12,
    providers: 5,
    ...overrides,
  };
}

export function providerCard(overrides: Partial<ProviderCard> = {}): ProviderCard {
  return {
    provider: {
      slug: "runpod",
      name: "RunPod",
      type: "specialized_neocloud",
      tier: "community",
      description: "Per-second GPU pods.",
    },
    offers: 30,
    gpus: 9,
    cheapest: offerRow({
      provider: provider("runpod", "RunPod"),
      pricePerGpuHour: 0.34,
      gpu: { slug: "rtx-4090", name: "RTX 4090", vramGb: 24 },
    }),
    lastSuccessAt: "2025-06-01T11:48:00Z",
    ...overrides,
  };
}

export function gpuModelDoc(overrides: Partial<GpuModelDoc> = {}): GpuModelDoc {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    slug: "h100-sxm",
    name: "NVIDIA H100 SXM",
    short_name: "H100 SXM",
    manufacturer: "NVIDIA",
    architecture: "hopper",
    vram_gb: 80,
    memory_type: "HBM3",
    memory_bandwidth_gbps: 3350,
    tdp_watts: 700,
    fp64_tflops: null,
    fp32_tflops: null,
    fp16_tflops: 1979,
    fp8_tflops: 3958,
    int8_tops: null,
    form_factor: "SXM5",
    interconnect: "NVLink",
    is_datacenter: true,
    is_consumer: false,
    generation_year: 2023,
    description: null,
    use_cases: null,
    is_active: true,
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-01-01T00:00:00Z",
    ...overrides,
  };
}

/** The markup a component renders, as one string. */
// JSX elements are JSXNodes at run time, whose toString() may return a promise.
export async function render(element: { toString(): unknown }): Promise<string> {
  return String(await element.toString());
}
