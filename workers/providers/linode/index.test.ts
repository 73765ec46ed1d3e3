import { describe, expect, it } from "vitest";
import type { ProviderOffer } from "../../../shared/offers";
import { pricesOutsideBands } from "../../testing/bands";
import { identityOf, scrapeRecording } from "../../testing/recordings";
import { ProviderError } from "../http";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import recorded from "./fixtures/recorded-2024-07-11.json";
import success from "./fixtures/success.json";
import { linode } from "./index";

const TYPES = "https://api.linode.com/v4/linode/types";
const AVAILABILITY = "https://api.linode.com/v4/regions/availability";

const offerOf = (offers: ProviderOffer[], instanceType: string) =>
  offers.find((offer) => offer.instanceType === instanceType);

const successTypes: Record<string, unknown>[] = success.exchanges.flatMap((exchange) =>
  exchange.request.url.startsWith(TYPES) ? (exchange.response.body.data as Record<string, unknown>[]) : [],
);
/** A type of success.json, by id, with `change` applied. */
const successType = (id: string, change: Record<string, unknown> = {}) => ({
  ...successTypes.find((type) => type.id === id),
  ...change,
});

/** A documented answer: the given types on one page, and the given availability rows. */
function typesRecording(types: unknown[], availability: unknown[] = []) {
  const page = (data: unknown[]) => ({ data, page: 1, pages: 1, results: data.length });
  return {
    provider: "linode",
    recordedAt: null,
    origin: "documented",
    exchanges: [
      { request: { method: "GET", url: `${TYPES}?page=1` }, response: { status: 200, body: page(types) } },
      {
        request: { method: "GET", url: `${AVAILABILITY}?page=1` },
        response: { status: 200, body: page(availability) },
      },
    ],
  };
}

describe("linode adapter on linodego's recorded answers (2024-07)", () => {
  it("offers the four Quadro RTX 6000 plans at $1.50 per GPU-hour, priced for the whole plan", async () => {
    const { offers, skipped } = await scrapeRecording(linode, recorded);
    // 37 types: 33 CPU plans (nanode, standard, highmem, dedicated, premium) and 4 GPU plans.
    expect(skipped).toEqual([]);
    expect(
      offers.map((offer) => [offer.instanceType, offer.gpuCount, offer.pricePerHour, offer.pricePerMonth]),
    ).toEqual([
      ["g1-gpu-rtx6000-1", 1, 1.5, 1000],
      ["g1-gpu-rtx6000-2", 2, 3, 2000],
      ["g1-gpu-rtx6000-3", 3, 4.5, 3000],
      ["g1-gpu-rtx6000-4", 4, 6, 4000],
    ]);
    expect(offerOf(offers, "g1-gpu-rtx6000-1")).toMatchObject({
      instanceName: "Dedicated 32GB + RTX6000 GPU x1",
      gpuNameRaw: "RTX6000",
      currency: "USD",
      pricePerHourSpot: null,
      vcpuCount: 8,
      ramGb: 32,
      storageGb: 640,
      sourceUrl: `${TYPES}?page=1&page_size=500`,
    });
  });

  it("reads Linode's RTX6000 as the 24 GB Quadro RTX 6000, not an RTX 6000 Ada or RTX A6000", async () => {
    const { offers } = await scrapeRecording(linode, recorded);
    expect(offers.every((offer) => offer.gpuMemoryGb === 24)).toBe(true);
    expect(offers.map((offer) => identityOf(offer)?.slug)).toEqual([
      "quadro-rtx-6000",
      "quadro-rtx-6000",
      "quadro-rtx-6000",
      "quadro-rtx-6000",
    ]);
  });

  it("lists as regions only those where region availability says the plan can be deployed now", async () => {
    const { offers } = await scrapeRecording(linode, recorded);
    expect(offerOf(offers, "g1-gpu-rtx6000-1")).toMatchObject({
      availability: "available",
      regions: ["us-southeast", "ap-south", "ap-west"],
    });
    // The x4 plan was out of stock in us-southeast that day.
    expect(offerOf(offers, "g1-gpu-rtx6000-4")?.regions).toEqual(["ap-south", "ap-west"]);
  });

  it("reads every page of region availability", async () => {
    const { exchanges } = await scrapeRecording(linode, recorded);
    expect(exchanges.map((exchange) => exchange.url)).toEqual([
      `${TYPES}?page=1&page_size=500`,
      ...[1, 2, 3, 4, 5].map((page) => `${AVAILABILITY}?page=${page}&page_size=500`),
    ]);
  });

  it("keeps every recorded price inside the Quadro RTX 6000 band", async () => {
    const { offers } = await scrapeRecording(linode, recorded);
    expect(pricesOutsideBands("linode", offers)).toEqual([]);
  });
});

