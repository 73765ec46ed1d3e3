import { describe, expect, it } from "vitest";
import { scrapeRecording } from "../../testing/recordings";
import { ProviderError } from "../http";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import errorInBody from "./fixtures/error-in-body.json";
import partial from "./fixtures/partial.json";
import success from "./fixtures/success.json";
import { scaleway } from "./index";

const ZONES = "https://api.scaleway.com/instance/v1/zones";
const GIB = 2 ** 30;

/** A recording of one zone's listing pages (and an empty availability); every other zone answers 404. */
function zoneRecording(zone: string, pages: Record<string, unknown>[]) {
  const exchange = (url: string, servers: Record<string, unknown>) => ({
    request: { method: "GET", url },
    response: { status: 200, body: { servers } },
  });
  return {
    provider: "scaleway",
    recordedAt: null,
    origin: "documented",
    exchanges: [
      ...pages.map((servers, index) =>
        exchange(`${ZONES}/${zone}/products/servers?per_page=100&page=${index + 1}`, servers),
      ),
      exchange(`${ZONES}/${zone}/products/servers/availability?per_page=100&page=1`, {}),
    ],
  };
}

const cpuType = (ncpus: number) => ({
  hourly_price: 0.01 * ncpus,
  monthly_price: 7.3 * ncpus,
  ncpus,
  ram: ncpus * 2 * GIB,
  gpu: 0,
  arch: "x86_64",
  baremetal: false,
  end_of_service: false,
});

