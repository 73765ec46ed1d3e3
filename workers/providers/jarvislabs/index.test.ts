import { describe, expect, it } from "vitest";
import type { ProviderOffer } from "../../../shared/offers";
import { pricesOutsideBands } from "../../testing/bands";
import { identityOf, itSendsItsBearerKeyOnlyWhenSet, scrapeRecording } from "../../testing/recordings";
import { type Recording, recordingSchema } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import success from "./fixtures/success.json";
import { jarvislabs } from "./index";

const URL = "https://backendn.jarvislabs.net/misc/server_meta";
const successBody = success.exchanges[0]!.response.body;

/** The recording with its one response replaced. */
function answering(status: number, body: unknown): Recording {
  const recording = recordingSchema.parse(success);
  return { ...recording, exchanges: [{ request: recording.exchanges[0]!.request, response: { status, body } }] };
}

const byType = (offers: ProviderOffer[], instanceType: string) =>
  offers.find((offer) => offer.instanceType === instanceType);

describe("jarvislabs adapter", () => {
  it("turns each GPU row into a one-GPU offer at its per-GPU price", async () => {
    const { offers } = await scrapeRecording(jarvislabs, success);
    expect(offers).toHaveLength(12);
    expect(byType(offers, "india-noida-01:H100:vm")).toMatchObject({
      instanceName: "H100 VM (india-noida-01)",
      gpuNameRaw: "H100",
      gpuCount: 1,
      gpuMemoryGb: 80,
      formFactor: "SXM",
      currency: "USD",
      pricePerHour: 2.69,
      pricePerHourReserved1y: 1.99,
      availability: "available",
      regions: ["india-noida-01"],
      vcpuCount: 24,
      ramGb: 200,
      billingIncrementSeconds: 60,
      sourceUrl: URL,
      priceIncludes: expect.objectContaining({ max_gpu_count: 8, workload_type: "vm", free_devices: 8 }),
    });
    expect(byType(offers, "europe-01:H200:any")).toMatchObject({ pricePerHour: 3.99, gpuMemoryGb: 141, vcpuCount: 16 });
  });

  it("keeps every price inside the plausible band of its GPU", async () => {
    const { offers } = await scrapeRecording(jarvislabs, success);
    expect(pricesOutsideBands("jarvislabs", offers)).toEqual([]);
  });

  it("offers spot only for containers, though VM rows carry a spot_price", async () => {
    const { offers } = await scrapeRecording(jarvislabs, success);
    expect(byType(offers, "india-chennai-01:RTX-PRO6000:vm")).toMatchObject({
      pricePerHour: 1.89,
      pricePerHourSpot: null,
      pricePerHourReserved1y: 1.19,
    });
    expect(byType(offers, "india-chennai-01:RTX-PRO6000:container")).toMatchObject({
      pricePerHour: 1.89,
      pricePerHourSpot: 0.99,
    });
    expect(byType(offers, "india-noida-01:H100:container")?.pricePerHourSpot).toBe(1.19);
    // Rows open to both workloads carry no spot price in Europe.
    expect(byType(offers, "europe-01:H100:any")).toMatchObject({ pricePerHour: 2.99, pricePerHourSpot: null });
  });

  it("reads stock from the free devices an on-demand create is admitted against", async () => {
    const { offers } = await scrapeRecording(jarvislabs, success);
    // num_free_devices 0, effective_num_free_devices 8: the SDK would create it.
    expect(byType(offers, "india-chennai-01:RTX-PRO6000:container")?.availability).toBe("available");
    expect(byType(offers, "india-noida-01:A100-80GB:vm")).toMatchObject({
      availability: "sold_out",
      pricePerHour: 1.49,
    });
    expect(byType(offers, "india-noida-01:A30:container")).toMatchObject({
      availability: "sold_out",
      pricePerHour: 0.41,
    });
  });

  it("makes one offer of pools that share a GPU, region, workload and price, adding up their free devices", async () => {
    const { offers } = await scrapeRecording(jarvislabs, success);
    const l4 = offers.filter((offer) => offer.gpuNameRaw === "L4");
    expect(l4).toHaveLength(1);
    expect(l4[0]).toMatchObject({
      instanceType: "india-noida-01:L4:vm",
      pricePerHour: 0.44,
      priceIncludes: expect.objectContaining({ pools: 2, free_devices: 9 }),
    });
  });

  it("keeps pools that disagree on price apart, each named by its price", async () => {
    const pool = (price: number) => ({
      gpu_type: "L4",
      region: "india-noida-01",
      workload_type: "vm",
      price_per_hour: price,
      num_free_devices: 1,
    });
    const { offers } = await scrapeRecording(
      jarvislabs,
      answering(200, { server_meta: [pool(0.44), pool(0.49)], currency: "USD" }),
    );
    expect(offers.map((offer) => [offer.instanceType, offer.pricePerHour])).toEqual([
      ["india-noida-01:L4:vm@0.44", 0.44],
      ["india-noida-01:L4:vm@0.49", 0.49],
    ]);
  });

  it("names the H100 SXM as JarvisLabs' pricing page does, and leaves the bare A100 sizes unmapped", async () => {
    const { offers } = await scrapeRecording(jarvislabs, success);
    expect(identityOf(byType(offers, "india-noida-01:H100:vm"))).toMatchObject({ slug: "h100-sxm" });
    expect(identityOf(byType(offers, "india-noida-01:H200:vm"))).toMatchObject({ slug: "h200-sxm" });
    expect(identityOf(byType(offers, "india-chennai-01:RTX-PRO6000:vm"))).toMatchObject({ slug: "rtx-pro-6000" });
    expect(identityOf(byType(offers, "india-noida-01:L4:vm"))).toMatchObject({ slug: "l4" });
    // The API does not say SXM or PCIe for the A100s: ambiguity is reported, not guessed.
    expect(identityOf(byType(offers, "india-noida-01:A100-80GB:vm"))).toMatchObject({ slug: null });
    expect(identityOf(byType(offers, "india-noida-01:A100:container"))).toMatchObject({ slug: null });
  });

  it("reports a spot-only pool and an unreadable price instead of publishing them", async () => {
    const { offers, skipped } = await scrapeRecording(jarvislabs, success);
    expect(offers.some((offer) => offer.gpuNameRaw === "A6000")).toBe(false);
    expect(skipped).toMatchObject([
      { instanceType: "india-noida-01:A6000:container", cause: "excluded" },
      { gpuNameRaw: "L4", reason: expect.stringMatching(/price_per_hour/) },
    ]);
    expect(skipped[1]!.cause).toBeUndefined();
  });

  it("refuses an answer priced in rupees instead of publishing it as dollars", async () => {
    const inr = { ...successBody, currency: "INR" };
    await expect(scrapeRecording(jarvislabs, answering(200, inr))).rejects.toMatchObject({
      code: "UPSTREAM_ERROR",
      message: /INR/,
    });
  });

  it("says so when the answer does not state its currency", async () => {
    const { currency: _, ...unstated } = successBody;
    const { offers } = await scrapeRecording(jarvislabs, answering(200, unstated));
    expect(offers[0]?.priceIncludes).toMatchObject({ currency_basis: expect.stringMatching(/not stated/) });
  });

  itSendsItsBearerKeyOnlyWhenSet(jarvislabs, success);

  it("returns no offers for a catalogue without GPU rows", async () => {
    expect(await scrapeRecording(jarvislabs, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails the scrape as schema drift when the rows move", async () => {
    await expect(scrapeRecording(jarvislabs, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails with UPSTREAM_ERROR when a 200 carries an error detail", async () => {
    await expect(scrapeRecording(jarvislabs, error)).rejects.toMatchObject({
      code: "UPSTREAM_ERROR",
      message: /Internal server error/,
    });
  });

  it("fails with INVALID_API_KEY when the token is rejected", async () => {
    await expect(scrapeRecording(jarvislabs, answering(401, { message: "Invalid token" }))).rejects.toMatchObject({
      code: "INVALID_API_KEY",
      details: { status: 401 },
    });
    await expect(scrapeRecording(jarvislabs, answering(200, { message: "Invalid token" }))).rejects.toMatchObject({
      code: "INVALID_API_KEY",
    });
  });
});
