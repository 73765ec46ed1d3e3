import { describe, expect, it } from "vitest";
import { pricesOutsideBands } from "../../testing/bands";
import { identityOf, scrapeRecording } from "../../testing/recordings";
import { ProviderError } from "../http";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import recorded from "./fixtures/recorded-2026-04-vcg.json";
import success from "./fixtures/success.json";
import { vultr } from "./index";

const recordedPlans: Record<string, unknown>[] = recorded.exchanges[0]!.response.body.plans ?? [];
/** A plan of the recorded answer, by id, with `change` applied. */
const recordedPlan = (id: string, change: Record<string, unknown> = {}) => ({
  ...recordedPlans.find((plan) => plan.id === id),
  ...change,
});

/** A documented answer listing the given Cloud GPU and bare-metal plans, one page each. */
function plansRecording(plans: unknown[], metalPlans: unknown[] = []) {
  const meta = { total: plans.length + metalPlans.length, links: { next: "", prev: "" } };
  return {
    provider: "vultr",
    recordedAt: null,
    origin: "documented",
    exchanges: [
      {
        request: { method: "GET", url: "https://api.vultr.com/v2/plans?type=all&per_page=500" },
        response: { status: 200, body: { plans, meta } },
      },
      {
        request: { method: "GET", url: "https://api.vultr.com/v2/plans-metal?per_page=500" },
        response: { status: 200, body: { plans_metal: metalPlans, meta } },
      },
    ],
  };
}

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

describe("vultr adapter on its recorded answer", () => {
  it("counts A16 cards from the plan's total VRAM", async () => {
    const { offers } = await scrapeRecording(vultr, recorded);
    const a16 = offers.filter((offer) => offer.gpuNameRaw === "NVIDIA_A16");
    expect(a16.map((offer) => [offer.instanceType, offer.gpuCount, offer.gpuMemoryGb, offer.pricePerHour])).toEqual([
      ["vcg-a16-6c-64g-16vram", 1, 16, 0.471],
      ["vcg-a16-12c-128g-32vram", 2, 16, 0.942],
      ["vcg-a16-24c-256g-64vram", 4, 16, 1.884],
      ["vcg-a16-48c-496g-128vram", 8, 16, 3.767],
      ["vcg-a16-96c-960g-256vram", 16, 16, 7.534],
    ]);
    expect(offers.find((offer) => offer.instanceType === "vcg-a16-96c-960g-256vram")?.priceIncludes).toEqual({
      plan_vram_gb: 256,
    });
  });

  it("excludes fractional plans as excluded, not unreadable", async () => {
    const { offers, skipped } = await scrapeRecording(vultr, recorded);
    expect(skipped.map(({ instanceType, cause, reason }) => [instanceType, cause, reason])).toEqual([
      ["vcg-a16-2c-8g-2vram", "excluded", "fractional GPU: 2 GB of a 16 GB A16"],
      ["vcg-a16-2c-16g-4vram", "excluded", "fractional GPU: 4 GB of a 16 GB A16"],
      ["vcg-a40-1c-5g-2vram", "excluded", "fractional GPU: 2 GB of a 48 GB A40"],
      ["vcg-a16-3c-32g-8vram", "excluded", "fractional GPU: 8 GB of a 16 GB A16"],
      ["vcg-a40-2c-10g-4vram", "excluded", "fractional GPU: 4 GB of a 48 GB A40"],
      ["vcg-a40-4c-20g-8vram", "excluded", "fractional GPU: 8 GB of a 48 GB A40"],
      ["vcg-a40-6c-30g-12vram", "excluded", "fractional GPU: 12 GB of a 48 GB A40"],
      ["vcg-a40-8c-40g-16vram", "excluded", "fractional GPU: 16 GB of a 48 GB A40"],
      ["vcg-a40-12c-60g-24vram", "excluded", "fractional GPU: 24 GB of a 48 GB A40"],
    ]);
    // 20 plans: 9 slices, 11 whole-card offers.
    expect(offers).toHaveLength(11);
  });

  it("marks a plan listed in no location as sold out, though deploy_ondemand is true", async () => {
    const { offers } = await scrapeRecording(vultr, recorded);
    const soldOut = offers.filter((offer) => offer.availability === "sold_out");
    expect(soldOut.map((offer) => offer.instanceType)).toEqual([
      "vcg-l40s-16c-180g-48vram",
      "vcg-a40-24c-120g-48vram",
      "vcg-a40-96c-480g-192vram",
      "vcg-l40s-32c-375g-96vram",
      "vcg-l40s-64c-750g-192vram",
      "vcg-l40s-128c-1500g-384vram",
    ]);
    expect(soldOut.every((offer) => offer.regions.length === 0)).toBe(true);
    expect(offers.find((offer) => offer.instanceType === "vcg-a16-96c-960g-256vram")).toMatchObject({
      availability: "available",
      regions: ["atl"],
    });
  });

  it("does not publish a preemptible price equal to the on-demand one as spot", async () => {
    const { offers } = await scrapeRecording(vultr, recorded);
    expect(offers.find((offer) => offer.instanceType === "vcg-l40s-16c-180g-48vram")).toMatchObject({
      pricePerHour: 1.671,
      pricePerHourSpot: null,
    });
    expect(offers.every((offer) => offer.pricePerHourSpot === null)).toBe(true);
  });

  it("keeps every price of the recorded answer and of success.json inside its GPU's plausible band", async () => {
    for (const recording of [recorded, success]) {
      const { offers } = await scrapeRecording(vultr, recording);
      expect(pricesOutsideBands("vultr", offers)).toEqual([]);
    }
  });
});

