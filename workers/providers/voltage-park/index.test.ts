import { describe, expect, it } from "vitest";
import { identifyGpu } from "../../../shared/gpu-identity";
import { pricesOutsideBands } from "../../testing/bands";
import { replayKeepingRequests, scrapeRecording } from "../../testing/recordings";
import { type Recording, recordingSchema } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import pagination from "./fixtures/pagination.json";
import partial from "./fixtures/partial.json";
import recorded from "./fixtures/recorded-2026-08-25.json";
import inStock from "./fixtures/success.json";
import { voltagePark } from "./index";

const LOCATIONS_URL = "https://cloud-api.voltagepark.com/api/v1/bare-metal/locations";
const PRESETS_URL = "https://cloud-api.voltagepark.com/api/v1/instant-deploy-presets/";
const RECORDED_LOCATION = "a3111bd4-550a-47d0-838a-0a52bff2ae3f";
const DAL = "5b7e2c1a-0f4d-4c3e-9a51-2d6e8f1a7c30";
const SEA = "9c2d4e6f-1a3b-4d5c-8e7f-0a1b2c3d4e5f";

/** A recording whose bare-metal listing answers `status` and `body`, with no presets. */
function locationsAnswering(status: number, body: unknown): Recording {
  return {
    provider: "voltage-park",
    recordedAt: null,
    origin: "documented",
    exchanges: [
      { request: { method: "GET", url: LOCATIONS_URL }, response: { status, body } },
      { request: { method: "GET", url: PRESETS_URL }, response: { status: 200, body: [] } },
    ],
  };
}

const byType = (offers: { instanceType: string }[]) => new Map(offers.map((offer) => [offer.instanceType, offer]));

describe("voltage-park adapter on its recorded answers", () => {
  it("offers each fabric of the bare-metal H100 node as a whole 8-GPU node priced from the per-GPU rate", async () => {
    const { offers, skipped } = await scrapeRecording(voltagePark, recorded);
    expect(skipped).toEqual([]);
    const offer = byType(offers);
    expect(offer.get(`bare-metal-ethernet-h100-sxm5-80gb-${RECORDED_LOCATION}`)).toMatchObject({
      gpuNameRaw: "h100-sxm5-80gb",
      gpuCount: 8,
      gpuMemoryGb: 80,
      formFactor: "SXM",
      currency: "USD",
      pricePerHour: 15.92,
      hasInfiniband: false,
      vcpuCount: 104,
      ramGb: 1024,
      storageGb: 18000,
      priceIncludes: { bare_metal: true, network: "ethernet", price_per_gpu_hour: 1.99, free_gpus: 0 },
      sourceUrl: LOCATIONS_URL,
    });
    expect(offer.get(`bare-metal-infiniband-h100-sxm5-80gb-${RECORDED_LOCATION}`)).toMatchObject({
      gpuCount: 8,
      pricePerHour: 19.92,
      hasInfiniband: true,
      priceIncludes: { network: "infiniband", price_per_gpu_hour: 2.49 },
    });
  });

  it("keeps the published prices of a fabric with no free GPUs, as sold out", async () => {
    const { offers } = await scrapeRecording(voltagePark, recorded);
    const bareMetal = offers.filter((offer) => offer.instanceType.startsWith("bare-metal-"));
    expect(bareMetal.map((offer) => [offer.availability, offer.regions])).toEqual([
      ["sold_out", []],
      ["sold_out", []],
    ]);
  });

  it("prices each VM preset as its compute rate plus its storage rate, for the whole VM", async () => {
    const { offers } = await scrapeRecording(voltagePark, recorded);
    const vms = offers.filter((offer) => offer.instanceType.startsWith("vm-"));
    expect(vms.map((offer) => [offer.instanceType, offer.gpuCount, offer.pricePerHour, offer.availability])).toEqual([
      ["vm-8x-h100-sxm5-80gb", 8, 15.92, "sold_out"],
      ["vm-1x-h100-sxm5-80gb", 1, 1.99, "sold_out"],
      ["vm-4x-h100-sxm5-80gb", 4, 7.96, "sold_out"],
      ["vm-2x-h100-sxm5-80gb", 2, 3.98, "sold_out"],
    ]);
    expect(byType(offers).get("vm-1x-h100-sxm5-80gb")).toMatchObject({
      vcpuCount: 26,
      ramGb: 116,
      storageGb: 2400,
      regions: [],
      priceIncludes: {
        compute_rate_hourly: 1.89,
        storage_rate_hourly: 0.1,
        operating_system: "TensorML 24 Everything",
      },
      sourceUrl: PRESETS_URL,
    });
  });

  it("names the GPU so the catalog maps it to the H100 SXM, with prices inside its band", async () => {
    const { offers } = await scrapeRecording(voltagePark, recorded);
    const [first] = offers;
    expect(
      first && identifyGpu({ name: first.gpuNameRaw, memoryGb: first.gpuMemoryGb, formFactor: first.formFactor }),
    ).toEqual({ slug: "h100-sxm", vramGb: 80 });
    expect(pricesOutsideBands("voltage-park", offers)).toEqual([]);
  });
});

