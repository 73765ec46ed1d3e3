import { describe, expect, it } from "vitest";
import type { ProviderOffer } from "../../../shared/offers";
import { pricesOutsideBands } from "../../testing/bands";
import { identityOf, itSendsItsBearerKeyOnlyWhenSet, scrapeRecording } from "../../testing/recordings";
import { type Recording, recordingSchema } from "../replay";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import success from "./fixtures/success.json";
import { tensordock } from "./index";

const URL = "https://dashboard.tensordock.com/api/v2/locations";
const AUSTIN = "5f2c9a1e-7b3d-4c8a-9e61-0d4b2a7c8e13";
const FRANKFURT = "a81e4c07-2f95-4b6d-8c3a-5e9f1d2b7a40";
const JOPLIN = "c4d7e2b9-0a16-4f58-b3e2-8f6a1c9d5b27";

/** The recording with its one response replaced. */
function answering(status: number, body: unknown): Recording {
  const recording = recordingSchema.parse(success);
  return { ...recording, exchanges: [{ request: recording.exchanges[0]!.request, response: { status, body } }] };
}

const byType = (offers: ProviderOffer[], instanceType: string) =>
  offers.find((offer) => offer.instanceType === instanceType);

describe("tensordock adapter", () => {
  it("prices one GPU plus the baseline host (2 vCPU, 4 GB RAM, 100 GB storage) at the location's rates", async () => {
    const { offers } = await scrapeRecording(tensordock, success);
    expect(offers).toHaveLength(6);
    expect(byType(offers, `${AUSTIN}:h100-sxm5-80gb`)).toMatchObject({
      instanceName: "H100 SXM5 80GB · Austin, Texas, United States",
      gpuNameRaw: "h100-sxm5-80gb",
      gpuCount: 1,
      gpuMemoryGb: 80,
      formFactor: "SXM",
      currency: "USD",
      // $2.20 for the GPU + 2 × $0.003 + 4 × $0.002 + 100 × $0.00005
      pricePerHour: 2.219,
      pricePerHourSpot: null,
      availability: "available",
      regions: [AUSTIN],
      vcpuCount: 2,
      ramGb: 4,
      storageGb: 100,
      sourceUrl: URL,
      priceIncludes: expect.objectContaining({ gpu_price_per_hour: 2.2, max_gpu_count: 8 }),
    });
    // Frankfurt's host rates differ: 2 × $0.004 + 4 × $0.0025 + 100 × $0.00007 on top of $0.40.
    expect(byType(offers, `${FRANKFURT}:rtxa6000-pcie-48gb`)?.pricePerHour).toBe(0.425);
  });

  it("reads price_per_hr as the rate of one GPU, not of all max_count GPUs", async () => {
    const { offers } = await scrapeRecording(tensordock, success);
    // An 8-GPU location's $2.20 is one H100's price; divided by 8 it would be a $0.28 H100.
    const h100 = byType(offers, `${AUSTIN}:h100-sxm5-80gb`);
    expect(h100?.gpuCount).toBe(1);
    expect(h100?.pricePerHour).toBeGreaterThan(2.2);
    expect(byType(offers, `${AUSTIN}:geforcertx4090-pcie-24gb`)).toMatchObject({ gpuCount: 1, pricePerHour: 0.369 });
  });

  it("keeps every price inside the plausible band of its GPU", async () => {
    const { offers } = await scrapeRecording(tensordock, success);
    expect(pricesOutsideBands("tensordock", offers)).toEqual([]);
  });

  it("maps TensorDock's v0 names to catalog GPUs by the form factor and memory they spell", async () => {
    const { offers } = await scrapeRecording(tensordock, success);
    expect(identityOf(byType(offers, `${AUSTIN}:h100-sxm5-80gb`))).toMatchObject({ slug: "h100-sxm" });
    expect(identityOf(byType(offers, `${FRANKFURT}:a100-sxm4-80gb`))).toMatchObject({ slug: "a100-80gb" });
    expect(identityOf(byType(offers, `${AUSTIN}:geforcertx4090-pcie-24gb`))).toMatchObject({ slug: "rtx-4090" });
    expect(identityOf(byType(offers, `${JOPLIN}:v100-pcie-16gb`))).toMatchObject({ slug: "v100-16gb" });
  });

  it("marks a GPU with max_count 0 as sold out", async () => {
    const { offers } = await scrapeRecording(tensordock, success);
    expect(byType(offers, `${FRANKFURT}:a100-sxm4-80gb`)).toMatchObject({
      availability: "sold_out",
      pricePerHour: 1.125,
      priceIncludes: expect.objectContaining({ max_gpu_count: 0 }),
    });
    expect(byType(offers, `${JOPLIN}:l40-pcie-48gb`)).toMatchObject({ availability: "available", pricePerHour: 0.769 });
  });

  it("reports a GPU without a price or without host rates instead of publishing a partial price", async () => {
    const { offers, skipped } = await scrapeRecording(tensordock, success);
    expect(offers.map((offer) => offer.instanceType)).not.toContain(`${JOPLIN}:geforcertx3090-pcie-24gb`);
    expect(skipped).toMatchObject([
      { instanceType: `${JOPLIN}:geforcertx3090-pcie-24gb`, reason: "price_per_hr 0 is not a price" },
      { instanceType: `${JOPLIN}:rtxa4000-pcie-16gb`, reason: expect.stringMatching(/^pricing:/) },
    ]);
  });

  itSendsItsBearerKeyOnlyWhenSet(tensordock, success);

  it("returns no offers when the account sees no locations", async () => {
    expect(await scrapeRecording(tensordock, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails the scrape as schema drift when the locations list moves", async () => {
    await expect(scrapeRecording(tensordock, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails with UPSTREAM_ERROR when a 200 carries an error body", async () => {
    await expect(scrapeRecording(tensordock, error)).rejects.toMatchObject({
      code: "UPSTREAM_ERROR",
      message: /Failed to fetch locations/,
    });
  });

  it("fails with INVALID_API_KEY when the key is rejected", async () => {
    await expect(scrapeRecording(tensordock, answering(401, { error: "Unauthorized" }))).rejects.toMatchObject({
      code: "INVALID_API_KEY",
      details: { status: 401 },
    });
    await expect(
      scrapeRecording(tensordock, answering(200, { error: "Invalid API token", status: 401 })),
    ).rejects.toMatchObject({ code: "INVALID_API_KEY" });
  });
});
