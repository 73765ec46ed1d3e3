import { describe, expect, it } from "vitest";
import { FALLBACK_FX_RATES } from "../../../shared/fx";
import { normaliseOffer } from "../../ingest/normalise";
import { pricesOutsideBands } from "../../testing/bands";
import { replayKeepingRequests, scrapeRecording } from "../../testing/recordings";
import { ProviderError } from "../http";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import recorded from "./fixtures/recorded-2023-03-24.json";
import success from "./fixtures/success.json";
import upstreamError from "./fixtures/upstream-error.json";
import { gcp } from "./index";

const NOW = new Date("2026-11-20T12:00:00Z");

describe("gcp adapter on a real Cloud Billing answer", () => {
  it("prices each A2 machine as its A100s plus its vCPUs and memory", async () => {
    const { offers, skipped } = await scrapeRecording(gcp, recorded);
    expect(skipped).toEqual([]);
    // 5 A100 40 GB shapes × 3 regions of the one "Americas" SKU set.
    expect(offers).toHaveLength(15);
    const one = offers.find((offer) => offer.instanceType === "a2-highgpu-1g/us-central1");
    // 2.933908 + 12 × 0.031611 + 85 × 0.004237: Google's published a2-highgpu-1g price.
    expect(one?.pricePerHour).toBeCloseTo(3.673385, 9);
    expect(one).toMatchObject({
      instanceName: "a2-highgpu-1g",
      gpuNameRaw: "Nvidia Tesla A100",
      gpuCount: 1,
      gpuMemoryGb: 40,
      currency: "USD",
      pricePerHourSpot: null,
      pricePerHourReserved1y: null,
      availability: "limited",
      regions: ["us-central1"],
      vcpuCount: 12,
      sourceUrl: "https://cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus",
      priceIncludes: { gpuPerHour: 2.933908, corePerHour: 0.031611, ramPerGibHour: 0.004237, ramGib: 85 },
    });
    expect(offers.find((offer) => offer.instanceType === "a2-highgpu-8g/us-west1")?.pricePerHour).toBeCloseTo(
      29.38708,
      9,
    );
    expect(offers.find((offer) => offer.instanceType === "a2-megagpu-16g/us-east1")).toMatchObject({ gpuCount: 16 });
  });

  it("publishes the whole machine, not the GPU SKU alone (4× cheaper would be wrong)", async () => {
    const { offers } = await scrapeRecording(gcp, recorded);
    const eight = offers.find((offer) => offer.instanceType === "a2-highgpu-8g/us-central1")!;
    expect(eight.pricePerHour / eight.gpuCount).toBeCloseTo(3.673385, 6);
    expect(eight.pricePerHour).toBeGreaterThan(8 * 2.933908);
  });

  it("identifies Google's plain Tesla A100 as the 40 GB card", async () => {
    const { offers } = await scrapeRecording(gcp, recorded);
    const normalised = normaliseOffer("gcp", offers[0]!, { rates: FALLBACK_FX_RATES, now: NOW });
    expect(normalised.gpuModel).toBe("a100-40gb");
  });

  it("keeps the real prices inside every GPU's plausible band", async () => {
    const { offers } = await scrapeRecording(gcp, recorded);
    expect(pricesOutsideBands("gcp", offers)).toEqual([]);
  });
});

