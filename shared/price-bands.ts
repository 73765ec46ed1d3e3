// Plausible USD per GPU-hour for each catalog GPU: a price outside its band is not published but
// quarantined (docs/design.md §6), whatever the adapter believed. A band is wide on purpose. Its
// floor sits well under the cheapest public listing (community marketplaces, interruptible and
// spot capacity), its ceiling well over the dearest hyperscaler on-demand list price per GPU. So a
// real price is inside it, and a placeholder ($0.50 for an MI300X), a cents-for-dollars slip
// (×100) or a per-node price read as per-GPU (×8) falls outside.
//
// `basis` says where the two ends come from: public list prices as the providers published them
// (pricing pages, marketplace listings), around the date given, divided per GPU. They are reference
// points, not quotes; widen a band when a genuine price falls outside it, and say why here.

export interface PriceBand {
  /** USD per GPU-hour: anything lower is implausible. */
  min: number;
  /** USD per GPU-hour: anything higher is implausible. */
  max: number;
  basis: string;
}

export const PRICE_BANDS: Readonly<Record<string, PriceBand>> = {
  "b300-sxm": {
    min: 1.5,
    max: 30,
    basis: "2026: RunPod lists B300 at $6.9–7.9/GPU-h, Verda at about $9; no public hyperscaler list price yet",
  },
  "gb300-nvl": {
    min: 2,
    max: 35,
    basis: "2026: Verda lists GB300 at about $9.2–9.7/GPU-h; no public hyperscaler list price yet",
  },
  "b200-sxm": {
    min: 1.2,
    max: 25,
    basis: "2025: neoclouds list B200 at about $3–6/GPU-h, marketplace lows near $2.5; AWS p6-b200 ≈ $14/GPU-h",
  },
  "gb200-nvl": {
    min: 1.5,
    max: 30,
    basis: "2025: GB200 NVL72 capacity listed at about $4–10/GPU-h by neoclouds; no public hyperscaler list price",
  },
  "h200-sxm": {
    min: 1,
    max: 20,
    basis: "2025: neoclouds $2.5–4.5/GPU-h, marketplace lows near $2; AWS p5en / Azure ND H200 v5 ≈ $10–13/GPU-h",
  },
  "h200-nvl": {
    min: 1,
    max: 18,
    basis: "2025: H200 NVL listed like H200 SXM, slightly lower ($2–4/GPU-h)",
  },
  "h100-sxm": {
    min: 0.7,
    max: 20,
    basis:
      "2024–2025: marketplace and spot lows near $1–1.5, neoclouds $2–3.5; AWS p5 $98.32/h for 8 (≈ $12.3/GPU-h) before its 2025 cut; Azure ND H100 v5 in dearer regions ≈ $16",
  },
  "h100-pcie": {
    min: 0.6,
    max: 12,
    basis:
      "2024–2025: $1.5–2.5/GPU-h at neoclouds, marketplace lows near $1; hyperscalers do not list PCIe H100 above SXM",
  },
  "h100-nvl": {
    min: 0.7,
    max: 12,
    basis: "2024–2025: H100 NVL (94 GB) listed at $2–3/GPU-h; Azure NC H100 v5 ≈ $7/GPU-h",
  },
  gh200: {
    min: 0.7,
    max: 10,
    basis: "2024–2025: Lambda GH200 $1.49/h, other neoclouds up to $3–5",
  },
  "a100-80gb": {
    min: 0.35,
    max: 8,
    basis: "2024–2025: marketplace lows near $0.6–0.8, neoclouds $1.3–2; AWS p4de $40.97/h for 8 (≈ $5.1/GPU-h)",
  },
  "a100-40gb": {
    min: 0.25,
    max: 6.5,
    basis: "2024–2025: $0.6–1.3/GPU-h at neoclouds; AWS p4d $32.77/h for 8 (≈ $4.1/GPU-h), GCP a2 ≈ $3.7",
  },
  "a100-80gb-pcie": {
    min: 0.35,
    max: 6,
    basis: "2024–2025: $1–1.8/GPU-h at neoclouds, marketplace lows near $0.7",
  },
  "a100-40gb-pcie": {
    min: 0.25,
    max: 5,
    basis: "2024–2025: $0.6–1.3/GPU-h, below the SXM part",
  },
  a40: { min: 0.15, max: 3, basis: "2024–2025: $0.3–0.8/GPU-h at neoclouds and marketplaces" },
  a30: { min: 0.1, max: 3, basis: "2025: RunPod Secure about $0.4/GPU-h; hyperscalers do not list it above the A40" },
  a16: { min: 0.05, max: 2, basis: "2026: Vultr's one-card A16 plan about $0.5/h; a quarter of an A16 board" },
  p100: {
    min: 0.05,
    max: 2.5,
    basis: "2025–2026: Scaleway RENDER-S about €1.2/h with its host; marketplaces under $0.2",
  },
  a10: {
    min: 0.15,
    max: 4.5,
    basis: "2024–2026: $0.5–1.3/GPU-h (Lambda $1.29); Azure's whole-card NV A10 v5 sizes ≈ $3.2/GPU-h with their host",
  },
  a10g: {
    min: 0.2,
    max: 4,
    basis:
      "AWS-only part: g5.xlarge $1.006/h with its host, g5.48xlarge $16.29/h for 8 (≈ $2.04/GPU-h); spot far lower",
  },
  l40s: {
    min: 0.3,
    max: 5,
    basis:
      "2024–2025: $0.8–1.5/GPU-h at neoclouds, marketplace lows near $0.5; AWS g6e.48xlarge $30.13/h for 8 (≈ $3.8)",
  },
  l40: { min: 0.3, max: 4, basis: "2024–2025: $0.7–1.2/GPU-h at neoclouds and marketplaces" },
  l4: {
    min: 0.1,
    max: 2.5,
    basis: "2024–2025: $0.3–0.5/GPU-h at neoclouds; AWS g6.xlarge $0.805/h, GCP g2-standard-4 ≈ $0.7",
  },
  t4: {
    min: 0.05,
    max: 2,
    basis: "2024–2025: marketplace lows near $0.1; AWS g4dn.xlarge $0.526/h, g4dn.12xlarge $3.91/h for 4",
  },
  "v100-16gb": {
    min: 0.05,
    max: 4.5,
    basis: "AWS p3.2xlarge $3.06/h for one V100; Verda $0.19/GPU-h on demand and $0.095 spot (2026-09 recording)",
  },
  "v100-32gb": { min: 0.05, max: 5, basis: "AWS p3dn.24xlarge $31.21/h for 8 (≈ $3.9/GPU-h); marketplaces $0.3–0.5" },
  "rtx-pro-6000": {
    min: 0.35,
    max: 10,
    basis:
      "2025–2026: $0.8–2.5/GPU-h at neoclouds and marketplaces; Latitude.sh's 8-card bare-metal server (2× EPYC, 1.5 TB) $6–8.25/GPU-h by region (2026-08 recording)",
  },
  "rtx-pro-5000": { min: 0.2, max: 3.5, basis: "2026: RunPod lists RTX PRO 5000 Blackwell around $0.7–1.2/GPU-h" },
  "rtx-pro-4500": { min: 0.12, max: 2, basis: "2026: RunPod lists RTX PRO 4500 Blackwell around $0.4–0.7/GPU-h" },
  "rtx-pro-4000": { min: 0.1, max: 1.5, basis: "2026: RunPod lists RTX PRO 4000 Blackwell around $0.3–0.5/GPU-h" },
  "rtx-5000-ada": { min: 0.2, max: 2.5, basis: "2025: RunPod Secure about $0.8/GPU-h" },
  "rtx-2000-ada": { min: 0.05, max: 1, basis: "2025: RunPod about $0.2–0.3/GPU-h" },
  "rtx-a4500": { min: 0.08, max: 1.2, basis: "2025: RunPod about $0.25–0.35/GPU-h" },
  "rtx-a2000": { min: 0.03, max: 0.6, basis: "2025: RunPod about $0.1–0.2/GPU-h" },
  "rtx-5080": { min: 0.08, max: 1.5, basis: "2025: marketplaces $0.2–0.6/GPU-h" },
  "rtx-4080-super": { min: 0.06, max: 1.1, basis: "2025: marketplaces $0.15–0.4/GPU-h" },
  "rtx-4070-ti": { min: 0.05, max: 0.9, basis: "2025: marketplaces $0.1–0.3/GPU-h" },
  "rtx-3090-ti": { min: 0.06, max: 1.2, basis: "2025: marketplaces $0.15–0.4/GPU-h" },
  "rtx-3080-ti": { min: 0.04, max: 0.8, basis: "2025: marketplaces $0.1–0.25/GPU-h" },
  "rtx-3070": {
    min: 0.03,
    max: 1.5,
    basis:
      "2025: marketplaces $0.05–0.15/GPU-h; Scaleway GPU-3070-S €0.98/h (≈ $1.15) with its host (2025-09 recording)",
  },
  mi325x: { min: 1, max: 12, basis: "2025: neoclouds list MI325X at about $2–4/GPU-h" },
  mi355x: { min: 1.2, max: 15, basis: "2025–2026: neoclouds list MI355X at about $2.5–5/GPU-h" },
  "rtx-6000-ada": { min: 0.3, max: 3, basis: "2024–2025: $0.7–1.2/GPU-h at neoclouds, marketplace lows near $0.5" },
  "rtx-4000-ada": {
    min: 0.08,
    max: 2,
    basis: "2024–2025: $0.2–0.4/GPU-h at marketplaces; Linode's one-card plan with 32 vCPU and 128 GB lists at $1.53/h",
  },
  "rtx-a6000": { min: 0.15, max: 2, basis: "2024–2025: $0.4–0.8/GPU-h at neoclouds, marketplace lows near $0.3" },
  "rtx-a5000": { min: 0.08, max: 1.2, basis: "2024–2025: $0.2–0.45/GPU-h" },
  "rtx-a4000": { min: 0.05, max: 1, basis: "2024–2025: $0.15–0.35/GPU-h" },
  "quadro-rtx-8000": { min: 0.1, max: 2, basis: "2024–2025: $0.3–0.7/GPU-h, few listings" },
  "quadro-rtx-6000": {
    min: 0.08,
    max: 2.5,
    basis:
      "2024–2025: $0.2–0.7/GPU-h (Lambda $0.69); Linode's dedicated RTX6000 plans $1.50/GPU-h with their host (2024-07 recording)",
  },
  "rtx-5090": { min: 0.15, max: 2, basis: "2025: marketplaces $0.3–0.7/GPU-h, secure clouds up to about $1" },
  "rtx-4090": { min: 0.1, max: 1.5, basis: "2024–2025: marketplaces $0.25–0.45/GPU-h, secure clouds up to about $0.8" },
  "rtx-4080": { min: 0.06, max: 1, basis: "2024–2025: marketplaces $0.15–0.3/GPU-h" },
  "rtx-3090": { min: 0.05, max: 1, basis: "2024–2025: marketplaces $0.1–0.3/GPU-h, secure clouds up to about $0.5" },
  "rtx-3080": { min: 0.03, max: 0.6, basis: "2024–2025: marketplaces $0.05–0.2/GPU-h" },
  mi300x: {
    min: 1,
    max: 10,
    basis: "2024–2025: neoclouds $1.9–3.5/GPU-h (RunPod Secure about $2.5); Azure ND MI300X v5 ≈ $6/GPU-h",
  },
};

/** The band of a catalog GPU, or null for a GPU without one (which then cannot be published). */
export function priceBandFor(gpuSlug: string): PriceBand | null {
  return PRICE_BANDS[gpuSlug] ?? null;
}

/** Whether `usdPerGpuHour` lies inside `band` (both ends included). */
export const insideBand = (band: PriceBand, usdPerGpuHour: number) =>
  usdPerGpuHour >= band.min && usdPerGpuHour <= band.max;
