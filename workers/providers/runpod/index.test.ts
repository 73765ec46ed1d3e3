import { describe, expect, it } from "vitest";
import { FALLBACK_FX_RATES } from "../../../shared/fx";
import { normaliseOffer } from "../../ingest/normalise";
import { validateOffers } from "../../ingest/validate";
import { pricesOutsideBands } from "../../testing/bands";
import { scrapeRecording } from "../../testing/recordings";
import { ProviderError } from "../http";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import recorded2025 from "./fixtures/recorded-2025-06-21.json";
import recorded2026 from "./fixtures/recorded-2026-09-29.json";
import success from "./fixtures/success.json";
import { runpod } from "./index";

/** A documented answer carrying the given gpuTypes records. */
function answerWith(gpuTypes: unknown[]) {
  return {
    provider: "runpod",
    recordedAt: null,
    origin: "documented",
    exchanges: [
      {
        request: { method: "POST", url: "https://api.runpod.io/graphql", bodyIncludes: "gpuTypes" },
        response: { status: 200, body: { data: { gpuTypes } } },
      },
    ],
  };
}

const now = new Date("2026-11-20T12:00:00Z");

describe("runpod adapter", () => {
  it("turns gpuTypes into one offer per GPU type and cloud, per-GPU prices kept apart by cloud", async () => {
    const { offers, skipped } = await scrapeRecording(runpod, success);
    expect(skipped).toEqual([]);
    // 20 priced types: 17 in both clouds, 3 (H200, B200, MI300X) in Secure only; the unpriced
    // A100 40GB is listed but not an offer.
    expect(offers).toHaveLength(37);
    const h100Secure = offers.find((offer) => offer.instanceType === "secure:NVIDIA H100 80GB HBM3");
    expect(h100Secure).toMatchObject({
      gpuNameRaw: "NVIDIA H100 80GB HBM3",
      gpuCount: 1,
      gpuMemoryGb: 80,
      currency: "USD",
      pricePerHour: 2.99,
      pricePerHourSpot: 1.75,
      pricePerHourReserved1y: 2.39,
      availability: "available",
      sourceUrl: "https://api.runpod.io/graphql",
    });
    const h100Community = offers.find((offer) => offer.instanceType === "community:NVIDIA H100 80GB HBM3");
    expect(h100Community).toMatchObject({
      pricePerHour: 2.69,
      pricePerHourSpot: 1.55,
      pricePerHourReserved1y: null,
      availability: "limited",
    });
    expect(offers.some((offer) => offer.gpuNameRaw === "NVIDIA A100-SXM4-40GB")).toBe(false);
  });

  it("maps stock: High/Medium available, Low limited, none sold out", async () => {
    const { offers } = await scrapeRecording(runpod, success);
    const availability = (instanceType: string) =>
      offers.find((offer) => offer.instanceType === instanceType)?.availability;
    expect(availability("secure:NVIDIA H100 PCIe")).toBe("available");
    expect(availability("secure:NVIDIA B200")).toBe("limited");
    expect(availability("secure:NVIDIA L40")).toBe("sold_out");
  });

  it("asks the GraphQL endpoint once, by POST", async () => {
    const { exchanges } = await scrapeRecording(runpod, success);
    expect(exchanges).toMatchObject([{ method: "POST", url: "https://api.runpod.io/graphql", status: 200 }]);
  });

  it("returns no offers for an empty catalogue", async () => {
    expect(await scrapeRecording(runpod, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("keeps the good records and reports the malformed ones", async () => {
    const { offers, skipped } = await scrapeRecording(runpod, partial);
    expect(offers.map((offer) => offer.gpuNameRaw)).toContain("NVIDIA H100 80GB HBM3");
    expect(skipped).toHaveLength(2);
    expect(skipped[0]!.reason).toMatch(/securePrice/);
    expect(skipped[1]!.reason).toMatch(/id/);
  });

  it("fails the scrape as schema drift when gpuTypes is not a list", async () => {
    await expect(scrapeRecording(runpod, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails the scrape when a 200 carries a GraphQL error", async () => {
    const failure = await scrapeRecording(runpod, error).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: "UPSTREAM_ERROR", retryable: false });
  });

  it.each([
    ["success.json", success],
    ["recorded-2025-06-21.json", recorded2025],
  ])("prices every offer of %s inside its GPU's band", async (_name, fixture) => {
    const { offers } = await scrapeRecording(runpod, fixture);
    expect(offers.length).toBeGreaterThan(0);
    expect(pricesOutsideBands("runpod", offers)).toEqual([]);
  });
});

describe("runpod adapter on RunPod's recorded answers", () => {
  const price = (offers: { instanceType: string; pricePerHour: number }[], instanceType: string) =>
    offers.find((offer) => offer.instanceType === instanceType)?.pricePerHour;

  it("does not offer a GPU in a cloud RunPod has switched off, whatever price it lists", async () => {
    const { offers } = await scrapeRecording(runpod, recorded2025);
    const pro6000 = "NVIDIA RTX PRO 6000 Blackwell Workstation Edition";
    // Community prices of $0.50 beside communityCloud: false.
    expect(price(offers, `community:${pro6000}`)).toBeUndefined();
    expect(price(offers, "community:AMD Instinct MI300X OAM")).toBeUndefined();
    expect(price(offers, "community:NVIDIA B200")).toBeUndefined();
    expect(price(offers, `secure:${pro6000}`)).toBe(1.79);
    expect(price(offers, "secure:AMD Instinct MI300X OAM")).toBe(2.49);
    expect(price(offers, "secure:NVIDIA B200")).toBe(6.39);
  });

  it("does not offer a switched-off cloud even when its listed price looks plausible", async () => {
    const { offers } = await scrapeRecording(runpod, recorded2025);
    expect(price(offers, "community:NVIDIA A40")).toBeUndefined(); // 0.35 listed
    expect(price(offers, "community:NVIDIA L4")).toBeUndefined(); // 0.44 listed
    expect(price(offers, "secure:NVIDIA A30")).toBeUndefined(); // 0.41 listed
    expect(price(offers, "secure:NVIDIA A40")).toBe(0.4);
    expect(price(offers, "secure:NVIDIA L4")).toBe(0.43);
    expect(price(offers, "community:NVIDIA A30")).toBe(0.22);
  });

  it("reports each price listed for a switched-off cloud as an excluded record", async () => {
    const { offers, skipped } = await scrapeRecording(runpod, recorded2025);
    // 70 positive prices: 55 in clouds whose flag is true, 15 in clouds whose flag is false.
    expect(offers).toHaveLength(55);
    expect(skipped.every((record) => record.cause === "excluded")).toBe(true);
    expect(skipped.map((record) => record.instanceType).sort()).toEqual(
      [
        "community:AMD Instinct MI300X OAM",
        "community:NVIDIA A40",
        "community:NVIDIA B200",
        "community:NVIDIA L4",
        "community:NVIDIA RTX 2000 Ada Generation",
        "community:NVIDIA RTX PRO 6000 Blackwell Workstation Edition",
        "secure:NVIDIA A30",
        "secure:NVIDIA GeForce RTX 3090 Ti",
        "secure:NVIDIA GeForce RTX 4070 Ti",
        "secure:NVIDIA GeForce RTX 4080",
        "secure:NVIDIA GeForce RTX 4080 SUPER",
        "secure:NVIDIA GeForce RTX 5080",
        "secure:NVIDIA RTX 5000 Ada Generation",
        "secure:NVIDIA RTX A2000",
        "secure:Tesla V100-SXM2-32GB",
      ].sort(),
    );
    expect(skipped.find((record) => record.instanceType === "community:NVIDIA B200")?.reason).toMatch(
      /communityPrice 0\.5 .*communityCloud is false/,
    );
  });

  it("takes a price of 0 as not offered, with nothing to report", async () => {
    const { offers, skipped } = await scrapeRecording(runpod, recorded2025);
    // securePrice 0 beside secureCloud: false; the Community price is real.
    expect(price(offers, "secure:NVIDIA GeForce RTX 3070")).toBeUndefined();
    expect(skipped.some((record) => record.instanceType === "secure:NVIDIA GeForce RTX 3070")).toBe(false);
    expect(price(offers, "community:NVIDIA GeForce RTX 3070")).toBe(0.13);
  });

  it("offers nothing for the 'unknown' type, whose flags are off and prices 0", async () => {
    const { offers, skipped } = await scrapeRecording(runpod, recorded2025);
    expect(offers.some((offer) => offer.gpuNameRaw === "unknown")).toBe(false);
    expect(skipped.some((record) => record.gpuNameRaw === "unknown")).toBe(false);
  });

  it("carries each offered cloud's own spot price, and none from a cloud that is off", async () => {
    const { offers } = await scrapeRecording(runpod, recorded2025);
    const spot = (instanceType: string) =>
      offers.find((offer) => offer.instanceType === instanceType)?.pricePerHourSpot;
    expect(spot("secure:NVIDIA H100 80GB HBM3")).toBe(1.75);
    expect(spot("community:NVIDIA H100 80GB HBM3")).toBe(1.5);
    // secureSpotPrice 0.3 and 0.42 are listed for these, but Secure Cloud is off.
    expect(spot("secure:NVIDIA GeForce RTX 5080")).toBeUndefined();
    expect(spot("secure:NVIDIA RTX 5000 Ada Generation")).toBeUndefined();
    expect(spot("community:NVIDIA GeForce RTX 5080")).toBe(0.25);
  });

  it("publishes availability as limited, not available, when the answer carries no stock", async () => {
    const { offers } = await scrapeRecording(runpod, recorded2025);
    expect(new Set(offers.map((offer) => offer.availability))).toEqual(new Set(["limited"]));
  });

  it("keeps the B200's reported 180 GB, which still identifies and validates as the 192 GB B200", async () => {
    const { offers } = await scrapeRecording(runpod, recorded2025);
    const b200 = offers.find((offer) => offer.instanceType === "secure:NVIDIA B200");
    expect(b200?.gpuMemoryGb).toBe(180);
    const normalised = offers.map((offer) => normaliseOffer("runpod", offer, { rates: FALLBACK_FX_RATES, now }));
    const { accepted } = validateOffers({ offers: normalised, stored: new Map(), quarantined: new Map() });
    expect(accepted.find((offer) => offer.offer.instanceType === "secure:NVIDIA B200")).toMatchObject({
      gpuModel: "b200-sxm",
      pricePerGpuHour: 6.39,
    });
  });

  it("passes on the form factor stated by the display name or the id, the id kept as the GPU name", async () => {
    const { offers } = await scrapeRecording(runpod, recorded2025);
    const identity = (instanceType: string) => {
      const offer = offers.find((candidate) => candidate.instanceType === instanceType);
      if (!offer) return undefined;
      const { gpuModel } = normaliseOffer("runpod", offer, { rates: FALLBACK_FX_RATES, now });
      return { gpuNameRaw: offer.gpuNameRaw, formFactor: offer.formFactor, gpuModel };
    };
    expect(identity("secure:NVIDIA H100 80GB HBM3")).toEqual({
      gpuNameRaw: "NVIDIA H100 80GB HBM3",
      formFactor: "SXM",
      gpuModel: "h100-sxm",
    });
    expect(identity("secure:NVIDIA H200")).toEqual({
      gpuNameRaw: "NVIDIA H200",
      formFactor: "SXM",
      gpuModel: "h200-sxm",
    });
    expect(identity("secure:NVIDIA H100 NVL")).toMatchObject({ formFactor: "NVL", gpuModel: "h100-nvl" });
    expect(identity("community:Tesla V100-PCIE-16GB")).toEqual({
      gpuNameRaw: "Tesla V100-PCIE-16GB",
      formFactor: "PCIE",
      gpuModel: "v100-16gb",
    });
    expect(identity("community:NVIDIA GeForce RTX 4090")).toMatchObject({ formFactor: null });
  });

  it("fails as schema drift on an answer without cloud flags, like the 2026 recording's minimal query", async () => {
    const failure = await scrapeRecording(runpod, recorded2026).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: "SCHEMA_DRIFT", message: expect.stringMatching(/secureCloud/) });
  });

  it("leaves a cloud unreadable when its flag is missing from one record and present in others", async () => {
    const { offers, skipped } = await scrapeRecording(
      runpod,
      answerWith([
        {
          id: "NVIDIA L40S",
          memoryInGb: 48,
          secureCloud: true,
          communityCloud: false,
          securePrice: 0.86,
          communityPrice: 0.5,
        },
        { id: "NVIDIA L4", memoryInGb: 24, secureCloud: true, securePrice: 0.43, communityPrice: 0.44 },
      ]),
    );
    expect(offers.map((offer) => offer.instanceType)).toEqual(["secure:NVIDIA L40S", "secure:NVIDIA L4"]);
    expect(skipped).toMatchObject([
      { instanceType: "community:NVIDIA L40S", cause: "excluded" },
      { instanceType: "community:NVIDIA L4", reason: expect.stringMatching(/communityCloud is missing/) },
    ]);
    expect(skipped[1]!.cause).toBeUndefined(); // unreadable: a stored offer behind it is kept, not deactivated
  });
});
