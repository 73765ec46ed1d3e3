import { describe, expect, it } from "vitest";
import type { ProviderOffer } from "../../../shared/offers";
import { pricesOutsideBands } from "../../testing/bands";
import { identityOf, replayKeepingRequests, scrapeRecording } from "../../testing/recordings";
import { ProviderError } from "../http";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import success from "./fixtures/success.json";
import { digitalocean } from "./index";

const SIZES = "https://api.digitalocean.com/v2/sizes";

const offerOf = (offers: ProviderOffer[], instanceType: string) =>
  offers.find((offer) => offer.instanceType === instanceType);

const successSizes: Record<string, unknown>[] = success.exchanges.flatMap(
  (exchange) => exchange.response.body.sizes as Record<string, unknown>[],
);
/** A size of success.json, by slug, with `change` applied. */
const successSize = (slug: string, change: Record<string, unknown> = {}) => ({
  ...successSizes.find((size) => size.slug === slug),
  ...change,
});

/** A documented answer listing the given sizes on one page. */
function sizesRecording(sizes: unknown[], links: unknown = {}) {
  return {
    provider: "digitalocean",
    recordedAt: null,
    origin: "documented",
    exchanges: [
      {
        request: { method: "GET", url: `${SIZES}?per_page=200` },
        response: { status: 200, body: { sizes, links, meta: { total: sizes.length } } },
      },
    ],
  };
}

