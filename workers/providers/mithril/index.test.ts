import { describe, expect, it } from "vitest";
import { FALLBACK_FX_RATES } from "../../../shared/fx";
import { normaliseOffer } from "../../ingest/normalise";
import { pricesOutsideBands } from "../../testing/bands";
import { scrapeRecording } from "../../testing/recordings";
import { createProviderHttp } from "../http";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import success from "./fixtures/success.json";
import { mithril } from "./index";

describe("mithril adapter", () => {
  it("turns each priced GPU shape into a whole-instance offer in dollars, fixed rate and spot", async () => {
    const { offers } = await scrapeRecording(mithril, success);
    expect(offers.map((offer) => offer.instanceType)).toEqual([
      "it_RrgkIZz6c9BZu5gi",
      "it_5ECSoHQjLBzrp5YM",
      "it_nFEHySv5IMnHKbKi",
    ]);
    expect(offers.find((offer) => offer.instanceType === "it_5ECSoHQjLBzrp5YM")).toMatchObject({
      instanceName: "h100-80gb.sxm.8x",
      gpuNameRaw: "H100",
      gpuCount: 8,
      gpuMemoryGb: 80,
      formFactor: "SXM",
      currency: "USD",
      pricePerHour: 23.92, // 2392 cents for the node
      pricePerHourSpot: 8, // 800 cents
      availability: "available",
      regions: ["us-central1-b"],
      vcpuCount: 208,
      ramGb: 1800,
      storageGb: 28000,
      sourceUrl: "https://api.mithril.ai/v2/pricing/current?instance_type=it_5ECSoHQjLBzrp5YM",
    });
  });

  it("never takes the auction floor (minimum_price_cents) for a price", async () => {
    const { offers } = await scrapeRecording(mithril, success);
    const b200 = offers.find((offer) => offer.instanceType === "it_nFEHySv5IMnHKbKi");
    expect(b200).toMatchObject({
      gpuNameRaw: "B200",
      gpuCount: 8,
      gpuMemoryGb: 192,
      pricePerHour: 40,
      pricePerHourSpot: 16,
    });
    expect(b200?.priceIncludes).toMatchObject({ spotBidFloorPerHour: 0.01 });
    expect(offers.every((offer) => offer.pricePerHour > 0.5 && (offer.pricePerHourSpot ?? 1) > 0.5)).toBe(true);
  });

  it("skips a shape with only a spot price and the CPU-only shape, saying why", async () => {
    const { skipped } = await scrapeRecording(mithril, success);
    expect(skipped.map(({ instanceType, reason, cause }) => ({ instanceType, reason, cause }))).toEqual([
      {
        instanceType: "it_XqgKWbhZ5gznAYsG",
        reason: "no reserved_price_cents: no fixed hourly price",
        cause: undefined,
      },
      { instanceType: "it_cpuOnly0000000001", reason: "no GPU: not a GPU offer", cause: "excluded" },
    ]);
  });

  it("reports sold out when the auctions are open but empty and nothing is free to reserve", async () => {
    const { offers } = await scrapeRecording(mithril, success);
    expect(offers.find((offer) => offer.instanceType === "it_RrgkIZz6c9BZu5gi")).toMatchObject({
      pricePerHour: 1.3,
      pricePerHourSpot: 0.8,
      formFactor: "SXM",
      availability: "sold_out",
      regions: ["us-central3-a"],
    });
  });

  it("claims no stock for a shape without any capacity signal", async () => {
    const { offers } = await scrapeRecording(mithril, success);
    const b200 = offers.find((offer) => offer.instanceType === "it_nFEHySv5IMnHKbKi");
    expect(b200).toMatchObject({ availability: "limited", regions: [], formFactor: null });
  });

  it("asks for the prices of each GPU shape with the key as a bearer token", async () => {
    const { exchanges } = await scrapeRecording(mithril, success);
    expect(exchanges.map((exchange) => exchange.url)).toEqual([
      "https://api.mithril.ai/v2/instance-types",
      "https://api.mithril.ai/v2/spot/availability",
      "https://api.mithril.ai/v2/pricing/current?instance_type=it_RrgkIZz6c9BZu5gi",
      "https://api.mithril.ai/v2/pricing/current?instance_type=it_5ECSoHQjLBzrp5YM",
      "https://api.mithril.ai/v2/pricing/current?instance_type=it_XqgKWbhZ5gznAYsG",
      "https://api.mithril.ai/v2/pricing/current?instance_type=it_nFEHySv5IMnHKbKi",
    ]);
  });

  it("keeps every price inside its GPU's plausible band", async () => {
    const { offers } = await scrapeRecording(mithril, success);
    const now = new Date("2026-11-20T12:00:00Z");
    // The SXM in the shape's name tells the H100 SXM from the PCIe card.
    expect(offers.map((offer) => normaliseOffer("mithril", offer, { rates: FALLBACK_FX_RATES, now }).gpuModel)).toEqual(
      ["a100-80gb", "h100-sxm", "b200-sxm"],
    );
    expect(pricesOutsideBands("mithril", offers)).toEqual([]);
  });

  it("returns nothing for an account that sees no instance types", async () => {
    const { offers, skipped } = await scrapeRecording(mithril, empty);
    expect(offers).toEqual([]);
    expect(skipped).toEqual([]);
  });

  it("reports schema drift when the instance-types list changes shape", async () => {
    await expect(scrapeRecording(mithril, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("reports a rejected API key", async () => {
    await expect(scrapeRecording(mithril, error)).rejects.toMatchObject({ code: "INVALID_API_KEY" });
  });

  it("sends no request without a key", async () => {
    const sent: string[] = [];
    const http = createProviderHttp({
      fetch: async (input) => {
        sent.push(String(input));
        return new Response("[]");
      },
    });
    await expect(
      mithril.scrape({ http, baseUrl: "https://api.mithril.ai", credential: null, now: new Date() }),
    ).rejects.toMatchObject({ code: "MISSING_CREDENTIALS" });
    expect(sent).toEqual([]);
  });
});
