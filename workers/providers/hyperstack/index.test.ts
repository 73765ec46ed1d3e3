import { describe, expect, it } from "vitest";
import type { ProviderOffer } from "../../../shared/offers";
import { pricesOutsideBands } from "../../testing/bands";
import { identityOf, replayKeepingRequests, scrapeRecording } from "../../testing/recordings";
import { type Recording, recordingSchema } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import pageSuccess from "./fixtures/page-success.json";
import success from "./fixtures/success.json";
import { hyperstack } from "./index";

const PRICEBOOK_URL = "https://infrahub-api.nexgencloud.com/v1/pricebook";
const FLAVORS_URL = "https://infrahub-api.nexgencloud.com/v1/core/flavors";

/** The success recording with the answer to `url` replaced. */
function answering(url: string, status: number, body: unknown): Recording {
  const recording = recordingSchema.parse(success);
  return {
    ...recording,
    exchanges: recording.exchanges.map((exchange) =>
      exchange.request.url === url ? { request: exchange.request, response: { status, body } } : exchange,
    ),
  };
}

/** A pricebook and one flavor group, as a documented recording. */
function catalogue(pricebook: unknown[], group: unknown): Recording {
  return {
    provider: "hyperstack",
    recordedAt: null,
    origin: "documented",
    exchanges: [
      { request: { method: "GET", url: PRICEBOOK_URL }, response: { status: 200, body: pricebook } },
      {
        request: { method: "GET", url: FLAVORS_URL },
        response: { status: 200, body: { status: true, data: [group] } },
      },
    ],
  };
}

const byType = (offers: ProviderOffer[], instanceType: string) =>
  offers.find((offer) => offer.instanceType === instanceType);

