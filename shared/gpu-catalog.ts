// The GPUs the site lists: one entry per row of cloudgpus.gpu_models (migrations 0002, 0006, 0011;
// workers/db/gpu-catalog.test.ts keeps the two in step). shared/gpu-identity.ts matches provider
// names against it, so a GPU is only ever mapped to a product that is listed here.

export type CatalogFormFactor = "sxm" | "pcie" | "nvl";

/** One catalog GPU, as the normaliser sees it. */
export interface CatalogGpu {
  /** `cloudgpus.gpu_models.slug`. */
  slug: string;
  /** The product's name as lower-case words, which shared/gpu-identity.ts looks for in a provider's spelling; entries of one family differ in memory or form factor. */
  family: string;
  /** Nominal memory per GPU, as in `gpu_models.vram_gb`. */
  vramGb: number;
  /** Null when the entry covers every form factor of that memory size (V100, superchips, OAM). */
  formFactor: CatalogFormFactor | null;
  manufacturer: "NVIDIA" | "AMD";
}

const nvidia = (slug: string, family: string, vramGb: number, formFactor: CatalogFormFactor | null): CatalogGpu => ({
  slug,
  family,
  vramGb,
  formFactor,
  manufacturer: "NVIDIA",
});

export const GPU_CATALOG: readonly CatalogGpu[] = [
  nvidia("b300-sxm", "b300", 288, "sxm"),
  // A Grace Blackwell superchip: listed as "SXM6" by some providers, "NVL72" by others.
  nvidia("gb300-nvl", "gb300", 288, null),
  nvidia("b200-sxm", "b200", 192, "sxm"),
  nvidia("gb200-nvl", "gb200", 192, "nvl"),
  nvidia("h200-sxm", "h200", 141, "sxm"),
  nvidia("h200-nvl", "h200", 141, "nvl"),
  nvidia("h100-sxm", "h100", 80, "sxm"),
  nvidia("h100-pcie", "h100", 80, "pcie"),
  nvidia("h100-nvl", "h100", 94, "nvl"),
  nvidia("gh200", "gh200", 96, null),
  nvidia("a100-80gb", "a100", 80, "sxm"),
  nvidia("a100-40gb", "a100", 40, "sxm"),
  nvidia("a100-80gb-pcie", "a100", 80, "pcie"),
  nvidia("a100-40gb-pcie", "a100", 40, "pcie"),
  nvidia("a40", "a40", 48, "pcie"),
  nvidia("a30", "a30", 24, "pcie"),
  nvidia("a16", "a16", 16, "pcie"),
  nvidia("p100", "p100", 16, "pcie"),
  nvidia("a10", "a10", 24, "pcie"),
  nvidia("a10g", "a10g", 24, "pcie"),
  nvidia("l40s", "l40s", 48, "pcie"),
  nvidia("l40", "l40", 48, "pcie"),
  nvidia("l4", "l4", 24, "pcie"),
  nvidia("t4", "t4", 16, "pcie"),
  nvidia("v100-16gb", "v100", 16, null),
  nvidia("v100-32gb", "v100", 32, null),
  nvidia("rtx-pro-6000", "rtx pro 6000", 96, "pcie"),
  nvidia("rtx-pro-5000", "rtx pro 5000", 48, "pcie"),
  nvidia("rtx-pro-4500", "rtx pro 4500", 32, "pcie"),
  nvidia("rtx-pro-4000", "rtx pro 4000", 24, "pcie"),
  nvidia("rtx-6000-ada", "rtx 6000 ada", 48, "pcie"),
  nvidia("rtx-5000-ada", "rtx 5000 ada", 32, "pcie"),
  nvidia("rtx-4000-ada", "rtx 4000 ada", 20, "pcie"),
  nvidia("rtx-2000-ada", "rtx 2000 ada", 16, "pcie"),
  nvidia("rtx-a6000", "rtx a6000", 48, "pcie"),
  nvidia("rtx-a5000", "rtx a5000", 24, "pcie"),
  nvidia("rtx-a4500", "rtx a4500", 20, "pcie"),
  nvidia("rtx-a4000", "rtx a4000", 16, "pcie"),
  nvidia("rtx-a2000", "rtx a2000", 6, "pcie"),
  nvidia("quadro-rtx-8000", "quadro rtx 8000", 48, "pcie"),
  nvidia("quadro-rtx-6000", "quadro rtx 6000", 24, "pcie"),
  nvidia("rtx-5090", "rtx 5090", 32, "pcie"),
  nvidia("rtx-5080", "rtx 5080", 16, "pcie"),
  nvidia("rtx-4090", "rtx 4090", 24, "pcie"),
  nvidia("rtx-4080-super", "rtx 4080 super", 16, "pcie"),
  nvidia("rtx-4080", "rtx 4080", 16, "pcie"),
  nvidia("rtx-4070-ti", "rtx 4070 ti", 12, "pcie"),
  nvidia("rtx-3090-ti", "rtx 3090 ti", 24, "pcie"),
  nvidia("rtx-3090", "rtx 3090", 24, "pcie"),
  nvidia("rtx-3080-ti", "rtx 3080 ti", 12, "pcie"),
  nvidia("rtx-3080", "rtx 3080", 10, "pcie"),
  nvidia("rtx-3070", "rtx 3070", 8, "pcie"),
  { slug: "mi355x", family: "mi355x", vramGb: 288, formFactor: null, manufacturer: "AMD" },
  { slug: "mi325x", family: "mi325x", vramGb: 256, formFactor: null, manufacturer: "AMD" },
  { slug: "mi300x", family: "mi300x", vramGb: 192, formFactor: null, manufacturer: "AMD" },
];
