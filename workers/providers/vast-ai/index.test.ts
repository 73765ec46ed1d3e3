import { describe, expect, it } from "vitest";
import { identifyGpu } from "../../../shared/gpu-identity";
import { pricesOutsideBands } from "../../testing/bands";
import { scrapeRecording } from "../../testing/recordings";
import { createProviderHttp, ProviderError } from "../http";
import { type Recording, recordingSchema, replayFetch } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import rateLimited from "./fixtures/http-429.json";
import partial from "./fixtures/partial.json";
import recorded from "./fixtures/recorded-a100-sxm4-2026-06-03.json";
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

const RECORDED_OFFERS: readonly Record<string, unknown>[] = recorded.exchanges.flatMap(
  (exchange) => exchange.response.body.offers,
);

/** A recorded offer with some fields changed; a field set to undefined is removed. */
function recordedOffer(id: number, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const offer = RECORDED_OFFERS.find((candidate) => candidate.id === id);
  if (!offer) throw new Error(`offer ${id} is not in the recording`);
  return Object.fromEntries(
    Object.entries({ ...offer, ...changes }).filter(([field]) => !(field in changes && changes[field] === undefined)),
  );
}

/** Scrapes an answer of these offers, as the recording would have carried them. */
const scrapeOffers = (...offers: Record<string, unknown>[]) =>
  scrapeRecording(vastAi, bundlesRecording([{ bodyIncludes: '"type":"on-demand"', body: { offers } }]));

