import type { BenchmarkWorkload } from "./domain";

/** The use-case pages (/best-gpu-for/<slug>), one per benchmark workload of gpu_benchmarks. */
export const USE_CASES: readonly { slug: string; workload: BenchmarkWorkload; title: string; summary: string }[] = [
  {
    slug: "llm-training",
    workload: "llm_training",
    title: "LLM training",
    summary: "Pre-training and large-scale training of language models: memory bandwidth and interconnect dominate.",
  },
  {
    slug: "llm-inference",
    workload: "llm_inference",
    title: "LLM inference",
    summary: "Serving language models: tokens per second per dollar, and enough VRAM to hold the model.",
  },
  {
    slug: "fine-tuning",
    workload: "fine_tuning",
    title: "Fine-tuning",
    summary: "LoRA/QLoRA and full fine-tunes of open models on one or a few GPUs.",
  },
  {
    slug: "image-generation",
    workload: "image_generation",
    title: "Image generation",
    summary: "Stable Diffusion and similar models: images per second per dollar.",
  },
  {
    slug: "video-generation",
    workload: "video_generation",
    title: "Video generation",
    summary: "Video diffusion models, which need large VRAM and sustained throughput.",
  },
  {
    slug: "embedding",
    workload: "embedding",
    title: "Embeddings",
    summary: "Embedding models for search and RAG: small models, high throughput.",
  },
  {
    slug: "scientific-computing",
    workload: "scientific_computing",
    title: "Scientific computing",
    summary: "FP64-heavy simulation and HPC workloads.",
  },
];

export function useCaseBySlug(slug: string) {
  return USE_CASES.find((useCase) => useCase.slug === slug) ?? null;
}

/** The GPUs most people compare first; the home page and the GPU-vs-GPU pages start from them. */
export const POPULAR_GPUS = [
  "h100-sxm",
  "h200-sxm",
  "b200-sxm",
  "a100-80gb",
  "h100-pcie",
  "l40s",
  "rtx-4090",
  "rtx-5090",
] as const;

/**
 * VRAM needed to hold a model's weights for inference: parameters × bytes per parameter, plus 20 %
 * for activations and the KV cache (a rule of thumb, stated on the selector page).
 */
export function requiredVramGb(modelBillions: number, precision: "fp16" | "int8" | "int4"): number {
  const bytesPerParameter = { fp16: 2, int8: 1, int4: 0.5 }[precision];
  return Math.ceil(modelBillions * bytesPerParameter * 1.2);
}
