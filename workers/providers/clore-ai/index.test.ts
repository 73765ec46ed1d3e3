import { describe, expect, it } from "vitest";
import { identifyGpu } from "../../../shared/gpu-identity";
import type { ProviderOffer } from "../../../shared/offers";
import { pricesOutsideBands } from "../../testing/bands";
import { scrapeRecording } from "../../testing/recordings";
import { createProviderHttp } from "../http";
import { type Recording, recordingSchema, replayFetch } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import legacy from "./fixtures/recorded-2024-05-21-legacy.json";
import success from "./fixtures/success.json";
import { cloreAi } from "./index";

const URL = "https://api.clore.ai/v1/marketplace";

const offerOf = (offers: ProviderOffer[], instanceType: string) =>
  offers.find((offer) => offer.instanceType === instanceType);

const slugOf = (offer: ProviderOffer | undefined) =>
  offer && identifyGpu({ name: offer.gpuNameRaw, memoryGb: offer.gpuMemoryGb, formFactor: offer.formFactor }).slug;

/** A marketplace answer listing `servers`. */
function marketplace(servers: unknown[], extra: Record<string, unknown> = {}): Recording {
  return recordingSchema.parse({
    provider: "clore-ai",
    recordedAt: null,
    origin: "documented",
    exchanges: [
      {
        request: { method: "GET", url: URL },
        response: { status: 200, body: { servers, my_servers: [], code: 0, ...extra } },
      },
    ],
  });
}

const legacyServers: Record<string, unknown>[] = legacy.exchanges[0]!.response.body.servers;
/** A server of the recorded 2024 answer, by id, given today's USD prices (per day). */
function recordedServer(id: number, usd: Record<string, number>) {
  const server = legacyServers.find((candidate) => candidate.id === id);
  if (!server) throw new Error(`no recorded server ${id}`);
  return { ...server, price: { ...(server.price as object), usd } };
}

