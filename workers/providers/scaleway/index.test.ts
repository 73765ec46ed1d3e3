import { describe, expect, it } from "vitest";
import { identifyGpu } from "../../../shared/gpu-identity";
import { pricesOutsideBands } from "../../testing/bands";
import { scrapeRecording } from "../../testing/recordings";
import { ProviderError } from "../http";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import errorInBody from "./fixtures/error-in-body.json";
import partial from "./fixtures/partial.json";
import recorded2025 from "./fixtures/recorded-2025-09-gpu-3070.json";
import recorded2026May from "./fixtures/recorded-2026-05-h100-m.json";
import recorded2026July from "./fixtures/recorded-2026-07-catalog.json";
import success from "./fixtures/success.json";
import { scaleway } from "./index";

const ZONES = "https://api.scaleway.com/instance/v1/zones";
const GIB = 2 ** 30;
const page = (zone: string, number: number, listing = "servers") =>
  `${ZONES}/${zone}/products/${listing}?page=${number}&per_page=50`;

interface Listing {
  exchanges: { request: { url: string }; response: { body: { servers: Record<string, Record<string, unknown>> } } }[];
}

/** The July 2026 recording with `change` applied to the given type's record in every zone that lists it. */
function recordingWithType(type: string, change: (record: Record<string, unknown>) => void): unknown {
  const copy = JSON.parse(JSON.stringify(recorded2026July)) as Listing;
  for (const { request, response } of copy.exchanges) {
    const record = response.body.servers[type];
    if (!request.url.includes("/availability") && record) change(record);
  }
  return copy;
}

/** One zone's listing pages (asked ?page=N, as the recordings are) and an empty availability; every other zone answers 404. */
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
      ...pages.map((servers, index) => exchange(`${ZONES}/${zone}/products/servers?page=${index + 1}`, servers)),
      exchange(`${ZONES}/${zone}/products/servers/availability?page=1`, {}),
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
const cpuTypes = (from: number, count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, index) => [`CPU-${from + index}`, cpuType(index + 1)]));
const l4Type = {
  hourly_price: 0.75,
  monthly_price: 547.5,
  ncpus: 8,
  ram: 48 * GIB,
  gpu: 1,
  gpu_info: { gpu_name: "L4", gpu_memory: 24 * GIB },
};

