import { describe, expect, it } from "vitest";
import { identifyGpu } from "../../../shared/gpu-identity";
import type { ProviderOffer } from "../../../shared/offers";
import { pricesOutsideBands } from "../../testing/bands";
import { scrapeRecording } from "../../testing/recordings";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import outliers from "./fixtures/outliers.json";
import recorded from "./fixtures/recorded-2026-09-28.json";
import success from "./fixtures/success.json";
import { akash } from "./index";

const URL = "https://console-api.akash.network/v1/gpu-prices";

const offerOf = (offers: ProviderOffer[], instanceType: string) =>
  offers.find((offer) => offer.instanceType === instanceType);

const slugOf = (offer: ProviderOffer | undefined) =>
  offer && identifyGpu({ name: offer.gpuNameRaw, memoryGb: offer.gpuMemoryGb, formFactor: offer.formFactor }).slug;

describe("akash adapter on its recorded answer", () => {
  it("publishes the median of the providers' best bids as the price of one GPU-hour", async () => {
    const { offers } = await scrapeRecording(akash, recorded);
    expect(offerOf(offers, "nvidia-h100-80Gi-SXM5")).toMatchObject({
      instanceName: "nvidia h100 80Gi SXM5",
      gpuNameRaw: "h100",
      gpuCount: 1,
      gpuMemoryGb: 80,
      formFactor: "SXM",
      currency: "USD",
      pricePerHour: 2.56,
      pricePerHourSpot: null,
      availability: "available",
      regions: [],
      priceIncludes: {
        min_bid: 2.04,
        max_bid: 3.16,
        average_bid: 2.58,
        weighted_average_bid: 2.72,
        providers: 4,
        providers_with_free_gpus: 3,
        gpus_total: 68,
        gpus_free: 15,
      },
      sourceUrl: URL,
    });
  });

  it("reads each model's memory, interface and free GPUs", async () => {
    const { offers } = await scrapeRecording(akash, recorded);
    const row = (instanceType: string) => {
      const offer = offerOf(offers, instanceType);
      return offer && [offer.gpuMemoryGb, offer.formFactor, offer.pricePerHour, offer.availability];
    };
    expect(row("nvidia-a100-80Gi-SXM4")).toEqual([80, "SXM", 1.84, "available"]);
    expect(row("nvidia-h200-141Gi-SXM5")).toEqual([141, "SXM", 4.45, "available"]);
    // The same model twice, told apart by memory and interface.
    expect(row("nvidia-v100-16Gi-SXM2")).toEqual([16, "SXM", 0.2, "limited"]);
    expect(row("nvidia-v100-32Gi-PCIe")).toEqual([32, "PCIe", 0.19, "limited"]);
    // 0 of 1 GPU free.
    expect(row("nvidia-rtx4080-16Gi-PCIe")).toEqual([16, "PCIe", 0.15, "sold_out"]);
  });

  it("leaves out a model nobody bid on, as excluded, not as a price of 0", async () => {
    const { offers, skipped } = await scrapeRecording(akash, recorded);
    expect(offers).toHaveLength(24);
    expect(skipped).toEqual([
      expect.objectContaining({ instanceType: "nvidia-b300-288Gi-SXM6", gpuNameRaw: "b300", cause: "excluded" }),
    ]);
    expect(offerOf(offers, "nvidia-b300-288Gi-SXM6")).toBeUndefined();
  });

  it("maps the catalog GPUs it lists and leaves the others unmapped", async () => {
    const { offers } = await scrapeRecording(akash, recorded);
    const mapped = Object.fromEntries(offers.map((offer) => [offer.instanceType, slugOf(offer)]));
    expect(mapped).toMatchObject({
      "nvidia-a100-80Gi-SXM4": "a100-80gb",
      "nvidia-h100-80Gi-SXM5": "h100-sxm",
      "nvidia-h200-141Gi-SXM5": "h200-sxm",
      "nvidia-rtx4000ada-20Gi-PCIe": "rtx-4000-ada",
      "nvidia-rtx6000-24Gi-PCIe": "quadro-rtx-6000",
      "nvidia-v100-16Gi-SXM2": "v100-16gb",
      "nvidia-v100-32Gi-PCIe": "v100-32gb",
      "nvidia-gtx1070ti-8Gi-PCIe": null,
      "nvidia-rtx3090ti-24Gi-PCIe": "rtx-3090-ti",
      "nvidia-rtx4000sada-20Gi-PCIe": null,
      "nvidia-pro6000se-96Gi-PCIe": null,
    });
  });

  it("keeps every published price of the recorded answer inside its GPU's plausible band", async () => {
    const { offers } = await scrapeRecording(akash, recorded);
    expect(pricesOutsideBands("akash", offers)).toEqual([]);
  });
});

