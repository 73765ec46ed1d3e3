import { describe, expect, it } from "vitest";
import { pricesOutsideBands } from "../../testing/bands";
import { scrapeRecording } from "../../testing/recordings";
import { createProviderHttp } from "../http";
import { recordingSchema, replayFetch } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import noStock from "./fixtures/no-stock.json";
import success from "./fixtures/success.json";
import { oblivus } from "./index";

const METADATA = "https://api.oblivus.com/v2/cloud/metadata/";

describe("oblivus adapter", () => {
  it("prices each configuration as the per-GPU rate times its GPUs", async () => {
    const { offers } = await scrapeRecording(oblivus, success);
    expect(offers.find((offer) => offer.instanceType === "H100_SXM5_80GB_x8")).toMatchObject({
      instanceName: "8x NVIDIA H100 SXM5 80GB",
      gpuNameRaw: "NVIDIA H100 SXM5 80GB",
      gpuCount: 8,
      gpuMemoryGb: 80,
      formFactor: "SXM",
      currency: "USD",
      pricePerHour: 23.6,
      pricePerHourSpot: null,
      vcpuCount: 224,
      ramGb: 1920,
      storageGb: 200,
      hasInfiniband: true,
      sourceUrl: METADATA,
      priceIncludes: {
        pricePerGpuHour: 2.95,
        commit1mPerGpuHour: 2.65,
        commit3mPerGpuHour: 2.45,
        ephemeralStorageGb: 30000,
      },
    });
    expect(offers.find((offer) => offer.instanceType === "H100_SXM5_80GB_x1")).toMatchObject({
      gpuCount: 1,
      pricePerHour: 2.95,
    });
  });

  it("turns only the 12- and 36-month commitments into hourly reserved rates for the whole machine", async () => {
    const { offers } = await scrapeRecording(oblivus, success);
    expect(offers.find((offer) => offer.instanceType === "H100_SXM5_80GB_x8")).toMatchObject({
      pricePerHourReserved1y: 17.2,
      pricePerHourReserved3y: 15.6,
    });
    expect(offers.find((offer) => offer.instanceType === "A100_PCIE_80GB_x4")).toMatchObject({
      formFactor: "PCIe",
      pricePerHour: 5.88,
      pricePerHourReserved1y: 5,
      pricePerHourReserved3y: 4.4,
    });
  });

  it("drops a committed figure above the on-demand rate instead of reading a term total as hourly", async () => {
    const { offers } = await scrapeRecording(oblivus, success);
    expect(offers.find((offer) => offer.instanceType === "RTX_A6000_48GB_x1")).toMatchObject({
      gpuMemoryGb: 48,
      pricePerHour: 0.55,
      pricePerHourReserved1y: null,
      pricePerHourReserved3y: null,
    });
  });

  it("is available only where the stock listing counts deployable machines", async () => {
    const { offers } = await scrapeRecording(oblivus, success);
    const offer = (type: string) => offers.find((candidate) => candidate.instanceType === type);
    expect(offer("H100_SXM5_80GB_x8")).toMatchObject({ availability: "available", regions: ["OSL1"] });
    expect(offer("A100_PCIE_80GB_x1")).toMatchObject({ availability: "sold_out", regions: [] });
    // Not named by the stock listing: no signal either way.
    expect(offer("RTX_A6000_48GB_x1")).toMatchObject({ availability: "limited", regions: [] });
  });

  it("keeps prices as limited when the stock listing fails", async () => {
    const { offers } = await scrapeRecording(oblivus, noStock);
    expect(offers).toHaveLength(7);
    expect(new Set(offers.map((offer) => offer.availability))).toEqual(new Set(["limited"]));
  });

  it("skips a fractional GPU size, a price that is not a number and a flavour without a name", async () => {
    const { offers, skipped } = await scrapeRecording(oblivus, success);
    expect(offers).toHaveLength(7);
    expect(skipped.map((record) => [record.instanceType, record.reason])).toEqual([
      ["RTX_A6000_48GB_half", 'GPUAmount "0.5" is not a whole number of GPUs'],
      ["L40S_48GB", 'hourlyCost "contact sales" is not a price'],
      ["V100_16GB", expect.stringContaining("metaName")],
    ]);
  });

  it("sends the key in the apiKey header to both listings", async () => {
    const replay = replayFetch(recordingSchema.parse(success));
    const sent: Request[] = [];
    const http = createProviderHttp({
      fetch: async (input, init) => {
        sent.push(new Request(input, init));
        return replay(input, init);
      },
    });
    await oblivus.scrape({ http, baseUrl: oblivus.baseUrl.default, credential: "oblivus-test-key", now: new Date() });
    expect(sent.map((request) => request.url)).toEqual([METADATA, "https://api.oblivus.com/v2/cloud/stock/list/"]);
    expect(sent.map((request) => request.headers.get("apiKey"))).toEqual(["oblivus-test-key", "oblivus-test-key"]);
    expect(sent[0]?.headers.get("Authorization")).toBeNull();
  });

  it("keeps every price inside its GPU's plausible band", async () => {
    const { offers } = await scrapeRecording(oblivus, success);
    expect(pricesOutsideBands("oblivus", offers)).toEqual([]);
  });

  it("returns no offers when no flavours are listed", async () => {
    expect(await scrapeRecording(oblivus, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("reports schema drift when the flavours stop being a map", async () => {
    await expect(scrapeRecording(oblivus, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("reports a rejected key carried in a 200 error body", async () => {
    await expect(scrapeRecording(oblivus, error)).rejects.toMatchObject({ code: "INVALID_API_KEY" });
  });
});
