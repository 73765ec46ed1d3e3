import { describe, expect, it } from "vitest";
import { identifyGpu } from "../../../shared/gpu-identity";
import { pricesOutsideBands } from "../../testing/bands";
import { replayKeepingRequests, scrapeRecording } from "../../testing/recordings";
import { type Recording, recordingSchema } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import success from "./fixtures/success.json";
import { hotAisle } from "./index";

const TEAMS_URL = "https://admin.hotaisle.app/api/teams/";
const VMS_URL = "https://admin.hotaisle.app/api/teams/acme-research/virtual_machines/available/";
const BARE_METAL_URL = "https://admin.hotaisle.app/api/teams/acme-research/bare_metal/available/";

/** The success recording with its team list replaced. */
function withTeams(teams: unknown): Recording {
  const recording = recordingSchema.parse(success);
  const [, ...listings] = recording.exchanges;
  return {
    ...recording,
    exchanges: [{ request: { method: "GET", url: TEAMS_URL }, response: { status: 200, body: teams } }, ...listings],
  };
}

describe("hot-aisle adapter", () => {
  it("reads OnDemandPrice as whole US cents per hour for the whole machine", async () => {
    const { offers, skipped } = await scrapeRecording(hotAisle, success);
    expect(skipped).toEqual([]);
    expect(offers.map((offer) => [offer.instanceType, offer.gpuCount, offer.pricePerHour])).toEqual([
      ["vm-1x-mi300x-13c-224g", 1, 2.99],
      ["vm-1x-mi300x-8c-224g", 1, 2.99],
      ["vm-2x-mi300x-26c-448g", 2, 5.98],
      ["vm-4x-mi300x-52c-896g", 4, 11.96],
      ["bm-8x-mi300x-104c-2048g", 8, 27.12],
    ]);
    // Cents, not dollars: 2712 cents for eight GPUs is $3.39 per GPU-hour.
    expect(pricesOutsideBands("hot-aisle", offers)).toEqual([]);
  });

  it("turns capacities in bytes into GB and names the GPU so the catalog maps it to the MI300X", async () => {
    const { offers } = await scrapeRecording(hotAisle, success);
    const [small] = offers;
    expect(small).toMatchObject({
      instanceName: "1x AMD MI300X VM",
      gpuNameRaw: "AMD MI300X",
      gpuMemoryGb: null,
      currency: "USD",
      vcpuCount: 13,
      ramGb: 241, // 224 GiB
      storageGb: 13194, // 12 TiB
      regions: [],
      sourceUrl: VMS_URL,
    });
    expect(small && identifyGpu({ name: small.gpuNameRaw, memoryGb: small.gpuMemoryGb })).toEqual({
      slug: "mi300x",
      vramGb: 192,
    });
  });

  it("marks a type with a Quantity of 0 sold out and keeps its price", async () => {
    const { offers } = await scrapeRecording(hotAisle, success);
    expect(offers.map((offer) => [offer.instanceType, offer.availability, offer.priceIncludes?.quantity])).toEqual([
      ["vm-1x-mi300x-13c-224g", "available", 3],
      ["vm-1x-mi300x-8c-224g", "sold_out", 0],
      ["vm-2x-mi300x-26c-448g", "available", 1],
      ["vm-4x-mi300x-52c-896g", "sold_out", 0],
      ["bm-8x-mi300x-104c-2048g", "available", 1],
    ]);
  });

  it("offers the bare-metal server with its minimum reservation, and leaves CPU-only machines out", async () => {
    const { offers } = await scrapeRecording(hotAisle, success);
    expect(offers.find((offer) => offer.instanceType.startsWith("bm-"))).toMatchObject({
      instanceName: "8x AMD MI300X bare metal",
      vcpuCount: 104,
      ramGb: 2199, // 2 TiB
      storageGb: 123840,
      priceIncludes: { bare_metal: true, minimum_reservation_minutes: 43200 },
      sourceUrl: BARE_METAL_URL,
    });
    expect(offers.some((offer) => offer.instanceType.includes("-0x-"))).toBe(false);
    expect(offers).toHaveLength(5);
  });

  it("reads the prices of the key's first team it has joined, with the key as a Token", async () => {
    const { http, sent } = replayKeepingRequests(success);
    await hotAisle.scrape({
      http,
      baseUrl: hotAisle.baseUrl.default,
      credential: "ha-secret",
      now: new Date("2026-11-20T12:00:00Z"),
    });
    expect(sent.map((request) => request.url)).toEqual([TEAMS_URL, VMS_URL, BARE_METAL_URL]);
    expect(sent.map((request) => request.headers.get("Authorization"))).toEqual([
      "Token ha-secret",
      "Token ha-secret",
      "Token ha-secret",
    ]);
  });

  it("sends nothing without an API key", async () => {
    const { http, sent } = replayKeepingRequests(success);
    const scrape = hotAisle.scrape({
      http,
      baseUrl: hotAisle.baseUrl.default,
      credential: null,
      now: new Date("2026-11-20T12:00:00Z"),
    });
    await expect(scrape).rejects.toMatchObject({ code: "MISSING_CREDENTIALS" });
    expect(sent).toEqual([]);
  });

  it("fails with FORBIDDEN when the key has joined no team", async () => {
    await expect(scrapeRecording(hotAisle, withTeams([]))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      scrapeRecording(hotAisle, withTeams([{ handle: "partner-lab", roles: ["user"], invitation: true }])),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("keeps the readable machine types and reports the others", async () => {
    const { offers, skipped } = await scrapeRecording(hotAisle, partial);
    expect(offers.map((offer) => [offer.instanceType, offer.pricePerHour])).toEqual([
      ["vm-1x-mi300x-13c-224g", 2.99],
      ["bm-8x-mi300x-104c-2048g", 27.12],
    ]);
    expect(skipped.map((record) => record.reason)).toEqual([
      "OnDemandPrice 2.99 is not a whole number of cents above 0",
      "OnDemandPrice missing is not a whole number of cents above 0",
      'GPU model not stated once: ["MI300X","MI325X"]',
      expect.stringMatching(/^Specs: /),
    ]);
    expect(skipped[0]).toMatchObject({ instanceType: "vm-1x-mi300x-13c-224g", gpuNameRaw: "AMD MI300X" });
  });

  it("keeps two machine types that read alike apart", async () => {
    const recording = recordingSchema.parse(success);
    const [teams, vms, bareMetal] = recording.exchanges;
    if (!teams || !vms || !bareMetal) throw new Error("the success fixture has three exchanges");
    const [first] = vms.response.body as Record<string, unknown>[];
    const twin = { ...first, Specs: { ...(first?.Specs as object), disk_capacity: 6597069766656 } };
    const twins: Recording = {
      ...recording,
      exchanges: [teams, { request: vms.request, response: { status: 200, body: [first, twin, first] } }, bareMetal],
    };
    const { offers } = await scrapeRecording(hotAisle, twins);
    expect(offers.map((offer) => offer.instanceType)).toEqual([
      "vm-1x-mi300x-13c-224g-13194gb-1",
      "vm-1x-mi300x-13c-224g-6597gb",
      "vm-1x-mi300x-13c-224g-13194gb-3",
      "bm-8x-mi300x-104c-2048g",
    ]);
  });

  it("returns no offers when nothing can be rented", async () => {
    expect(await scrapeRecording(hotAisle, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails as schema drift when a listing is not an array", async () => {
    await expect(scrapeRecording(hotAisle, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails with INVALID_API_KEY when the key is refused", async () => {
    await expect(scrapeRecording(hotAisle, error)).rejects.toMatchObject({
      code: "INVALID_API_KEY",
      retryable: false,
      details: { status: 401 },
    });
  });
});
