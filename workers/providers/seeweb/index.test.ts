import { describe, expect, it } from "vitest";
import { pricesOutsideBands } from "../../testing/bands";
import { replayKeepingRequests, scrapeRecording } from "../../testing/recordings";
import { type Recording, recordingSchema } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import success from "./fixtures/success.json";
import unauthorized from "./fixtures/unauthorized.json";
import { seeweb } from "./index";

/** The recording with its one response body replaced. */
function answering(body: unknown): Recording {
  const recording = recordingSchema.parse(success);
  return {
    ...recording,
    exchanges: [{ request: recording.exchanges[0]!.request, response: { status: 200, body } }],
  };
}

const now = new Date("2026-11-20T12:00:00Z");

describe("seeweb adapter", () => {
  it("turns each active GPU plan into a whole-plan offer in euros", async () => {
    const { offers } = await scrapeRecording(seeweb, success);
    expect(offers).toHaveLength(11);
    expect(offers.find((offer) => offer.instanceType === "ECS1GPU7")).toMatchObject({
      gpuNameRaw: "l40s 48gb",
      gpuCount: 1,
      gpuMemoryGb: 48,
      currency: "EUR",
      pricePerHour: 0.87,
      pricePerHourSpot: null,
      pricePerMonth: 626,
      vcpuCount: 16,
      ramGb: 64, // "65536" MB
      storageGb: 400,
      sourceUrl: "https://api.seeweb.it/ecs/v2/plans",
    });
  });

  it("keeps a multi-GPU plan's price as the whole plan's, not multiplied by its cards", async () => {
    const { offers } = await scrapeRecording(seeweb, success);
    expect(offers.find((offer) => offer.instanceType === "ECS4GPU7")).toMatchObject({
      gpuCount: 4,
      gpuMemoryGb: 48,
      pricePerHour: 3.48,
      ramGb: 256,
    });
    const eight = offers.find((offer) => offer.instanceType === "ECS8GPU12");
    expect(eight).toMatchObject({ gpuNameRaw: "h100 80gb", gpuCount: 8, gpuMemoryGb: 80, pricePerHour: 19.2 });
    expect(eight && eight.pricePerHour / eight.gpuCount).toBe(2.4);
  });

  it("never claims stock: an active plan is limited, whatever `available` says", async () => {
    const { offers } = await scrapeRecording(seeweb, success);
    expect(new Set(offers.map((offer) => offer.availability))).toEqual(new Set(["limited"]));
  });

  it("leaves out an inactive plan as excluded, not as a price", async () => {
    const { offers, skipped } = await scrapeRecording(seeweb, success);
    expect(offers.map((offer) => offer.instanceType)).not.toContain("ECS2GPU16");
    expect(skipped).toMatchObject([
      { instanceType: "ECS2GPU16", cause: "excluded", gpuNameRaw: "h100 80gb", reason: /not active/ },
    ]);
  });

  it("ignores CPU-only plans", async () => {
    const { offers, skipped } = await scrapeRecording(seeweb, success);
    expect(offers.map((offer) => offer.instanceType)).not.toContain("eCS1");
    expect(skipped.map((record) => record.instanceType)).not.toContain("eCS1");
  });

  it("knows the memory of a card whose label does not state it", async () => {
    const { offers } = await scrapeRecording(seeweb, success);
    expect(offers.find((offer) => offer.instanceType === "ECS1GPU11")).toMatchObject({
      gpuNameRaw: "a30",
      gpuMemoryGb: 24,
      pricePerHour: 0.32,
    });
    expect(offers.find((offer) => offer.instanceType === "ECS1GPU14")).toMatchObject({ gpuMemoryGb: 141 });
    expect(offers.find((offer) => offer.instanceType === "ECS1GPU15")).toMatchObject({
      gpuNameRaw: "rtx pro 6000 96gb",
      gpuMemoryGb: 96,
    });
  });

  it("lists each plan's region codes once", async () => {
    const { offers } = await scrapeRecording(seeweb, success);
    expect(offers.find((offer) => offer.instanceType === "ECS1GPU7")!.regions).toEqual(["it-fr2", "it-mi2"]);
    expect(offers.find((offer) => offer.instanceType === "ECS1GPU6")!.regions).toEqual(["it-mi2"]);
  });

  it("keeps every price inside its GPU's plausible band after conversion from euros", async () => {
    const { offers } = await scrapeRecording(seeweb, success);
    expect(pricesOutsideBands("seeweb", offers)).toEqual([]);
  });

  it("sends the token in X-APITOKEN", async () => {
    const { http, sent } = replayKeepingRequests(success);
    await seeweb.scrape({ http, baseUrl: "https://api.seeweb.it", credential: "secret-token", now });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.get("X-APITOKEN")).toBe("secret-token");
  });

  it("sends nothing without a token", async () => {
    const { http, sent } = replayKeepingRequests(success);
    const scrape = seeweb.scrape({ http, baseUrl: "https://api.seeweb.it", credential: null, now });
    await expect(scrape).rejects.toMatchObject({ code: "MISSING_CREDENTIALS" });
    expect(sent).toEqual([]);
  });

  it("keeps the readable plans and reports the unreadable ones", async () => {
    const { offers, skipped } = await scrapeRecording(seeweb, partial);
    expect(offers.map((offer) => offer.instanceType)).toEqual(["ECS1GPU7", "ECS8GPU12", "ECS1GPU11"]);
    expect(skipped.map((record) => [record.instanceType, record.cause])).toEqual([
      ["ECS1GPU7X", undefined],
      ["ECS1GPU12X", undefined],
      ["ECS1GPU10X", undefined],
    ]);
    expect(skipped[0]!.reason).toMatch(/hourly_price/);
    expect(skipped[1]!.reason).toMatch(/ram/);
    expect(skipped[2]!.reason).toMatch(/gpu_label/);
  });

  it("returns no offers for an empty plan list", async () => {
    expect(await scrapeRecording(seeweb, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails as schema drift when plans is not a list", async () => {
    await expect(scrapeRecording(seeweb, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails as schema drift when the answer has neither plans nor an error", async () => {
    await expect(scrapeRecording(seeweb, answering({ items: [] }))).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails with INVALID_API_KEY when a 200 carries the rejected-token error", async () => {
    await expect(scrapeRecording(seeweb, error)).rejects.toMatchObject({ code: "INVALID_API_KEY", retryable: false });
  });

  it("fails with INVALID_API_KEY on a 401", async () => {
    await expect(scrapeRecording(seeweb, unauthorized)).rejects.toMatchObject({
      code: "INVALID_API_KEY",
      details: { status: 401 },
    });
  });

  it("fails with UPSTREAM_ERROR when a 200 carries any other error", async () => {
    const recording = answering({ status: "KO", error: { error_code: 500, message: "Internal error" } });
    await expect(scrapeRecording(seeweb, recording)).rejects.toMatchObject({
      code: "UPSTREAM_ERROR",
      message: /Internal error/,
    });
  });
});
