import { describe, expect, it } from "vitest";
import { pricesOutsideBands } from "../../testing/bands";
import { identityOf, replayKeepingRequests, scrapeRecording, withEditedPage } from "../../testing/recordings";
import { recordedBaseUrl, recordingSchema } from "../replay";
import challenge from "./fixtures/challenge.json";
import partial from "./fixtures/partial.json";
import redesigned from "./fixtures/redesigned.json";
import success from "./fixtures/success.json";
import { effectiveDateIn, nebius } from "./index";

const URL = "https://nebius.com/prices";

/** The adapter on a recording at a chosen moment (scrapeRecording fixes now at 2026-11-20). */
async function scrapeAt(now: string, fixture: unknown = success) {
  const { http, sent } = replayKeepingRequests(fixture);
  const baseUrl = recordedBaseUrl(recordingSchema.parse(fixture), nebius.baseUrl.default);
  const result = await nebius.scrape({ http, baseUrl, credential: null, now: new Date(now) });
  return { ...result, sent };
}

/** The genuine page with one piece of its HTML replaced. */
const replacedOnPage = (from: string, to: string) =>
  withEditedPage(success, (html) => {
    if (!html.includes(from)) throw new Error(`"${from}" is not on the page`);
    return html.replace(from, to);
  });

const summary = (offers: { instanceType: string; gpuCount: number; pricePerHour: number }[]) =>
  offers.map((offer) => [offer.instanceType, offer.gpuCount, offer.pricePerHour]);