describe("scaleway adapter", () => {
  it("turns each GPU commercial type into one offer in EUR for the whole instance", async () => {
    const { offers } = await scrapeRecording(scaleway, success);
    // 10 GPU types in fr-par-2, less the retired RENDER-M; CPU types are not offers.
    expect(offers.map((offer) => offer.instanceType).sort()).toEqual([
      "GPU-3070-S",
      "H100-1-80G",
      "H100-2-80G",
      "H100-SXM-2-80G",
      "H100-SXM-8-80G",
      "L4-1-24G",
      "L40S-1-48G",
      "L40S-8-48G",
      "RENDER-S",
    ]);
    expect(offers.find((offer) => offer.instanceType === "H100-2-80G")).toMatchObject({
      gpuNameRaw: "H100",
      gpuCount: 2,
      gpuMemoryGb: 80,
      formFactor: "PCIe",
      currency: "EUR",
      pricePerHour: 5.46,
      pricePerMonth: 3985.8,
      regions: ["fr-par-2"],
      vcpuCount: 48,
      ramGb: 480,
      billingIncrementSeconds: 60,
      sourceUrl: `${ZONES}/fr-par-2/products/servers?per_page=100&page=1`,
    });
  });

  it("names the GPU from the type when gpu_info is missing, and tells SXM from PCIe H100s", async () => {
    const { offers } = await scrapeRecording(scaleway, success);
    const offer = (instanceType: string) => offers.find((candidate) => candidate.instanceType === instanceType);
    expect(offer("H100-SXM-8-80G")).toMatchObject({
      gpuNameRaw: "H100 SXM 80GB",
      gpuCount: 8,
      gpuMemoryGb: 80,
      formFactor: "SXM",
      pricePerHour: 23.028,
      ramGb: 960,
    });
    expect(offer("H100-SXM-2-80G")).toMatchObject({ gpuNameRaw: "H100", gpuCount: 2, formFactor: "SXM" });
    expect(offer("H100-1-80G")).toMatchObject({ formFactor: "PCIe" });
    expect(offer("L40S-8-48G")).toMatchObject({
      gpuNameRaw: "L40S",
      gpuCount: 8,
      gpuMemoryGb: 48,
      formFactor: null,
      pricePerHour: 11.2,
    });
    expect(offer("GPU-3070-S")).toMatchObject({
      gpuNameRaw: "RTX 3070",
      gpuCount: 1,
      gpuMemoryGb: 8,
      formFactor: null,
    });
    expect(offer("RENDER-S")).toMatchObject({ gpuNameRaw: "P100", gpuMemoryGb: 16, pricePerHour: 1.2213 });
  });

  it("maps stock: scarce limited, shortage sold out, no entry available", async () => {
    const { offers } = await scrapeRecording(scaleway, success);
    const availability = (instanceType: string) =>
      offers.find((offer) => offer.instanceType === instanceType)?.availability;
    expect(availability("H100-2-80G")).toBe("available");
    expect(availability("L40S-8-48G")).toBe("limited");
    expect(availability("H100-SXM-8-80G")).toBe("sold_out");
    expect(availability("GPU-3070-S")).toBe("available");
  });

  it("merges the zones that list a type: their regions, the best stock, the lowest price", async () => {
    const { offers } = await scrapeRecording(scaleway, success);
    // Scarce in fr-par-2, available in pl-waw-2, same price in both.
    const h100 = offers.find((offer) => offer.instanceType === "H100-1-80G");
    expect(h100).toMatchObject({ regions: ["fr-par-2", "pl-waw-2"], availability: "available", pricePerHour: 2.73 });
    expect(h100?.priceIncludes).toBeUndefined();
    // 0.75 in fr-par-2, 0.82 (and out of stock) in pl-waw-2.
    expect(offers.find((offer) => offer.instanceType === "L4-1-24G")).toMatchObject({
      regions: ["fr-par-2", "pl-waw-2"],
      availability: "available",
      pricePerHour: 0.75,
      pricePerMonth: 547.5,
      priceIncludes: { hourly_price_by_zone: { "fr-par-2": 0.75, "pl-waw-2": 0.82 } },
      sourceUrl: `${ZONES}/fr-par-2/products/servers?per_page=100&page=1`,
    });
  });

  it("skips the zone that answers 404 and the end-of-service type, with reasons", async () => {
    const { skipped, exchanges } = await scrapeRecording(scaleway, success);
    expect(skipped).toEqual([
      {
        reason: expect.stringMatching(/^zone nl-ams-1 is not served: .*HTTP 404/),
        raw: { zone: "nl-ams-1", url: `${ZONES}/nl-ams-1/products/servers?per_page=100&page=1` },
      },
      expect.objectContaining({ instanceType: "RENDER-M", reason: "end of service in fr-par-2" }),
    ]);
    expect(exchanges.map((exchange) => [exchange.url, exchange.status])).toEqual([
      [`${ZONES}/fr-par-1/products/servers?per_page=100&page=1`, 200],
      [`${ZONES}/fr-par-1/products/servers/availability?per_page=100&page=1`, 200],
      [`${ZONES}/fr-par-2/products/servers?per_page=100&page=1`, 200],
      [`${ZONES}/fr-par-2/products/servers/availability?per_page=100&page=1`, 200],
      [`${ZONES}/nl-ams-1/products/servers?per_page=100&page=1`, 404],
      [`${ZONES}/pl-waw-2/products/servers?per_page=100&page=1`, 200],
      [`${ZONES}/pl-waw-2/products/servers/availability?per_page=100&page=1`, 200],
    ]);
  });

  it("asks for the next page while a page is full", async () => {
    const fullPage = Object.fromEntries(
      Array.from({ length: 100 }, (_, index) => [`CPU-${index + 1}`, cpuType(index + 1)]),
    );
    const lastPage = {
      "L4-1-24G": {
        hourly_price: 0.75,
        monthly_price: 547.5,
        ncpus: 8,
        ram: 48 * GIB,
        gpu: 1,
        gpu_info: { gpu_name: "L4", gpu_memory: 24 * GIB },
      },
    };
    const { offers, exchanges } = await scrapeRecording(scaleway, zoneRecording("fr-par-2", [fullPage, lastPage]));
    expect(offers).toMatchObject([{ instanceType: "L4-1-24G", gpuMemoryGb: 24, regions: ["fr-par-2"] }]);
    expect(exchanges.map((exchange) => exchange.url)).toContain(
      `${ZONES}/fr-par-2/products/servers?per_page=100&page=2`,
    );
    expect(exchanges.map((exchange) => exchange.url)).not.toContain(
      `${ZONES}/fr-par-2/products/servers?per_page=100&page=3`,
    );
  });

  it("fails with the first zone's error when every zone answers 404", async () => {
    const failure = await scrapeRecording(scaleway, {
      provider: "scaleway",
      recordedAt: null,
      origin: "documented",
      exchanges: [],
    }).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({
      code: "NOT_FOUND",
      details: { url: `${ZONES}/fr-par-1/products/servers?per_page=100&page=1` },
    });
  });

  it("returns no offers for an empty catalogue", async () => {
    expect(await scrapeRecording(scaleway, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("keeps the good types and reports the ones it cannot read", async () => {
    const { offers, skipped } = await scrapeRecording(scaleway, partial);
    expect(offers.map((offer) => offer.instanceType)).toEqual(["H100-1-80G"]);
    expect(skipped.map(({ instanceType, reason }) => [instanceType, reason])).toEqual([
      ["L40S-1-48G", expect.stringMatching(/^fr-par-2: hourly_price: /)],
      ["GPU-NEXT-S", "no gpu_info, and the type name does not say which GPU"],
    ]);
  });

  it("fails the scrape as schema drift when servers is not an object", async () => {
    await expect(scrapeRecording(scaleway, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails the whole scrape when a zone answers 500, whatever the other zones said", async () => {
    const failure = await scrapeRecording(scaleway, error).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", retryable: true, details: { status: 500 } });
  });

  it("fails the scrape when a 200 carries Scaleway's error object", async () => {
    const failure = await scrapeRecording(scaleway, errorInBody).catch((caught: unknown) => caught);
    expect(failure).toMatchObject({
      code: "UPSTREAM_ERROR",
      retryable: false,
      message: expect.stringMatching(/transient_state/),
    });
  });
});
