import { describe, expect, it } from "vitest";
import type { ProviderOffer } from "../../../shared/offers";
import { pricesOutsideBands } from "../../testing/bands";
import { identityOf, replayKeepingRequests, scrapeRecording } from "../../testing/recordings";
import { type Recording, recordingSchema } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import recorded from "./fixtures/recorded-2026-08-22.json";
import success from "./fixtures/success.json";
import { latitudeSh } from "./index";

const PLANS_URL = "https://api.latitude.sh/plans?filter%5Bgpu%5D=true";
const VM_PLANS_URL = "https://api.latitude.sh/plans/virtual_machines?filter%5Bgpu%5D=true";

const byType = (offers: ProviderOffer[]) => new Map(offers.map((offer) => [offer.instanceType, offer]));

/** The success recording with the bare-metal listing answering `status` and `body`. */
function plansAnswering(status: number, body: unknown): Recording {
  const recording = recordingSchema.parse(success);
  return {
    ...recording,
    exchanges: recording.exchanges.map((exchange, index) =>
      index === 0 ? { request: exchange.request, response: { status, body } } : exchange,
    ),
  };
}

describe("latitude-sh adapter on its recorded answer", () => {
  it("offers each priced region of a GPU server at its own whole-server USD price", async () => {
    const { offers } = await scrapeRecording(latitudeSh, recorded);
    expect(offers.map((offer) => [offer.instanceType, offer.gpuCount, offer.pricePerHour])).toEqual([
      ["g4-b300-large@united-states", 8, 128],
      ["g4-rtx6kpro-large@united-states", 8, 48],
      ["g4-rtx6kpro-large@australia", 8, 66],
      ["g4-rtx6kpro-large@japan", 8, 52],
      ["g4-rtx6kpro-large@netherlands", 8, 48],
      ["g3-h100-small@united-states", 1, 3.37],
    ]);
    expect(offers.every((offer) => offer.currency === "USD")).toBe(true);
  });

  it("reads the B300 server's specs, its monthly price, and its yearly term as an hourly rate", async () => {
    const { offers } = await scrapeRecording(latitudeSh, recorded);
    expect(byType(offers).get("g4-b300-large@united-states")).toMatchObject({
      instanceName: "g4.b300.large (United States)",
      gpuNameRaw: "NVIDIA HGX B300",
      gpuMemoryGb: 288,
      formFactor: null, // "800Gbps Dual Plane RoCE" is the network, not the GPUs
      pricePerMonth: 46720,
      pricePerHourReserved1y: 44.8, // 392 448 for the year over 8 760 h
      vcpuCount: 128,
      ramGb: 1536,
      storageGb: 3820, // 2 × 950 GB + 1.92 TB
      storageType: "NVME",
      priceIncludes: { kind: "bare_metal", region: "United States", yearly_term_usd: 392448 },
      sourceUrl: PLANS_URL,
    });
  });

  it("takes the sites in stock as regions, and keeps regions without stock as sold out", async () => {
    const { offers } = await scrapeRecording(latitudeSh, recorded);
    expect(offers.map((offer) => [offer.instanceType, offer.availability, offer.regions])).toEqual([
      ["g4-b300-large@united-states", "sold_out", []],
      ["g4-rtx6kpro-large@united-states", "limited", ["CHI"]],
      ["g4-rtx6kpro-large@australia", "limited", ["SYD2"]],
      ["g4-rtx6kpro-large@japan", "limited", ["TYO4"]],
      ["g4-rtx6kpro-large@netherlands", "sold_out", []],
      ["g3-h100-small@united-states", "sold_out", []],
    ]);
    expect(byType(offers).get("g4-rtx6kpro-large@netherlands")?.priceIncludes).toMatchObject({
      stock_level: "unavailable",
      sites_available: ["AMS"],
    });
  });

  it("leaves out a region priced null in USD, as not sold there", async () => {
    const { skipped } = await scrapeRecording(latitudeSh, recorded);
    expect(skipped).toMatchObject([
      {
        cause: "excluded",
        instanceType: "g4-rtx6kpro-large@united-kingdom",
        reason: "no USD hourly price in United Kingdom: not sold there",
      },
    ]);
  });

  it("offers no CPU virtual machine", async () => {
    const { offers, exchanges } = await scrapeRecording(latitudeSh, recorded);
    expect(exchanges.map((exchange) => exchange.url)).toEqual([PLANS_URL, VM_PLANS_URL]);
    expect(offers.some((offer) => offer.instanceType.startsWith("vm-"))).toBe(false);
  });

  it("names the GPUs so the catalog maps the B300 and the RTX PRO 6000, not the H100 of unstated form factor", async () => {
    const { offers } = await scrapeRecording(latitudeSh, recorded);
    const offer = byType(offers);
    expect(identityOf(offer.get("g4-b300-large@united-states"))).toEqual({ slug: "b300-sxm", vramGb: 288 });
    expect(identityOf(offer.get("g4-rtx6kpro-large@japan"))).toEqual({ slug: "rtx-pro-6000", vramGb: 96 });
    expect(identityOf(offer.get("g3-h100-small@united-states"))).toMatchObject({ slug: null });
  });

  it("keeps every recorded price inside its band, the 8-card RTX PRO 6000 server at $6–8.25/GPU-h included", async () => {
    const { offers } = await scrapeRecording(latitudeSh, recorded);
    expect(pricesOutsideBands("latitude-sh", offers)).toEqual([]);
  });
});

