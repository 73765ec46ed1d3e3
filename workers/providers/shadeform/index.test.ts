import { describe, expect, it } from "vitest";
import { pricesOutsideBands } from "../../testing/bands";
import { identityOf, replayKeepingRequests, scrapeRecording } from "../../testing/recordings";
import { adapterFor } from "../index";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import success from "./fixtures/success.json";
import { shadeform } from "./index";

const URL = "https://api.shadeform.ai/v1/instances/types";

describe("shadeform adapter", () => {
  it("reads hourly_price as whole US cents for the whole instance, one offer per cloud instance type", async () => {
    const { offers } = await scrapeRecording(shadeform, success);
    expect(offers.map((offer) => [offer.instanceType, offer.gpuCount, offer.pricePerHour])).toEqual([
      ["runpod/NVIDIA A100 80GB PCIe", 1, 2.03],
      ["oblivus/H100_PCIE_80GB_x8", 8, 32.8],
      ["massedcompute/gpu_8x_h100", 8, 23.92],
      ["nebius/gpu-h100-sxm.8gpu-128vcpu-1600gb", 8, 23.92],
      ["lambdalabs/gpu_1x_h100_sxm5", 1, 3.29],
      ["denvr/A100_80GB_SXM_8x", 8, 14],
    ]);
    // Cents, not dollars: 2392 cents for eight H100s is $2.99 per GPU-hour.
    expect(pricesOutsideBands("shadeform", offers)).toEqual([]);
  });

  it("names the cloud behind each offer in our slugs, and tells the GPU apart by its interconnect", async () => {
    const { offers } = await scrapeRecording(shadeform, success);
    const nebius = offers.find((offer) => offer.upstreamProvider === "nebius");
    expect(nebius).toMatchObject({
      instanceName: "gpu-h100-sxm.8gpu-128vcpu-1600gb on nebius (via Shadeform)",
      gpuNameRaw: "H100",
      gpuMemoryGb: 80,
      formFactor: "SXM",
      hasNvlink: true,
      vcpuCount: 128,
      ramGb: 1600,
      storageGb: 1000,
      sourceUrl: URL,
      priceIncludes: { shade_instance_type: "H100x8", deployment_type: "vm", available_regions: ["eu-north1"] },
    });
    expect(identityOf(nebius)).toEqual({ slug: "h100-sxm", vramGb: 80 });
    expect(identityOf(offers.find((offer) => offer.upstreamProvider === "massedcompute"))).toEqual({
      slug: "h100-pcie",
      vramGb: 80,
    });
    expect(offers.map((offer) => offer.upstreamProvider)).toEqual([
      "runpod",
      "oblivus",
      "massedcompute",
      "nebius",
      "lambda-labs",
      "denvr",
    ]);
  });

  it("lists every region of a type, available when one region is, sold out when none is", async () => {
    const { offers } = await scrapeRecording(shadeform, success);
    const byCloud = (cloud: string) => offers.find((offer) => offer.instanceType.startsWith(`${cloud}/`));
    expect(byCloud("nebius")).toMatchObject({ regions: ["eu-north1", "us-central1"], availability: "available" });
    expect(byCloud("massedcompute")).toMatchObject({ regions: ["us-central-2"], availability: "sold_out" });
    // RunPod's "any" is no place.
    expect(byCloud("runpod")).toMatchObject({ regions: [], availability: "available" });
  });

  it("leaves out an entry whose GPU type contradicts its own instance type (the API reference's example)", async () => {
    const { skipped } = await scrapeRecording(shadeform, success);
    expect(skipped).toEqual([
      expect.objectContaining({
        reason: "gpu_type A100 contradicts shade_instance_type A6000",
        instanceType: "hyperstack/gpu_1x_a6000",
      }),
    ]);
  });

  it("publishes only what no first-party adapter covers once registered", async () => {
    const registered = adapterFor("shadeform");
    if (!registered) throw new Error("shadeform is registered");
    const { offers, skipped } = await scrapeRecording(registered, success);
    expect(offers.map((offer) => [offer.instanceType, offer.priceIncludes?.upstream_provider])).toEqual([
      ["massedcompute/gpu_8x_h100", "massedcompute"],
      ["denvr/A100_80GB_SXM_8x", "denvr"],
    ]);
    // Nebius is read from its own pricing page (workers/providers/nebius), so its Shadeform offer is left out too.
    expect(skipped.filter((record) => record.cause === "excluded").map((record) => record.instanceType)).toEqual([
      "runpod/NVIDIA A100 80GB PCIe",
      "oblivus/H100_PCIE_80GB_x8",
      "nebius/gpu-h100-sxm.8gpu-128vcpu-1600gb",
      "lambdalabs/gpu_1x_h100_sxm5",
    ]);
  });

  it("keeps the readable entries and reports a dollar amount or a missing configuration", async () => {
    const { offers, skipped } = await scrapeRecording(shadeform, partial);
    expect(offers.map((offer) => offer.instanceType)).toEqual(["nebius/gpu-h100-sxm.8gpu-128vcpu-1600gb"]);
    expect(skipped.map((record) => record.reason)).toEqual([
      "hourly_price 31.2 is not a whole number of cents above 0",
      expect.stringMatching(/^configuration: /),
    ]);
  });

  it("sends its key as X-API-KEY, and nothing without one", async () => {
    const withKey = replayKeepingRequests(success);
    await shadeform.scrape({
      http: withKey.http,
      baseUrl: shadeform.baseUrl.default,
      credential: "sf-key",
      now: new Date(),
    });
    expect(withKey.sent.map((request) => [request.url, request.headers.get("X-API-KEY")])).toEqual([[URL, "sf-key"]]);

    const withoutKey = replayKeepingRequests(success);
    await expect(
      shadeform.scrape({
        http: withoutKey.http,
        baseUrl: shadeform.baseUrl.default,
        credential: null,
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: "MISSING_CREDENTIALS" });
    expect(withoutKey.sent).toEqual([]);
  });

  it("returns no offers for an empty listing", async () => {
    expect(await scrapeRecording(shadeform, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails as schema drift when the listing moves, never reading dollars as cents", async () => {
    await expect(scrapeRecording(shadeform, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails with INVALID_API_KEY when the key is refused", async () => {
    await expect(scrapeRecording(shadeform, error)).rejects.toMatchObject({
      code: "INVALID_API_KEY",
      retryable: false,
    });
  });
});
