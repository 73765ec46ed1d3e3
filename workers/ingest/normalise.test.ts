import { describe, expect, it } from "vitest";
import { FALLBACK_FX_RATES } from "../../shared/fx";
import { providerOffer } from "../testing/factories";
import { type GpuNameMappings, gpuNameKey, normaliseOffer } from "./normalise";

const now = new Date("2026-03-01T12:00:00Z");
const normalise = (gpuNameRaw: string, mappings?: GpuNameMappings) =>
  normaliseOffer("test", providerOffer("gpu_1x", { gpuNameRaw }), {
    rates: FALLBACK_FX_RATES,
    now,
    mappings,
  });

describe("normaliseOffer", () => {
  it("identifies a GPU the catalog knows by its name", () => {
    expect(normalise("H100 (80 GB SXM5)")).toMatchObject({ gpuModel: "h100-sxm", catalogVramGb: 80 });
  });

  it("leaves a GPU the catalog does not know unmapped, with the reason", () => {
    const normalised = normalise("Hopper Accelerator HX-80");
    expect(normalised.gpuModel).toBeNull();
    expect(normalised.unmappedReason).toBe("not in the catalog: Hopper Accelerator HX-80");
  });

  it("identifies a mapped name as its GPU, matched trimmed and lower-cased", () => {
    const mappings = new Map([["hopper accelerator hx-80", { slug: "h100-sxm", vramGb: 80 }]]);
    expect(normalise("  Hopper ACCELERATOR hx-80 ", mappings)).toMatchObject({
      gpuModel: "h100-sxm",
      unmappedReason: null,
      catalogVramGb: 80,
    });
  });

  it("prefers an operator's mapping to the catalog's own reading of the name", () => {
    const mappings = new Map([["h100 (80 gb sxm5)", { slug: "h100-pcie", vramGb: 80 }]]);
    expect(normalise("H100 (80 GB SXM5)", mappings).gpuModel).toBe("h100-pcie");
  });

  it("reads a name without a mapping of its own as the catalog does", () => {
    const mappings = new Map([["another gpu", { slug: "a100-80gb", vramGb: 80 }]]);
    expect(normalise("H100 (80 GB SXM5)", mappings).gpuModel).toBe("h100-sxm");
  });
});

describe("gpuNameKey", () => {
  it.each([
    ["  NVIDIA H100  ", "nvidia h100"],
    ["\tRTX 4090\n", "rtx 4090"],
    ["a100", "a100"],
  ])("keys %j as %j", (raw, key) => {
    expect(gpuNameKey(raw)).toBe(key);
  });
});
