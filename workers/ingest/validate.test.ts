import { describe, expect, it } from "vitest";
import type { ProviderOffer } from "../../shared/offers";
import { providerOffer } from "../testing/factories";
import type { NormalisedOffer } from "./normalise";
import { type DecidedObservation, type StoredOffer, validateOffers } from "./validate";

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
const LAST_PUBLISHED = new Date("2026-03-01T06:00:00Z");
const storedAt = (
  pricePerHour: number,
  pricePerHourReserved1y: number | null = null,
  publishedAt: Date = LAST_PUBLISHED,
) =>
  new Map<string, StoredOffer>([
    ["gpu_1x_h100_sxm5", { pricePerHour, pricePerHourReserved1y, isActive: true, publishedAt }],
  ]);
const validate = (
  offers: NormalisedOffer[],
  stored = none,
  quarantined = new Map<string, number>(),
  decided: DecidedObservation[] = [],
) => validateOffers({ offers, stored, quarantined, decisions: new Map([["gpu_1x_h100_sxm5", decided]]) });
const priced = (pricePerHour: number, overrides: Parameters<typeof offer>[0] = {}) =>
  offer({ pricePerHour, pricePerGpuHour: pricePerHour, ...overrides });
const heldAt = (price: number) => new Map([["gpu_1x_h100_sxm5", price]]);
const approved = (pricePerHour: number, decidedAt = new Date("2026-03-02T09:00:00Z")): DecidedObservation => ({
  decision: "approved",
  pricePerHour,
  decidedAt,
});
const rejected = (pricePerHour: number, decidedAt = new Date("2026-03-02T09:00:00Z")): DecidedObservation => ({
  decision: "rejected",
  pricePerHour,
  decidedAt,
});

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
    ["not a number", Number.NaN],
    ["too large to store", 1e9],
  ])("rejects a %s price as a value out of range, keeping it as text", (_name, price) => {
    const result = validate([offer({ pricePerHour: price, pricePerGpuHour: price })]);
    expect(result.accepted).toEqual([]);
    expect(result.issues).toMatchObject([{ kind: "rejected", code: "VALUE_OUT_OF_RANGE" }]);
    expect(result.issues[0]!.message).toContain(`price_per_hour ${price}`);
  });

  it.each([
    ["a placeholder: MI300X at $0.50", { gpuModel: "mi300x", catalogVramGb: null, pricePerHour: 0.5 }],
    ["cents read as dollars: H100 at 299", { pricePerHour: 299 }],
    ["a node price read as one GPU's: 8×H100 at $23.92 as one", { pricePerHour: 23.92 }],
  ])("quarantines an implausible price, %s", (_name, overrides) => {
    const price = overrides.pricePerHour;
    const result = validate([offer({ ...overrides, pricePerGpuHour: price })]);
    expect(result.accepted).toEqual([]);
    expect(result.issues).toMatchObject([{ kind: "quarantined", code: "PRICE_IMPLAUSIBLE", pricePerHour: price }]);
    expect(result.issues[0]!.message).toMatch(/on-demand \$[\d.]+\/GPU-hour is outside/);
  });

  it("quarantines implausible spot and reserved prices too, and a reserved price above on-demand", () => {
    const result = validate([
      offer({ offer: { instanceType: "tiny-reserved" }, pricePerHourReserved1y: 0.0001 }),
      offer({ offer: { instanceType: "huge-reserved" }, pricePerHourReserved1y: 99_999 }),
      offer({ offer: { instanceType: "dear-reserved" }, pricePerHourReserved3y: 3.5 }),
      offer({ offer: { instanceType: "free-spot" }, pricePerHourSpot: 0.01 }),
      offer({ offer: { instanceType: "sound" }, pricePerHourSpot: 1.5, pricePerHourReserved1y: 2.2 }),
    ]);
    expect(result.accepted.map((accepted) => accepted.offer.instanceType)).toEqual(["sound"]);
    expect(result.issues.map((issue) => [issue.instanceType, issue.kind, issue.code])).toEqual([
      ["tiny-reserved", "quarantined", "PRICE_IMPLAUSIBLE"],
      ["huge-reserved", "quarantined", "PRICE_IMPLAUSIBLE"],
      ["dear-reserved", "quarantined", "PRICE_IMPLAUSIBLE"],
      ["free-spot", "quarantined", "PRICE_IMPLAUSIBLE"],
    ]);
    expect(result.issues[2]!.message).toContain("3-year reserved $3.5/hour is above the on-demand $2.99/hour");
  });

  it("does not publish a GPU that has no price band", () => {
    const result = validate([offer({ gpuModel: "test-gpu-without-band" })]);
    expect(result.issues).toMatchObject([{ kind: "quarantined", code: "PRICE_IMPLAUSIBLE" }]);
  });

  it.each([
    ["a GPU count above 32 767", { gpuCount: 40_000 }, "gpu_count 40000"],
    ["a vCPU count above 32 767", { vcpuCount: 40_000 }, "vcpu_count 40000"],
    ["RAM above 32 767 GB", { ramGb: 40_000 }, "ram_gb 40000"],
    ["storage above 2^31 GB", { storageGb: 2 ** 31 }, "storage_gb 2147483648"],
    ["a fractional vCPU count", { vcpuCount: 12.5 }, "vcpu_count 12.5"],
    ["a NUL byte in the name", { instanceName: "H100\u0000box" }, "instance_name"],
    ["an instance type longer than 100 characters", { instanceType: "x".repeat(101) }, "instance_type"],
  ])("rejects %s and keeps the rest", (_name, bad, field) => {
    const result = validate([
      offer({ offer: { instanceType: "good" } }),
      offer({ offer: { instanceType: "bad", ...bad } }),
    ]);
    expect(result.accepted.map((accepted) => accepted.offer.instanceType)).toEqual(["good"]);
    expect(result.issues).toMatchObject([{ kind: "rejected", code: "VALUE_OUT_OF_RANGE" }]);
    expect(result.issues[0]!.message).toContain(field);
    expect(result.issues[0]!.raw).toMatchObject({ values: [expect.objectContaining({ value: expect.any(String) })] });
  });

  it("judges the price per GPU, not per instance: $100/h for 8 GPUs is fine", () => {
    const result = validate([
      offer({ offer: { gpuCount: 8, pricePerHour: 100 }, pricePerHour: 100, pricePerGpuHour: 12.5 }),
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
    const stored = storedAt(2.99);
    const result = validate([offer({ pricePerHour: 0.99, pricePerGpuHour: 0.99 })], stored);
    expect(result.accepted).toEqual([]);
    expect(result.issues).toMatchObject([
      { kind: "quarantined", code: "PRICE_ANOMALY", pricePerHour: 0.99, previousPricePerHour: 2.99 },
    ]);
    expect(result.seen.has("gpu_1x_h100_sxm5")).toBe(true);
  });

  it("publishes a moderate change straight away", () => {
    const stored = storedAt(2.99);
    expect(validate([offer({ pricePerHour: 2.49, pricePerGpuHour: 2.49 })], stored).accepted).toHaveLength(1);
  });

  it("publishes the jump once the next scrape confirms it", () => {
    const stored = storedAt(2.99);
    const quarantined = new Map([["gpu_1x_h100_sxm5", 0.99]]);
    expect(validate([offer({ pricePerHour: 0.99, pricePerGpuHour: 0.99 })], stored, quarantined).accepted).toHaveLength(
      1,
    );
    // A different jump is not a confirmation of the first.
    expect(validate([offer({ pricePerHour: 1.2, pricePerGpuHour: 1.2 })], stored, quarantined).issues).toMatchObject([
      { code: "PRICE_ANOMALY" },
    ]);
  });

  it("quarantines a jump of the reserved price as it does the on-demand one", () => {
    const stored = storedAt(2.99, 2.2);
    const result = validate([offer({ pricePerHourReserved1y: 0.8 })], stored);
    expect(result.issues).toMatchObject([{ kind: "quarantined", code: "PRICE_ANOMALY" }]);
    expect(result.issues[0]!.message).toContain("1-year reserved $2.2 → $0.8");
    expect(validate([offer({ pricePerHourReserved1y: 2.0 })], stored).accepted).toHaveLength(1);
  });
});

