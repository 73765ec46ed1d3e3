import { describe, expect, it } from "vitest";
import { pricesOutsideBands } from "../../testing/bands";
import { scrapeRecording } from "../../testing/recordings";
import { ProviderError } from "../http";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import recorded from "./fixtures/recorded-2026-09-29.json";
import success from "./fixtures/success.json";
import { datacrunch } from "./index";

describe("datacrunch adapter on Verda's recorded answer (2026-09-29)", () => {
  it("reads the real answer: whole-instance string prices, per-GPU memory, half-price spot", async () => {
    const { offers } = await scrapeRecording(datacrunch, recorded);
    expect(offers.find((offer) => offer.instanceType === "8H100.80S.176V")).toMatchObject({
      gpuNameRaw: "H100 SXM5 80GB",
      gpuCount: 8,
      gpuMemoryGb: 80,
      pricePerHour: 28.44,
      pricePerHourSpot: 14.22,
      currency: "USD",
      sourceUrl: "https://api.verda.com/v1/instance-types?currency=usd",
    });
    expect(offers.find((offer) => offer.instanceType === "1V100.6V")).toMatchObject({
      gpuNameRaw: "Tesla V100 16GB",
      pricePerHour: 0.19,
      pricePerHourSpot: 0.095,
      storageGb: 225,
    });
  });

  it("leaves out CPU types and excludes the confidential-computing variants by name", async () => {
    const { offers, skipped } = await scrapeRecording(datacrunch, recorded);
    // 70 types: 18 CPU-only, 6 GPU types are .CC variants, 46 ordinary GPU types.
    expect(offers).toHaveLength(46);
    expect(offers.some((offer) => offer.instanceType.endsWith(".CC"))).toBe(false);
    expect(skipped.map((record) => [record.instanceType, record.cause])).toEqual([
      ["1RTXPRO6000.30V.CC", "excluded"],
      ["4B300.120V.CC", "excluded"],
      ["8B300.240V.CC", "excluded"],
      ["2B200.60V.CC", "excluded"],
      ["4B200.120V.CC", "excluded"],
      ["8B200.240V.CC", "excluded"],
    ]);
  });

  it("keeps every price of the real answer inside its GPU's plausible band", async () => {
    const { offers } = await scrapeRecording(datacrunch, recorded);
    expect(pricesOutsideBands("datacrunch", offers)).toEqual([]);
    expect(pricesOutsideBands("datacrunch", (await scrapeRecording(datacrunch, success)).offers)).toEqual([]);
  });
});

describe("datacrunch adapter", () => {
  it("turns each GPU instance type into a whole-instance offer with per-GPU memory", async () => {
    const { offers, skipped } = await scrapeRecording(datacrunch, success);
    expect(skipped).toEqual([]);
    // 11 GPU types; the CPU-only CPU.120V.480G is not a GPU offer.
    expect(offers).toHaveLength(11);
    expect(offers.map((offer) => offer.instanceType)).not.toContain("CPU.120V.480G");
    expect(offers.find((offer) => offer.instanceType === "2H200.141S.44V")).toMatchObject({
      instanceName: "2x H200 SXM5 141GB",
      gpuNameRaw: "H200 SXM5 141GB",
      gpuCount: 2,
      gpuMemoryGb: 141, // 282 GB over 2 GPUs
      currency: "USD",
      pricePerHour: 6.58,
      pricePerHourSpot: 2.9,
      vcpuCount: 44,
      ramGb: 370,
      sourceUrl: "https://api.datacrunch.io/v1/instance-types?currency=usd",
    });
    expect(offers.find((offer) => offer.instanceType === "8B200.180S.240V")).toMatchObject({
      gpuNameRaw: "B200 SXM6 180GB",
      gpuCount: 8,
      gpuMemoryGb: 180, // 1440 GB over 8 GPUs
      pricePerHour: 35.92,
      pricePerHourSpot: 14.32,
    });
  });

  it("keeps spot apart from on-demand, and a zero spot price means no spot", async () => {
    const { offers } = await scrapeRecording(datacrunch, success);
    expect(offers.find((offer) => offer.instanceType === "8H100.80S.176V")).toMatchObject({
      pricePerHour: 18.32,
      pricePerHourSpot: 8.8,
    });
    expect(offers.find((offer) => offer.instanceType === "1L40S.20V")).toMatchObject({
      pricePerHour: 1.1,
      pricePerHourSpot: null,
    });
  });

  it("never claims stock it cannot see: listed types are limited, with no regions", async () => {
    const { offers } = await scrapeRecording(datacrunch, success);
    expect(new Set(offers.map((offer) => offer.availability))).toEqual(new Set(["limited"]));
    expect(offers.every((offer) => offer.regions.length === 0)).toBe(true);
  });

  it("asks the public endpoint once, with no key, pinning USD", async () => {
    expect(datacrunch.credential).toBeUndefined();
    expect(datacrunch.baseUrl.default).toBe("https://api.verda.com");
    const { exchanges } = await scrapeRecording(datacrunch, success);
    expect(exchanges).toMatchObject([
      { method: "GET", url: "https://api.datacrunch.io/v1/instance-types?currency=usd", status: 200 },
    ]);
  });

  it("returns no offers for an empty catalogue", async () => {
    expect(await scrapeRecording(datacrunch, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("keeps the good types and reports unpriced, non-USD and unnamed ones", async () => {
    const { offers, skipped } = await scrapeRecording(datacrunch, partial);
    expect(offers.map((offer) => offer.instanceType)).toEqual(["1H100.80S.30V", "1RTX6000ADA.10V"]);
    expect(skipped.map((record) => record.instanceType)).toEqual(["4A100.88V", "1H200.141S.22V", undefined]);
    expect(skipped[0]!.reason).toMatch(/price_per_hour: not a price: "N\/A"/);
    expect(skipped[1]!.reason).toMatch(/currency "eur"/);
    expect(skipped[2]!.reason).toMatch(/instance_type/);
  });

  it("names the GPU from name when gpu.description is empty", async () => {
    const { offers } = await scrapeRecording(datacrunch, partial);
    expect(offers.find((offer) => offer.instanceType === "1RTX6000ADA.10V")).toMatchObject({
      gpuNameRaw: "RTX 6000 Ada 48GB",
      instanceName: null,
      gpuCount: 1,
      gpuMemoryGb: 48,
      pricePerHour: 0.89,
      pricePerHourSpot: null,
    });
  });

  it("fails the scrape as schema drift when the types are not a bare list", async () => {
    await expect(scrapeRecording(datacrunch, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails the scrape when a 200 carries an error object", async () => {
    const failure = await scrapeRecording(datacrunch, error).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: "UPSTREAM_ERROR", retryable: false, message: /internal_server_error/ });
  });
});
