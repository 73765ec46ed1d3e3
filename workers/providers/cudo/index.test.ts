import { describe, expect, it } from "vitest";
import { identifyGpu } from "../../../shared/gpu-identity";
import type { ProviderOffer } from "../../../shared/offers";
import { pricesOutsideBands } from "../../testing/bands";
import { replayKeepingRequests, scrapeRecording } from "../../testing/recordings";
import { ProviderError } from "../http";
import { type Recording, recordingSchema } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import success from "./fixtures/success.json";
import { cudo } from "./index";

const MACHINE_TYPES_URL = "https://rest.compute.cudo.org/v1/vms/machine-types";
const GPU_MODELS_URL = "https://rest.compute.cudo.org/v1/vms/gpu-models";

/** The success recording with the machine-types answer replaced. */
function answering(status: number, body: unknown): Recording {
  const recording = recordingSchema.parse(success);
  return {
    ...recording,
    exchanges: recording.exchanges.map((exchange) =>
      exchange.request.url === MACHINE_TYPES_URL ? { ...exchange, response: { status, body } } : exchange,
    ),
  };
}

const identify = (offer: ProviderOffer | undefined) =>
  offer && identifyGpu({ name: offer.gpuNameRaw, memoryGb: offer.gpuMemoryGb, formFactor: offer.formFactor });

