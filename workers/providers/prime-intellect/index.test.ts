import { describe, expect, it } from "vitest";
import { pricesOutsideBands } from "../../testing/bands";
import {
  identityOf,
  itSendsItsBearerKeyOnlyWhenSet,
  replayKeepingRequests,
  scrapeRecording,
} from "../../testing/recordings";
import { adapterFor } from "../index";
import { type Recording, recordingSchema } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import flakyEmpty from "./fixtures/flaky-empty.json";
import recorded from "./fixtures/recorded-2025-11-16.json";
import success from "./fixtures/success.json";
import { primeIntellect } from "./index";

const pageUrl = (page: number) => `https://api.primeintellect.ai/api/v1/availability/gpus?page=${page}&page_size=100`;

/** The success recording's A100 item in `count` data centres, served `perPage` to a page. */
function pagedListing(count: number, perPage: number): Recording {
  const recording = recordingSchema.parse(success);
  const body = recording.exchanges[0]?.response.body as { items: Record<string, unknown>[] };
  const a100 = body.items.find((item) => item.cloudId === "A100_80GB_PCIE");
  const items = Array.from({ length: count }, (_, i) => ({ ...a100, dataCenter: `NO-DC-${i + 1}` }));
  const pages = Array.from({ length: Math.ceil(count / perPage) }, (_, i) =>
    items.slice(i * perPage, (i + 1) * perPage),
  );
  return {
    ...recording,
    exchanges: pages.map((page, i) => ({
      request: { method: "GET", url: pageUrl(i + 1) },
      response: { status: 200, body: { items: page, totalCount: count } },
    })),
  };
}

