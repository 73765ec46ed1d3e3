import { describe, expect, it } from "vitest";
import type { ProviderOffer } from "../../../shared/offers";
import { pricesOutsideBands } from "../../testing/bands";
import { identityOf, scrapeRecording } from "../../testing/recordings";
import { type Recording, recordingSchema } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import recorded from "./fixtures/recorded-2026-06-13.json";
import success from "./fixtures/success.json";
import { ioNet } from "./index";

const VM_URL = "https://api.io.solutions/v1/io-cloud/vmaas/hardware";
const CAAS_URL = "https://api.io.solutions/v1/io-cloud/caas/hardware";

const offerOf = (offers: ProviderOffer[], instanceType: string) =>
  offers.find((offer) => offer.instanceType === instanceType);

/** success.json with the container listing answering `status` and `body` instead. */
function withContainerAnswer(status: number, body: unknown): Recording {
  const recording = recordingSchema.parse(success);
  return {
    ...recording,
    exchanges: recording.exchanges.map((exchange) =>
      exchange.request.url === CAAS_URL ? { ...exchange, response: { status, body } } : exchange,
    ),
  };
}

/** A recording whose VM listing holds `hardware` and whose container listing is empty. */
function listing(hardware: unknown[]): Recording {
  return recordingSchema.parse({
    provider: "io-net",
    recordedAt: null,
    origin: "documented",
    exchanges: [
      { request: { method: "GET", url: VM_URL }, response: { status: 200, body: { data: { hardware } } } },
      { request: { method: "GET", url: CAAS_URL }, response: { status: 200, body: { data: { hardware: [] } } } },
    ],
  });
}

const recordedH100 = recorded.exchanges[0]!.response.body.data.hardware[0]!;

describe("io-net adapter on its recorded answer", () => {
  it("prices the 8x H100 SXM5 configuration as a whole, in dollars an hour", async () => {
    const { offers } = await scrapeRecording(ioNet, recorded);
    expect(offerOf(offers, "8H100.80S.176V__FI")).toMatchObject({
      instanceName: "8x H100",
      gpuNameRaw: "H100",
      gpuCount: 8,
      gpuMemoryGb: 80,
      formFactor: "SXM",
      currency: "USD",
      pricePerHour: 27.875342465753423,
      pricePerHourSpot: null,
      availability: "available",
      regions: ["FI"],
      vcpuCount: 176,
      ramGb: 1480,
      storageGb: 2000,
      hasNvlink: true,
      priceIncludes: { deploy_id: "8H100.80S.176V", available_replicas: 3 },
      sourceUrl: VM_URL,
    });
    // $27.88 an hour for eight cards: $3.48 per GPU-hour, not $27.88.
    const h100 = offerOf(offers, "8H100.80S.176V__FI");
    expect(h100 && Math.round((h100.pricePerHour / h100.gpuCount) * 100) / 100).toBe(3.48);
  });

  it("marks the configuration io.net lists as sold out as sold out", async () => {
    const { offers } = await scrapeRecording(ioNet, recorded);
    expect(offerOf(offers, "8B300.240V__FI")).toMatchObject({
      gpuNameRaw: "B300",
      gpuCount: 8,
      gpuMemoryGb: 288,
      formFactor: "SXM",
      pricePerHour: 63.86301369863014,
      availability: "sold_out",
      priceIncludes: { available_replicas: 0 },
    });
  });

  it("leaves out the CPU-only configuration and the one listed at price 0, saying why", async () => {
    const { offers, skipped } = await scrapeRecording(ioNet, recorded);
    expect(offers.map((offer) => offer.instanceType)).toEqual(["8H100.80S.176V__FI", "8B300.240V__FI"]);
    expect(skipped.map(({ instanceType, cause, reason }) => [instanceType, cause, reason])).toEqual([
      ["1CPU__US", "excluded", "CPU-only configuration, no GPU"],
      ["1L40S.0V__US", "excluded", "listed with price 0: no price"],
    ]);
  });

  it("maps the recorded GPUs to catalog models through the stated interconnect", async () => {
    const { offers } = await scrapeRecording(ioNet, recorded);
    expect(identityOf(offerOf(offers, "8H100.80S.176V__FI"))).toMatchObject({ slug: "h100-sxm" });
    expect(identityOf(offerOf(offers, "8B300.240V__FI"))).toMatchObject({ slug: "b300-sxm" });
  });

  it("keeps every price of the recorded answer and of success.json inside its GPU's plausible band", async () => {
    for (const recording of [recorded, success]) {
      const { offers } = await scrapeRecording(ioNet, recording);
      expect(offers.length).toBeGreaterThan(0);
      expect(pricesOutsideBands("io-net", offers)).toEqual([]);
    }
  });
});