describe("validateOffers with operators' decisions", () => {
  it("publishes an approved price outside the band, and one within 2 % of it, but not one further off", () => {
    const decided = [approved(0.5)];
    expect(validate([priced(0.5)], none, undefined, decided).accepted).toHaveLength(1);
    expect(validate([priced(0.509)], none, undefined, decided).accepted).toHaveLength(1);
    expect(validate([priced(0.55)], none, undefined, decided).issues).toMatchObject([
      { kind: "quarantined", code: "PRICE_IMPLAUSIBLE" },
    ]);
  });

  it("vouches only for the on-demand price: an implausible spot or reserved price still quarantines", () => {
    const decided = [approved(0.5)];
    const placeholderSpot = priced(0.5, { pricePerHourSpot: 0.01 });
    expect(validate([placeholderSpot], none, undefined, decided).issues).toMatchObject([
      {
        kind: "quarantined",
        code: "PRICE_IMPLAUSIBLE",
        message: expect.stringMatching(/^spot \$0\.01\/GPU-hour is outside/),
      },
    ]);
    const dearReserved = priced(0.5, { pricePerHourReserved1y: 0.9 });
    expect(validate([dearReserved], none, undefined, decided).issues).toMatchObject([
      {
        code: "PRICE_IMPLAUSIBLE",
        message: expect.stringContaining("1-year reserved $0.9/hour is above the on-demand $0.5/hour"),
      },
    ]);
  });

  it("publishes an approved jump without waiting for a second observation", () => {
    const result = validate([priced(0.99)], storedAt(2.99), undefined, [approved(0.99)]);
    expect(result.accepted.map((accepted) => accepted.pricePerHour)).toEqual([0.99]);
    expect(result.issues).toEqual([]);
  });

  it("waives nothing else for an approved price: VRAM, column ranges and identity still decide", () => {
    const decided = [approved(0.5)];
    const wrongMemory = priced(0.5, { offer: { gpuMemoryGb: 24 } });
    expect(validate([wrongMemory], none, undefined, decided).issues).toMatchObject([{ code: "VRAM_MISMATCH" }]);
    const tooManyCpus = priced(0.5, { offer: { vcpuCount: 40_000 } });
    expect(validate([tooManyCpus], none, undefined, decided).issues).toMatchObject([{ code: "VALUE_OUT_OF_RANGE" }]);
    const unknownGpu = priced(0.5, { gpuModel: null, unmappedReason: "not in the catalog: X1", catalogVramGb: null });
    expect(validate([unknownGpu], none, undefined, decided).issues).toMatchObject([{ code: "GPU_UNMAPPED" }]);
  });

  it("keeps publishing an approved price while the provider keeps it", () => {
    const decidedAt = new Date("2026-03-02T09:00:00Z");
    const publishedSince = storedAt(0.5, null, new Date("2026-03-02T12:00:00Z"));
    expect(validate([priced(0.5)], publishedSince, undefined, [approved(0.5, decidedAt)]).accepted).toHaveLength(1);
  });

  it("measures later jumps against an approved price once it is published", () => {
    // Approved: $2.99 with its 1-year reserved price cut to $0.80, which was then published.
    const decidedAt = new Date("2026-03-02T09:00:00Z");
    const publishedSince = storedAt(2.99, 0.8, new Date("2026-03-02T12:00:00Z"));
    const decided = [approved(2.99, decidedAt)];
    expect(
      validate([priced(2.99, { pricePerHourReserved1y: 0.8 })], publishedSince, undefined, decided).accepted,
    ).toHaveLength(1);
    const jumpedAgain = validate([priced(2.99, { pricePerHourReserved1y: 1.9 })], publishedSince, undefined, decided);
    expect(jumpedAgain.issues).toMatchObject([{ kind: "quarantined", code: "PRICE_ANOMALY" }]);
    expect(jumpedAgain.issues[0]!.message).toContain("1-year reserved $0.8 → $1.9");
  });

  it("spends an approval once the offer is published at another price after it", () => {
    const decidedAt = new Date("2026-03-02T09:00:00Z");
    const republished = storedAt(2.99, null, new Date("2026-03-02T12:00:00Z"));
    expect(validate([priced(0.5)], republished, undefined, [approved(0.5, decidedAt)]).issues).toMatchObject([
      { kind: "quarantined", code: "PRICE_IMPLAUSIBLE" },
    ]);
    // Published at its usual price before the approval: the approval still waits for its price.
    const before = storedAt(2.99, null, new Date("2026-03-02T06:00:00Z"));
    expect(validate([priced(0.5)], before, undefined, [approved(0.5, decidedAt)]).accepted).toHaveLength(1);
  });

  it("never confirms a rejected jump, however often the provider repeats it", () => {
    const result = validate([priced(0.99)], storedAt(2.99), heldAt(0.99), [rejected(0.99)]);
    expect(result.accepted).toEqual([]);
    expect(result.issues).toMatchObject([{ kind: "quarantined", code: "PRICE_ANOMALY", previousPricePerHour: 2.99 }]);
    expect(result.issues[0]!.message).toContain("an operator rejected $0.99/hour on 2026-03-02");
  });

  it("does not let a near-repeat of a rejected price confirm a jump", () => {
    // 1.019 is within 2 % of the rejected 1.00, and 1.035 within 2 % of 1.019 but not of 1.00.
    const result = validate([priced(1.035)], storedAt(2.99), heldAt(1.019), [rejected(1)]);
    expect(result.issues).toMatchObject([{ code: "PRICE_ANOMALY" }]);
    expect(result.issues[0]!.message).toContain("published once the next scrape confirms it");
  });

  it("keeps a rejected implausible price in quarantine, saying it was rejected", () => {
    const result = validate([priced(0.5)], none, undefined, [rejected(0.5)]);
    expect(result.issues).toMatchObject([{ kind: "quarantined", code: "PRICE_IMPLAUSIBLE" }]);
    expect(result.issues[0]!.message).toContain("an operator rejected $0.5/hour");
  });

  it("publishes a price near a rejected one when nothing holds it back", () => {
    // The rejected observation jumped in its reserved price; the on-demand price it kept is sound.
    const result = validate([priced(2.99, { pricePerHourReserved1y: 2.1 })], storedAt(2.99, 2.2), undefined, [
      rejected(2.99),
    ]);
    expect(result.accepted).toHaveLength(1);
  });

  it("follows the newest decision on a price", () => {
    const earlier = new Date("2026-03-02T09:00:00Z");
    const later = new Date("2026-03-03T09:00:00Z");
    const stored = storedAt(2.99, null, new Date("2026-03-01T00:00:00Z"));
    expect(
      validate([priced(0.99)], stored, undefined, [approved(0.99, later), rejected(0.99, earlier)]).accepted,
    ).toHaveLength(1);
    expect(
      validate([priced(0.99)], stored, undefined, [rejected(0.99, later), approved(0.99, earlier)]).issues,
    ).toMatchObject([{ code: "PRICE_ANOMALY" }]);
  });
});
