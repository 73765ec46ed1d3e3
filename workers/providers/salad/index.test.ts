import { describe, expect, it } from "vitest";
import { pricesOutsideBands } from "../../testing/bands";
import { scrapeRecording } from "../../testing/recordings";
import { createProviderHttp, ProviderError } from "../http";
import { recordingSchema, replayFetch } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import problem from "./fixtures/problem.json";
import success from "./fixtures/success.json";
import { salad } from "./index";

const CREDENTIAL = { credential: "acme-ai:salad-test-key" };
const SOURCE = "https://api.salad.com/api/public/organizations/acme-ai/gpu-classes";

const scrape = (fixture: unknown) => scrapeRecording(salad, fixture, CREDENTIAL);

describe("salad adapter", () => {
  it("quotes each GPU class as a one-GPU instance: high priority on demand, batch as spot", async () => {
    const { offers } = await scrape(success);
    expect(offers.find((offer) => offer.gpuNameRaw === "RTX 4090 (24 GB)")).toMatchObject({
      instanceType: "ed563892-aacd-40f5-80b7-90c9be6c759b",
      gpuCount: 1,
      gpuMemoryGb: 24,
      currency: "USD",
      pricePerHour: 0.3,
      pricePerHourSpot: 0.18,
      availability: "limited",
      regions: [],
      sourceUrl: SOURCE,
      priceIncludes: {
        onDemandPriority: "high",
        spotPriority: "batch",
        pricesByPriority: { batch: 0.18, low: 0.2, medium: 0.24, high: 0.3 },
        highDemand: true,
      },
    });
  });

  it("reads string prices whatever order the tiers come in", async () => {
    const { offers } = await scrape(success);
    expect(offers.find((offer) => offer.gpuNameRaw === "RTX 3060 (12 GB)")).toMatchObject({
      gpuMemoryGb: 12,
      pricePerHour: 0.08,
      pricePerHourSpot: 0.04,
    });
  });

  it("sends the key in the Salad-Api-Key header to the organisation's class list", async () => {
    const replay = replayFetch(recordingSchema.parse(success));
    const sent: Request[] = [];
    const http = createProviderHttp({
      fetch: async (input, init) => {
        sent.push(new Request(input, init));
        return replay(input, init);
      },
    });
    await salad.scrape({ http, baseUrl: salad.baseUrl.default, credential: "acme-ai:salad-test-key", now: new Date() });
    expect(sent.map((request) => request.url)).toEqual([SOURCE]);
    expect(sent[0]?.headers.get("Salad-Api-Key")).toBe("salad-test-key");
  });

  it("has no spot price for a class quoted at high priority only, and ignores tiers it does not know", async () => {
    const { offers } = await scrape(success);
    expect(offers.find((offer) => offer.gpuNameRaw === "L40S (48 GB)")).toMatchObject({
      gpuMemoryGb: 48,
      pricePerHour: 0.65,
      pricePerHourSpot: null,
      priceIncludes: { pricesByPriority: { high: 0.65 } },
    });
  });

  it("keeps a laptop class apart from the desktop card", async () => {
    const { offers } = await scrape(success);
    expect(offers.find((offer) => offer.gpuNameRaw === "RTX 5090 Laptop (24 GB)")).toMatchObject({
      gpuMemoryGb: 24,
      pricePerHour: 0.18,
    });
    expect(offers.find((offer) => offer.gpuNameRaw === "RTX 5090 (32 GB)")).toMatchObject({
      gpuMemoryGb: 32,
      pricePerHour: 0.4,
      pricePerHourSpot: 0.25,
    });
  });

  it("skips a class with only a batch price, an unreadable price or no name, and keeps the rest", async () => {
    const { offers, skipped } = await scrape(success);
    expect(offers).toHaveLength(6);
    expect(skipped.map((record) => [record.instanceType, record.reason])).toEqual([
      ["4e2f7f4b-11c6-4f0a-9d44-9e3d4b0c1a77", expect.stringContaining("no high, medium or low priority price")],
      ["2b1c6d59-8a0e-4a53-8c1f-0f8a3f2d7e10", 'medium price "N/A" is not a price'],
      ["77f0a2a3-5b52-4a0c-b9b3-3b6d2f6f8c21", expect.stringContaining("name")],
    ]);
    expect(skipped.every((record) => record.cause === undefined)).toBe(true);
  });

  it("keeps every price inside its GPU's plausible band", async () => {
    const { offers } = await scrape(success);
    expect(pricesOutsideBands("salad", offers)).toEqual([]);
  });

  it("returns no offers for an empty class list", async () => {
    expect(await scrape(empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("reports schema drift when the class list moves", async () => {
    await expect(scrape(drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("reports a rejected key", async () => {
    await expect(scrape(error)).rejects.toMatchObject({ code: "INVALID_API_KEY" });
  });

  it("reports a problem-details body as an upstream error", async () => {
    const failure = scrape(problem);
    await expect(failure).rejects.toBeInstanceOf(ProviderError);
    await expect(failure).rejects.toMatchObject({
      code: "UPSTREAM_ERROR",
      message: expect.stringContaining("not found"),
    });
  });

  it("asks for the organisation when the secret holds only a key, and sends nothing", async () => {
    const result = scrapeRecording(salad, success, { credential: "salad-test-key" });
    await expect(result).rejects.toMatchObject({ code: "MISSING_CREDENTIALS" });
  });
});