describe("akash adapter on outlying bids", () => {
  it("does not let one provider's extreme bid become the price when others bid too", async () => {
    const { offers } = await scrapeRecording(akash, outliers);
    expect(offerOf(offers, "nvidia-rtx4090-24Gi-PCIe")).toMatchObject({
      pricePerHour: 0.35,
      priceIncludes: { min_bid: 0.31, max_bid: 9.8, average_bid: 2.23 },
    });
    // A cheapest bid of 0 is no price either; the median is.
    expect(offerOf(offers, "nvidia-rtx4060ti-16Gi-PCIe")).toMatchObject({
      pricePerHour: 0.1,
      priceIncludes: { min_bid: 0 },
    });
  });

  it("leaves a lone provider's implausible bid to the price band, which flags it", async () => {
    const { offers } = await scrapeRecording(akash, outliers);
    expect(offerOf(offers, "nvidia-t4-16Gi-PCIe")?.pricePerHour).toBe(6.2);
    expect(pricesOutsideBands("akash", offers)).toEqual([
      "nvidia-t4-16Gi-PCIe: on-demand $6.2000/GPU-h outside t4 0.05–2",
    ]);
    // The $5.47 GTX 1070 Ti is not in the catalog: it stays unmapped and is never published.
    expect(slugOf(offerOf(offers, "nvidia-gtx1070ti-8Gi-PCIe"))).toBeNull();
  });

  it("reports statistics it cannot trust as unreadable", async () => {
    const { skipped } = await scrapeRecording(akash, outliers);
    expect(skipped.map(({ instanceType, cause, reason }) => [instanceType, cause, reason])).toEqual([
      ["nvidia-rtx3080-10Gi-PCIe", undefined, "median bid 0 is not a price"],
      ["nvidia-a40-48Gi-PCIe", undefined, "median 0.55 lies outside the bids' range 0.3–0.4"],
      ["nvidia-a100-80Gi-SXM4", undefined, "price in uakt, not USD"],
    ]);
  });
});

describe("akash adapter", () => {
  it("turns the documented answer into one-GPU offers at the median bid", async () => {
    const { offers, skipped } = await scrapeRecording(akash, success);
    expect(offers.map((offer) => [offer.instanceType, offer.pricePerHour, offer.availability])).toEqual([
      ["nvidia-a100-80Gi-SXM4", 1.3, "available"],
      ["nvidia-h100-80Gi-SXM5", 1.79, "available"],
      ["nvidia-h200-141Gi-SXM5", 2.95, "available"],
      ["nvidia-rtx4090-24Gi-PCIe", 0.32, "limited"],
    ]);
    expect(skipped.map((record) => [record.instanceType, record.cause])).toEqual([
      ["nvidia-b200-180Gi-SXM6", "excluded"],
    ]);
    expect(pricesOutsideBands("akash", offers)).toEqual([]);
  });

  it("asks the public gpu-prices endpoint once, without a key and without debug", async () => {
    const { exchanges } = await scrapeRecording(akash, recorded);
    expect(exchanges.map(({ method, url, status }) => [method, url, status])).toEqual([["GET", URL, 200]]);
    expect(akash.credential).toBeUndefined();
  });

  it("reports a model it cannot read and keeps the rest", async () => {
    const body = recorded.exchanges[0]!.response.body;
    const [first, second] = body.models;
    const recording = {
      ...recorded,
      exchanges: [
        {
          ...recorded.exchanges[0]!,
          response: { status: 200, body: { ...body, models: [first, { ...second, availability: "none" }] } },
        },
      ],
    };
    const { offers, skipped } = await scrapeRecording(akash, recording);
    expect(offers.map((offer) => offer.instanceType)).toEqual(["nvidia-a100-80Gi-SXM4"]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ instanceType: "nvidia-b300-288Gi-SXM6", reason: /availability/ });
    expect(skipped[0]?.cause).toBeUndefined();
  });

  it("returns no offers when no GPU model is listed", async () => {
    expect(await scrapeRecording(akash, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails the scrape as schema drift when models is not a list", async () => {
    await expect(scrapeRecording(akash, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails with UPSTREAM_ERROR when a 200 carries an error", async () => {
    await expect(scrapeRecording(akash, error)).rejects.toMatchObject({
      code: "UPSTREAM_ERROR",
      message: /No block found/,
    });
  });
});
