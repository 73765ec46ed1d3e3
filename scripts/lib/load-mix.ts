import type { Request as LoadRequest } from "autocannon";
import { seededRandom } from "./seeded-random";

export interface MixEntry {
  path: string;
  weight: number;
  kind: "api" | "page";
}

/**
 * The mixed read workload: what a price comparison site is asked most, by weight. API reads (offer
 * lists in a few filter and sort shapes, the two comparisons, a price trend, a GPU and a provider)
 * and the pages people land on (home, a GPU, a provider, a comparison).
 */
export const READ_MIX: readonly MixEntry[] = [
  {
    path: "/api/instances?where[gpu_model_id][in]=h100-sxm,a100-80gb&sort=price_per_gpu_hour&limit=20",
    weight: 4,
    kind: "api",
  },
  {
    path: "/api/instances?where[gpu_model.vram_gb][greater_than_equal]=80&sort=-price_per_gpu_hour&limit=50",
    weight: 2,
    kind: "api",
  },
  { path: "/api/instances?where[provider.slug][equals]=runpod&sort=gpu_count&limit=50", weight: 1, kind: "api" },
  { path: "/api/compare-prices?gpuSlug=h100-sxm", weight: 2, kind: "api" },
  { path: "/api/compare-providers?providers=lambda-labs,runpod", weight: 1, kind: "api" },
  { path: "/api/gpu-models/h100-sxm/history?days=30", weight: 1, kind: "api" },
  { path: "/api/gpu-models/h100-sxm", weight: 1, kind: "api" },
  { path: "/api/providers/runpod", weight: 1, kind: "api" },
  { path: "/", weight: 3, kind: "page" },
  { path: "/cloud-gpu/h100-sxm", weight: 2, kind: "page" },
  { path: "/provider/runpod", weight: 1, kind: "page" },
  { path: "/compare/lambda-labs-vs-runpod", weight: 1, kind: "page" },
];

export function describeMix(mix: readonly MixEntry[]): string[] {
  const total = mix.reduce((sum, entry) => sum + entry.weight, 0);
  return mix.map((entry) => `${((entry.weight / total) * 100).toFixed(0).padStart(3)}%  ${entry.kind}  ${entry.path}`);
}

/**
 * One autocannon request that is, each time it is sent, a path drawn from `mix` by weight and,
 * with probability `keyedShare`, carries `keyHeaders` (the rest go anonymous). Seeded, so every
 * run sends the same sequence.
 */
export function mixedRequest(
  mix: readonly MixEntry[],
  keyHeaders: Record<string, string>,
  { keyedShare = 0.5, seed = 15 } = {},
): LoadRequest {
  const random = seededRandom(seed);
  const total = mix.reduce((sum, entry) => sum + entry.weight, 0);
  const pick = () => {
    let left = random() * total;
    for (const entry of mix) {
      left -= entry.weight;
      if (left < 0) return entry;
    }
    return mix[mix.length - 1] as MixEntry;
  };
  return {
    method: "GET",
    setupRequest: (request: LoadRequest) => ({
      ...request,
      path: pick().path,
      headers: random() < keyedShare ? { ...request.headers, ...keyHeaders } : request.headers,
    }),
  };
}
