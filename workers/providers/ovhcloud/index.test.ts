import { describe, expect, it } from "vitest";
import { identifyGpu } from "../../../shared/gpu-identity";
import type { ProviderOffer } from "../../../shared/offers";
import { pricesOutsideBands } from "../../testing/bands";
import { scrapeRecording } from "../../testing/recordings";
import { ProviderError } from "../http";
import { type Recording, recordingSchema } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import success from "./fixtures/success.json";
import { ovhcloud } from "./index";

const CATALOG_URL = "https://eu.api.ovh.com/1.0/order/catalog/public/cloud?ovhSubsidiary=FR";

/** The recording with its one response replaced. */
function answering(status: number, body: unknown): Recording {
  const recording = recordingSchema.parse(success);
  return { ...recording, exchanges: [{ request: recording.exchanges[0]!.request, response: { status, body } }] };
}

/** The success recording with `change` applied to a copy of its catalogue. */
function withCatalog(change: (catalog: { locale: { currencyCode: string }; addons: unknown[] }) => void): Recording {
  const recording = recordingSchema.parse(success);
  const catalog = structuredClone(recording.exchanges[0]!.response.body) as {
    locale: { currencyCode: string };
    addons: unknown[];
  };
  change(catalog);
  return answering(200, catalog);
}

const identify = (offer: ProviderOffer | undefined) =>
  offer && identifyGpu({ name: offer.gpuNameRaw, memoryGb: offer.gpuMemoryGb, formFactor: offer.formFactor });

