import { describe, expect, it } from "vitest";
import { GPU_CATALOG } from "./gpu-catalog";
import { identifyGpu, MEMORY_TOLERANCE, type ReportedGpu } from "./gpu-identity";

interface NameCase {
  title: string;
  input: ReportedGpu;
  slug: string | null;
}

function spelled(
  source: string,
  name: string,
  slug: string | null,
  reported: Omit<ReportedGpu, "name"> = {},
): NameCase {
  const memory = reported.memoryGb ? ` + ${Math.round(reported.memoryGb * 10) / 10} GB` : "";
  const formFactor = reported.formFactor ? ` + ${reported.formFactor}` : "";
  return {
    title: `${source} "${name}"${memory}${formFactor} → ${slug ?? "unmapped"}`,
    input: { name, ...reported },
    slug,
  };
}

// Vast.ai reports gpu_ram in MiB.
const mib = (value: number) => value / 1024;

const CASES: NameCase[] = [
  // RunPod gpuTypes.id with memoryInGb
  spelled("RunPod", "NVIDIA H100 80GB HBM3", "h100-sxm", { memoryGb: 80 }),
  spelled("RunPod", "NVIDIA H100 PCIe", "h100-pcie", { memoryGb: 80 }),
  spelled("RunPod", "NVIDIA H100 NVL", "h100-nvl", { memoryGb: 94 }),
  spelled("RunPod", "NVIDIA H200", "h200-sxm", { memoryGb: 141 }),
  spelled("RunPod", "NVIDIA H200 NVL", "h200-nvl", { memoryGb: 141 }),
  spelled("RunPod", "NVIDIA B200", "b200-sxm", { memoryGb: 180 }),
  spelled("RunPod", "NVIDIA A100 80GB PCIe", "a100-80gb-pcie", { memoryGb: 80 }),
  spelled("RunPod", "NVIDIA A100-SXM4-80GB", "a100-80gb", { memoryGb: 80 }),
  spelled("RunPod", "NVIDIA A100-SXM4-40GB", "a100-40gb", { memoryGb: 40 }),
  spelled("RunPod", "NVIDIA L40S", "l40s", { memoryGb: 48 }),
  spelled("RunPod", "NVIDIA L40", "l40", { memoryGb: 48 }),
  spelled("RunPod", "NVIDIA L4", "l4", { memoryGb: 24 }),
  spelled("RunPod", "NVIDIA A40", "a40", { memoryGb: 48 }),
  spelled("RunPod", "NVIDIA RTX A6000", "rtx-a6000", { memoryGb: 48 }),
  spelled("RunPod", "NVIDIA RTX A5000", "rtx-a5000", { memoryGb: 24 }),
  spelled("RunPod", "NVIDIA RTX A4000", "rtx-a4000", { memoryGb: 16 }),
  spelled("RunPod", "NVIDIA RTX 6000 Ada Generation", "rtx-6000-ada", { memoryGb: 48 }),
  spelled("RunPod", "NVIDIA RTX 4000 Ada Generation", "rtx-4000-ada", { memoryGb: 20 }),
  spelled("RunPod", "NVIDIA RTX PRO 6000 Blackwell Server Edition", "rtx-pro-6000", { memoryGb: 96 }),
  spelled("RunPod", "NVIDIA GeForce RTX 5090", "rtx-5090", { memoryGb: 32 }),
  spelled("RunPod", "NVIDIA GeForce RTX 4090", "rtx-4090", { memoryGb: 24 }),
  spelled("RunPod", "NVIDIA GeForce RTX 3090", "rtx-3090", { memoryGb: 24 }),
  spelled("RunPod", "AMD Instinct MI300X OAM", "mi300x", { memoryGb: 192 }),
  spelled("RunPod", "Tesla V100-SXM2-16GB", "v100-16gb", { memoryGb: 16 }),
  spelled("RunPod", "Tesla V100-PCIE-16GB", "v100-16gb", { memoryGb: 16 }),
  spelled("RunPod", "Tesla V100-SXM2-32GB", "v100-32gb", { memoryGb: 32 }),
  spelled("RunPod", "Tesla T4", "t4", { memoryGb: 16 }),
  spelled("RunPod", "NVIDIA A30", "a30", { memoryGb: 24 }),
  // Names from RunPod's recorded answers of 2025-06 and 2026-09
  spelled("RunPod", "NVIDIA B300 SXM6 AC", "b300-sxm", { memoryGb: 288 }),
  spelled("RunPod", "NVIDIA GeForce RTX 3070", "rtx-3070", { memoryGb: 8 }),
  spelled("RunPod", "NVIDIA GeForce RTX 3080 Ti", "rtx-3080-ti", { memoryGb: 12 }),
  spelled("RunPod", "NVIDIA GeForce RTX 3090 Ti", "rtx-3090-ti", { memoryGb: 24 }),
  spelled("RunPod", "NVIDIA GeForce RTX 4070 Ti", "rtx-4070-ti", { memoryGb: 12 }),
  spelled("RunPod", "NVIDIA GeForce RTX 4080 SUPER", "rtx-4080-super", { memoryGb: 16 }),
  spelled("RunPod", "NVIDIA GeForce RTX 5080", "rtx-5080", { memoryGb: 16 }),
  spelled("RunPod", "NVIDIA RTX 2000 Ada Generation", "rtx-2000-ada", { memoryGb: 16 }),
  spelled("RunPod", "NVIDIA RTX 5000 Ada Generation", "rtx-5000-ada", { memoryGb: 32 }),
  spelled("RunPod", "NVIDIA RTX 4000 SFF Ada Generation", null, { memoryGb: 20 }),
  spelled("RunPod", "NVIDIA RTX A2000", "rtx-a2000", { memoryGb: 6 }),
  spelled("RunPod", "NVIDIA RTX A4500", "rtx-a4500", { memoryGb: 20 }),
  spelled("RunPod", "NVIDIA RTX PRO 4000 Blackwell", "rtx-pro-4000", { memoryGb: 24 }),
  spelled("RunPod", "NVIDIA RTX PRO 4500 Blackwell", "rtx-pro-4500", { memoryGb: 32 }),
  spelled("RunPod", "NVIDIA RTX PRO 5000 Blackwell", "rtx-pro-5000", { memoryGb: 48 }),
  spelled("RunPod", "NVIDIA RTX PRO 6000 Blackwell Server Edition MIG 1g.24gb", null, { memoryGb: 24 }),
  // Scaleway gpu_info.gpu_name and Verda gpu.description, as recorded
  spelled("Scaleway", "B300-SXM", "b300-sxm", { memoryGb: 288 }),
  spelled("Scaleway", "P100", "p100", { memoryGb: 16 }),
  spelled("Scaleway", "RTX-3070", "rtx-3070", { memoryGb: 8 }),
  spelled("Verda", "B300 SXM6 268GB", "b300-sxm"),
  spelled("Verda", "GB300 SXM6 288GB", "gb300-nvl"),
  // Documented spellings (no recording holds them yet)
  spelled("Vultr", "AMD_MI355X", "mi355x", { memoryGb: 288 }),
  spelled("Vultr", "AMD_MI325X", "mi325x", { memoryGb: 256 }),

  // Vast.ai gpu_name with gpu_ram
  spelled("Vast.ai", "H100 SXM", "h100-sxm", { memoryGb: mib(81559) }),
  spelled("Vast.ai", "H100 PCIE", "h100-pcie", { memoryGb: mib(81559) }),
  spelled("Vast.ai", "H100 NVL", "h100-nvl", { memoryGb: mib(95830) }),
  spelled("Vast.ai", "H200", "h200-sxm", { memoryGb: mib(143771) }),
  spelled("Vast.ai", "H200 NVL", "h200-nvl", { memoryGb: mib(143771) }),
  spelled("Vast.ai", "B200", "b200-sxm", { memoryGb: mib(183359) }),
  spelled("Vast.ai", "A100 SXM4", "a100-40gb", { memoryGb: mib(40960) }),
  spelled("Vast.ai", "A100 SXM4", "a100-80gb", { memoryGb: mib(81920) }),
  spelled("Vast.ai", "A100 SXM4", null),
  spelled("Vast.ai", "A100 PCIE", "a100-40gb-pcie", { memoryGb: mib(40960) }),
  spelled("Vast.ai", "A100 PCIE", "a100-80gb-pcie", { memoryGb: mib(81920) }),
  spelled("Vast.ai", "L40S", "l40s", { memoryGb: mib(46068) }),
  spelled("Vast.ai", "A40", "a40", { memoryGb: mib(46068) }),
  spelled("Vast.ai", "A10", "a10", { memoryGb: mib(23028) }),
  spelled("Vast.ai", "L4", "l4", { memoryGb: mib(23034) }),
  spelled("Vast.ai", "Tesla T4", "t4", { memoryGb: mib(15360) }),
  spelled("Vast.ai", "Tesla V100", "v100-16gb", { memoryGb: mib(16384) }),
  spelled("Vast.ai", "Tesla V100", "v100-32gb", { memoryGb: mib(32768) }),
  spelled("Vast.ai", "Tesla P100", "p100", { memoryGb: mib(16384) }),
  spelled("Vast.ai", "RTX A6000", "rtx-a6000", { memoryGb: mib(49140) }),
  spelled("Vast.ai", "RTX 6000Ada", "rtx-6000-ada", { memoryGb: mib(49140) }),
  spelled("Vast.ai", "RTX PRO 6000 WS", "rtx-pro-6000", { memoryGb: mib(97887) }),
  spelled("Vast.ai", "Q RTX 8000", "quadro-rtx-8000", { memoryGb: mib(49152) }),
  spelled("Vast.ai", "RTX 5090", "rtx-5090", { memoryGb: mib(32607) }),
  spelled("Vast.ai", "RTX 4090", "rtx-4090", { memoryGb: mib(24564) }),
  spelled("Vast.ai", "RTX 4080", "rtx-4080", { memoryGb: mib(16376) }),
  spelled("Vast.ai", "RTX 4080S", null, { memoryGb: mib(16376) }),
  spelled("Vast.ai", "RTX 3090", "rtx-3090", { memoryGb: mib(24576) }),
  spelled("Vast.ai", "RTX 3090 Ti", "rtx-3090-ti", { memoryGb: mib(24576) }),
  spelled("Akash", "rtx3090ti", "rtx-3090-ti", { memoryGb: 24 }),
  spelled("Akash", "rtx4080super", "rtx-4080-super", { memoryGb: 16 }),
  spelled("Vast.ai", "RTX 3080", "rtx-3080", { memoryGb: mib(10240) }),
  spelled("Vast.ai", "RTX 3080", null, { memoryGb: mib(12288) }),
  spelled("Vast.ai", "RTX 3060", null, { memoryGb: mib(12288) }),

  // Lambda gpu_description
  spelled("Lambda", "H100 (80 GB SXM5)", "h100-sxm"),
  spelled("Lambda", "H100 (80 GB PCIe)", "h100-pcie"),
  spelled("Lambda", "A100 (40 GB SXM4)", "a100-40gb"),
  spelled("Lambda", "A100 (80 GB SXM4)", "a100-80gb"),
  spelled("Lambda", "A100 (40 GB PCIe)", "a100-40gb-pcie"),
  spelled("Lambda", "A10 (24 GB PCIe)", "a10"),
  spelled("Lambda", "A6000 (48 GB)", "rtx-a6000"),
  spelled("Lambda", "RTX 6000 (24 GB)", "quadro-rtx-6000"),
  spelled("Lambda", "Tesla V100 (16 GB)", "v100-16gb"),
  spelled("Lambda", "GH200 (96 GB)", "gh200"),
  spelled("Lambda", "B200 (180 GB SXM6)", "b200-sxm"),

  // DataCrunch / Verda gpu.description, without the count
  spelled("Verda", "H100 SXM5 80GB", "h100-sxm"),
  spelled("Verda", "A100 SXM4 40GB", "a100-40gb"),
  spelled("Verda", "H200 SXM5 141GB", "h200-sxm"),
  spelled("Verda", "B200 SXM6 180GB", "b200-sxm"),
  spelled("Verda", "L40S 48GB", "l40s"),
  spelled("Verda", "RTX A6000 48GB", "rtx-a6000"),
  spelled("Verda", "RTX 6000 Ada 48GB", "rtx-6000-ada"),
  spelled("Verda", "Tesla V100 16GB", "v100-16gb"),

  // Vultr gpu_type with gpu_vram_gb; fractional plans report a slice of the memory
  spelled("Vultr", "NVIDIA_A100", null, { memoryGb: 80 }),
  spelled("Vultr", "NVIDIA_A100", null, { memoryGb: 10 }),
  spelled("Vultr", "NVIDIA_H100", null, { memoryGb: 80 }),
  spelled("Vultr", "NVIDIA_H100", "h100-sxm", { memoryGb: 80, formFactor: "SXM" }),
  spelled("Vultr", "NVIDIA_L40S", "l40s", { memoryGb: 48 }),
  spelled("Vultr", "NVIDIA_A40", "a40", { memoryGb: 48 }),
  spelled("Vultr", "NVIDIA_A16", "a16", { memoryGb: 16 }),
  spelled("Vultr", "NVIDIA_GH200", "gh200", { memoryGb: 96 }),
  spelled("Vultr", "NVIDIA_GH200", null, { memoryGb: 144 }),
  spelled("Vultr", "AMD_MI300X", "mi300x", { memoryGb: 192 }),

  // Scaleway gpu_info.gpu_name (form factor from the commercial type) and commercial types
  spelled("Scaleway", "H100", "h100-pcie", { memoryGb: 80, formFactor: "PCIe" }),
  spelled("Scaleway", "H100", "h100-sxm", { memoryGb: 80, formFactor: "SXM" }),
  spelled("Scaleway", "L40S", "l40s", { memoryGb: 48 }),
  spelled("Scaleway", "L4", "l4", { memoryGb: 24 }),
  spelled("Scaleway", "H100-SXM-8-80G", "h100-sxm"),
  spelled("Scaleway", "H100-1-80G", null),
  spelled("Scaleway", "L4-1-24G", "l4"),

  // TensorDock GPU slugs
  spelled("TensorDock", "geforcertx4090-pcie-24gb", "rtx-4090"),
  spelled("TensorDock", "h100-sxm5-80gb", "h100-sxm"),
  spelled("TensorDock", "a100-pcie-80gb", "a100-80gb-pcie"),
  spelled("TensorDock", "rtxa6000-pcie-48gb", "rtx-a6000"),
  spelled("TensorDock", "l40-pcie-48gb", "l40"),
  spelled("TensorDock", "v100-sxm2-16gb", "v100-16gb"),

  // Hyperscalers and others
  spelled("GCP", "NVIDIA Tesla A100", null),
  spelled("GCP", "NVIDIA Tesla A100", "a100-40gb", { memoryGb: 40, formFactor: "SXM4" }),
  spelled("GCP", "nvidia-a100-80gb", null),
  spelled("GCP", "nvidia-a100-80gb", "a100-80gb", { formFactor: "SXM4" }),
  spelled("GCP", "nvidia-h100-80gb", null),
  spelled("GCP", "nvidia-h100-80gb", "h100-sxm", { formFactor: "SXM5" }),
  spelled("GCP", "nvidia-l4", "l4"),
  spelled("AWS", "NVIDIA A10G", "a10g", { memoryGb: 24 }),
  spelled("Hyperstack", "H100 PCIe NVLink", "h100-pcie"),
  spelled("Hyperstack", "NVIDIA H100 NVLink", null),
  spelled("Hyperstack", "NVIDIA H100 NVLink", "h100-pcie", { formFactor: "PCIe" }),
  spelled("Hyperstack", "H100-80G-PCIe", "h100-pcie"),
  spelled("Hyperstack", "A100-80G-PCIe", "a100-80gb-pcie"),
  spelled("CoreWeave", "NVIDIA HGX H100", "h100-sxm"),
  spelled("CoreWeave", "NVIDIA GB200 NVL72", "gb200-nvl"),
  spelled("JarvisLabs", "RTX-PRO6000", "rtx-pro-6000"),

  // Traps: look-alike names, contradictions and things that are not a catalog GPU
  spelled("trap", "Quadro RTX 6000", "quadro-rtx-6000", { memoryGb: 24 }),
  spelled("trap", "Quadro RTX 6000", null, { memoryGb: 48 }),
  spelled("trap", "RTX 6000", "rtx-6000-ada", { memoryGb: 48 }),
  spelled("trap", "RTX 6000", null),
  spelled("trap", "RTX 6000 Ada", null, { memoryGb: 24 }),
  spelled("trap", "RTX PRO 6000", null, { memoryGb: 48 }),
  spelled("trap", "A100 80GB", null, { memoryGb: 40 }),
  spelled("trap", "H100", "h100-nvl", { memoryGb: 94 }),
  spelled("trap", "H100", null, { memoryGb: 88 }),
  spelled("trap", "H100 PCIe", null, { memoryGb: 94 }),
  spelled("trap", "H100 NVL", null, { memoryGb: 80 }),
  spelled("trap", "H100 SXM", null, { formFactor: "PCIe" }),
  spelled("trap", "NVIDIA H100 80GB HBM3", null, { formFactor: "PCIe" }),
  spelled("trap", "L40S", null, { formFactor: "SXM" }),
  spelled("trap", "NVIDIA GeForce RTX 4090 D", null, { memoryGb: 24 }),
  spelled("trap", "NVIDIA RTX 4000 SFF Ada Generation", null, { memoryGb: 20 }),
  spelled("trap", "NVIDIA H100 80GB HBM3 MIG 1g.10gb", null),
  spelled("trap", "A100 + H100", null),
  // Known families, unknown variants: never their nearest neighbour.
  spelled("trap", "NVIDIA H20", null, { memoryGb: 96 }),
  spelled("trap", "AMD Instinct MI350X", null, { memoryGb: 288 }),
  spelled("trap", "NVIDIA GeForce RTX 4070 Ti SUPER", null, { memoryGb: 16 }),
  spelled("trap", "NVIDIA GeForce RTX 5070", null, { memoryGb: 12 }),
  spelled("trap", "Tesla K80", null),
  spelled("trap", "", null),
  spelled("trap", "   ", null),
  spelled("trap", "CPU only", null),
];