describe("clore-ai adapter", () => {
  it("publishes the cheapest free server of each kind, its daily price turned hourly", async () => {
    const { offers } = await scrapeRecording(cloreAi, success);
    expect(offerOf(offers, "NVIDIA GeForce RTX 4090 24GB x1")).toMatchObject({
      instanceName: "1x NVIDIA GeForce RTX 4090",
      gpuNameRaw: "NVIDIA GeForce RTX 4090",
      gpuCount: 1,
      gpuMemoryGb: 24,
      currency: "USD",
      // 6.00 USD a day from server 31150.
      pricePerHour: 0.25,
      availability: "available",
      regions: ["DE", "PL", "RU", "US"],
      vcpuCount: 32,
      ramGb: 63,
      storageGb: 932,
      priceIncludes: {
        server_count: 4,
        median_price_per_hour: 0.325,
        cheapest_server_id: 31150,
        price_currency: "USD-Blockchain",
        minimum_rental_hours: 72,
      },
      sourceUrl: URL,
    });
    expect(offerOf(offers, "NVIDIA GeForce RTX 3090 24GB x1")).toMatchObject({ pricePerHour: 0.15, gpuCount: 1 });
  });

  it("prices a multi-GPU server as a whole", async () => {
    const { offers } = await scrapeRecording(cloreAi, success);
    expect(offerOf(offers, "NVIDIA GeForce RTX 3090 24GB x8")).toMatchObject({ gpuCount: 8, pricePerHour: 1.1 });
    expect(offerOf(offers, "NVIDIA H100 80GB HBM3 79GB x8")).toMatchObject({
      gpuCount: 8,
      gpuMemoryGb: 79,
      pricePerHour: 18,
      pricePerHourSpot: 15,
      availability: "limited",
      regions: ["US"],
      vcpuCount: 192,
      priceIncludes: { minimum_rental_hours: 24 },
    });
  });

  it("keeps the minimum spot bid as spot, never as the on-demand price", async () => {
    const { offers } = await scrapeRecording(cloreAi, success);
    // The lowest bid floor of the group (server 31150's CLORE minimum, 4.32/day), not its own usd.spot of 0.
    expect(offerOf(offers, "NVIDIA GeForce RTX 4090 24GB x1")).toMatchObject({
      pricePerHour: 0.25,
      pricePerHourSpot: 0.18,
    });
    expect(offerOf(offers, "NVIDIA GeForce RTX 3090 24GB x1")?.pricePerHourSpot).toBe(0.1);
    // No spot bid accepted at all.
    expect(offerOf(offers, "NVIDIA GeForce RTX 4090 24GB x2")).toMatchObject({
      pricePerHour: 0.55,
      pricePerHourSpot: null,
    });
    // A minimum bid above the on-demand price (28/day against 26.4/day) is no spot offer.
    expect(offerOf(offers, "NVIDIA GeForce RTX 3090 24GB x8")?.pricePerHourSpot).toBeNull();
  });

  it("does not let a placeholder asking price become the price of its kind", async () => {
    const { offers } = await scrapeRecording(cloreAi, success);
    // Server 31155 asks 960 USD a day for one RTX 4090; it counts, but the cheapest server sets the price.
    expect(offerOf(offers, "NVIDIA GeForce RTX 4090 24GB x1")).toMatchObject({
      pricePerHour: 0.25,
      priceIncludes: { server_count: 4 },
    });
  });

  it("takes the bitcoin price's USD value when a host takes no USD", async () => {
    const { offers } = await scrapeRecording(cloreAi, success);
    expect(offerOf(offers, "NVIDIA GeForce RTX 5090 32GB x1")).toMatchObject({
      pricePerHour: 0.45,
      pricePerHourSpot: 0.3,
      priceIncludes: { price_currency: "bitcoin", cheapest_server_id: 31230 },
    });
  });

  it("leaves out rented, partly rented and mixed-GPU servers and says why", async () => {
    const { offers, skipped } = await scrapeRecording(cloreAi, success);
    expect(offers).toHaveLength(7);
    expect(skipped.map(({ instanceType, cause, reason }) => [instanceType, cause ?? "unreadable", reason])).toEqual([
      ["NVIDIA GeForce RTX 4090 24GB x1", "excluded", "already rented"],
      ["NVIDIA H100 80GB HBM3 79GB x8", "excluded", "partly rented: 6 of 8 GPUs free"],
      ["Mixed GPUs 12GB x2", "excluded", "several GPU models in one server"],
      ["NVIDIA GeForce RTX 3080 10GB x1", "unreadable", "no on-demand price in price.usd"],
    ]);
  });

  it("maps the GPUs of the catalog and leaves laptop chips unmapped", async () => {
    const { offers } = await scrapeRecording(cloreAi, success);
    expect(offers.map((offer) => [offer.instanceType, slugOf(offer)])).toEqual([
      ["NVIDIA GeForce RTX 4090 24GB x1", "rtx-4090"],
      ["NVIDIA GeForce RTX 4090 24GB x2", "rtx-4090"],
      ["NVIDIA GeForce RTX 3090 24GB x1", "rtx-3090"],
      ["NVIDIA GeForce RTX 3090 24GB x8", "rtx-3090"],
      ["NVIDIA H100 80GB HBM3 79GB x8", "h100-sxm"],
      ["NVIDIA GeForce RTX 5090 32GB x1", "rtx-5090"],
      ["NVIDIA GeForce RTX 3070 Laptop GPU 8GB x4", null],
    ]);
  });

  it("keeps every published price of success.json inside its GPU's plausible band", async () => {
    const { offers } = await scrapeRecording(cloreAi, success);
    expect(pricesOutsideBands("clore-ai", offers)).toEqual([]);
  });

  it("reads the specs of recorded servers: count and name, memory per GPU, threads, RAM, disk, country", async () => {
    const { offers } = await scrapeRecording(
      cloreAi,
      marketplace([
        recordedServer(25769, { on_demand_usd: 26.4, spot: 24 }),
        recordedServer(25726, { on_demand_usd: 30, spot: 0 }),
      ]),
    );
    expect(offers.map((offer) => [offer.instanceType, offer.gpuCount, offer.gpuMemoryGb, slugOf(offer)])).toEqual([
      ["NVIDIA GeForce RTX 3090 24GB x8", 8, 24, "rtx-3090"],
      ["NVIDIA RTX A4500 20GB x10", 10, 20, "rtx-a4500"],
    ]);
    expect(offers[0]).toMatchObject({
      pricePerHour: 1.1,
      pricePerHourSpot: 1,
      vcpuCount: 16, // cpus "8/16"
      ramGb: 16, // 15.9378
      storageGb: 97, // "SPCCx20Solidx20Statex 96.8613GB"
      regions: ["RU"],
      availability: "limited",
    });
  });

  it("fails as schema drift on the recorded 2024 answer, whose prices are in crypto only", async () => {
    await expect(scrapeRecording(cloreAi, legacy)).rejects.toMatchObject({
      code: "SCHEMA_DRIFT",
      message: /none of the 60 Clore\.ai servers carries price\.usd/,
    });
  });

  it("sends the API key in Clore's auth header when one is set, and asks without one otherwise", async () => {
    const replay = replayFetch(recordingSchema.parse(success));
    const sent: Headers[] = [];
    const http = createProviderHttp({
      fetch: async (input, init) => {
        sent.push(new Request(input, init).headers);
        return replay(input, init);
      },
    });
    const now = new Date("2026-11-20T12:00:00Z");
    await cloreAi.scrape({ http, baseUrl: "https://api.clore.ai", credential: "clore-key", now });
    await cloreAi.scrape({ http, baseUrl: "https://api.clore.ai", credential: null, now });
    expect(sent.map((headers) => headers.get("auth"))).toEqual(["clore-key", null]);
    expect(cloreAi.credential).toEqual({ secret: "CLORE_AI_API_KEY", required: false });
  });

  it("maps Clore's error codes: 3 is a bad key, 5 the rate limit, others upstream errors", async () => {
    await expect(scrapeRecording(cloreAi, marketplace([], { code: 3 }))).rejects.toMatchObject({
      code: "INVALID_API_KEY",
    });
    await expect(scrapeRecording(cloreAi, marketplace([], { code: 5 }))).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
    await expect(scrapeRecording(cloreAi, error)).rejects.toMatchObject({
      code: "UPSTREAM_ERROR",
      message: /code 6: internal-error/,
    });
  });

  it("reports a server it cannot read and keeps the rest", async () => {
    const { offers, skipped } = await scrapeRecording(
      cloreAi,
      marketplace([recordedServer(25769, { on_demand_usd: 26.4 }), { ...recordedServer(25761, {}), rented: "no" }]),
    );
    expect(offers).toHaveLength(1);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.reason).toMatch(/rented/);
    expect(skipped[0]!.cause).toBeUndefined();
  });

  it("returns no offers for an empty marketplace", async () => {
    expect(await scrapeRecording(cloreAi, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails the scrape as schema drift when servers is not a list", async () => {
    await expect(scrapeRecording(cloreAi, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });
});