describe("ovhcloud adapter", () => {
  it("turns each GPU flavour into a whole-instance EUR offer, reading 1e-8 units as euros", async () => {
    const { offers, exchanges } = await scrapeRecording(ovhcloud, success);
    expect(exchanges).toMatchObject([{ method: "GET", url: CATALOG_URL, status: 200 }]);
    expect(offers.map((offer) => offer.instanceType)).toEqual([
      "h100-380",
      "h100-1520",
      "h200-1920",
      "a100-180",
      "l40s-90",
      "l4-90",
      "l4-90.3AZ",
      "t1-45",
      "t2-45",
      "a10-45",
      "rtx5000-28",
    ]);
    expect(offers.find((offer) => offer.instanceType === "h200-1920")).toMatchObject({
      instanceName: "h200-1920",
      gpuNameRaw: "H200",
      gpuCount: 8,
      gpuMemoryGb: 141,
      formFactor: null,
      currency: "EUR",
      pricePerHour: 42, // 4200000000 × 1e-8, the whole 8-GPU instance
      pricePerMonth: null,
      pricePerHourSpot: null,
      availability: "limited",
      regions: ["GRA11"],
      vcpuCount: 240,
      ramGb: 1920,
      storageGb: 200 + 8 * 3840,
      sourceUrl: CATALOG_URL,
    });
  });

  it("keeps the monthly price beside the hourly one and never turns it into an hourly price", async () => {
    const { offers } = await scrapeRecording(ovhcloud, success);
    const h100 = offers.find((offer) => offer.instanceType === "h100-380");
    expect(h100).toMatchObject({ pricePerHour: 2.8, pricePerMonth: 1940, gpuCount: 1, gpuMemoryGb: 80 });
    expect(h100?.priceIncludes).toMatchObject({
      vat: "excluded",
      subsidiary: "FR",
      plan_codes: ["h100-380.consumption", "h100-380.monthly.postpaid"],
      gpu_memory_interface: "HBM3",
    });
    expect(offers.find((offer) => offer.instanceType === "l4-90")).toMatchObject({
      pricePerHour: 0.75,
      pricePerMonth: 540,
    });
  });

  it("takes the regions from the monthly addon when the hourly one lists none", async () => {
    const { offers } = await scrapeRecording(ovhcloud, success);
    expect(offers.find((offer) => offer.instanceType === "h100-380")?.regions).toEqual(["BHS5", "GRA11"]);
    // Both addons list regions: their union.
    expect(offers.find((offer) => offer.instanceType === "l40s-90")?.regions).toEqual(["BHS5", "GRA11", "SBG7"]);
  });

  it("lists a deployment variant (.consumption.3AZ) as its own offer with its own price and regions", async () => {
    const { offers } = await scrapeRecording(ovhcloud, success);
    expect(offers.find((offer) => offer.instanceType === "l4-90.3AZ")).toMatchObject({
      gpuNameRaw: "L4",
      pricePerHour: 0.79,
      pricePerMonth: null,
      regions: ["EU-WEST-PAR"],
    });
  });

  it("claims no stock from the listing: limited, or waitlist for a coming_soon flavour", async () => {
    const { offers } = await scrapeRecording(ovhcloud, success);
    expect(offers.filter((offer) => offer.availability === "available")).toEqual([]);
    expect(offers.find((offer) => offer.instanceType === "a10-45")).toMatchObject({
      availability: "waitlist",
      pricePerHour: 0.76,
      regions: [],
    });
    expect(offers.find((offer) => offer.instanceType === "l40s-90")?.availability).toBe("limited");
  });

  it("leaves out Windows flavours, legacy duplicates and the per-minute AI addons, saying why", async () => {
    const { offers, skipped } = await scrapeRecording(ovhcloud, success);
    expect(offers.map((offer) => offer.instanceType)).not.toContain("win-t1-45");
    expect(offers.map((offer) => offer.instanceType)).not.toContain("t1-le-45");
    expect(skipped.map(({ instanceType, cause }) => ({ instanceType, cause }))).toEqual([
      { instanceType: "win-t1-45", cause: "excluded" },
      { instanceType: "ai-training.h100-1-gpu.minute.consumption", cause: "excluded" },
      { instanceType: "t1-le-45", cause: "excluded" },
    ]);
    expect(skipped[0]!.reason).toMatch(/Windows licence/);
    expect(skipped[1]!.reason).toMatch(/brick ai-serving/);
    expect(skipped[2]!.reason).toBe("legacy variant of t1-45, the same hardware");
  });

  it("ignores CPU flavours", async () => {
    const { offers, skipped } = await scrapeRecording(ovhcloud, success);
    const listed = [...offers.map((offer) => offer.instanceType), ...skipped.map((record) => record.instanceType)];
    expect(listed).not.toContain("b3-8");
  });

  it("maps the GPUs OVHcloud names in full and leaves the ambiguous or uncatalogued ones unmapped", async () => {
    const { offers } = await scrapeRecording(ovhcloud, success);
    const offer = (instanceType: string) => offers.find((candidate) => candidate.instanceType === instanceType);
    expect(identify(offer("h200-1920"))).toMatchObject({ slug: "h200-sxm" });
    expect(identify(offer("l40s-90"))).toMatchObject({ slug: "l40s" });
    expect(identify(offer("l4-90"))).toMatchObject({ slug: "l4" });
    expect(identify(offer("t1-45"))).toMatchObject({ slug: "v100-16gb" });
    expect(identify(offer("a10-45"))).toMatchObject({ slug: "a10" });
    // The catalogue does not say PCIe or SXM for its H100 and A100.
    expect(identify(offer("h100-380"))).toMatchObject({ slug: null, reason: expect.stringMatching(/form factor/) });
    expect(identify(offer("a100-180"))).toMatchObject({ slug: null, reason: expect.stringMatching(/form factor/) });
    // The V100S and the Turing Quadro RTX 5000 are not in the catalog (and not an RTX 5000 Ada).
    expect(identify(offer("t2-45"))).toMatchObject({ slug: null });
    expect(identify(offer("rtx5000-28"))).toMatchObject({ slug: null });
  });

  it("keeps OVHcloud's list prices (EUR per instance) inside every mapped GPU's band", async () => {
    const { offers } = await scrapeRecording(ovhcloud, success);
    expect(pricesOutsideBands("ovhcloud", offers)).toEqual([]);
  });

  it("reports the records it cannot read and keeps the good ones", async () => {
    const { offers, skipped } = await scrapeRecording(ovhcloud, partial);
    expect(offers.map((offer) => offer.instanceType)).toEqual(["l40s-180"]);
    expect(offers[0]).toMatchObject({ gpuCount: 2, pricePerHour: 2.8 });
    expect(
      skipped.map(({ instanceType, cause = "unreadable", reason }) => ({ instanceType, cause, reason })),
    ).toMatchObject([
      { instanceType: "l4-180", cause: "unreadable", reason: /not a whole number of 1e-8 units/ },
      { instanceType: "l4-360", cause: "unreadable", reason: /disagrees with its display "30.00 €"/ },
      { instanceType: "h100-760", cause: "unreadable", reason: /gpu\.number/ },
      { instanceType: "a100-360", cause: "unreadable", reason: /billed per minute, not per hour/ },
      { instanceType: "l40s-360", cause: "unreadable", reason: /2 different prices/ },
      { instanceType: "h100-380.hourly.prepaid", cause: "unreadable", reason: /billing mode/ },
      { instanceType: "a100-720", cause: "excluded", reason: "only a monthly price: no hourly price to list" },
    ]);
  });

  it("returns no offers for an empty catalogue", async () => {
    expect(await scrapeRecording(ovhcloud, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails the scrape as schema drift when addons is not a list", async () => {
    await expect(scrapeRecording(ovhcloud, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails as schema drift when the book is priced in a currency other than EUR or USD", async () => {
    const recording = withCatalog((catalog) => {
      catalog.locale.currencyCode = "GBP";
    });
    await expect(scrapeRecording(ovhcloud, recording)).rejects.toMatchObject({
      code: "SCHEMA_DRIFT",
      message: /GBP/,
    });
  });

  it("fails with UPSTREAM_ERROR when a 200 carries OVHcloud's error object", async () => {
    const failure = await scrapeRecording(ovhcloud, error).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: "UPSTREAM_ERROR", message: /under maintenance/ });
  });

  it("fails as retryable when the catalogue answers 503", async () => {
    const recording = answering(503, { class: "Server::ServiceUnavailable", message: "Service unavailable" });
    await expect(scrapeRecording(ovhcloud, recording)).rejects.toMatchObject({
      code: "UPSTREAM_UNAVAILABLE",
      retryable: true,
    });
  });
});