describe("identifyGpu", () => {
  it.each(CASES)("$title", ({ input, slug }) => {
    const identity = identifyGpu(input);
    if (slug === null) {
      expect(identity).toEqual({ slug: null, reason: expect.stringMatching(/\S/) });
    } else {
      expect(identity).toEqual({ slug, vramGb: GPU_CATALOG.find((gpu) => gpu.slug === slug)?.vramGb });
    }
  });

  it("reaches every catalog GPU from at least one real name", () => {
    const reached = new Set(CASES.map((testCase) => testCase.slug));
    expect(GPU_CATALOG.filter((gpu) => !reached.has(gpu.slug)).map((gpu) => gpu.slug)).toEqual([]);
  });

  it("returns the catalog's nominal memory, not the usable memory the provider reports", () => {
    expect(identifyGpu({ name: "NVIDIA B200", memoryGb: 180 })).toEqual({ slug: "b200-sxm", vramGb: 192 });
  });

  it("tells a maintainer what is missing", () => {
    expect(identifyGpu({ name: "NVIDIA_H100", memoryGb: 80 })).toEqual({
      slug: null,
      reason: "H100 with 80 GB: form factor unknown (SXM or PCIe)",
    });
    expect(identifyGpu({ name: "NVIDIA Tesla A100" })).toEqual({
      slug: null,
      reason: "A100: memory unknown (40 or 80 GB), form factor unknown (SXM or PCIe)",
    });
    expect(identifyGpu({ name: "RTX 6000" })).toEqual({ slug: null, reason: "RTX 6000: memory unknown (24 or 48 GB)" });
    expect(identifyGpu({ name: "Tesla K80" })).toEqual({ slug: null, reason: "not in the catalog: Tesla K80" });
    expect(identifyGpu({ name: "NVIDIA_GH200", memoryGb: 144 })).toEqual({
      slug: null,
      reason: "GH200 with 144 GB: not in the catalog",
    });
    expect(identifyGpu({ name: "L40S", formFactor: "SXM" })).toEqual({
      slug: null,
      reason: "L40S SXM: not in the catalog",
    });
    expect(identifyGpu({ name: "H100", memoryGb: 88 })).toEqual({
      slug: null,
      reason: "H100 with 88 GB: memory unknown (80 or 94 GB), form factor unknown (SXM or PCIe or NVL)",
    });
  });

  it("lets memory in the name decide, leaving a contradicting figure to the VRAM guard", () => {
    expect(identifyGpu({ name: "NVIDIA A100-SXM4-80GB", memoryGb: 4 })).toEqual({ slug: "a100-80gb", vramGb: 80 });
  });

  it("trusts neither the name nor the provider's form factor when they disagree", () => {
    expect(identifyGpu({ name: "H100 SXM5", formFactor: "PCIe" })).toEqual({
      slug: null,
      reason: "H100 SXM5: the name says SXM but the provider states PCIe",
    });
    expect(identifyGpu({ name: "NVIDIA H100 80GB HBM3", formFactor: "PCIe" })).toEqual({
      slug: null,
      reason: "NVIDIA H100 80GB HBM3: the H100 PCIe has HBM2e, not HBM3",
    });
  });

  it("ignores a stated form factor it does not know and a memory figure that is not a size", () => {
    expect(identifyGpu({ name: "AMD Instinct MI300X", formFactor: "OAM", memoryGb: Number.NaN })).toEqual({
      slug: "mi300x",
      vramGb: 192,
    });
    expect(identifyGpu({ name: "NVIDIA L4", memoryGb: 0, formFactor: null })).toEqual({ slug: "l4", vramGb: 24 });
  });
});

describe("GPU_CATALOG", () => {
  it("has one entry per slug", () => {
    const slugs = GPU_CATALOG.map((gpu) => gpu.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it("keeps the memory sizes within a family and form factor far enough apart that one reported figure cannot match two", () => {
    const clashes = GPU_CATALOG.flatMap((gpu) =>
      GPU_CATALOG.filter(
        (other) =>
          other.slug < gpu.slug &&
          other.family === gpu.family &&
          (other.formFactor === gpu.formFactor || other.formFactor === null || gpu.formFactor === null) &&
          Math.abs(other.vramGb - gpu.vramGb) <= MEMORY_TOLERANCE * (other.vramGb + gpu.vramGb),
      ).map((other) => `${gpu.slug} ~ ${other.slug}`),
    );
    expect(clashes).toEqual([]);
  });
});
