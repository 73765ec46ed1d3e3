import { describe, expect, it } from "vitest";
import { pricesOutsideBands } from "../../testing/bands";
import { replayKeepingRequests, scrapeRecording } from "../../testing/recordings";
import { ProviderError } from "../http";
import { type Recording, recordingSchema } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import pageSuccess from "./fixtures/page-success.json";
import partial from "./fixtures/partial.json";
import success from "./fixtures/success.json";
import unauthorized from "./fixtures/unauthorized.json";
import { lambdaLabs } from "./index";

const LEGACY_URL = "https://cloud.lambdalabs.com/api/v1/instance-types";

/** The recording with every request sent to `url` instead. */
function recordedAt(fixture: unknown, url: string): Recording {
  const recording = recordingSchema.parse(fixture);
  return {
    ...recording,
    exchanges: recording.exchanges.map((exchange) => ({ ...exchange, request: { ...exchange.request, url } })),
  };
}

/** The recording with its one response replaced. */
function answering(status: number, body: unknown): Recording {
  const recording = recordingSchema.parse(error);
  return { ...recording, exchanges: [{ request: recording.exchanges[0]!.request, response: { status, body } }] };
}

describe("lambda-labs adapter", () => {
  it("turns each GPU instance type into a whole-instance offer in dollars", async () => {
    const { offers, skipped } = await scrapeRecording(lambdaLabs, success);
    expect(skipped).toEqual([]);
    // 12 GPU types; the CPU-only cpu_4x_general is not a GPU offer.
    expect(offers).toHaveLength(12);
    expect(offers.map((offer) => offer.instanceType)).not.toContain("cpu_4x_general");
    expect(offers.find((offer) => offer.instanceType === "gpu_8x_h100_sxm5")).toMatchObject({
      instanceName: "8x H100 (80 GB SXM5)",
      gpuNameRaw: "H100 (80 GB SXM5)",
      gpuCount: 8,
      gpuMemoryGb: 80,
      currency: "USD",
      pricePerHour: 31.92,
      pricePerHourSpot: null,
      availability: "available",
      regions: ["us-south-2", "us-midwest-1"],
      vcpuCount: 208,
      ramGb: 1933, // 1800 GiB
      storageGb: 23622, // 22000 GiB
      sourceUrl: "https://cloud.lambda.ai/api/v1/instance-types",
    });
  });

  it("reads the GPU memory from the description, with or without a form factor", async () => {
    const { offers } = await scrapeRecording(lambdaLabs, success);
    const offer = (instanceType: string) => offers.find((candidate) => candidate.instanceType === instanceType);
    expect(offer("gpu_8x_b200_sxm6")).toMatchObject({
      gpuNameRaw: "B200 (180 GB SXM6)",
      gpuMemoryGb: 180,
      gpuCount: 8,
      pricePerHour: 53.52,
    });
    expect(offer("gpu_1x_gh200")).toMatchObject({
      gpuNameRaw: "GH200 (96 GB)",
      gpuMemoryGb: 96,
      gpuCount: 1,
      pricePerHour: 2.29,
    });
    expect(offer("gpu_1x_rtx6000")).toMatchObject({
      gpuNameRaw: "RTX 6000 (24 GB)",
      gpuMemoryGb: 24,
      pricePerHour: 0.69,
    });
  });

  it("keeps Lambda's real list prices (cents per instance) inside every GPU's plausible band", async () => {
    const { offers } = await scrapeRecording(lambdaLabs, success);
    expect(pricesOutsideBands("lambda-labs", offers)).toEqual([]);
    // Cents, not dollars: 8× H100 SXM at 3192 cents is $3.99 per GPU-hour.
    const h100 = offers.find((offer) => offer.instanceType === "gpu_8x_h100_sxm5");
    expect(h100 && h100.pricePerHour / h100.gpuCount).toBe(3.99);
  });

  it("marks a type with no capacity region as sold out", async () => {
    const { offers } = await scrapeRecording(lambdaLabs, success);
    expect(offers.find((offer) => offer.instanceType === "gpu_1x_h100_pcie")).toMatchObject({
      availability: "sold_out",
      regions: [],
      pricePerHour: 3.29,
    });
    expect(offers.find((offer) => offer.instanceType === "gpu_1x_a10")).toMatchObject({
      availability: "available",
      regions: ["us-east-1", "us-west-1", "europe-central-1"],
    });
  });

  it("sends the API key as a Bearer token, and without one reads only the public pricing page", async () => {
    const withKey = replayKeepingRequests(success);
    await lambdaLabs.scrape({
      http: withKey.http,
      baseUrl: lambdaLabs.baseUrl.default,
      credential: "k",
      now: new Date(),
    });
    expect(withKey.sent.map((request) => request.headers.get("Authorization"))).toEqual(["Bearer k"]);
    const withoutKey = replayKeepingRequests(pageSuccess);
    const { offers } = await lambdaLabs.scrape({
      http: withoutKey.http,
      baseUrl: lambdaLabs.baseUrl.default,
      credential: null,
      now: new Date(),
    });
    expect(withoutKey.sent.map((request) => [request.url, request.headers.get("Authorization")])).toEqual([
      ["https://lambda.ai/pricing", null],
    ]);
    expect(offers.length).toBeGreaterThan(0);
  });

  it("replays a recording made against the old cloud.lambdalabs.com host", async () => {
    const { offers, exchanges } = await scrapeRecording(lambdaLabs, recordedAt(success, LEGACY_URL));
    expect(exchanges).toMatchObject([{ method: "GET", url: LEGACY_URL, status: 200 }]);
    expect(offers).toHaveLength(12);
    expect(offers[0]!.sourceUrl).toBe(LEGACY_URL);
  });

  it("returns no offers for an empty catalogue", async () => {
    expect(await scrapeRecording(lambdaLabs, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("keeps the good types and reports the malformed ones", async () => {
    const { offers, skipped } = await scrapeRecording(lambdaLabs, partial);
    expect(offers.map((offer) => offer.instanceType)).toEqual([
      "gpu_8x_h100_sxm5",
      "gpu_1x_a10",
      "gpu_8x_a100_80gb_sxm4",
    ]);
    expect(skipped.map((record) => record.instanceType)).toEqual(["gpu_1x_a100", "gpu_1x_gh200"]);
    expect(skipped[0]!.reason).toMatch(/price_cents_per_hour/);
    expect(skipped[1]!.reason).toMatch(/specs\.gpus/);
  });

  it("names the GPU from the description without its count when gpu_description is absent", async () => {
    const { offers } = await scrapeRecording(lambdaLabs, partial);
    expect(offers.find((offer) => offer.instanceType === "gpu_8x_a100_80gb_sxm4")).toMatchObject({
      gpuNameRaw: "A100 (80 GB SXM4)",
      gpuCount: 8,
      gpuMemoryGb: 80,
      pricePerHour: 14.32,
    });
  });

  it("fails the scrape as schema drift when data is not keyed by type", async () => {
    await expect(scrapeRecording(lambdaLabs, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails with INVALID_API_KEY when a 200 says the key is invalid", async () => {
    const failure = await scrapeRecording(lambdaLabs, error).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: "INVALID_API_KEY", retryable: false });
  });

  it("fails with INVALID_API_KEY on a 401", async () => {
    await expect(scrapeRecording(lambdaLabs, unauthorized)).rejects.toMatchObject({
      code: "INVALID_API_KEY",
      details: { status: 401 },
    });
  });

  it("fails with UPSTREAM_ERROR when a 200 carries any other error", async () => {
    const recording = answering(200, { error: { code: "global/unknown", message: "An unexpected error occurred." } });
    await expect(scrapeRecording(lambdaLabs, recording)).rejects.toMatchObject({
      code: "UPSTREAM_ERROR",
      message: /global\/unknown/,
    });
  });
});