describe("digitalocean adapter", () => {
  it("turns each GPU size into a whole-Droplet offer in dollars", async () => {
    const { offers } = await scrapeRecording(digitalocean, success);
    // 14 sizes: a CPU size, 11 on-demand GPU sizes and 2 spot sizes.
    expect(offers).toHaveLength(11);
    expect(offerOf(offers, "gpu-h100x8-640gb")).toMatchObject({
      instanceName: "H100 GPU - 8X",
      gpuNameRaw: "nvidia_h100",
      gpuCount: 8,
      gpuMemoryGb: 80,
      formFactor: "SXM",
      currency: "USD",
      pricePerHour: 23.92,
      pricePerMonth: 17796.48,
      availability: "available",
      regions: ["nyc2", "tor1"],
      vcpuCount: 160,
      ramGb: 1920,
      sourceUrl: `${SIZES}?per_page=200`,
    });
    expect(identityOf(offerOf(offers, "gpu-h100x8-640gb"))).toMatchObject({ slug: "h100-sxm" });
  });

  it("divides gpu_info.vram, the total of all the size's GPUs, into memory per GPU", async () => {
    const { offers } = await scrapeRecording(digitalocean, success);
    const cards = (slug: string) => {
      const offer = offerOf(offers, slug);
      return [offer?.gpuCount, offer?.gpuMemoryGb, identityOf(offer)?.slug];
    };
    expect(cards("gpu-h100x1-80gb")).toEqual([1, 80, "h100-sxm"]);
    expect(cards("gpu-h200x8-1128gb")).toEqual([8, 141, "h200-sxm"]);
    expect(cards("gpu-mi300x8-1536gb")).toEqual([8, 192, "mi300x"]);
    expect(cards("gpu-mi325x8-2048gb")).toEqual([8, 256, "mi325x"]);
    expect(cards("gpu-4000adax1-20gb")).toEqual([1, 20, "rtx-4000-ada"]);
    expect(cards("gpu-6000adax1-48gb")).toEqual([1, 48, "rtx-6000-ada"]);
    expect(cards("gpu-l40sx1-48gb")).toEqual([1, 48, "l40s"]);
    expect(offerOf(offers, "gpu-h100x8-640gb")?.priceIncludes).toMatchObject({
      gpu_vram_total: { amount: 640, unit: "gib" },
    });
  });

  it("reports a vram that reads per GPU on a multi-GPU slug instead of taking eight H100s for slices", async () => {
    const { offers, skipped } = await scrapeRecording(digitalocean, partial);
    expect(offerOf(offers, "gpu-h100x8-640gb")).toBeUndefined();
    expect(skipped).toContainEqual(
      expect.objectContaining({
        instanceType: "gpu-h100x8-640gb",
        reason: "gpu_info.vram 80 gib is not the 640 GB the slug names for all 8 GPUs",
      }),
    );
  });

  it("states SXM only for the HGX parts (H100, H200), not for L40S, RTX Ada or AMD Instinct", async () => {
    const { offers } = await scrapeRecording(digitalocean, success);
    const formFactors = Object.fromEntries(offers.map((offer) => [offer.instanceType, offer.formFactor]));
    expect(formFactors).toMatchObject({
      "gpu-h100x1-80gb": "SXM",
      "gpu-h200x1-141gb": "SXM",
      "gpu-l40sx1-48gb": null,
      "gpu-4000adax1-20gb": null,
      "gpu-mi300x1-192gb": null,
    });
  });

  it("publishes a spot size's price as the spot price of its on-demand twin, never as on demand", async () => {
    const { offers } = await scrapeRecording(digitalocean, success);
    expect(offers.map((offer) => offer.instanceType)).not.toContain("gpu-h100x1-80gb-spot");
    expect(offerOf(offers, "gpu-h100x1-80gb")).toMatchObject({
      pricePerHour: 3.39,
      pricePerHourSpot: 1.99,
      priceIncludes: { spot_size: "gpu-h100x1-80gb-spot", spot_price_hourly: 1.99, spot_regions: ["nyc2"] },
    });
    expect(offerOf(offers, "gpu-h200x1-141gb")?.pricePerHourSpot).toBeNull();
  });

  it("excludes a spot-only size, which has no on-demand price to be published beside", async () => {
    const { skipped } = await scrapeRecording(digitalocean, success);
    expect(skipped).toEqual([
      expect.objectContaining({
        instanceType: "gpu-b300x8-2304gb-spot",
        cause: "excluded",
        gpuNameRaw: "nvidia_b300",
        reason: "spot-only size: there is no on-demand gpu-b300x8-2304gb to publish its spot price beside",
      }),
    ]);
  });

  it("does not publish a spot price that cannot be deployed now or is not below on demand", async () => {
    const onDemand = successSize("gpu-h100x1-80gb");
    const spot = successSize("gpu-h100x1-80gb-spot");
    const soldOutSpot = await scrapeRecording(
      digitalocean,
      sizesRecording([onDemand, { ...spot, regions: [], available: false }]),
    );
    expect(soldOutSpot.offers).toMatchObject([{ pricePerHourSpot: null, priceIncludes: { spot_regions: [] } }]);
    const dearSpot = await scrapeRecording(digitalocean, sizesRecording([onDemand, { ...spot, price_hourly: 3.5 }]));
    expect(dearSpot.offers).toMatchObject([{ pricePerHour: 3.39, pricePerHourSpot: null }]);
  });

  it("marks a size with no region to create it in as sold out", async () => {
    const { offers } = await scrapeRecording(digitalocean, success);
    expect(offerOf(offers, "gpu-6000adax1-48gb")).toMatchObject({ availability: "sold_out", regions: [] });
    // Regions listed while available is false: still not creatable.
    const { offers: unavailable } = await scrapeRecording(
      digitalocean,
      sizesRecording([successSize("gpu-l40sx1-48gb", { available: false })]),
    );
    expect(unavailable).toMatchObject([{ availability: "sold_out", regions: [] }]);
  });

  it("counts the local and the scratch disk into storage, and memory from MB", async () => {
    const { offers } = await scrapeRecording(digitalocean, success);
    expect(offerOf(offers, "gpu-h100x1-80gb")).toMatchObject({ ramGb: 240, storageGb: 5840, vcpuCount: 20 });
    expect(offerOf(offers, "gpu-4000adax1-20gb")).toMatchObject({ ramGb: 32, storageGb: 500 });
  });

  it("leaves CPU sizes out and lets a GPU model the catalog lacks through under its own name", async () => {
    const { offers } = await scrapeRecording(digitalocean, success);
    expect(offers.map((offer) => offer.instanceType)).not.toContain("s-1vcpu-1gb");
    const mi350x = offerOf(offers, "gpu-mi350x8-2304gb");
    expect(mi350x).toMatchObject({ gpuNameRaw: "amd_mi350x", gpuCount: 8, gpuMemoryGb: 288, pricePerHour: 35.2 });
    expect(identityOf(mi350x)).toMatchObject({ slug: null });
  });

  it("follows links.pages.next on the configured base URL", async () => {
    const { exchanges, offers } = await scrapeRecording(digitalocean, success);
    expect(exchanges.map((exchange) => exchange.url)).toEqual([
      `${SIZES}?per_page=200`,
      `${SIZES}?page=2&per_page=200`,
    ]);
    expect(offerOf(offers, "gpu-mi300x1-192gb")?.sourceUrl).toBe(`${SIZES}?page=2&per_page=200`);
    // A proxy in front of the API: the next link names api.digitalocean.com, the request stays on the proxy.
    const { http, sent } = replayKeepingRequests({
      ...success,
      exchanges: success.exchanges.map((exchange) => ({
        ...exchange,
        request: {
          ...exchange.request,
          url: exchange.request.url.replace("https://api.digitalocean.com", "https://proxy.test"),
        },
      })),
    });
    await digitalocean.scrape({
      http,
      baseUrl: "https://proxy.test",
      credential: "t",
      now: new Date("2026-11-20T12:00:00Z"),
    });
    expect(sent.map((request) => request.url)).toEqual([
      "https://proxy.test/v2/sizes?per_page=200",
      "https://proxy.test/v2/sizes?page=2&per_page=200",
    ]);
  });

  it("gives up on next links that loop back", async () => {
    const looping = sizesRecording([], { pages: { next: `${SIZES}?per_page=200` } });
    const failure = await scrapeRecording(digitalocean, looping).catch((caught: unknown) => caught);
    expect(failure).toMatchObject({ code: "UPSTREAM_ERROR", message: expect.stringMatching(/points back/) });
  });

  it("sends the token as a Bearer token, and nothing without one", async () => {
    const withToken = replayKeepingRequests(success);
    await digitalocean.scrape({
      http: withToken.http,
      baseUrl: "https://api.digitalocean.com",
      credential: "dop_v1_secret",
      now: new Date("2026-11-20T12:00:00Z"),
    });
    expect(withToken.sent.map((request) => request.headers.get("Authorization"))).toEqual([
      "Bearer dop_v1_secret",
      "Bearer dop_v1_secret",
    ]);
    const withoutToken = replayKeepingRequests(success);
    const scrape = digitalocean.scrape({
      http: withoutToken.http,
      baseUrl: "https://api.digitalocean.com",
      credential: null,
      now: new Date("2026-11-20T12:00:00Z"),
    });
    await expect(scrape).rejects.toMatchObject({ code: "MISSING_CREDENTIALS" });
    expect(withoutToken.sent).toEqual([]);
  });

  it("keeps the good sizes and reports the ones it cannot read, with reasons", async () => {
    const { offers, skipped } = await scrapeRecording(digitalocean, partial);
    expect(offers.map((offer) => offer.instanceType)).toEqual(["gpu-4000adax1-20gb", "gpu-h100x1-80gb"]);
    expect(skipped.map(({ instanceType, reason }) => [instanceType, reason])).toEqual([
      ["gpu-l40sx1-48gb", expect.stringMatching(/^price_hourly: /)],
      ["gpu-h100x2-160gb", expect.stringMatching(/^gpu_info: /)],
      ["gpu-h100x8-640gb", "gpu_info.vram 80 gib is not the 640 GB the slug names for all 8 GPUs"],
      ["gpu-h200x8-1128gb", "the slug says x8 but gpu_info.count is 4"],
      ["gpu-mi300x1-192gb", "price_hourly 0 is not a price"],
    ]);
    // The spot twin of the unreadable L40S size is covered by that report, not excluded as spot-only.
    expect(skipped.every((record) => record.cause === undefined)).toBe(true);
  });

  it("keeps every price of success.json inside its GPU's plausible band", async () => {
    const { offers } = await scrapeRecording(digitalocean, success);
    expect(pricesOutsideBands("digitalocean", offers)).toEqual([]);
  });

  it("returns no offers for an empty list of sizes", async () => {
    expect(await scrapeRecording(digitalocean, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails the scrape as schema drift when sizes is not a list", async () => {
    await expect(scrapeRecording(digitalocean, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails the scrape as an invalid key when DigitalOcean answers 401", async () => {
    const failure = await scrapeRecording(digitalocean, error).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: "INVALID_API_KEY", retryable: false });
  });

  it("fails the scrape when a 200 carries DigitalOcean's error object", async () => {
    const recording = sizesRecording([]);
    recording.exchanges[0]!.response.body = { id: "service_unavailable", message: "Try again later" } as never;
    const failure = await scrapeRecording(digitalocean, recording).catch((caught: unknown) => caught);
    expect(failure).toMatchObject({ code: "UPSTREAM_ERROR", message: expect.stringMatching(/service_unavailable/) });
  });
});