// The recording's cheapest A100 SXM4 offer: 1× at $0.695 in Alberta, CA (machine 34447).
const CHEAPEST_RECORDED = 39185351;

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
        machine_count: 4,
        median_price_per_hour: 2.4,
        cheapest_offer_id: 31800437,
        price_basis:
          "cheapest verified rentable offer; dph_total: the host's price plus storage for the disk the search assumed, bandwidth extra",
      },
      sourceUrl: BUNDLES_URL,
      raw: {
        cheapest: expect.objectContaining({ id: 31800437, dph_total: 2.19, geolocation: "Quebec, CA" }),
        offer_count: 4,
        machine_count: 4,
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

  it("names each group by its GPUs' marketed memory, and reports the memory they have", async () => {
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
    expect(offer("L40S 48GB x1")).toMatchObject({
      gpuMemoryGb: 45, // 46068 MiB of the L40S's 48 GB
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

  it("leaves rented and unpriced offers out of the price, and says why", async () => {
    const { offers, skipped } = await scrapeRecording(vastAi, success);
    expect(offers.find((offer) => offer.instanceType === "RTX 4090 24GB x1")).toMatchObject({
      pricePerHour: 0.15, // the whole GPU on a two-GPU host (gpu_frac 0.5), not the rented $0.25
      pricePerHourSpot: 0.1, // the lowest bid among the six listed offers, never the on-demand price
      regions: ["CN", "TW", "US"], // one offer has no geolocation
      priceIncludes: { offer_count: 6, machine_count: 6, median_price_per_hour: 0.325, cheapest_offer_id: 31803090 },
    });
    expect(skipped.map(({ reason, cause, raw }) => [(raw as { id: number }).id, reason, cause])).toEqual([
      [31804070, "dph_total 0 is not a price", "unreadable"],
      [31803102, "already rented", "excluded"],
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

describe("vast-ai adapter on the recorded A100 SXM4 answer", () => {
  it("reads offers that say verification: 'verified' instead of a boolean", async () => {
    expect(RECORDED_OFFERS.every((offer) => offer.verification === "verified" && !("verified" in offer))).toBe(true);
    const { offers, skipped } = await scrapeRecording(vastAi, recorded);
    expect(skipped).toEqual([]);
    expect(offers.reduce((sum, offer) => sum + Number(offer.priceIncludes?.offer_count), 0)).toBe(33);
  });

  it("publishes the cheapest offer of each memory size and GPU count at its whole-offer price", async () => {
    const { offers } = await scrapeRecording(vastAi, recorded);
    expect(
      offers.map((offer) => [
        offer.instanceType,
        offer.pricePerHour,
        offer.pricePerHourSpot,
        offer.availability,
        offer.priceIncludes?.machine_count,
        offer.priceIncludes?.median_price_per_hour,
        offer.priceIncludes?.cheapest_offer_id,
      ]),
    ).toEqual([
      ["A100 SXM4 40GB x1", 0.6951851851851852, 0.39999999999999997, "available", 7, 1.000925925925926, 39185351],
      ["A100 SXM4 80GB x1", 1.073611111111111, 0.9766688877171896, "available", 6, 1.1977, 37236686],
      ["A100 SXM4 40GB x2", 1.3356481481481481, 0.7999999999999999, "available", 5, 2.0009259259259258, 37848860],
      ["A100 SXM4 80GB x2", 2.140277777777778, 1.3333333333333333, "available", 5, 3.735648148148148, 37431796],
      ["A100 SXM4 40GB x4", 4.000925925925926, 1.5999999999999999, "available", 5, 4.162314814814815, 30178901],
      ["A100 SXM4 40GB x8", 7.467592592592593, 4.266667, "limited", 1, 7.467592592592593, 39208237],
      ["A100 SXM4 80GB x4", 7.468981481481481, 2.6666666666666665, "available", 3, 7.9166170105985785, 37795430],
      ["A100 SXM4 80GB x8", 16.759947571207494, 8.379510822640786, "limited", 1, 16.759947571207494, 26307931],
    ]);
  });

  it("keeps whole GPUs on shared hosts: gpu_frac is the host share", async () => {
    const offer = await offersOf(recorded);
    // Six of the seven 1× 40 GB offers are one GPU of a 2-, 6- or 8-GPU host, the $0.749 one among them.
    expect(offer("A100 SXM4 40GB x1")?.priceIncludes).toMatchObject({ offer_count: 7 });
    // Four of a host's eight GPUs (gpu_frac 0.5), with half its 64 cores.
    expect(offer("A100 SXM4 40GB x4")).toMatchObject({
      gpuCount: 4,
      pricePerHour: 4.000925925925926,
      vcpuCount: 32,
      ramGb: 252,
      storageGb: 2422,
      raw: { cheapest: expect.objectContaining({ id: 30178901, gpu_frac: 0.5 }) },
    });
  });

  it("groups 39936 MiB with the 40 GB A100s", async () => {
    const offer = await offersOf(recorded);
    expect(offer("A100 SXM4 39GB x1")).toBeUndefined();
    expect(offer("A100 SXM4 40GB x1")).toMatchObject({
      gpuNameRaw: "A100 SXM4",
      gpuMemoryGb: 39, // as the cheapest offer reports it
      pricePerHour: 0.6951851851851852,
      vcpuCount: 32,
      ramGb: 126,
      storageGb: 1576,
      priceIncludes: { offer_count: 7, cheapest_offer_id: CHEAPEST_RECORDED },
    });
  });

  it("identifies every recorded offer as the A100 SXM 40 GB or 80 GB", async () => {
    const { offers } = await scrapeRecording(vastAi, recorded);
    expect(offers.map((offer) => identifyGpu({ name: offer.gpuNameRaw, memoryGb: offer.gpuMemoryGb }).slug)).toEqual([
      "a100-40gb",
      "a100-80gb",
      "a100-40gb",
      "a100-80gb",
      "a100-40gb",
      "a100-40gb",
      "a100-80gb",
      "a100-80gb",
    ]);
  });

  it("counts a machine once however many bundles list it", async () => {
    // The recording's only 8× 40 GB offer, listed twice more as other bundles of the same machine (only the id changed).
    const eightGpus = 39208237;
    const { offers } = await scrapeOffers(
      recordedOffer(eightGpus),
      recordedOffer(eightGpus, { id: 39208238 }),
      recordedOffer(eightGpus, { id: 39208239 }),
    );
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({
      instanceType: "A100 SXM4 40GB x8",
      availability: "limited",
      priceIncludes: { offer_count: 3, machine_count: 1, median_price_per_hour: 7.467592592592593 },
    });
  });

  it("keeps verified offers whose VM mode is deverified, with a null start_date or a blank mobo_name", async () => {
    expect(recordedOffer(37795430)).toMatchObject({ is_vm_deverified: true, start_date: null, mobo_name: " " });
    expect(recordedOffer(39209551)).toMatchObject({ is_vm_deverified: false, start_date: null, mobo_name: null });
    const offer = await offersOf(recorded);
    expect(offer("A100 SXM4 80GB x4")?.priceIncludes).toMatchObject({ cheapest_offer_id: 37795430 });
    const { offers } = await scrapeOffers(recordedOffer(39209551));
    expect(offers.map((published) => [published.instanceType, published.pricePerHour])).toEqual([
      ["A100 SXM4 40GB x1", 0.7493075629629633],
    ]);
  });

  it("names the country of each 'Region, CC' geolocation", async () => {
    const offer = await offersOf(recorded);
    expect(offer("A100 SXM4 40GB x1")?.regions).toEqual(["CA", "CZ", "DE", "NL", "SE", "US"]);
    expect(offer("A100 SXM4 40GB x2")?.regions).toEqual(["CZ", "DE", "HR", "US"]);
  });
});

// Shapes the recording lacks: recorded offers with the fields each test names changed (or removed).
describe("vast-ai adapter on older answer shapes", () => {
  it.each([
    ["Norway", ["NO"]],
    ["The Netherlands", ["NL"]],
    ["Czech Republic", ["CZ"]],
    ["Oslo, Norway", ["NO"]],
    ["Georgia", []], // the country or the US state
    ["Oregon", []],
    ["Somewhere", []],
  ])("reads the bare geolocation %j as the regions %j", async (geolocation, regions) => {
    const { offers } = await scrapeOffers(recordedOffer(CHEAPEST_RECORDED, { geolocation }));
    expect(offers[0]?.regions).toEqual(regions);
  });

  it("treats an absent rented as not rented", async () => {
    const { offers, skipped } = await scrapeOffers(recordedOffer(CHEAPEST_RECORDED, { rented: undefined }));
    expect(skipped).toEqual([]);
    expect(offers.map((offer) => offer.priceIncludes?.cheapest_offer_id)).toEqual([CHEAPEST_RECORDED]);
  });

  it("reads the boolean verified of older answers", async () => {
    const { offers, skipped } = await scrapeOffers(
      recordedOffer(CHEAPEST_RECORDED, { verification: undefined, vericode: undefined, verified: true }),
    );
    expect(skipped).toEqual([]);
    expect(offers.map((offer) => offer.pricePerHour)).toEqual([0.6951851851851852]);
  });

  it("leaves out hosts that are not verified, whichever field says so", async () => {
    const { offers, skipped } = await scrapeOffers(
      recordedOffer(CHEAPEST_RECORDED, { verification: "unverified" }),
      vastOffer({ id: 2, gpu_name: "RTX 4090", dph_total: 0.29, verified: false }),
      recordedOffer(30178907, { verified: false }),
    );
    expect(offers).toEqual([]);
    expect(skipped.map(({ reason, cause, raw }) => [(raw as { id: number }).id, reason, cause])).toEqual([
      [CHEAPEST_RECORDED, "host not verified (verification unverified)", "excluded"],
      [2, "host not verified (verified false)", "excluded"],
      [30178907, "host not verified (verified false, verification verified)", "excluded"],
    ]);
  });

  it("cannot read an offer that says nothing about verification", async () => {
    const { offers, skipped } = await scrapeOffers(recordedOffer(CHEAPEST_RECORDED, { verification: undefined }));
    expect(offers).toEqual([]);
    expect(skipped).toMatchObject([
      { reason: "no verification status (neither verification nor verified)", cause: "unreadable" },
    ]);
  });

  it("prices an offer without dph_total at dph_base plus storage, not at the discounted price", async () => {
    const { offers } = await scrapeOffers(
      recordedOffer(CHEAPEST_RECORDED, { dph_total: undefined, discounted_dph_total: 0.5 }),
    );
    // dph_base 0.69333 + storage_total_cost 0.00185: what dph_total said.
    expect(offers[0]?.pricePerHour).toBeCloseTo(0.6951851851851852, 12);
  });

  it("treats an offer with no usable price as unreadable, naming its group", async () => {
    const { offers, skipped } = await scrapeOffers(
      recordedOffer(CHEAPEST_RECORDED, { dph_total: undefined, dph_base: undefined }),
      recordedOffer(30178907, { dph_total: undefined, dph_base: 0 }),
    );
    expect(offers).toEqual([]);
    expect(skipped).toMatchObject([
      {
        reason: "no price: neither dph_total nor dph_base",
        cause: "unreadable",
        instanceType: "A100 SXM4 40GB x1",
        gpuNameRaw: "A100 SXM4",
      },
      { reason: "dph_base 0 is not a price", cause: "unreadable", instanceType: "A100 SXM4 40GB x1" },
    ]);
  });
});

describe("vast-ai prices", () => {
  it.each([
    ["success.json", success, 13],
    ["the recorded A100 SXM4 answer", recorded, 8],
  ])("puts every offer of %s inside its GPU's price band", async (_name, fixture, count) => {
    const { offers } = await scrapeRecording(vastAi, fixture);
    expect(offers).toHaveLength(count);
    expect(pricesOutsideBands("vast-ai", offers)).toEqual([]);
  });
});