describe("latitude-sh adapter", () => {
  it("reads a bare-metal plan whose memory is a string and whose interconnect says PCIe", async () => {
    const { offers, skipped } = await scrapeRecording(latitudeSh, success);
    expect(skipped).toEqual([]);
    const offer = byType(offers).get("g3-l40s-large@united-states");
    expect(offer).toMatchObject({
      gpuNameRaw: "NVIDIA L40S",
      gpuCount: 4,
      gpuMemoryGb: 48,
      formFactor: "PCIe",
      pricePerHour: 6.4,
      pricePerHourReserved1y: 2.24,
      availability: "available",
      regions: ["DAL", "NYC"],
      ramGb: 512,
      storageGb: 3800,
    });
    expect(identityOf(offer)).toEqual({ slug: "l40s", vramGb: 48 });
  });

  it("reads GPU virtual machines, with memory and VRAM given as Gb strings", async () => {
    const { offers } = await scrapeRecording(latitudeSh, success);
    const vms = offers.filter((offer) => offer.instanceType.startsWith("vm-"));
    expect(
      vms.map((offer) => [offer.instanceType, offer.gpuNameRaw, offer.gpuCount, offer.gpuMemoryGb, offer.pricePerHour]),
    ).toEqual([
      ["vm-h100-small@united-states", "NVIDIA H100", 1, 80, 1.66],
      ["vm-l40s-small@united-states", "NVIDIA L40S", 1, 48, 0.99],
      ["vm-l40s-small@japan", "NVIDIA L40S", 1, 48, 1.19],
      ["vm-l40s-medium@united-states", "NVIDIA L40S", 2, 48, 1.98],
      ["vm-rtx6kpro-small@netherlands", "NVIDIA RTX PRO 6000", 1, 96, 2.44],
    ]);
    expect(byType(vms).get("vm-h100-small@united-states")).toMatchObject({
      ramGb: 128,
      vcpuCount: 16,
      storageGb: 537, // 500 GiB
      availability: "available",
      regions: ["ASH"],
      priceIncludes: { kind: "virtual_machine", gpu_count: "one GPU: the VM plan states no count" },
      sourceUrl: VM_PLANS_URL,
    });
    expect(byType(vms).get("vm-l40s-medium@united-states")).toMatchObject({ availability: "limited" });
    expect(byType(vms).get("vm-l40s-medium@united-states")?.priceIncludes).not.toHaveProperty("gpu_count");
  });

  it("leaves CPU plans out and keeps its documented prices inside every GPU's band", async () => {
    const { offers } = await scrapeRecording(latitudeSh, success);
    expect(offers).toHaveLength(7);
    expect(
      offers.some(
        (offer) => offer.instanceType.startsWith("c2-small-x86") || offer.instanceType.startsWith("vm-small"),
      ),
    ).toBe(false);
    expect(pricesOutsideBands("latitude-sh", offers)).toEqual([]);
  });

  it("keeps the readable plans and reports the others", async () => {
    const { offers, skipped } = await scrapeRecording(latitudeSh, partial);
    expect(offers.map((offer) => offer.instanceType)).toEqual([
      "g3-l40s-large@united-states",
      "g3-l40s-large@brazil",
      "vm-l40s-small@united-states",
      "vm-l40s-small@japan",
    ]);
    // One record per region of an unreadable plan, so that its stored offers stay as they were.
    expect(skipped.map((record) => [record.instanceType, record.reason])).toEqual([
      ["g3-l40s-xlarge", expect.stringMatching(/^attributes\.regions: /)],
      ["g3-l40s-half@united-states", "GPU count 0.5 is not a positive whole number"],
      ["g3-l40s-half@brazil", "GPU count 0.5 is not a positive whole number"],
      ["g3-mystery-large@united-states", "the plan's GPU has no type"],
      ["g3-mystery-large@brazil", "the plan's GPU has no type"],
      ["vm-bad-small@united-states", "GPU count 0 is not a positive whole number"],
    ]);
    expect(skipped.map((record) => record.gpuNameRaw)).toEqual([
      undefined,
      "NVIDIA L40S",
      "NVIDIA L40S",
      undefined,
      undefined,
      "NVIDIA L40S",
    ]);
  });

  it("sends the API key as a Bearer token and asks both listings for GPU plans only", async () => {
    const { http, sent } = replayKeepingRequests(success);
    await latitudeSh.scrape({
      http,
      baseUrl: latitudeSh.baseUrl.default,
      credential: "lsh-key",
      now: new Date("2026-11-20T12:00:00Z"),
    });
    expect(sent.map((request) => [request.url, request.headers.get("Authorization")])).toEqual([
      [PLANS_URL, "Bearer lsh-key"],
      [VM_PLANS_URL, "Bearer lsh-key"],
    ]);
  });

  it("sends nothing without an API key", async () => {
    const { http, sent } = replayKeepingRequests(success);
    const scrape = latitudeSh.scrape({
      http,
      baseUrl: latitudeSh.baseUrl.default,
      credential: null,
      now: new Date("2026-11-20T12:00:00Z"),
    });
    await expect(scrape).rejects.toMatchObject({ code: "MISSING_CREDENTIALS" });
    expect(sent).toEqual([]);
  });

  it("returns no offers when no GPU plan is listed", async () => {
    expect(await scrapeRecording(latitudeSh, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails as schema drift when data is not a list", async () => {
    await expect(scrapeRecording(latitudeSh, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails with INVALID_API_KEY on a 401", async () => {
    await expect(scrapeRecording(latitudeSh, error)).rejects.toMatchObject({
      code: "INVALID_API_KEY",
      retryable: false,
      details: { status: 401 },
    });
  });

  it("fails with UPSTREAM_ERROR when a 200 carries JSON:API errors", async () => {
    const recording = plansAnswering(200, { errors: [{ code: "INTERNAL_ERROR", detail: "Something went wrong" }] });
    await expect(scrapeRecording(latitudeSh, recording)).rejects.toMatchObject({
      code: "UPSTREAM_ERROR",
      message: /INTERNAL_ERROR: Something went wrong/,
    });
  });
});
