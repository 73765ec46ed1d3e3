import { describe, expect, it } from "vitest";
import { scrapeRecording } from "../../testing/recordings";
import { ProviderError } from "../http";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import success from "./fixtures/success.json";
import { runpod } from "./index";

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
});