describe("cudo adapter", () => {
  it("prices one GPU with the smallest host its machine type allows, per machine type and data center", async () => {
    const { offers, skipped, exchanges } = await scrapeRecording(cudo, success);
    expect(skipped).toEqual([]);
    expect(exchanges.map((exchange) => exchange.url)).toEqual([MACHINE_TYPES_URL, GPU_MODELS_URL]);
    expect(offers.map((offer) => offer.instanceType)).toEqual([
      "sapphire-rapids-h100@no-kristiansand-1",
      "epyc-genoa-a100-pcie@no-kristiansand-1",
      "epyc-genoa-l40s-graphics@no-kristiansand-1",
      "intel-ice-lake-a800-pci@us-carlsbad-1",
      "intel-broadwell-v100@us-dallas-1",
      "intel-sky-lake-v100-32g@us-newyork-1",
    ]);
    expect(offers[0]).toMatchObject({
      instanceName: "sapphire-rapids-h100",
      gpuNameRaw: "H100 NVL",
      gpuCount: 1,
      gpuMemoryGb: 94,
      currency: "USD",
      // 1.79 for the GPU + 4 vCPUs (the minimum per GPU) × 0.0059 + 8 GiB (the minimum per VM) × 0.0049
      pricePerHour: 1.8528,
      pricePerHourSpot: null,
      availability: "available",
      regions: ["no-kristiansand-1"],
      vcpuCount: 4,
      ramGb: 8,
      storageGb: null,
      sourceUrl: MACHINE_TYPES_URL,
    });
    expect(offers[0]?.priceIncludes).toMatchObject({
      gpus: 1,
      vcpus: 4,
      memory_gib: 8,
      gpu_price_hr: 1.79,
      vcpu_price_hr: 0.0059,
      memory_gib_price_hr: 0.0049,
      storage_gib_price_hr: 0.000107,
      ipv4_price_hr: 0.0035,
    });
  });

  it("reads the decimal strings as USD per unit and per hour, not as cents or per-instance totals", async () => {
    const { offers } = await scrapeRecording(cudo, success);
    // "1.500000" per GPU + "0.004900" for 1 vCPU + "0.004900" for 1 GiB.
    expect(offers.find((offer) => offer.instanceName === "epyc-genoa-a100-pcie")?.pricePerHour).toBe(1.5098);
    expect(offers.find((offer) => offer.instanceName === "epyc-genoa-l40s-graphics")?.pricePerHour).toBe(0.8798);
  });

  it("sizes memory for the vCPUs it must take (vCPU-per-GiB ceiling) and ignores unbounded limits", async () => {
    const { offers } = await scrapeRecording(cudo, success);
    // minVcpuPerGpu 3 and at most 1 vCPU per GiB: 3 vCPUs need 3 GiB.
    expect(offers.find((offer) => offer.instanceName === "intel-broadwell-v100")).toMatchObject({
      vcpuCount: 3,
      ramGb: 3,
      pricePerHour: 0.2071,
    });
    // maxVcpuPerMemoryGib and maxVcpuPerGpu are "Infinity": no ceiling, the minimums decide.
    expect(offers.find((offer) => offer.instanceName === "intel-sky-lake-v100-32g")).toMatchObject({
      vcpuCount: 2,
      ramGb: 1,
      gpuMemoryGb: 32,
      pricePerHour: 0.2979,
    });
  });

  it("turns the 12- and 36-month commitment prices into hourly reserved rates for the same VM", async () => {
    const { offers } = await scrapeRecording(cudo, success);
    expect(offers[0]).toMatchObject({
      pricePerHour: 1.8528,
      pricePerHourReserved1y: 1.5464, // 1.49 + 4 × 0.0053 + 8 × 0.0044
      pricePerHourReserved3y: 1.34, // 1.29 + 4 × 0.0047 + 8 × 0.0039
    });
    // Only the no-commitment price listed: no reserved rates.
    expect(offers[1]).toMatchObject({ pricePerHourReserved1y: null, pricePerHourReserved3y: null });
  });

  it("says available only where a host has a GPU free, sold out where none has", async () => {
    const { offers } = await scrapeRecording(cudo, success);
    expect(offers.find((offer) => offer.instanceName === "intel-broadwell-v100")).toMatchObject({
      availability: "sold_out",
      regions: ["us-dallas-1"],
    });
    expect(offers.filter((offer) => offer.availability === "available").map((offer) => offer.instanceName)).toEqual([
      "sapphire-rapids-h100",
      "epyc-genoa-a100-pcie",
      "epyc-genoa-l40s-graphics",
      "intel-ice-lake-a800-pci",
      "intel-sky-lake-v100-32g",
    ]);
  });

  it("takes each GPU's memory from the GPU model list, so the 16 and 32 GB V100 and the 94 GB H100 NVL map", async () => {
    const { offers } = await scrapeRecording(cudo, success);
    const offer = (name: string) => offers.find((candidate) => candidate.instanceName === name);
    expect(identify(offer("sapphire-rapids-h100"))).toMatchObject({ slug: "h100-nvl" });
    expect(identify(offer("epyc-genoa-a100-pcie"))).toMatchObject({ slug: "a100-80gb-pcie" });
    expect(identify(offer("epyc-genoa-l40s-graphics"))).toMatchObject({ slug: "l40s" });
    expect(identify(offer("intel-broadwell-v100"))).toMatchObject({ slug: "v100-16gb" });
    expect(identify(offer("intel-sky-lake-v100-32g"))).toMatchObject({ slug: "v100-32gb" });
    expect(identify(offer("intel-ice-lake-a800-pci"))).toMatchObject({ slug: null });
  });

  it("keeps Cudo's component prices inside every mapped GPU's band, reserved rates included", async () => {
    const { offers } = await scrapeRecording(cudo, success);
    expect(pricesOutsideBands("cudo", offers)).toEqual([]);
  });

  it("ignores CPU-only machine types", async () => {
    const { offers } = await scrapeRecording(cudo, success);
    expect(offers.map((offer) => offer.instanceName)).not.toContain("epyc-milan");
  });

  it("sends no key unless one is configured, and a Bearer token when it is", async () => {
    const open = replayKeepingRequests(success);
    await cudo.scrape({
      http: open.http,
      baseUrl: "https://rest.compute.cudo.org",
      credential: null,
      now: new Date("2026-11-20T12:00:00Z"),
    });
    expect(open.sent.map((request) => request.headers.get("Authorization"))).toEqual([null, null]);

    const keyed = replayKeepingRequests(success);
    await cudo.scrape({
      http: keyed.http,
      baseUrl: "https://rest.compute.cudo.org",
      credential: "secret-key",
      now: new Date("2026-11-20T12:00:00Z"),
    });
    expect(keyed.sent.map((request) => request.headers.get("Authorization"))).toEqual([
      "Bearer secret-key",
      "Bearer secret-key",
    ]);
  });

  it("keeps the good machine types, reports unreadable prices, and goes on without the GPU model list", async () => {
    const { offers, skipped } = await scrapeRecording(cudo, partial);
    expect(offers.map((offer) => offer.instanceType)).toEqual([
      "epyc-genoa-l40s-graphics@no-kristiansand-1",
      "epyc-genoa-a100-pcie@no-kristiansand-1",
    ]);
    // Without the list, only a name that states its memory gives one.
    expect(offers.map((offer) => offer.gpuMemoryGb)).toEqual([null, 80]);
    expect(skipped.map(({ instanceType, reason }) => ({ instanceType, reason }))).toMatchObject([
      { instanceType: undefined, reason: /GPU models not read \(NOT_FOUND/ },
      { instanceType: "epyc-rome-rtx-a5000@no-luster-1", reason: /gpu "n\/a"/ },
      { instanceType: "epyc-rome-rtx-a6000@no-luster-1", reason: /gpuPriceHr/ },
    ]);
  });

  it("returns no offers for an empty answer", async () => {
    expect(await scrapeRecording(cudo, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails the scrape as schema drift when machineTypes is not a list", async () => {
    await expect(scrapeRecording(cudo, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails with UPSTREAM_ERROR when a 200 carries a status object", async () => {
    const failure = await scrapeRecording(cudo, error).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: "UPSTREAM_ERROR", message: /error 14: upstream connect error/ });
  });

  it("fails with INVALID_API_KEY when the status says unauthenticated", async () => {
    const recording = answering(200, { code: 16, message: "invalid api key", details: [] });
    await expect(scrapeRecording(cudo, recording)).rejects.toMatchObject({ code: "INVALID_API_KEY" });
  });
});