describe("nebius adapter", () => {
  it("reads the genuine page: one GPU per row at the per-GPU price in force (2026-11-20), spot where it is a fixed rate", async () => {
    const { offers, exchanges } = await scrapeRecording(nebius, success);
    expect(
      offers.map((offer) => [offer.instanceType, offer.gpuCount, offer.pricePerHour, offer.pricePerHourSpot]),
    ).toEqual([
      ["hgx-b300", 1, 9.5, null],
      ["hgx-b200", 1, 8.5, null],
      ["hgx-h200", 1, 5.4, null],
      ["hgx-h100", 1, 4.5, null],
      ["rtx-pro-6000", 1, 1.8, null],
      ["l40s-with-intel-cpu", 1, 1.55, 0.74],
      ["l40s-with-amd-cpu", 1, 1.82, 0.9],
    ]);
    expect(offers.every((offer) => offer.pricePerHourReserved1y === undefined)).toBe(true);
    expect(exchanges.map((exchange) => exchange.url)).toEqual([URL]);
    expect(offers[3]).toMatchObject({
      instanceName: "NVIDIA HGX H100",
      gpuNameRaw: "NVIDIA HGX H100",
      formFactor: "SXM",
      currency: "USD",
      availability: "available",
      regions: [],
      vcpuCount: 16,
      ramGb: 200,
      sourceUrl: URL,
    });
    expect(offers[4]).toMatchObject({ formFactor: null, vcpuCount: 24, ramGb: 218 });
  });

  it("prices are plausible for their GPUs, and the main GPUs map to the catalog", async () => {
    const { offers } = await scrapeRecording(nebius, success);
    expect(pricesOutsideBands("nebius", offers)).toEqual([]);
    const identity = (type: string) => identityOf(offers.find((offer) => offer.instanceType === type));
    expect(identity("hgx-b300")).toEqual({ slug: "b300-sxm", vramGb: 288 });
    expect(identity("hgx-b200")).toEqual({ slug: "b200-sxm", vramGb: 192 });
    expect(identity("hgx-h200")).toEqual({ slug: "h200-sxm", vramGb: 141 });
    expect(identity("hgx-h100")).toEqual({ slug: "h100-sxm", vramGb: 80 });
    expect(identity("rtx-pro-6000")).toEqual({ slug: "rtx-pro-6000", vramGb: 96 });
    expect(identity("l40s-with-intel-cpu")).toEqual({ slug: "l40s", vramGb: 48 });
    expect(identity("l40s-with-amd-cpu")).toEqual({ slug: "l40s", vramGb: 48 });
  });

  it("publishes the announced column once its effective date has passed, keeping the old price", async () => {
    const { offers } = await scrapeAt("2026-10-01T00:00:00Z");
    expect(summary(offers).slice(0, 4)).toEqual([
      ["hgx-b300", 1, 9.5],
      ["hgx-b200", 1, 8.5],
      ["hgx-h200", 1, 5.4],
      ["hgx-h100", 1, 4.5],
    ]);
    expect(offers[0]?.priceIncludes).toMatchObject({
      price_column: "GPU-hour (Effective October 1, 2026)",
      price_effective_from: "2026-10-01",
      previous_price_per_gpu_hour: 7.85,
    });
    expect(offers[0]?.priceIncludes).not.toHaveProperty("announced_price_per_gpu_hour");
  });

  it("publishes the current on-demand column before the effective date, the announced price kept aside", async () => {
    const { offers } = await scrapeAt("2026-09-20T12:00:00Z");
    expect(summary(offers)).toEqual([
      ["hgx-b300", 1, 7.85],
      ["hgx-b200", 1, 7.15],
      ["hgx-h200", 1, 4.5],
      ["hgx-h100", 1, 3.85],
      ["rtx-pro-6000", 1, 1.8],
      ["l40s-with-intel-cpu", 1, 1.55],
      ["l40s-with-amd-cpu", 1, 1.82],
    ]);
    expect(offers[0]?.priceIncludes).toMatchObject({
      price_column: "On-demand, GPU-hour",
      announced_price_per_gpu_hour: 9.5,
      announced_effective_from: "2026-10-01",
    });
    expect(offers[3]?.priceIncludes).toMatchObject({ announced_price_per_gpu_hour: 4.5 });
    // One second before midnight UTC of October 1 is still before it.
    const justBefore = await scrapeAt("2026-09-30T23:59:59Z");
    expect(justBefore.offers[0]?.pricePerHour).toBe(7.85);
  });

  it("fails LAYOUT_CHANGED when the announced column's date cannot be read, rather than guess", async () => {
    const undated = replacedOnPage("GPU-hour (Effective October 1, 2026)", "GPU-hour (Effective soon)");
    await expect(scrapeAt("2026-11-20T12:00:00Z", undated)).rejects.toMatchObject({ code: "LAYOUT_CHANGED" });
    const impossible = replacedOnPage("GPU-hour (Effective October 1, 2026)", "GPU-hour (Effective February 30, 2027)");
    await expect(scrapeAt("2026-11-20T12:00:00Z", impossible)).rejects.toMatchObject({ code: "LAYOUT_CHANGED" });
  });

  it("reads the effective date in the spellings a header may use", () => {
    expect(effectiveDateIn("GPU-hour (Effective October 1, 2026)")?.toISOString()).toBe("2026-10-01T00:00:00.000Z");
    expect(effectiveDateIn("GPU-hour (effective 15 Jan 2027)")?.toISOString()).toBe("2027-01-15T00:00:00.000Z");
    expect(effectiveDateIn("GPU-hour (Effective 2027-03-02)")?.toISOString()).toBe("2027-03-02T00:00:00.000Z");
    expect(effectiveDateIn("GPU-hour (Effective soon)")).toBeNull();
  });

  it('publishes a "from $1.55" price as the row\'s price, marked as its cheapest configuration', async () => {
    const { offers } = await scrapeRecording(nebius, success);
    const intel = offers.find((offer) => offer.instanceType === "l40s-with-intel-cpu");
    expect(intel).toMatchObject({ pricePerHour: 1.55, vcpuCount: null, ramGb: null });
    expect(intel?.priceIncludes).toMatchObject({
      price_is_starting_price: true,
      spot_price_is_starting_price: true,
      vcpus_range: "8-40",
      ram_gb_range: "32-160",
    });
    // A plain "$9.50" is not a starting price.
    expect(offers[0]?.priceIncludes).not.toHaveProperty("price_is_starting_price");
  });

  it("joins preemptible rows by item name, ignoring '**' marks; dynamic spot floors are kept, not published", async () => {
    const { offers } = await scrapeRecording(nebius, success);
    const byType = (type: string) => offers.find((offer) => offer.instanceType === type);
    // "from $0.74**": the "**" note bills L40S preemptible at a flat rate, a price in force.
    expect(byType("l40s-with-intel-cpu")).toMatchObject({ pricePerHourSpot: 0.74 });
    expect(byType("l40s-with-amd-cpu")).toMatchObject({ pricePerHourSpot: 0.9 });
    expect(byType("l40s-with-amd-cpu")?.raw).toMatchObject({ spot: "from $0.90**" });
    // The "*" note makes the others dynamic: "from $0.99" is where the spot price starts.
    expect(byType("hgx-b300")?.priceIncludes).toMatchObject({
      spot_price_from_per_gpu_hour: 0.99,
      spot_price_is_dynamic: true,
    });
    expect(byType("hgx-h100")?.priceIncludes).toMatchObject({ spot_price_from_per_gpu_hour: 0.79 });
    expect(byType("rtx-pro-6000")?.priceIncludes).toMatchObject({ spot_price_from_per_gpu_hour: 0.79 });
    expect(byType("l40s-with-intel-cpu")?.priceIncludes).not.toHaveProperty("spot_price_is_dynamic");
  });

  it("does not make offers of preemptible rows without an on-demand row", async () => {
    const { offers, skipped } = await scrapeRecording(nebius, partial);
    expect(offers.map((offer) => offer.instanceType)).not.toContain("a100");
    expect(offers.some((offer) => /a100/i.test(offer.gpuNameRaw))).toBe(false);
    expect(skipped).toContainEqual(
      expect.objectContaining({
        reason: 'preemptible "NVIDIA A100" has no on-demand row to join',
        cause: "excluded",
        instanceType: "a100/spot",
      }),
    );
  });

  it('leaves out the "Contact us" racks as excluded, not unreadable', async () => {
    const { skipped } = await scrapeRecording(nebius, success);
    expect(skipped).toEqual([
      expect.objectContaining({
        reason: "contact us: no published price",
        cause: "excluded",
        instanceType: "gb300-nvl72",
        gpuNameRaw: "NVIDIA GB300 NVL72",
      }),
      expect.objectContaining({
        reason: "contact us: no published price",
        cause: "excluded",
        instanceType: "gb200-nvl72",
        gpuNameRaw: "NVIDIA GB200 NVL72",
      }),
    ]);
  });

  it("keeps the two L40S rows (Intel and AMD host) as two offers", async () => {
    const { offers } = await scrapeRecording(nebius, success);
    const l40s = offers.filter((offer) => offer.gpuNameRaw === "NVIDIA L40S");
    expect(l40s.map((offer) => [offer.instanceType, offer.instanceName, offer.pricePerHour])).toEqual([
      ["l40s-with-intel-cpu", "NVIDIA L40S with Intel CPU", 1.55],
      ["l40s-with-amd-cpu", "NVIDIA L40S with AMD CPU", 1.82],
    ]);
  });

  it("keeps the good rows when one price is unreadable, and says which", async () => {
    const { offers, skipped } = await scrapeRecording(nebius, partial);
    expect(summary(offers)).toEqual([
      ["hgx-b300", 1, 9.5],
      ["hgx-b200", 1, 8.5],
      ["hgx-h100", 1, 4.5],
      ["rtx-pro-6000", 1, 1.8],
      ["l40s-with-intel-cpu", 1, 1.55],
      ["l40s-with-amd-cpu", 1, 1.82],
    ]);
    expect(skipped.filter((record) => record.cause !== "excluded")).toEqual([
      expect.objectContaining({ reason: 'no on-demand price in "TBA"', instanceType: "hgx-h200" }),
    ]);
    // Before October 1 the H200's current price is readable and in force.
    const before = await scrapeAt("2026-09-20T12:00:00Z", partial);
    expect(before.offers.find((offer) => offer.instanceType === "hgx-h200")).toMatchObject({ pricePerHour: 4.5 });
  });

  it("fails LAYOUT_CHANGED on a redesigned page, never with zero or wrong prices", async () => {
    await expect(scrapeRecording(nebius, redesigned)).rejects.toMatchObject({ code: "LAYOUT_CHANGED" });
  });

  it("fails BLOCKED on a bot challenge answered with 200", async () => {
    await expect(scrapeRecording(nebius, challenge)).rejects.toMatchObject({ code: "BLOCKED" });
  });
});