describe("hyperstack adapter", () => {
  it("prices each GPU flavor as the per-GPU pricebook rate times its GPU count", async () => {
    const { offers } = await scrapeRecording(hyperstack, success);
    expect(offers).toHaveLength(12);
    expect(byType(offers, "US-1:n3-H100-SXM5x8")).toMatchObject({
      instanceName: "n3-H100-SXM5x8",
      gpuNameRaw: "H100-80G-SXM5",
      gpuCount: 8,
      gpuMemoryGb: 80,
      formFactor: "SXM",
      currency: "USD",
      pricePerHour: 19.2, // 8 × $2.40
      pricePerHourSpot: null,
      availability: "available",
      regions: ["US-1"],
      vcpuCount: 192,
      ramGb: 1800,
      storageGb: 100,
      sourceUrl: PRICEBOOK_URL,
    });
    expect(byType(offers, "NORWAY-1:n3-L40x1")).toMatchObject({ gpuCount: 1, pricePerHour: 1, gpuMemoryGb: null });
    expect(byType(offers, "NORWAY-1:n3-L40x8")).toMatchObject({ gpuCount: 8, pricePerHour: 8 });
  });

  it("publishes the list price (original_value), not the account's discounted value", async () => {
    const { offers } = await scrapeRecording(hyperstack, success);
    // The pricebook row says value 1.52, original_value 1.9, discount_applied true.
    expect(byType(offers, "CANADA-1:n3-H100x1")).toMatchObject({
      pricePerHour: 1.9,
      priceIncludes: expect.objectContaining({
        price_basis: "pricebook original_value per GPU-hour × 1",
        price_per_gpu_hour: 1.9,
      }),
    });
    expect(byType(offers, "CANADA-1:n3-H100x2")?.pricePerHour).toBe(3.8);
    // value itself never reaches the published fields.
    expect(JSON.stringify(offers.map((offer) => offer.priceIncludes))).not.toContain("1.52");
  });

  it("keeps every price inside the plausible band of its GPU", async () => {
    const { offers } = await scrapeRecording(hyperstack, success);
    expect(pricesOutsideBands("hyperstack", offers)).toEqual([]);
  });

  it("treats H100 NVLink as a PCIe card with a bridge, never as SXM", async () => {
    const { offers } = await scrapeRecording(hyperstack, success);
    const nvlink = byType(offers, "CANADA-1:n3-H100x8-NVLink");
    expect(nvlink).toMatchObject({
      gpuNameRaw: "H100-80G-PCIe-NVLink",
      formFactor: "PCIe",
      hasNvlink: true,
      gpuCount: 8,
      pricePerHour: 15.6, // 8 × $1.95
    });
    expect(identityOf(nvlink)).toMatchObject({ slug: "h100-pcie" });
    expect(identityOf(byType(offers, "US-1:n3-H100-SXM5x8"))).toMatchObject({ slug: "h100-sxm" });
    expect(identityOf(byType(offers, "CANADA-1:n3-H200-SXM5x8"))).toMatchObject({ slug: "h200-sxm" });
    expect(identityOf(byType(offers, "NORWAY-1:n3-A100x1"))).toMatchObject({ slug: "a100-80gb-pcie" });
    expect(identityOf(byType(offers, "CANADA-1:n3-RTX-PRO6000-SEx1"))).toMatchObject({ slug: "rtx-pro-6000" });
  });

  it("adds the -spot flavor's price to the on-demand flavor of the same name", async () => {
    const { offers, skipped } = await scrapeRecording(hyperstack, success);
    expect(byType(offers, "CANADA-1:n3-H100x1")).toMatchObject({
      pricePerHour: 1.9,
      pricePerHourSpot: 1.33,
      priceIncludes: expect.objectContaining({ spot_flavor: "n3-H100x1-spot", spot_stock_available: true }),
    });
    // The bigger-disk sibling has no spot flavor of its own.
    expect(byType(offers, "CANADA-1:n3-H100x1-bigroot")).toMatchObject({ pricePerHour: 1.9, pricePerHourSpot: null });
    // No spot flavor is an offer of its own, and one without an on-demand sibling is reported.
    expect(offers.some((offer) => /-spot/.test(offer.instanceType))).toBe(false);
    expect(skipped).toContainEqual(
      expect.objectContaining({ instanceType: "NORWAY-1:n3-H100x2-spot", cause: "excluded" }),
    );
  });

  it("reads stock from each flavor's stock_available flag", async () => {
    const { offers } = await scrapeRecording(hyperstack, success);
    expect(byType(offers, "CANADA-1:n3-H100x8")).toMatchObject({ availability: "sold_out", pricePerHour: 15.2 });
    expect(byType(offers, "CANADA-1:n3-H200-SXM5x8")).toMatchObject({ availability: "sold_out", pricePerHour: 28 });
    expect(byType(offers, "NORWAY-1:n3-RTX-A6000x1")).toMatchObject({ availability: "available", pricePerHour: 0.5 });
  });

  it("reports flavors it cannot price or does not sell as VMs, and leaves CPU flavors out", async () => {
    const { offers, skipped } = await scrapeRecording(hyperstack, success);
    expect(skipped).toHaveLength(3);
    expect(skipped).toContainEqual(
      expect.objectContaining({
        instanceType: "US-1:n3-B200x8",
        reason: "no pricebook entry for B200-SXM",
      }),
    );
    expect(skipped.find((record) => record.instanceType === "US-1:n3-B200x8")?.cause).toBeUndefined();
    expect(skipped).toContainEqual(
      expect.objectContaining({ instanceType: "CANADA-1:n3-H100x1-k8s", cause: "excluded" }),
    );
    expect(offers.map((offer) => offer.instanceType)).not.toContain("NORWAY-1:n1-cpu-small");
  });

  it("reads prices sent as numbers as well as decimal strings", async () => {
    const recording = catalogue(
      [{ id: 1, name: "RTX-A6000", value: 0.5, original_value: 0.5, discount_applied: false }],
      {
        gpu: "RTX-A6000",
        region_name: "CANADA-1",
        flavors: [
          { name: "n3-RTX-A6000x2", region_name: "CANADA-1", gpu: "RTX-A6000", gpu_count: 2, stock_available: true },
        ],
      },
    );
    const { offers } = await scrapeRecording(hyperstack, recording);
    expect(offers).toMatchObject([{ instanceType: "CANADA-1:n3-RTX-A6000x2", pricePerHour: 1 }]);
  });

  it("refuses a discounted value when the list price is missing", async () => {
    const recording = catalogue([{ id: 1, name: "L40", value: "0.8", discount_applied: true }], {
      gpu: "L40",
      region_name: "NORWAY-1",
      flavors: [{ name: "n3-L40x1", region_name: "NORWAY-1", gpu: "L40", gpu_count: 1, stock_available: true }],
    });
    const { offers, skipped } = await scrapeRecording(hyperstack, recording);
    expect(offers).toEqual([]);
    expect(skipped).toMatchObject([
      { instanceType: "NORWAY-1:n3-L40x1", reason: expect.stringMatching(/original_value/) },
    ]);
  });

  it("sends the API key in the api_key header", async () => {
    const { http, sent } = replayKeepingRequests(success);
    await hyperstack.scrape({
      http,
      baseUrl: "https://infrahub-api.nexgencloud.com",
      credential: "secret-key",
      now: new Date("2026-11-20T12:00:00Z"),
    });
    expect(sent).toHaveLength(2);
    expect(sent.map((request) => request.headers.get("api_key"))).toEqual(["secret-key", "secret-key"]);
  });

  it("reads the public pricing page instead of the API without an API key, and sends the API nothing", async () => {
    const { http, sent } = replayKeepingRequests(pageSuccess);
    const { offers } = await hyperstack.scrape({
      http,
      baseUrl: "https://infrahub-api.nexgencloud.com",
      credential: null,
      now: new Date("2026-11-20T12:00:00Z"),
    });
    expect(sent.map((request) => request.url)).toEqual(["https://www.hyperstack.cloud/gpu-pricing"]);
    expect(offers.find((offer) => offer.instanceType === "page:h100-sxm")).toMatchObject({ pricePerHour: 3.2 });
  });

  it("returns no offers for an empty catalogue", async () => {
    expect(await scrapeRecording(hyperstack, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails the scrape as schema drift when flavor data is not a list of groups", async () => {
    await expect(scrapeRecording(hyperstack, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails with UPSTREAM_ERROR when a 200 carries Hyperstack's error object", async () => {
    await expect(scrapeRecording(hyperstack, error)).rejects.toMatchObject({
      code: "UPSTREAM_ERROR",
      message: /Unable to fetch the pricebook/,
    });
  });

  it("fails with INVALID_API_KEY when the key is rejected", async () => {
    const rejected = { status: false, message: "Invalid api_key", error_reason: "invalid_api_key" };
    await expect(scrapeRecording(hyperstack, answering(PRICEBOOK_URL, 401, rejected))).rejects.toMatchObject({
      code: "INVALID_API_KEY",
      details: { status: 401 },
    });
    await expect(scrapeRecording(hyperstack, answering(FLAVORS_URL, 200, rejected))).rejects.toMatchObject({
      code: "INVALID_API_KEY",
    });
  });
});