describe("io-net adapter", () => {
  it("reads the price as the whole configuration's, so two RTX 4090s cost twice one", async () => {
    const { offers, skipped } = await scrapeRecording(ioNet, success);
    expect(skipped).toEqual([]);
    expect(offers).toHaveLength(7);
    expect(offerOf(offers, "12__1")).toMatchObject({ gpuNameRaw: "GeForce RTX 4090", gpuCount: 1, pricePerHour: 0.3 });
    expect(offerOf(offers, "12__2")).toMatchObject({
      gpuNameRaw: "GeForce RTX 4090",
      gpuCount: 2,
      gpuMemoryGb: 24,
      formFactor: null,
      pricePerHour: 0.6,
      availability: "available",
      regions: ["US"],
      // The documentation's example gives deploy_id as a number.
      priceIncludes: { deploy_id: 12, supplier: "internal", available_replicas: 5 },
    });
  });

  it("publishes one offer per location of the same hardware", async () => {
    const { offers } = await scrapeRecording(ioNet, success);
    const b200 = offers.filter((offer) => offer.gpuNameRaw === "B200");
    expect(b200.map((offer) => [offer.instanceType, offer.regions, offer.pricePerHour])).toEqual([
      ["B200_sxm6x8__US", ["US"], 39.92],
      ["B200_sxm6x8__AU", ["AU"], 39.92],
    ]);
  });

  it("trusts a replica count of 0 over sold_out false, and claims no stock without a count", async () => {
    const { offers } = await scrapeRecording(ioNet, success);
    expect(offerOf(offers, "B200_sxm6x8__US")?.availability).toBe("available");
    expect(offerOf(offers, "B200_sxm6x8__AU")?.availability).toBe("sold_out");
    expect(offerOf(offers, "L40Sx2__FR")).toMatchObject({ availability: "available", pricePerHour: 3.4 });
    // No container record for the H200 NVL: sold_out false alone is not stock.
    expect(offerOf(offers, "gpu_1x_h200_nvl__US")).toMatchObject({
      availability: "limited",
      formFactor: "NVL",
      priceIncludes: { available_replicas: null, stock_source: "sold_out only" },
    });
    expect(offerOf(offers, "gpu_8x_h100__US")?.availability).toBe("sold_out");
  });

  it("maps an NVL interconnect to the H200 NVL and leaves an H100 without one unmapped", async () => {
    const { offers } = await scrapeRecording(ioNet, success);
    expect(identityOf(offerOf(offers, "gpu_1x_h200_nvl__US"))).toMatchObject({ slug: "h200-nvl" });
    const { offers: bare } = await scrapeRecording(ioNet, listing([{ ...recordedH100, interconnect: null }]));
    expect(bare[0]).toMatchObject({ formFactor: null, availability: "limited" });
    expect(identityOf(bare[0])).toMatchObject({ slug: null });
  });

  it("still publishes prices, all as limited, when the container listing fails", async () => {
    const { offers } = await scrapeRecording(ioNet, withContainerAnswer(503, "Service Unavailable"));
    expect(offers).toHaveLength(7);
    expect(offers.map((offer) => [offer.instanceType, offer.availability])).toEqual([
      ["12__2", "limited"],
      ["12__1", "limited"],
      ["B200_sxm6x8__US", "limited"],
      ["B200_sxm6x8__AU", "limited"],
      ["gpu_1x_h200_nvl__US", "limited"],
      ["L40Sx2__FR", "limited"],
      ["gpu_8x_h100__US", "sold_out"],
    ]);
  });

  it("fails as schema drift when the container listing changes shape", async () => {
    await expect(
      scrapeRecording(ioNet, withContainerAnswer(200, { data: { hardware: { "12__1": {} } } })),
    ).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("keeps the good records and reports a malformed one as unreadable", async () => {
    const { offers, skipped } = await scrapeRecording(
      ioNet,
      listing([recordedH100, { ...recordedH100, id: "bad__FI", price: "27.88" }, { ...recordedH100, num_cards: 0.5 }]),
    );
    expect(offers.map((offer) => offer.instanceType)).toEqual(["8H100.80S.176V__FI"]);
    expect(skipped.map(({ instanceType, cause }) => [instanceType, cause])).toEqual([
      ["bad__FI", undefined],
      ["8H100.80S.176V__FI", undefined],
    ]);
    expect(skipped[0]!.reason).toMatch(/price/);
    expect(skipped[1]!.reason).toMatch(/num_cards 0.5/);
  });

  it("keeps the first of two records with the same id", async () => {
    const { offers, skipped } = await scrapeRecording(ioNet, listing([recordedH100, { ...recordedH100, price: 30 }]));
    expect(offers.map((offer) => offer.pricePerHour)).toEqual([27.875342465753423]);
    expect(skipped[0]).toMatchObject({ instanceType: "8H100.80S.176V__FI", reason: /twice/ });
  });

  it("asks both public listings, without a key", async () => {
    const { exchanges } = await scrapeRecording(ioNet, success);
    expect(exchanges.map(({ method, url, status }) => [method, url, status])).toEqual([
      ["GET", VM_URL, 200],
      ["GET", CAAS_URL, 200],
    ]);
    expect(ioNet.credential).toBeUndefined();
  });

  it("returns no offers for an empty catalogue", async () => {
    expect(await scrapeRecording(ioNet, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails the scrape as schema drift when hardware is not a list", async () => {
    await expect(scrapeRecording(ioNet, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails with UPSTREAM_ERROR when a 200 carries an error detail", async () => {
    await expect(scrapeRecording(ioNet, error)).rejects.toMatchObject({
      code: "UPSTREAM_ERROR",
      message: /Internal server error while loading hardware/,
    });
  });
});
