import { describe, expect, it } from "vitest";
import { GPU_CATALOG } from "./gpu-catalog";
import { insideBand, PRICE_BANDS, priceBandFor } from "./price-bands";

describe("price bands", () => {
  it("give every catalog GPU a band, and name a band for no other slug", () => {
    expect(GPU_CATALOG.filter((gpu) => !priceBandFor(gpu.slug)).map((gpu) => gpu.slug)).toEqual([]);
    const slugs = new Set(GPU_CATALOG.map((gpu) => gpu.slug));
    expect(Object.keys(PRICE_BANDS).filter((slug) => !slugs.has(slug))).toEqual([]);
  });

  it("are bands: a floor below the ceiling, and a basis that says where both come from", () => {
    for (const [slug, band] of Object.entries(PRICE_BANDS)) {
      expect(band.min, slug).toBeGreaterThan(0);
      expect(band.max, slug).toBeGreaterThan(band.min * 4);
      expect(band.basis.length, slug).toBeGreaterThan(20);
    }
  });

  // Real prices per GPU-hour: Lambda's instance-types API as a public tracker recorded it on
  // 2026-10-10 (summitkhatiwada22/ai-compute-tracker, data/raw/lambda_labs/2026-10-10.csv), and
  // prices from the recorded answers in workers/providers/*/fixtures/recorded-*.json.
  it.each([
    ["h100-sxm", 31.92 / 8],
    ["h100-sxm", 4.29],
    ["h100-pcie", 3.29],
    ["b200-sxm", 53.52 / 8],
    ["gh200", 2.29],
    ["a100-80gb", 22.32 / 8],
    ["a100-40gb", 15.92 / 8],
    ["a10", 1.29],
    ["quadro-rtx-6000", 0.69],
    ["rtx-a6000", 1.09],
    ["v100-16gb", 6.32 / 8],
    ["v100-16gb", 0.095],
    ["rtx-pro-6000", 1.79],
    ["mi300x", 2.49],
  ])("hold the real %s price $%f/GPU-h", (slug, price) => {
    const band = priceBandFor(slug);
    expect(band && insideBand(band, price)).toBe(true);
  });

  it.each([
    ["mi300x", 0.5, "RunPod's placeholder for a cloud that does not sell it"],
    ["h100-sxm", 299, "cents read as dollars"],
    ["h100-sxm", 31.92, "an 8-GPU node's price read as one GPU's"],
    ["b200-sxm", 0.5, "a placeholder"],
  ])("refuse %s at $%f/GPU-h: %s", (slug, price) => {
    const band = priceBandFor(slug);
    expect(band && insideBand(band, price)).toBe(false);
  });
});
