import { describe, expect, it } from "vitest";
import { identifyGpu } from "../../../shared/gpu-identity";
import type { ProviderOffer } from "../../../shared/offers";
import { pricesOutsideBands } from "../../testing/bands";
import { scrapeRecording } from "../../testing/recordings";
import { createProviderHttp, ProviderError } from "../http";
import { type Recording, recordingSchema, replayFetch } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import success from "./fixtures/success.json";
import { CLOUDRIFT_API_VERSION, cloudrift } from "./index";

const LIST_URL = "https://api.cloudrift.ai/api/v1/instance-types/list";

/** The recording with its one response replaced. */
function answering(status: number, body: unknown): Recording {
  const recording = recordingSchema.parse(success);
  return { ...recording, exchanges: [{ request: recording.exchanges[0]!.request, response: { status, body } }] };
}

const identify = (offer: ProviderOffer | undefined) =>
  offer && identifyGpu({ name: offer.gpuNameRaw, memoryGb: offer.gpuMemoryGb, formFactor: offer.formFactor });

describe("cloudrift adapter", () => {
  it("turns each GPU variant into a whole-variant offer, reading cost_per_hour as cents", async () => {
    const { offers, exchanges } = await scrapeRecording(cloudrift, success);
    expect(exchanges).toMatchObject([{ method: "POST", url: LIST_URL, status: 200 }]);
    expect(offers.map((offer) => offer.instanceType)).toEqual([
      "rtx49-8c-nr.1",
      "rtx49-8c-nr.2",
      "rtx49-8c-nr.8",
      "rtx59-16c-nr.1",
      "rtx59-16c-nr.4",
      "rtxpro6000-12c-ng.1",
      "rtxpro6000-12c-ng.8",
      "v100-8c-aws.1",
      "mi350x-16c-vu.8",
      "a100-16c-nr.1",
    ]);
    expect(offers[0]).toMatchObject({
      instanceName: "rtx49-8c-nr",
      gpuNameRaw: "RTX 4090",
      gpuCount: 1,
      gpuMemoryGb: 24, // 25769803776 bytes
      currency: "USD",
      pricePerHour: 0.39, // 39 cents
      pricePerHourSpot: null,
      availability: "available",
      regions: ["us-east-nc-nr-1"],
      vcpuCount: 8,
      ramGb: 50,
      storageGb: 250,
      sourceUrl: LIST_URL,
    });
    // The 8-GPU variant's 312 cents are for the whole node: $0.39 per GPU.
    expect(offers[2]).toMatchObject({ gpuCount: 8, pricePerHour: 3.12 });
  });

  it("asks for the VM catalogue with the protocol version in the body", async () => {
    const replay = replayFetch(recordingSchema.parse(success));
    const bodies: unknown[] = [];
    const http = createProviderHttp({
      fetch: async (input, init) => {
        bodies.push(JSON.parse(await new Request(input, init).text()));
        return replay(input, init);
      },
    });
    await cloudrift.scrape({ http, baseUrl: "https://api.cloudrift.ai", credential: null, now: new Date() });
    expect(bodies).toEqual([
      { version: CLOUDRIFT_API_VERSION, data: { selector: { ByServiceAndLocation: { services: ["vm"] } } } },
    ]);
  });

  it("says available only in data centers with a free node, and sold out elsewhere", async () => {
    const { offers } = await scrapeRecording(cloudrift, success);
    const offer = (instanceType: string) => offers.find((candidate) => candidate.instanceType === instanceType);
    expect(offer("rtx49-8c-nr.8")).toMatchObject({
      availability: "sold_out",
      regions: ["us-east-nc-nr-1", "ustx1a_a01"],
    });
    expect(offer("rtx59-16c-nr.1")).toMatchObject({ availability: "sold_out", pricePerHour: 0.65 });
    expect(offer("rtxpro6000-12c-ng.1")).toMatchObject({
      availability: "available",
      regions: ["eu-central-it-gv-1"],
      pricePerHour: 1.34,
      gpuMemoryGb: 96,
    });
    // Listed, but in no data center.
    expect(offer("mi350x-16c-vu.8")).toMatchObject({ availability: "sold_out", regions: [], pricePerHour: 22.4 });
  });

  it("leaves out MIG slices and CPU-only variants", async () => {
    const { offers, skipped } = await scrapeRecording(cloudrift, success);
    expect(offers.map((offer) => offer.instanceType)).not.toContain("epyc-32c.8");
    expect(skipped).toMatchObject([
      { instanceType: "a100-16c-nr.1-mig-3g", cause: "excluded", reason: "a MIG slice of a GPU (3g.40gb)" },
    ]);
  });

  it("maps the RTX and V100 brands and leaves the A100 (form factor unknown) and MI350X unmapped", async () => {
    const { offers } = await scrapeRecording(cloudrift, success);
    const offer = (instanceType: string) => offers.find((candidate) => candidate.instanceType === instanceType);
    expect(identify(offer("rtx49-8c-nr.1"))).toMatchObject({ slug: "rtx-4090" });
    expect(identify(offer("rtx59-16c-nr.1"))).toMatchObject({ slug: "rtx-5090" });
    expect(identify(offer("rtxpro6000-12c-ng.1"))).toMatchObject({ slug: "rtx-pro-6000" });
    expect(identify(offer("v100-8c-aws.1"))).toMatchObject({ slug: "v100-16gb" });
    expect(identify(offer("a100-16c-nr.1"))).toMatchObject({ slug: null });
    expect(identify(offer("mi350x-16c-vu.8"))).toMatchObject({ slug: null });
  });

  it("keeps CloudRift's cent prices inside every mapped GPU's band", async () => {
    const { offers } = await scrapeRecording(cloudrift, success);
    expect(pricesOutsideBands("cloudrift", offers)).toEqual([]);
  });

  it("reports variants priced in dollars or not at all, and claims no stock without the availability counts", async () => {
    const { offers, skipped } = await scrapeRecording(cloudrift, partial);
    expect(offers).toMatchObject([
      { instanceType: "rtx49-8c-nr.1", availability: "limited", regions: ["us-east-nc-nr-1", "ustx1a_a01"] },
    ]);
    expect(
      skipped.map(({ instanceType, cause = "unreadable", reason }) => ({ instanceType, cause, reason })),
    ).toMatchObject([
      { instanceType: "rtx59-16c-nr.1", cause: "unreadable", reason: /cost_per_hour/ },
      { instanceType: "v100-8c-aws.1", cause: "unreadable", reason: /cost_per_hour/ },
      { instanceType: "rtxpro6000-12c-ng.1", cause: "unreadable", reason: /no brand_short/ },
    ]);
  });

  it("returns no offers for an empty listing", async () => {
    expect(await scrapeRecording(cloudrift, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails the scrape as schema drift when instance_types is not a list", async () => {
    await expect(scrapeRecording(cloudrift, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails with UPSTREAM_ERROR when a 200 carries an error message instead of data", async () => {
    const failure = await scrapeRecording(cloudrift, error).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: "UPSTREAM_ERROR", message: /database unavailable/ });
  });

  it("fails with BAD_REQUEST when the listing rejects the request", async () => {
    const recording = answering(400, { message: "unknown protocol version" });
    await expect(scrapeRecording(cloudrift, recording)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      details: { status: 400 },
    });
  });
});
