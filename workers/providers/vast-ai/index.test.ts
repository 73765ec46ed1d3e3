import { describe, expect, it } from "vitest";
import { scrapeRecording } from "../../testing/recordings";
import { createProviderHttp, ProviderError } from "../http";
import { type Recording, recordingSchema, replayFetch } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import rateLimited from "./fixtures/http-429.json";
import partial from "./fixtures/partial.json";
import success from "./fixtures/success.json";
import { vastAi } from "./index";

const BUNDLES_URL = "https://console.vast.ai/api/v0/bundles/";

function vastOffer(fields: { id: number; gpu_name: string; dph_total: number } & Record<string, unknown>) {
  return {
    num_gpus: 1,
    gpu_ram: 24564,
    gpu_frac: 1,
    min_bid: null,
    geolocation: "Oregon, US",
    rentable: true,
    rented: false,
    verified: true,
    ...fields,
  };
}

function bundlesRecording(answers: { bodyIncludes: string; body: unknown }[]): Recording {
  return {
    provider: "vast-ai",
    recordedAt: null,
    origin: "documented",
    exchanges: answers.map(({ bodyIncludes, body }) => ({
      request: { method: "POST", url: BUNDLES_URL, bodyIncludes },
      response: { status: 200, headers: { "content-type": "application/json" }, body },
    })),
  };
}

/** The requests the adapter sends while scraping a fixture, as the provider would receive them. */
async function requestsSent(fixture: unknown, credential: string | null): Promise<Request[]> {
  const requests: Request[] = [];
  const replay = replayFetch(recordingSchema.parse(fixture));
  const http = createProviderHttp({
    fetch: async (input, init) => {
      requests.push(new Request(input, init));
      return replay(input, init);
    },
  });
  await vastAi.scrape({ http, baseUrl: "https://console.vast.ai", credential, now: new Date("2026-11-20T12:00:00Z") });
  return requests;
}

async function offersOf(fixture: unknown) {
  const { offers } = await scrapeRecording(vastAi, fixture);
  return (instanceType: string) => offers.find((offer) => offer.instanceType === instanceType);
}