describe("scaleway adapter on its recorded answers", () => {
  it("reads every page of a zone: finds H100-SXM-8-80G on fr-par-2 page 2 and RENDER-S on page 3", async () => {
    const { offers, exchanges } = await scrapeRecording(scaleway, recorded2026July);
    const offer = (instanceType: string) => offers.find((candidate) => candidate.instanceType === instanceType);
    expect(offer("H100-SXM-8-80G")).toMatchObject({ pricePerHour: 25.3308, sourceUrl: page("fr-par-2", 2) });
    expect(offer("H100-SXM-4-80G")).toMatchObject({ pricePerHour: 12.771, sourceUrl: page("fr-par-2", 2) });
    expect(offer("RENDER-S")).toMatchObject({ regions: ["fr-par-1", "fr-par-2"], sourceUrl: page("fr-par-1", 3) });
    // L4-1-24G sits on fr-par-2 page 2, so reading only page 1 lost that zone.
    expect(offer("L4-1-24G")?.regions).toEqual(["fr-par-1", "fr-par-2", "pl-waw-2"]);
    expect(offers).toHaveLength(17);
    expect(exchanges.map((exchange) => exchange.url).filter((url) => url.includes("/fr-par-2/"))).toEqual([
      page("fr-par-2", 1),
      page("fr-par-2", 2),
      page("fr-par-2", 3),
      page("fr-par-2", 1, "servers/availability"),
      page("fr-par-2", 2, "servers/availability"),
      page("fr-par-2", 3, "servers/availability"),
    ]);
  });

  it("asks the pages the server's Link header names (?page=N&per_page=50) until X-Total-Count types are in", async () => {
    const { exchanges } = await scrapeRecording(scaleway, recorded2026July);
    const urls = exchanges.map((exchange) => exchange.url);
    // pl-waw-2 holds 61 types: 50, then 11.
    expect(urls.filter((url) => url.includes("/pl-waw-2/"))).toEqual([
      page("pl-waw-2", 1),
      page("pl-waw-2", 2),
      page("pl-waw-2", 1, "servers/availability"),
      page("pl-waw-2", 2, "servers/availability"),
    ]);
    // The recording keeps 3 entries of each nl-ams-1 page (it lists no GPU) while X-Total-Count still
    // says 125: short pages do not end the listing, and the unrecorded page 4 (404) does.
    expect(urls.filter((url) => url.includes("/nl-ams-1/products/servers?"))).toEqual([
      page("nl-ams-1", 1),
      page("nl-ams-1", 2),
      page("nl-ams-1", 3),
      page("nl-ams-1", 4),
    ]);
    expect(exchanges.filter((exchange) => exchange.status !== 200).map((exchange) => exchange.status)).toEqual([
      404, 404,
    ]);
  });

  it("identifies H100-1-M as an H100 PCIe from gpu_info", async () => {
    const { offers } = await scrapeRecording(scaleway, recorded2026May);
    const h100m = offers.find((offer) => offer.instanceType === "H100-1-M");
    expect(h100m).toMatchObject({
      gpuNameRaw: "H100-PCIe",
      gpuCount: 1,
      gpuMemoryGb: 80,
      formFactor: "PCIe",
      pricePerHour: 4.2,
      vcpuCount: 24,
      ramGb: 240,
    });
    expect(
      h100m && identifyGpu({ name: h100m.gpuNameRaw, memoryGb: h100m.gpuMemoryGb, formFactor: h100m.formFactor }),
    ).toMatchObject({ slug: "h100-pcie" });
    expect(offers.find((offer) => offer.instanceType === "H100-2-M")).toMatchObject({
      gpuCount: 2,
      formFactor: "PCIe",
      pricePerHour: 8.4,
    });
  });

  it("names the GPUs the type name does not from gpu_info: RENDER-S, GPU-3070-S, B300-SXM", async () => {
    const offer = async (recording: unknown, instanceType: string) =>
      (await scrapeRecording(scaleway, recording)).offers.find((candidate) => candidate.instanceType === instanceType);
    expect(await offer(recorded2026July, "RENDER-S")).toMatchObject({
      gpuNameRaw: "P100",
      gpuCount: 1,
      gpuMemoryGb: 16,
      formFactor: null,
      pricePerHour: 1.221,
    });
    expect(await offer(recorded2025, "GPU-3070-S")).toMatchObject({
      gpuNameRaw: "RTX-3070",
      gpuCount: 1,
      gpuMemoryGb: 8,
      pricePerHour: 0.98,
      regions: ["fr-par-2"],
    });
    expect(await offer(recorded2026July, "B300-SXM-8-288G")).toMatchObject({
      gpuNameRaw: "B300-SXM",
      gpuCount: 8,
      gpuMemoryGb: 288,
      formFactor: "SXM",
      pricePerHour: 60,
    });
  });

  it("reads ram and gpu_memory as bytes", async () => {
    const { offers } = await scrapeRecording(scaleway, recorded2026July);
    expect(offers.find((offer) => offer.instanceType === "H100-SXM-8-80G")).toMatchObject({
      gpuMemoryGb: 80,
      vcpuCount: 128,
      ramGb: 960,
    });
    expect(offers.find((offer) => offer.instanceType === "B300-SXM-2-288G")).toMatchObject({
      gpuMemoryGb: 288,
      ramGb: 960,
    });
  });

  it("prices the whole instance in EUR, one price for every zone that lists the type", async () => {
    const { offers } = await scrapeRecording(scaleway, recorded2026July);
    expect(offers.find((offer) => offer.instanceType === "L40S-8-48G")).toMatchObject({
      currency: "EUR",
      gpuCount: 8,
      pricePerHour: 11.759328,
      pricePerMonth: 8584.30944,
    });
    expect(offers.every((offer) => offer.priceIncludes === undefined)).toBe(true);
  });

  it("maps scarce to limited and shortage to sold out", async () => {
    const { offers } = await scrapeRecording(scaleway, recorded2026July);
    const availability = (instanceType: string) =>
      offers.find((offer) => offer.instanceType === instanceType)?.availability;
    expect(availability("H100-SXM-8-80G")).toBe("available");
    // Scarce in fr-par-2, shortage in pl-waw-2.
    expect(availability("L40S-1-48G")).toBe("limited");
    // Shortage in fr-par-2, its only zone.
    expect(availability("B300-SXM-2-288G")).toBe("sold_out");
  });

  it("keeps the best stock across zones, and as regions the zones where the type can be rented", async () => {
    const { offers } = await scrapeRecording(scaleway, recorded2026July);
    const offer = (instanceType: string) => offers.find((candidate) => candidate.instanceType === instanceType);
    // Shortage in fr-par-1 and fr-par-2, scarce in pl-waw-2.
    expect(offer("L4-8-24G")).toMatchObject({ availability: "limited", regions: ["pl-waw-2"] });
    // Shortage in fr-par-1, available in fr-par-2 and pl-waw-2.
    expect(offer("L4-2-24G")).toMatchObject({ availability: "available", regions: ["fr-par-2", "pl-waw-2"] });
    // Shortage in both its zones: sold out, and still listed where it is sold.
    expect(offer("H100-1-80G")).toMatchObject({ availability: "sold_out", regions: ["fr-par-2", "pl-waw-2"] });
  });

  it("does not claim a billing increment the answer does not state", async () => {
    for (const recording of [recorded2025, recorded2026May, recorded2026July]) {
      const { offers } = await scrapeRecording(scaleway, recording);
      expect(offers.map((offer) => offer.billingIncrementSeconds)).toEqual(offers.map(() => null));
    }
  });

  it("excludes a type with a mig_profile as a GPU slice", async () => {
    // Every recorded type has mig_profile null; this one is given a profile in both its zones.
    const sliced = recordingWithType("H100-1-80G", (record) => {
      record.mig_profile = "mig-1g.10gb";
    });
    const { offers, skipped } = await scrapeRecording(scaleway, sliced);
    expect(offers.map((offer) => offer.instanceType)).not.toContain("H100-1-80G");
    expect(offers).toHaveLength(16);
    expect(skipped).toEqual([
      expect.objectContaining({
        instanceType: "H100-1-80G",
        cause: "excluded",
        reason: 'a MIG slice of a GPU (mig_profile "mig-1g.10gb")',
      }),
    ]);
  });

  it("lists each recording's GPU types and skips nothing", async () => {
    for (const [recording, count] of [
      [recorded2025, 17],
      [recorded2026May, 17],
      [recorded2026July, 17],
    ] as const) {
      const { offers, skipped } = await scrapeRecording(scaleway, recording);
      expect(skipped).toEqual([]);
      expect(offers).toHaveLength(count);
    }
  });

  it("keeps every price of the recorded answers and of success.json inside its GPU's plausible band", async () => {
    for (const recording of [success, recorded2025, recorded2026May, recorded2026July]) {
      const { offers } = await scrapeRecording(scaleway, recording);
      expect(pricesOutsideBands("scaleway", offers)).toEqual([]);
    }
  });
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
      billingIncrementSeconds: null,
      sourceUrl: page("fr-par-2", 1),
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

  it("takes a type without an availability entry as available", async () => {
    const { offers } = await scrapeRecording(scaleway, success);
    expect(offers.find((offer) => offer.instanceType === "GPU-3070-S")?.availability).toBe("available");
  });

  it("keeps the lowest price of the zones where the type rents, and every zone's price when they differ", async () => {
    const { offers } = await scrapeRecording(scaleway, success);
    // Scarce in fr-par-2, available in pl-waw-2, same price in both.
    const h100 = offers.find((offer) => offer.instanceType === "H100-1-80G");
    expect(h100).toMatchObject({ regions: ["fr-par-2", "pl-waw-2"], availability: "available", pricePerHour: 2.73 });
    expect(h100?.priceIncludes).toBeUndefined();
    // 0.75 in fr-par-2, 0.82 and out of stock in pl-waw-2.
    expect(offers.find((offer) => offer.instanceType === "L4-1-24G")).toMatchObject({
      regions: ["fr-par-2"],
      availability: "available",
      pricePerHour: 0.75,
      pricePerMonth: 547.5,
      priceIncludes: { hourly_price_by_zone: { "fr-par-2": 0.75, "pl-waw-2": 0.82 } },
      sourceUrl: page("fr-par-2", 1),
    });
  });

  it("skips the zone that answers 404, and excludes the end-of-service type, with reasons", async () => {
    const { skipped, exchanges } = await scrapeRecording(scaleway, success);
    expect(skipped).toEqual([
      {
        reason: expect.stringMatching(/^zone nl-ams-1 is not served: .*HTTP 404/),
        raw: { zone: "nl-ams-1", url: page("nl-ams-1", 1) },
      },
      expect.objectContaining({ instanceType: "RENDER-M", reason: "end of service in fr-par-2", cause: "excluded" }),
    ]);
    expect(exchanges.map((exchange) => [exchange.url, exchange.status])).toEqual([
      [page("fr-par-1", 1), 200],
      [page("fr-par-1", 1, "servers/availability"), 200],
      [page("fr-par-2", 1), 200],
      [page("fr-par-2", 1, "servers/availability"), 200],
      [page("nl-ams-1", 1), 404],
      [page("pl-waw-2", 1), 200],
      [page("pl-waw-2", 1, "servers/availability"), 200],
    ]);
  });

  it("ends a listing whose last page was full at a 404 for the page after it", async () => {
    const { offers, skipped, exchanges } = await scrapeRecording(
      scaleway,
      zoneRecording("fr-par-2", [cpuTypes(1, 50), { ...cpuTypes(51, 49), "L4-1-24G": l4Type }]),
    );
    expect(offers).toMatchObject([{ instanceType: "L4-1-24G", gpuMemoryGb: 24, sourceUrl: page("fr-par-2", 2) }]);
    expect(skipped.map((record) => record.raw)).toEqual(
      ["fr-par-1", "nl-ams-1", "pl-waw-2"].map((zone) => ({ zone, url: page(zone, 1) })),
    );
    expect(exchanges.filter((exchange) => exchange.url.includes("/fr-par-2/"))).toMatchObject([
      { url: page("fr-par-2", 1), status: 200 },
      { url: page("fr-par-2", 2), status: 200 },
      { url: page("fr-par-2", 3), status: 404 },
      { url: page("fr-par-2", 1, "servers/availability"), status: 200 },
    ]);
  });

  it("gives up on a zone whose pages are still full after 20 pages", async () => {
    const endless = zoneRecording("fr-par-2", [cpuTypes(1, 50)]);
    // The page=1 exchange without its query answers every page.
    endless.exchanges[0]!.request.url = `${ZONES}/fr-par-2/products/servers`;
    const failure = await scrapeRecording(scaleway, endless).catch((caught: unknown) => caught);
    expect(failure).toMatchObject({ code: "UPSTREAM_ERROR", message: expect.stringMatching(/after 20 pages/) });
  });

  it("fails with the first zone's error when every zone answers 404", async () => {
    const failure = await scrapeRecording(scaleway, {
      provider: "scaleway",
      recordedAt: null,
      origin: "documented",
      exchanges: [],
    }).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: "NOT_FOUND", details: { url: page("fr-par-1", 1) } });
  });

  it("returns no offers for an empty catalogue", async () => {
    expect(await scrapeRecording(scaleway, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("keeps the good types and reports the ones it cannot read", async () => {
    const { offers, skipped } = await scrapeRecording(scaleway, partial);
    expect(offers.map((offer) => offer.instanceType)).toEqual(["H100-1-80G"]);
    expect(skipped.map(({ instanceType, reason, cause }) => [instanceType, reason, cause])).toEqual([
      ["L40S-1-48G", expect.stringMatching(/^fr-par-2: hourly_price: /), undefined],
      ["GPU-NEXT-S", "no gpu_info, and the type name does not say which GPU", undefined],
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
