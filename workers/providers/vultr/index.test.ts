import { describe, expect, it } from "vitest";
import { scrapeRecording } from "../../testing/recordings";
import { ProviderError } from "../http";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import success from "./fixtures/success.json";
import { vultr } from "./index";

/** A /v2/plans listing whose cursor never runs out, the same page again and again. */
function endlessPlansRecording() {
  const listing = (key: string, next: string) => ({ [key]: [], meta: { total: 0, links: { next, prev: "" } } });
  return {
    provider: "vultr",
    recordedAt: null,
    origin: "documented",
    exchanges: [
      {
        request: { method: "GET", url: "https://api.vultr.com/v2/plans?type=all&per_page=500" },
        response: { status: 200, body: listing("plans", "again") },
      },
      {
        request: { method: "GET", url: "https://api.vultr.com/v2/plans-metal?per_page=500" },
        response: { status: 200, body: listing("plans_metal", "") },
      },
    ],
  };
}

describe("vultr adapter", () => {
  it("turns Cloud GPU and bare-metal GPU plans into offers priced for the whole plan", async () => {
    const { offers } = await scrapeRecording(vultr, success);
    // 8 Cloud GPU plans (the 4 GB A100 slice is skipped) and 3 bare-metal GPU boxes.
    expect(offers).toHaveLength(11);
    expect(offers.find((offer) => offer.instanceType === "vcg-a100-12c-120g-80vram")).toMatchObject({
      gpuNameRaw: "NVIDIA_A100",
      gpuCount: 1,
      gpuMemoryGb: 80,
      currency: "USD",
      pricePerHour: 2.397,
      pricePerMonth: 1750,
      availability: "available",
      regions: ["ewr", "ord", "sjc"],
      vcpuCount: 12,
      ramGb: 120,
      storageGb: 1400,
      sourceUrl: "https://api.vultr.com/v2/plans?type=all&per_page=500",
    });
  });

  it("counts whole cards from the plan's total VRAM and reports memory per GPU", async () => {
    const { offers } = await scrapeRecording(vultr, success);
    const cards = (instanceType: string) => {
      const offer = offers.find((candidate) => candidate.instanceType === instanceType);
      return [offer?.gpuCount, offer?.gpuMemoryGb];
    };
    expect(cards("vcg-a100-24c-240g-160vram")).toEqual([2, 80]);
    expect(cards("vcg-l40s-16c-180g-48vram")).toEqual([1, 48]);
    expect(cards("vcg-l40s-32c-375g-96vram")).toEqual([2, 48]);
    expect(cards("vcg-a40-24c-120g-48vram")).toEqual([1, 48]);
    expect(cards("vcg-a16-6c-64g-16vram")).toEqual([1, 16]);
    expect(cards("vcg-h100-16c-240g-80vram")).toEqual([1, 80]);
    expect(cards("vcg-mi300x-20c-240g-192vram")).toEqual([1, 192]);
  });

  it("skips a fractional GPU instead of offering a slice as a card", async () => {
    const { offers, skipped } = await scrapeRecording(vultr, success);
    expect(offers.some((offer) => offer.instanceType === "vcg-a100-1c-6g-4vram")).toBe(false);
    expect(skipped).toEqual([
      expect.objectContaining({ instanceType: "vcg-a100-1c-6g-4vram", reason: "fractional GPU: 4 GB of a 80 GB A100" }),
    ]);
  });

  it("ignores plans without a GPU and plans listed at price 0", async () => {
    const { offers } = await scrapeRecording(vultr, success);
    const instanceTypes = offers.map((offer) => offer.instanceType);
    expect(instanceTypes).not.toContain("vc2-1c-1gb");
    expect(instanceTypes).not.toContain("vc2-1c-0.5gb-free");
    expect(instanceTypes).not.toContain("vbm-8c-132gb");
    const { offers: partialOffers, skipped } = await scrapeRecording(vultr, partial);
    expect(partialOffers.map((offer) => offer.instanceType)).not.toContain("vcg-a40-12c-60g-48vram");
    expect(skipped.map((record) => record.instanceType)).not.toContain("vcg-a40-12c-60g-48vram");
  });

  it("marks plans with no location, or not deployable on demand, as sold out", async () => {
    const { offers } = await scrapeRecording(vultr, success);
    expect(offers.find((offer) => offer.instanceType === "vcg-a40-24c-120g-48vram")).toMatchObject({
      availability: "sold_out",
      regions: [],
    });
    expect(offers.find((offer) => offer.instanceType === "vcg-l40s-32c-375g-96vram")).toMatchObject({
      availability: "sold_out",
      regions: ["sjc"],
    });
  });

  it("reads bare-metal GPU model and count from the id and keeps the preemptible price apart", async () => {
    const { offers } = await scrapeRecording(vultr, success);
    const metal = (instanceType: string) => offers.find((offer) => offer.instanceType === instanceType);
    expect(metal("vbm-112c-2048gb-8-h100-gpu")).toMatchObject({
      gpuNameRaw: "H100",
      gpuCount: 8,
      gpuMemoryGb: 80,
      formFactor: "SXM",
      pricePerHour: 23.92,
      pricePerHourSpot: 18.4,
      pricePerMonth: 16074.24,
      availability: "available",
      regions: ["sea"],
      vcpuCount: 224,
      ramGb: 2048,
      storageGb: 1920,
      sourceUrl: "https://api.vultr.com/v2/plans-metal?per_page=500",
    });
    expect(metal("vbm-256c-2048gb-8-mi300x-gpu")).toMatchObject({
      gpuNameRaw: "MI300X",
      gpuCount: 8,
      gpuMemoryGb: 192,
      formFactor: null,
      pricePerHour: 17.52,
      pricePerHourSpot: 14.72,
    });
    expect(metal("vbm-72c-480gb-gh200-gpu")).toMatchObject({
      gpuNameRaw: "GH200",
      gpuCount: 1,
      gpuMemoryGb: 96,
      formFactor: null,
      pricePerHour: 2.99,
      pricePerHourSpot: null,
    });
  });

  it("follows the plans cursor, then lists bare metal", async () => {
    const { exchanges, offers } = await scrapeRecording(vultr, success);
    expect(exchanges.map((exchange) => exchange.url)).toEqual([
      "https://api.vultr.com/v2/plans?type=all&per_page=500",
      "https://api.vultr.com/v2/plans?type=all&per_page=500&cursor=bmV4dF9fdmNnLWE0MC0yNGMtMTIwZy00OHZyYW0%3D",
      "https://api.vultr.com/v2/plans-metal?per_page=500",
    ]);
    expect(offers.find((offer) => offer.instanceType === "vcg-h100-16c-240g-80vram")?.sourceUrl).toBe(
      "https://api.vultr.com/v2/plans?type=all&per_page=500&cursor=bmV4dF9fdmNnLWE0MC0yNGMtMTIwZy00OHZyYW0%3D",
    );
  });

  it("gives up on a cursor that never ends after 20 pages", async () => {
    const failure = await scrapeRecording(vultr, endlessPlansRecording()).catch((caught: unknown) => caught);
    expect(failure).toMatchObject({ code: "UPSTREAM_ERROR", message: expect.stringMatching(/after 20 pages/) });
  });

  it("returns no offers for an empty catalogue", async () => {
    expect(await scrapeRecording(vultr, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("keeps the good plans and reports the ones it cannot read, with reasons", async () => {
    const { offers, skipped } = await scrapeRecording(vultr, partial);
    expect(offers.map((offer) => offer.instanceType)).toEqual([
      "vcg-l40s-16c-180g-48vram",
      "vbm-112c-2048gb-8-h100-gpu",
    ]);
    expect(skipped.map(({ instanceType, reason }) => [instanceType, reason])).toEqual([
      ["vcg-h100-16c-240g-80vram", expect.stringMatching(/^hourly_cost: /)],
      ["vcg-b200-32c-256g-180vram", "unknown gpu_type NVIDIA_B200: cannot tell whole cards from 180 GB of VRAM"],
      ["vcg-a100-18c-180g-120vram", "120 GB of VRAM is not a whole number of 80 GB A100 cards"],
      ["vcg-a40-24c-120g-48vram", "GPU plan of type vdm without gpu_type"],
      ["vbm-64c-1024gb-gpu", "cannot read the GPU model and count from the plan id"],
      ["vbm-64c-2048gb-8-l40-gpu", expect.stringMatching(/^locations: /)],
    ]);
  });

  it("fails the scrape as schema drift when plans is not a list", async () => {
    await expect(scrapeRecording(vultr, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails the scrape when a 200 carries Vultr's error object", async () => {
    const failure = await scrapeRecording(vultr, error).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({
      code: "UPSTREAM_ERROR",
      retryable: false,
      message: expect.stringMatching(/Invalid plan type/),
    });
  });
});