describe("gcp adapter on the documented catalogue", () => {
  it("reads every page until nextPageToken runs out, sending the key and page size", async () => {
    const { http, sent } = replayKeepingRequests(success);
    const { offers } = await gcp.scrape({
      http,
      baseUrl: "https://cloudbilling.googleapis.com",
      credential: "k-123",
      now: NOW,
    });
    expect(sent).toHaveLength(2);
    expect(sent.map((request) => new URL(request.url).searchParams.get("key"))).toEqual(["k-123", "k-123"]);
    expect(sent.map((request) => new URL(request.url).searchParams.get("pageToken"))).toEqual([null, "PAGE-2"]);
    expect(new URL(sent[0]!.url).searchParams.get("pageSize")).toBe("5000");
    // 4 A3 + 8 G2 shapes in two regions, 4 A2 Ultra shapes in one.
    expect(offers).toHaveLength(28);
  });

  it("prices an A3 machine on demand, on spot and on 1- and 3-year commitments, all hourly", async () => {
    const { offers } = await scrapeRecording(gcp, success);
    const a3 = offers.find((offer) => offer.instanceType === "a3-highgpu-8g/us-east4")!;
    expect(a3).toMatchObject({ gpuNameRaw: "Nvidia H100 80GB", gpuCount: 8, gpuMemoryGb: 80, formFactor: "SXM" });
    expect(a3.pricePerHour).toBeCloseTo(87.832465656, 9); // 8 × 9.796550569 + 208 × 0.025498003 + 1872 × 0.00222034
    expect(a3.pricePerHourSpot).toBeCloseTo(43.51344, 9);
    expect(a3.pricePerHourReserved1y).toBeCloseTo(60.35070856, 9);
    expect(a3.pricePerHourReserved3y).toBeCloseTo(38.73672, 9);
    const one = offers.find((offer) => offer.instanceType === "a3-highgpu-1g/us-central1")!;
    expect(one.pricePerHour).toBeCloseTo(10.979058207, 9);
  });

  it("uses a region's own SKU over the multi-region one", async () => {
    const { offers } = await scrapeRecording(gcp, success);
    const iowa = offers.find((offer) => offer.instanceType === "g2-standard-4/us-central1")!;
    const virginia = offers.find((offer) => offer.instanceType === "g2-standard-4/us-east4")!;
    expect(iowa.pricePerHour).toBeCloseTo(0.688180239, 9); // Iowa core 0.021811
    expect(virginia.pricePerHour).toBeCloseTo(0.696936239, 9); // Americas core 0.024
    expect(iowa).toMatchObject({ gpuNameRaw: "Nvidia L4", gpuCount: 1, gpuMemoryGb: 24, pricePerHourSpot: null });
    expect(offers.find((offer) => offer.instanceType === "g2-standard-48/us-east4")).toMatchObject({ gpuCount: 4 });
  });

  it("tells the 80 GB A100 apart and prices it only where all its parts exist", async () => {
    const { offers } = await scrapeRecording(gcp, success);
    const ultra = offers.filter((offer) => offer.instanceName?.startsWith("a2-ultragpu"));
    expect(ultra.map((offer) => offer.regions[0])).toEqual([
      "europe-west4",
      "europe-west4",
      "europe-west4",
      "europe-west4",
    ]);
    const eight = ultra.find((offer) => offer.instanceName === "a2-ultragpu-8g")!;
    expect(eight).toMatchObject({
      gpuNameRaw: "Nvidia Tesla A100 80GB",
      gpuMemoryGb: 80,
      pricePerHourReserved1y: null,
    });
    expect(eight.pricePerHour).toBeCloseTo(44.244032, 9);
    // No 40 GB A100 SKU in this catalogue: no a2-highgpu offer.
    expect(offers.some((offer) => offer.instanceName?.startsWith("a2-highgpu"))).toBe(false);
  });

  it("excludes DWS, Mega/Plus and N1-attached GPUs, and reports a price in another currency", async () => {
    const { skipped } = await scrapeRecording(gcp, success);
    expect(skipped.map((record) => [record.instanceType, record.cause ?? "unreadable"])).toEqual([
      ["D001-0002-0001", "excluded"],
      ["D001-0002-0002", "excluded"],
      ["D001-0002-0003", "excluded"],
      ["D002-0003-0001", "unreadable"],
    ]);
    expect(skipped[3]!.reason).toMatch(/JPY/);
  });

  it("maps every GPU it prices to a catalogue model", async () => {
    const { offers } = await scrapeRecording(gcp, success);
    const models = new Set(
      offers.map((offer) => normaliseOffer("gcp", offer, { rates: FALLBACK_FX_RATES, now: NOW }).gpuModel),
    );
    expect([...models].sort()).toEqual(["a100-80gb", "h100-sxm", "l4"]);
  });

  it("keeps documented prices inside every GPU's plausible band", async () => {
    const { offers } = await scrapeRecording(gcp, success);
    expect(pricesOutsideBands("gcp", offers)).toEqual([]);
  });

  it("returns no offers for an empty catalogue", async () => {
    expect(await scrapeRecording(gcp, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails as schema drift when skus is not a list", async () => {
    await expect(scrapeRecording(gcp, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails with INVALID_API_KEY when Google rejects the key", async () => {
    const failure = await scrapeRecording(gcp, error).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: "INVALID_API_KEY", details: { status: 400 } });
  });

  it("fails with UPSTREAM_ERROR when a 200 carries an error object", async () => {
    await expect(scrapeRecording(gcp, upstreamError)).rejects.toMatchObject({
      code: "UPSTREAM_ERROR",
      message: /PERMISSION_DENIED/,
    });
  });

  it("sends nothing without an API key", async () => {
    const { http, sent } = replayKeepingRequests(success);
    await expect(
      gcp.scrape({ http, baseUrl: "https://cloudbilling.googleapis.com", credential: null, now: NOW }),
    ).rejects.toMatchObject({ code: "MISSING_CREDENTIALS" });
    expect(sent).toEqual([]);
  });
});