describe("prime-intellect adapter", () => {
  it("reads the genuine recorded answer: eight RunPod items, priced per whole configuration", async () => {
    const { offers, skipped } = await scrapeRecording(primeIntellect, recorded);
    expect(skipped).toEqual([]);
    expect(offers.map((offer) => [offer.instanceType, offer.pricePerHour, offer.formFactor])).toEqual([
      ["runpod/US-KS-2/1x NVIDIA A100 80GB PCIe/secure_cloud", 1.6567999999999998, "PCIe"],
      ["runpod/US-KS-2/1x NVIDIA A100-SXM4-80GB/secure_cloud", 1.7568, "SXM"],
      ["runpod/US-MO-1/1x NVIDIA A100-SXM4-80GB/secure_cloud", 1.7568, "SXM"],
      ["runpod/US-WA-1/1x NVIDIA A100-SXM4-80GB/secure_cloud", 1.7568, "SXM"],
      ["runpod/US-CA-2/1x NVIDIA A100-SXM4-80GB/secure_cloud", 1.7568, "SXM"],
      ["runpod/CA-MTL-1/1x NVIDIA H100 80GB HBM3/secure_cloud", 2.7068, "SXM"],
      ["runpod/CA-MTL-3/1x NVIDIA H100 80GB HBM3/secure_cloud", 2.7068, "SXM"],
      ["runpod/CA-MTL-3/1x NVIDIA H100 PCIe/secure_cloud", 2.4068, "PCIe"],
    ]);
    expect(pricesOutsideBands("prime-intellect", offers)).toEqual([]);
    expect(offers.map((offer) => [offer.availability, offer.regions, offer.upstreamProvider])).toEqual(
      offers.map((offer) => ["limited", [offer.instanceType.split("/")[1]], "runpod"]),
    );
    expect(identityOf(offers[5])).toEqual({ slug: "h100-sxm", vramGb: 80 });
    expect(identityOf(offers[7])).toEqual({ slug: "h100-pcie", vramGb: 80 });
  });

  it("publishes none of the recorded answer once registered: RunPod has a first-party adapter", async () => {
    const registered = adapterFor("prime-intellect");
    if (!registered) throw new Error("prime-intellect is registered");
    const { offers, skipped } = await scrapeRecording(registered, recorded);
    expect(offers).toEqual([]);
    expect(skipped).toHaveLength(8);
    expect(new Set(skipped.map((record) => [record.cause, record.reason].join(": ")))).toEqual(
      new Set(["excluded: runs on runpod, which has a first-party adapter: first-party wins"]),
    );
  });

  it("joins a spot item to its on-demand twin and reads the community price of a community host", async () => {
    const { offers } = await scrapeRecording(primeIntellect, success);
    expect(offers.find((offer) => offer.upstreamProvider === "crusoe" && offer.gpuCount === 8)).toMatchObject({
      instanceType: "crusoecloud/us-east1-a/8x h100-80gb-sxm-ib.8x/secure_cloud",
      instanceName: "8x h100-80gb-sxm-ib.8x on crusoecloud (via Prime Intellect)",
      gpuNameRaw: "H100 80GB",
      gpuMemoryGb: null,
      pricePerHour: 31.2,
      pricePerHourSpot: 12.8,
      availability: "available",
      vcpuCount: 176,
      ramGb: 960,
      storageGb: 1000,
    });
    expect(offers.find((offer) => offer.gpuNameRaw === "RTX4090 24GB")).toMatchObject({
      pricePerHour: 0.34,
      priceIncludes: { security: "community_cloud" },
    });
    expect(pricesOutsideBands("prime-intellect", offers)).toEqual([]);
  });

  it("maps stock to availability and keeps a sold-out configuration's price", async () => {
    const { offers } = await scrapeRecording(primeIntellect, success);
    expect(offers.map((offer) => [offer.upstreamProvider, offer.gpuNameRaw, offer.availability])).toEqual([
      ["crusoe", "H100 80GB", "available"],
      ["dc_roan", "A100 80GB", "available"],
      ["lambda-labs", "H100 80GB", "available"],
      ["runpod", "RTX4090 24GB", "available"],
      ["crusoe", "L40S 48GB", "sold_out"],
    ]);
  });

  it("leaves out prepaid terms and spot-only configurations as not hourly on-demand offers", async () => {
    const { skipped } = await scrapeRecording(primeIntellect, success);
    expect(skipped.map((record) => [record.cause, record.reason, record.instanceType])).toEqual([
      ["excluded", "a prepaid term of 720, not an hourly rate", "dc_roan/NO-OSL-1/8x H100_80GB_SXM5_8x/secure_cloud"],
      [
        "excluded",
        "spot only: no on-demand price to publish beside it",
        "nebius/eu-north1/8x H200_141GB_SXM5_8x/secure_cloud",
      ],
    ]);
  });

  it("pages with page and page_size until totalCount items are read", async () => {
    const listing = pagedListing(101, 100);
    const { http, sent } = replayKeepingRequests(listing);
    const { offers } = await primeIntellect.scrape({
      http,
      baseUrl: primeIntellect.baseUrl.default,
      credential: "pi-key",
      now: new Date("2026-11-20T12:00:00Z"),
    });
    expect(sent.map((request) => request.url)).toEqual([pageUrl(1), pageUrl(2)]);
    expect(offers).toHaveLength(101);
  });

  itSendsItsBearerKeyOnlyWhenSet(primeIntellect, success);

  it("fails and is retried on an empty first page whose count says otherwise", async () => {
    await expect(scrapeRecording(primeIntellect, flakyEmpty)).rejects.toMatchObject({
      code: "UPSTREAM_ERROR",
      message: "Prime Intellect sent an empty page of 608 items",
    });
  });

  it("returns no offers for an empty listing", async () => {
    expect(await scrapeRecording(primeIntellect, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails as schema drift on the older answer keyed by GPU type", async () => {
    await expect(scrapeRecording(primeIntellect, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails with INVALID_API_KEY when the key is refused", async () => {
    await expect(scrapeRecording(primeIntellect, error)).rejects.toMatchObject({
      code: "INVALID_API_KEY",
      retryable: false,
    });
  });
});