describe("vast-ai adapter", () => {
  it("publishes one offer per GPU name, memory and count, at the cheapest whole-offer price", async () => {
    const { offers } = await scrapeRecording(vastAi, success);
    expect(offers).toHaveLength(13);
    expect(offers.find((offer) => offer.instanceType === "H100 SXM 80GB x1")).toEqual({
      instanceType: "H100 SXM 80GB x1",
      gpuNameRaw: "H100 SXM",
      gpuCount: 1,
      gpuMemoryGb: 79.6,
      currency: "USD",
      pricePerHour: 2.19,
      pricePerHourSpot: 1.25,
      availability: "available",
      regions: ["CA", "FI", "US"],
      vcpuCount: 64,
      ramGb: 503,
      storageGb: 200,
      billingIncrementSeconds: 1,
      priceIncludes: {
        offer_count: 4,
        median_price_per_hour: 2.4,
        cheapest_offer_id: 31800437,
        price_basis: "cheapest verified rentable offer; dph_total includes storage and bandwidth estimates",
      },
      sourceUrl: BUNDLES_URL,
      raw: {
        cheapest: expect.objectContaining({ id: 31800437, dph_total: 2.19, geolocation: "Quebec, CA" }),
        offer_count: 4,
        median_price_per_hour: 2.4,
      },
    });
  });

  it("keeps multi-GPU offers apart and prices them for the whole offer", async () => {
    const offer = await offersOf(success);
    expect(offer("H100 SXM 80GB x8")).toMatchObject({
      gpuCount: 8,
      pricePerHour: 19.6,
      pricePerHourSpot: 12.8,
      availability: "limited",
      vcpuCount: 192,
      ramGb: 2015,
      storageGb: 2000,
    });
    expect(offer("RTX 4090 24GB x2")).toMatchObject({
      gpuCount: 2,
      pricePerHour: 0.62,
      pricePerHourSpot: 0.39,
      regions: ["PL", "US"],
      priceIncludes: { offer_count: 3, median_price_per_hour: 0.6412, cheapest_offer_id: 31803211 },
    });
  });

  it("splits the A100 SXM4 by memory into 40 GB and 80 GB offers", async () => {
    const offer = await offersOf(success);
    expect(offer("A100 SXM4 40GB x1")).toMatchObject({
      gpuNameRaw: "A100 SXM4",
      gpuMemoryGb: 40,
      pricePerHour: 0.79,
      availability: "available",
      regions: ["DE", "US"],
      priceIncludes: { offer_count: 3, median_price_per_hour: 0.85 },
    });
    expect(offer("A100 SXM4 80GB x1")).toMatchObject({
      gpuNameRaw: "A100 SXM4",
      gpuMemoryGb: 80,
      pricePerHour: 1.29,
      availability: "limited",
      regions: ["CA", "US"],
      priceIncludes: { offer_count: 2, median_price_per_hour: 1.37 },
    });
  });

  it("names each group by the memory the GPUs report, rounded to whole GB", async () => {
    const offer = await offersOf(success);
    expect(offer("H100 NVL 94GB x1")).toMatchObject({
      gpuMemoryGb: 93.6,
      pricePerHour: 2.59,
      regions: ["CZ"],
      availability: "limited",
    });
    expect(offer("H100 PCIE 80GB x1")).toMatchObject({
      pricePerHour: 1.89,
      regions: ["NO", "US"],
      priceIncludes: { offer_count: 2, median_price_per_hour: 1.97 },
    });
    expect(offer("L40S 45GB x1")).toMatchObject({
      gpuMemoryGb: 45,
      pricePerHour: 0.69,
      priceIncludes: { median_price_per_hour: 0.72 },
    });
    expect(offer("RTX 5090 32GB x1")).toMatchObject({
      gpuMemoryGb: 31.8,
      pricePerHour: 0.49,
      priceIncludes: { offer_count: 3, median_price_per_hour: 0.55 },
    });
    expect(offer("RTX A6000 48GB x1")).toMatchObject({
      gpuMemoryGb: 48,
      pricePerHour: 0.42,
      priceIncludes: { median_price_per_hour: 0.445 },
    });
    expect(offer("RTX 3090 24GB x1")).toMatchObject({
      pricePerHour: 0.13,
      priceIncludes: { offer_count: 3, median_price_per_hour: 0.15 },
    });
    expect(offer("Tesla V100 16GB x1")).toMatchObject({
      pricePerHour: 0.21,
      availability: "limited",
      priceIncludes: { offer_count: 1 },
    });
  });

  it("leaves fractional, rented and unpriced offers out of the price, and says why", async () => {
    const { offers, skipped } = await scrapeRecording(vastAi, success);
    expect(offers.find((offer) => offer.instanceType === "RTX 4090 24GB x1")).toMatchObject({
      pricePerHour: 0.29, // not the fractional $0.15 or the rented $0.25
      pricePerHourSpot: 0.19, // the lowest bid among the five listed offers, never the on-demand price
      regions: ["CN", "TW", "US"], // one offer has no geolocation
      priceIncludes: { offer_count: 5, median_price_per_hour: 0.34, cheapest_offer_id: 31803001 },
    });
    expect(skipped.map(({ reason, raw }) => [(raw as { id: number }).id, reason])).toEqual([
      [31804070, "dph_total 0 is not a price"],
      [31803090, "fractional GPU (gpu_frac 0.5)"],
      [31803102, "already rented"],
    ]);
  });

  it("asks for verified, rentable, unrented on-demand offers of every GPU, with the key when one is set", async () => {
    const requests = await requestsSent(success, "vast-test-key");
    expect(requests[0]!.method).toBe("POST");
    expect(requests[0]!.url).toBe(BUNDLES_URL);
    expect(requests[0]!.headers.get("Authorization")).toBe("Bearer vast-test-key");
    expect(await requests[0]!.json()).toEqual({
      rentable: { eq: true },
      rented: { eq: false },
      verified: { eq: true },
      type: "on-demand",
      order: [["dph_total", "asc"]],
      limit: 5000,
    });
  });

  it("sends no Authorization header without a key", async () => {
    const requests = await requestsSent(empty, null);
    expect(requests[0]!.headers.has("Authorization")).toBe(false);
  });

  it("pages on price when an answer is capped, counting each offer once", async () => {
    const firstPage = [
      vastOffer({ id: 1, gpu_name: "RTX 4090", dph_total: 0.29 }),
      vastOffer({ id: 2, gpu_name: "RTX 4090", dph_total: 0.31 }),
      vastOffer({ id: 3, gpu_name: "RTX 4090", dph_total: 0.34 }),
    ];
    const secondPage = [
      vastOffer({ id: 3, gpu_name: "RTX 4090", dph_total: 0.34 }),
      vastOffer({ id: 4, gpu_name: "RTX 4090", dph_total: 0.36 }),
      vastOffer({ id: 5, gpu_name: "H100 SXM", gpu_ram: 81559, dph_total: 2.19 }),
    ];
    const { offers, exchanges } = await scrapeRecording(
      vastAi,
      bundlesRecording([
        { bodyIncludes: '"dph_total":{"gte":0.34}', body: { offers: secondPage } },
        { bodyIncludes: '"type":"on-demand"', body: { offers: firstPage } },
      ]),
    );
    expect(exchanges).toHaveLength(3); // the third answer brings nothing new
    expect(
      offers.map((offer) => [
        offer.instanceType,
        offer.pricePerHour,
        offer.priceIncludes?.offer_count,
        offer.priceIncludes?.median_price_per_hour,
      ]),
    ).toEqual([
      ["RTX 4090 24GB x1", 0.29, 4, 0.325],
      ["H100 SXM 80GB x1", 2.19, 1, 2.19],
    ]);
  });

  it("returns no offers when nothing matches, after one request", async () => {
    const { offers, skipped, exchanges } = await scrapeRecording(vastAi, empty);
    expect({ offers, skipped }).toEqual({ offers: [], skipped: [] });
    expect(exchanges).toHaveLength(1);
  });

  it("keeps the good offers and reports the malformed ones", async () => {
    const { offers, skipped } = await scrapeRecording(vastAi, partial);
    expect(offers.map((offer) => [offer.instanceType, offer.pricePerHour])).toEqual([
      ["RTX 4090 24GB x1", 0.29],
      ["H100 SXM 80GB x1", 2.19],
    ]);
    expect(skipped).toHaveLength(2);
    expect(skipped[0]!.reason).toMatch(/dph_total/);
    expect(skipped[1]!.reason).toMatch(/gpu_name/);
  });

  it("fails the scrape as schema drift when offers is not a list", async () => {
    await expect(scrapeRecording(vastAi, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails the scrape when a 200 carries an error object", async () => {
    const failure = await scrapeRecording(vastAi, error).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({
      code: "UPSTREAM_ERROR",
      retryable: false,
      message: expect.stringContaining("Search backend unavailable"),
    });
  });

  it("reports a rejected key as INVALID_API_KEY", async () => {
    const rejected = bundlesRecording([
      {
        bodyIncludes: "rentable",
        body: { success: false, error: "invalid_api_key", msg: "Invalid API key provided." },
      },
    ]);
    await expect(scrapeRecording(vastAi, rejected)).rejects.toMatchObject({
      code: "INVALID_API_KEY",
      retryable: false,
    });
  });

  it("surfaces a 429 as a retryable RATE_LIMITED error with the Retry-After delay", async () => {
    const failure = await scrapeRecording(vastAi, rateLimited).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({
      code: "RATE_LIMITED",
      retryable: true,
      details: { status: 429, retryAfterSeconds: 30 },
    });
  });
});