describe("linode adapter", () => {
  it("reads the GPU and its count from the label of an RTX 4000 Ada plan", async () => {
    const { offers } = await scrapeRecording(linode, success);
    const cards = (id: string) => {
      const offer = offerOf(offers, id);
      return [offer?.gpuNameRaw, offer?.gpuCount, offer?.gpuMemoryGb, offer?.pricePerHour];
    };
    expect(cards("g2-gpu-rtx4000a1-s")).toEqual(["RTX4000 Ada", 1, 20, 0.52]);
    expect(cards("g2-gpu-rtx4000a2-hs")).toEqual(["RTX4000 Ada", 2, 20, 1.49]);
    expect(cards("g2-gpu-rtx4000a4-m")).toEqual(["RTX4000 Ada", 4, 20, 3.57]);
    expect(identityOf(offerOf(offers, "g2-gpu-rtx4000a4-m"))).toMatchObject({ slug: "rtx-4000-ada" });
    expect(offerOf(offers, "g2-gpu-rtx4000a4-m")).toMatchObject({
      instanceName: "RTX4000 Ada x4 Medium",
      pricePerMonth: 2384,
      vcpuCount: 48,
      ramGb: 196,
      storageGb: 2000,
    });
  });

  it("leaves CPU plans and NETINT VPU plans (gpus 0) out without reporting them", async () => {
    const { offers, skipped } = await scrapeRecording(linode, success);
    expect(skipped).toEqual([]);
    // 13 types: a nanode, a VPU plan, 2 RTX 6000 plans and 9 RTX 4000 Ada plans.
    expect(offers).toHaveLength(11);
    expect(offers.map((offer) => offer.instanceType)).not.toContain("g1-accelerated-netint-vpu-t1u1-s");
    expect(offers.map((offer) => offer.instanceType)).not.toContain("g6-nanode-1");
  });

  it("follows the types listing to its last page, then reads availability", async () => {
    const { exchanges, offers } = await scrapeRecording(linode, success);
    expect(exchanges.map((exchange) => exchange.url)).toEqual([
      `${TYPES}?page=1&page_size=500`,
      `${TYPES}?page=2&page_size=500`,
      `${AVAILABILITY}?page=1&page_size=500`,
    ]);
    expect(offerOf(offers, "g2-gpu-rtx4000a4-s")?.sourceUrl).toBe(`${TYPES}?page=2&page_size=500`);
  });

  it("prices a plan at its list price where that is the cheapest region with stock, keeping the regional prices", async () => {
    const { offers } = await scrapeRecording(linode, success);
    // In stock in us-ord (list price) and id-cgk ($0.62): the offer is from $0.52.
    expect(offerOf(offers, "g2-gpu-rtx4000a1-s")).toMatchObject({
      pricePerHour: 0.52,
      pricePerMonth: 350,
      regions: ["us-ord", "id-cgk"],
      priceIncludes: {
        list_price_hourly: 0.52,
        hourly_by_region: { "id-cgk": 0.62, "br-gru": 0.73 },
        priced_in: "us-ord",
      },
    });
  });

  it("uses a region's own price when the plan is in stock only in a dearer region", async () => {
    const plan = successType("g2-gpu-rtx4000a1-s");
    const { offers } = await scrapeRecording(
      linode,
      typesRecording([plan], [{ region: "id-cgk", plan: "g2-gpu-rtx4000a1-s", available: true }]),
    );
    expect(offers).toMatchObject([{ pricePerHour: 0.62, pricePerMonth: 420, regions: ["id-cgk"] }]);
  });

  it("prices a GPU plan listed at $0 from its regional prices, and reports one priced nowhere", async () => {
    const { offers, skipped } = await scrapeRecording(linode, partial);
    expect(offerOf(offers, "g2-gpu-rtx4000a1-s")).toMatchObject({ pricePerHour: 0.52, pricePerMonth: 350 });
    expect(skipped).toContainEqual(
      expect.objectContaining({
        instanceType: "g2-gpu-rtx4000a2-s",
        reason: "no hourly price above 0, neither the list price nor a regional one",
      }),
    );
  });

  it("marks a plan listed in no region with stock as sold out, and one availability does not list as limited", async () => {
    const { offers } = await scrapeRecording(linode, success);
    expect(offerOf(offers, "g2-gpu-rtx4000a2-hs")).toMatchObject({ availability: "sold_out", regions: [] });
    expect(offerOf(offers, "g1-gpu-rtx6000-2")).toMatchObject({ availability: "sold_out", regions: [] });
    expect(offerOf(offers, "g2-gpu-rtx4000a4-m")).toMatchObject({ availability: "limited", regions: [] });
    expect(offerOf(offers, "g1-gpu-rtx6000-1")).toMatchObject({ availability: "available", regions: ["ap-west"] });
  });

  it("still offers every plan, as limited, when region availability cannot be read", async () => {
    const { offers, skipped } = await scrapeRecording(linode, partial);
    expect(offers.map((offer) => [offer.instanceType, offer.availability])).toEqual([
      ["g1-gpu-rtx6000-1", "limited"],
      ["g2-gpu-rtx4000a1-s", "limited"],
    ]);
    expect(skipped[0]).toMatchObject({
      reason: expect.stringMatching(/^region availability not read, so no plan is claimed to be in stock: FORBIDDEN/),
      raw: { url: `${AVAILABILITY}?page=1&page_size=500` },
    });
  });

  it("reports GPU plans it cannot read, with reasons, and keeps the others", async () => {
    const { skipped } = await scrapeRecording(linode, partial);
    expect(skipped.slice(1).map(({ instanceType, reason }) => [instanceType, reason])).toEqual([
      ["g2-gpu-rtx4000a1-m", expect.stringMatching(/^price\.hourly: /)],
      ["g2-gpu-rtx4000a2-s", "no hourly price above 0, neither the list price nor a regional one"],
      ["g2-gpu-rtx4000a4-s", "the label says x4 but gpus is 2"],
      ["g2-gpu-xyz-1", 'the label "GPU Plan 1" does not name the GPU and its count'],
    ]);
    expect(skipped.every((record) => record.cause === undefined)).toBe(true);
  });

  it("keeps every price of success.json inside its band, the one-card X-Large plan at $1.53/h included", async () => {
    // One RTX 4000 Ada with 32 vCPUs and 128 GB of RAM: the band's ceiling was raised to hold it.
    const { offers } = await scrapeRecording(linode, success);
    expect(pricesOutsideBands("linode", offers)).toEqual([]);
  });

  it("returns no offers for an empty catalogue", async () => {
    expect(await scrapeRecording(linode, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails the scrape as schema drift when data is not a list", async () => {
    await expect(scrapeRecording(linode, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails the scrape, retryably, when Linode answers 503", async () => {
    const failure = await scrapeRecording(linode, error).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", retryable: true });
  });

  it("fails the scrape when a 200 carries Linode's errors array", async () => {
    const recording = typesRecording([]);
    recording.exchanges[0]!.response.body = { errors: [{ reason: "Too many requests" }] } as never;
    const failure = await scrapeRecording(linode, recording).catch((caught: unknown) => caught);
    expect(failure).toMatchObject({ code: "UPSTREAM_ERROR", message: expect.stringMatching(/Too many requests/) });
  });

  it("gives up on a listing whose pages never end after 20 pages", async () => {
    const recording = {
      provider: "linode",
      recordedAt: null,
      origin: "documented",
      exchanges: [
        { request: { method: "GET", url: TYPES }, response: { status: 200, body: { data: [], page: 1, pages: 99 } } },
      ],
    };
    const failure = await scrapeRecording(linode, recording).catch((caught: unknown) => caught);
    expect(failure).toMatchObject({ code: "UPSTREAM_ERROR", message: expect.stringMatching(/after 20/) });
  });
});