describe("voltage-park adapter", () => {
  it("tells a full free node (available) from free GPUs short of a node (limited), with the location as region", async () => {
    const { offers, skipped } = await scrapeRecording(voltagePark, inStock);
    expect(skipped).toEqual([]);
    const offer = byType(offers);
    expect(offer.get(`bare-metal-ethernet-h100-sxm5-80gb-${DAL}`)).toMatchObject({
      availability: "limited",
      regions: [DAL],
      priceIncludes: { free_gpus: 4 },
    });
    expect(offer.get(`bare-metal-infiniband-h100-sxm5-80gb-${DAL}`)).toMatchObject({
      availability: "available",
      regions: [DAL],
      pricePerHour: 19.92,
    });
  });

  it("offers only the fabrics a location prices", async () => {
    const { offers } = await scrapeRecording(voltagePark, inStock);
    const seattle = offers.filter((offer) => offer.instanceType.endsWith(SEA));
    expect(seattle.map((offer) => [offer.instanceType, offer.pricePerHour, offer.availability])).toEqual([
      [`bare-metal-ethernet-h200-sxm5-141gb-${SEA}`, 23.92, "available"],
    ]);
    expect(seattle[0]).toMatchObject({ gpuMemoryGb: 141, formFactor: "SXM", gpuCount: 8 });
  });

  it("marks a preset available where it can start now, and leaves CPU-only presets out", async () => {
    const { offers } = await scrapeRecording(voltagePark, inStock);
    const vms = offers.filter((offer) => offer.instanceType.startsWith("vm-"));
    expect(vms.map((offer) => [offer.instanceType, offer.pricePerHour, offer.availability, offer.regions])).toEqual([
      ["vm-1x-h100-sxm5-80gb", 1.99, "available", [DAL]],
      ["vm-8x-h100-sxm5-80gb", 15.92, "sold_out", []],
      ["vm-2x-h200-sxm5-141gb", 5.98, "available", [SEA, DAL]],
    ]);
    expect(pricesOutsideBands("voltage-park", offers)).toEqual([]);
  });

  it("follows the offset pages of the locations listing", async () => {
    const { offers, exchanges } = await scrapeRecording(voltagePark, pagination);
    expect(exchanges.map((exchange) => exchange.url)).toEqual([
      LOCATIONS_URL,
      `${LOCATIONS_URL}?offset=1`,
      PRESETS_URL,
    ]);
    expect(offers.map((offer) => offer.instanceType)).toEqual([
      `bare-metal-ethernet-h100-sxm5-80gb-${DAL}`,
      `bare-metal-infiniband-h100-sxm5-80gb-${DAL}`,
      `bare-metal-ethernet-h200-sxm5-141gb-${SEA}`,
    ]);
    expect(offers[2]?.sourceUrl).toBe(`${LOCATIONS_URL}?offset=1`);
  });

  it("fails instead of looping when a next page repeats the first", async () => {
    const recording = recordingSchema.parse(pagination);
    const endless = {
      ...recording,
      exchanges: recording.exchanges.slice(1).map((exchange, index) =>
        index === 0
          ? {
              ...exchange,
              response: { ...exchange.response, body: { ...(exchange.response.body as object), has_next: true } },
            }
          : exchange,
      ),
    };
    await expect(scrapeRecording(voltagePark, endless)).rejects.toMatchObject({
      code: "UPSTREAM_ERROR",
      message: /offset paging not honoured/,
    });
  });

  it("keeps the readable records and reports the others", async () => {
    const { offers, skipped } = await scrapeRecording(voltagePark, partial);
    expect(offers.map((offer) => offer.instanceType)).toEqual([
      "bare-metal-infiniband-h100-sxm5-80gb-7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
      `bare-metal-ethernet-h100-sxm5-80gb-${DAL}`,
      `bare-metal-infiniband-h100-sxm5-80gb-${DAL}`,
      "vm-1x-h100-sxm5-80gb",
    ]);
    expect(skipped.map((record) => [record.cause ?? "unreadable", record.reason])).toEqual([
      ["excluded", "price field gpu_price_spot is not one this adapter reads"],
      ["unreadable", 'gpu_price_ethernet "contact us" is not a price'],
      ["unreadable", expect.stringMatching(/specs_per_node/)],
      ["unreadable", "neither gpu_price_ethernet nor gpu_price_infiniband is set"],
      ["unreadable", "a preset of several GPU types (h100-sxm5-80gb, l40s-48gb)"],
      ["unreadable", 'compute_rate_hourly "0.000000" is not a price'],
    ]);
    // An unreadable record names the offer it stands for, so that the stored offer stays as it was.
    expect(skipped.map((record) => record.instanceType)).toEqual([
      undefined,
      "bare-metal-ethernet-h100-sxm5-80gb-7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
      SEA,
      "8e9f0a11-2b3c-4d5e-9f6a-7b8c9d0e1f2a",
      "4c7d0e96-1b5f-4d4a-9f2c-7a6e5b8c9d04",
      "vm-4x-h100-sxm5-80gb",
    ]);
  });

  it("sends the API key as a Bearer token when one is set, and scrapes without one", async () => {
    const keyed = replayKeepingRequests(recorded);
    await voltagePark.scrape({
      http: keyed.http,
      baseUrl: voltagePark.baseUrl.default,
      credential: "vp-key",
      now: new Date("2026-11-20T12:00:00Z"),
    });
    expect(keyed.sent.map((request) => request.headers.get("Authorization"))).toEqual([
      "Bearer vp-key",
      "Bearer vp-key",
    ]);

    const anonymous = replayKeepingRequests(recorded);
    const { offers } = await voltagePark.scrape({
      http: anonymous.http,
      baseUrl: voltagePark.baseUrl.default,
      credential: null,
      now: new Date("2026-11-20T12:00:00Z"),
    });
    expect(anonymous.sent.map((request) => request.headers.get("Authorization"))).toEqual([null, null]);
    expect(offers).toHaveLength(6);
  });

  it("returns no offers when nothing is listed", async () => {
    expect(await scrapeRecording(voltagePark, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails as schema drift when results is not a list", async () => {
    await expect(scrapeRecording(voltagePark, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails with INVALID_API_KEY when a 200 says the token is invalid", async () => {
    await expect(scrapeRecording(voltagePark, error)).rejects.toMatchObject({
      code: "INVALID_API_KEY",
      retryable: false,
    });
  });

  it("fails with INVALID_API_KEY on a 401 and UPSTREAM_ERROR on any other error body", async () => {
    await expect(
      scrapeRecording(
        voltagePark,
        locationsAnswering(401, { detail: "Authentication credentials were not provided." }),
      ),
    ).rejects.toMatchObject({ code: "INVALID_API_KEY", details: { status: 401 } });
    await expect(
      scrapeRecording(voltagePark, locationsAnswering(200, { error: "Service temporarily degraded" })),
    ).rejects.toMatchObject({ code: "UPSTREAM_ERROR", message: /temporarily degraded/ });
  });
});