describe("vultr adapter", () => {
  it("reads the GPU model and form factor from gpu_type, and counts cards of the data sheet size", async () => {
    const base = recordedPlan("vcg-a40-24c-120g-48vram", { locations: ["ewr"] });
    const { offers } = await scrapeRecording(
      vultr,
      plansRecording([
        { ...base, id: "vcg-a100-sxm", gpu_type: "NVIDIA_A100_SXM", gpu_vram_gb: 80, hourly_cost: 2.4 },
        { ...base, id: "vcg-a100-pcie", gpu_type: "NVIDIA_A100_PCIE", gpu_vram_gb: 160, hourly_cost: 4.2 },
        { ...base, id: "vcg-mi355x", gpu_type: "AMD_MI355X", gpu_vram_gb: 2304, hourly_cost: 24 },
        { ...base, id: "vcg-b200", gpu_type: "NVIDIA_B200", gpu_vram_gb: 180, hourly_cost: 4.1 },
      ]),
    );
    const offer = (instanceType: string) => offers.find((candidate) => candidate.instanceType === instanceType);
    expect(offer("vcg-a100-sxm")).toMatchObject({
      gpuNameRaw: "NVIDIA_A100_SXM",
      gpuCount: 1,
      gpuMemoryGb: 80,
      formFactor: "SXM",
    });
    expect(identityOf(offer("vcg-a100-sxm"))).toMatchObject({ slug: "a100-80gb" });
    expect(offer("vcg-a100-pcie")).toMatchObject({ gpuCount: 2, gpuMemoryGb: 80, formFactor: "PCIe" });
    expect(identityOf(offer("vcg-a100-pcie"))).toMatchObject({ slug: "a100-80gb-pcie" });
    expect(offer("vcg-mi355x")).toMatchObject({ gpuNameRaw: "AMD_MI355X", gpuCount: 8, gpuMemoryGb: 288 });
    // A card that reports its usable memory (180 of 192 GB) is still one card.
    expect(offer("vcg-b200")).toMatchObject({ gpuCount: 1, gpuMemoryGb: 180 });
  });

  it("lets a gpu_type it knows no card size of through with its raw name, as one GPU with the plan's memory", async () => {
    const plan = recordedPlan("vcg-l40s-16c-180g-48vram", {
      id: "vcg-rtxpro6000-16c-180g-96vram",
      gpu_type: "NVIDIA_RTX_PRO_6000",
      gpu_vram_gb: 96,
    });
    const { offers, skipped } = await scrapeRecording(vultr, plansRecording([plan]));
    expect(skipped).toEqual([]);
    expect(offers).toMatchObject([{ gpuNameRaw: "NVIDIA_RTX_PRO_6000", gpuCount: 1, gpuMemoryGb: 96 }]);
    expect(identityOf(offers[0])).toMatchObject({ slug: "rtx-pro-6000" });
    // Two such cards would report 192 GB: no catalog GPU, so the pipeline records it as unmapped.
    const { offers: twoCards } = await scrapeRecording(vultr, plansRecording([{ ...plan, gpu_vram_gb: 192 }]));
    expect(identityOf(twoCards[0])).toMatchObject({ slug: null });
  });

  it("takes the card count from gpu_count when a plan states it", async () => {
    const base = recordedPlan("vcg-a40-96c-480g-192vram", { locations: ["ewr"] });
    const { offers, skipped } = await scrapeRecording(
      vultr,
      plansRecording([
        { ...base, gpu_count: 4 },
        { ...base, id: "vcg-a40-slice", gpu_count: 0.5, gpu_vram_gb: 24 },
      ]),
    );
    expect(offers).toMatchObject([{ instanceType: "vcg-a40-96c-480g-192vram", gpuCount: 4, gpuMemoryGb: 48 }]);
    expect(skipped).toMatchObject([{ instanceType: "vcg-a40-slice", cause: "excluded" }]);
  });

  it("keeps a non-empty location_cost beside the plan's list price", async () => {
    // Its shape is not recorded (always {}); whatever it holds is kept as it came.
    const locationCost = { ewr: { hourly_cost: 0.5, monthly_cost: 365 } };
    const plan = recordedPlan("vcg-a16-6c-64g-16vram", { location_cost: locationCost });
    const { offers } = await scrapeRecording(vultr, plansRecording([plan]));
    expect(offers).toMatchObject([
      { pricePerHour: 0.471, priceIncludes: { plan_vram_gb: 16, location_cost: locationCost } },
    ]);
  });

  it("publishes a lower preemptible price as spot only when the plan deploys preemptible", async () => {
    const plan = recordedPlan("vcg-l40s-16c-180g-48vram", { locations: ["ewr"], hourly_cost_preemptible: 0.9 });
    const { offers } = await scrapeRecording(
      vultr,
      plansRecording([
        { ...plan, deploy_preemptible: true },
        { ...plan, id: "vcg-l40s-not-preemptible", deploy_preemptible: false },
      ]),
    );
    expect(offers.map((offer) => [offer.instanceType, offer.pricePerHourSpot])).toEqual([
      ["vcg-l40s-16c-180g-48vram", 0.9],
      ["vcg-l40s-not-preemptible", null],
    ]);
  });

  it("reads a bare-metal GPU from gpu_type when the plan states one, from the id otherwise", async () => {
    const metal = {
      id: "vbm-64c-2048gb-8-l40-gpu",
      cpu_count: 64,
      cpu_threads: 128,
      ram: 2097152,
      disk: 1920,
      disk_count: 2,
      hourly_cost: 9.59,
      monthly_cost: 7000,
      locations: ["ewr"],
    };
    const stated = await scrapeRecording(vultr, plansRecording([], [{ ...metal, gpu_type: "NVIDIA_L40S" }]));
    expect(stated.offers).toMatchObject([{ gpuNameRaw: "NVIDIA_L40S", gpuCount: 8, gpuMemoryGb: 48 }]);
    // Said to be an L40S elsewhere, but the id says L40, and nothing else here says otherwise.
    const fromId = await scrapeRecording(vultr, plansRecording([], [metal]));
    expect(fromId.offers).toMatchObject([{ gpuNameRaw: "L40", gpuCount: 8, gpuMemoryGb: 48, formFactor: null }]);
  });

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

  it("excludes a fractional GPU instead of offering a slice as a card", async () => {
    const { offers, skipped } = await scrapeRecording(vultr, success);
    expect(offers.some((offer) => offer.instanceType === "vcg-a100-1c-6g-4vram")).toBe(false);
    expect(skipped).toEqual([
      expect.objectContaining({
        instanceType: "vcg-a100-1c-6g-4vram",
        reason: "fractional GPU: 4 GB of a 80 GB A100",
        cause: "excluded",
      }),
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
      "vcg-b200-32c-256g-180vram",
      "vbm-112c-2048gb-8-h100-gpu",
    ]);
    expect(skipped.map(({ instanceType, reason }) => [instanceType, reason])).toEqual([
      ["vcg-h100-16c-240g-80vram", expect.stringMatching(/^hourly_cost: /)],
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
