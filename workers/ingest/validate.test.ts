import { describe, expect, it } from "vitest";
import type { ProviderOffer } from "../../shared/offers";
import { providerOffer } from "../testing/factories";
import type { NormalisedOffer } from "./normalise";
import { type StoredOffer, validateOffers } from "./validate";

function offer(
  overrides: Omit<Partial<NormalisedOffer>, "offer"> & { offer?: Partial<ProviderOffer> } = {},
): NormalisedOffer {
  const { offer: offerOverrides, ...rest } = overrides;
  const base = providerOffer(offerOverrides?.instanceType, offerOverrides);
  const pricePerHour = rest.pricePerHour === undefined ? base.pricePerHour : rest.pricePerHour;
  return {
    provider: "lambda-labs",
    offer: base,
    gpuModel: "h100-sxm",
    unmappedReason: null,
    catalogVramGb: 80,
    fx: null,
    pricePerHour,
    pricePerGpuHour: pricePerHour === null ? null : pricePerHour / base.gpuCount,
    pricePerHourSpot: null,
    pricePerHourReserved1y: null,
    pricePerHourReserved3y: null,
    pricePerMonth: null,
    ...rest,
  };
}

const none = new Map<string, StoredOffer>();
const validate = (offers: NormalisedOffer[], stored = none, quarantined = new Map<string, number>()) =>
  validateOffers({ offers, stored, quarantined });

describe("validateOffers", () => {
  it("accepts a sound offer and counts it as seen", () => {
    const result = validate([offer()]);
    expect(result.accepted).toHaveLength(1);
    expect(result.issues).toEqual([]);
    expect([...result.seen]).toEqual(["gpu_1x_h100_sxm5"]);
  });

  it("keeps an unmapped GPU as an issue with its reason, never drops or guesses it", () => {
    const result = validate([
      offer({ gpuModel: null, unmappedReason: "not in the catalog: Tesla P100", catalogVramGb: null }),
    ]);
    expect(result.accepted).toEqual([]);
    expect(result.issues).toMatchObject([
      { kind: "unmapped", code: "GPU_UNMAPPED", message: "not in the catalog: Tesla P100" },
    ]);
    expect(result.seen.has("gpu_1x_h100_sxm5")).toBe(true);
  });

  it.each([
    ["zero", 0],
    ["negative", -1],
    ["absurd", 250],
    ["not a number", Number.NaN],
  ])("rejects a %s price", (_name, price) => {
    const result = validate([offer({ pricePerHour: price, pricePerGpuHour: price })]);
    expect(result.accepted).toEqual([]);
    expect(result.issues[0]).toMatchObject({ kind: "rejected" });
    expect(["PRICE_OUT_OF_RANGE", "INVALID_OFFER"]).toContain(result.issues[0]!.code);
  });

  it("judges the price per GPU, not per instance: $150/h for 8 GPUs is fine", () => {
    const result = validate([
      offer({ offer: { gpuCount: 8, pricePerHour: 150 }, pricePerHour: 150, pricePerGpuHour: 18.75 }),
    ]);
    expect(result.accepted).toHaveLength(1);
  });

  it("rejects an offer whose reported VRAM is more than 25 % off the catalog", () => {
    const fractional = offer({
      offer: { instanceType: "vcg-a100-1c-6g-4vram", gpuMemoryGb: 4 },
      gpuModel: "a100-80gb",
      catalogVramGb: 80,
    });
    const usable = offer({
      offer: { instanceType: "b200", gpuMemoryGb: 180 },
      gpuModel: "b200-sxm",
      catalogVramGb: 192,
    });
    const result = validate([fractional, usable]);
    expect(result.issues).toMatchObject([
      { kind: "rejected", code: "VRAM_MISMATCH", instanceType: "vcg-a100-1c-6g-4vram" },
    ]);
    expect(result.accepted.map((accepted) => accepted.offer.instanceType)).toEqual(["b200"]);
  });

  it("rejects an offer it cannot convert to USD", () => {
    const result = validate([offer({ offer: { currency: "EUR" }, pricePerHour: null, pricePerGpuHour: null })]);
    expect(result.issues).toMatchObject([{ kind: "rejected", code: "FX_UNAVAILABLE" }]);
  });

  it("keeps the first of two offers with the same instance type", () => {
    const result = validate([offer(), offer({ pricePerHour: 3.5 })]);
    expect(result.accepted).toHaveLength(1);
    expect(result.accepted[0]!.pricePerHour).toBe(2.99);
    expect(result.issues).toMatchObject([{ code: "DUPLICATE_INSTANCE_TYPE" }]);
  });

  it("quarantines a change of more than 50 % against the stored price", () => {
    const stored = new Map([["gpu_1x_h100_sxm5", { pricePerHour: 2.99, isActive: true }]]);
    const result = validate([offer({ pricePerHour: 0.99, pricePerGpuHour: 0.99 })], stored);
    expect(result.accepted).toEqual([]);
    expect(result.issues).toMatchObject([
      { kind: "quarantined", code: "PRICE_ANOMALY", pricePerHour: 0.99, previousPricePerHour: 2.99 },
    ]);
    expect(result.seen.has("gpu_1x_h100_sxm5")).toBe(true);
  });

  it("publishes a moderate change straight away", () => {
    const stored = new Map([["gpu_1x_h100_sxm5", { pricePerHour: 2.99, isActive: true }]]);
    expect(validate([offer({ pricePerHour: 2.49, pricePerGpuHour: 2.49 })], stored).accepted).toHaveLength(1);
  });

  it("publishes the jump once the next scrape confirms it", () => {
    const stored = new Map([["gpu_1x_h100_sxm5", { pricePerHour: 2.99, isActive: true }]]);
    const quarantined = new Map([["gpu_1x_h100_sxm5", 0.99]]);
    expect(validate([offer({ pricePerHour: 0.99, pricePerGpuHour: 0.99 })], stored, quarantined).accepted).toHaveLength(
      1,
    );
    // A different jump is not a confirmation of the first.
    expect(validate([offer({ pricePerHour: 0.5, pricePerGpuHour: 0.5 })], stored, quarantined).issues).toMatchObject([
      { code: "PRICE_ANOMALY" },
    ]);
  });
});
