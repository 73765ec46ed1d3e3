import { describe, expect, it } from "vitest";
import { pricesOutsideBands } from "../../testing/bands";
import { identityOf, withEditedPage } from "../../testing/recordings";
import { createProviderHttp } from "../http";
import { recordingSchema, replayFetch } from "../replay";
import challenge from "./fixtures/page-challenge.json";
import redesigned from "./fixtures/page-redesigned.json";
import success from "./fixtures/page-success.json";
import { readPricingPage } from "./page";

const URL = "https://lambda.ai/pricing";
const read = (fixture: unknown) =>
  readPricingPage(
    {
      http: createProviderHttp({ fetch: replayFetch(recordingSchema.parse(fixture)) }),
      baseUrl: "https://cloud.lambda.ai",
      credential: null,
      now: new Date("2026-11-20T12:00:00Z"),
    },
    URL,
  );

describe("lambda-labs pricing page (the recorded excerpt)", () => {
  it("sells each plan of the 8x tab as an 8-GPU instance at eight times its per-GPU price", async () => {
    const { offers, skipped } = await read(success);
    expect(skipped).toEqual([]);
    expect(offers.map((offer) => [offer.instanceType, offer.gpuCount, offer.pricePerHour])).toEqual([
      ["page:8x-b200-sxm6-180gb", 8, 39.92],
      ["page:8x-h100-sxm-80gb", 8, 23.92],
      ["page:8x-a100-sxm-80gb", 8, 14.32],
      ["page:8x-a100-sxm-40gb", 8, 10.32],
      ["page:8x-tesla-v100-16gb", 8, 4.4],
    ]);
    expect(pricesOutsideBands("lambda-labs", offers)).toEqual([]);
  });

  it("tells the two A100 plans of one name apart by their VRAM, and maps every GPU", async () => {
    const { offers } = await read(success);
    expect(offers.map((offer) => identityOf(offer)?.slug ?? null)).toEqual([
      "b200-sxm",
      "h100-sxm",
      "a100-80gb",
      "a100-40gb",
      "v100-16gb",
    ]);
    expect(offers.find((offer) => offer.instanceType === "page:8x-h100-sxm-80gb")).toMatchObject({
      instanceName: "8x H100 SXM 80 GB",
      gpuMemoryGb: 80,
      vcpuCount: 208,
      ramGb: 1800,
      storageGb: 22528,
      sourceUrl: URL,
      priceIncludes: { per_gpu_hour: 2.99, excludes: "sales tax" },
    });
  });

  it("reads every size tab, the ones behind an inactive tab included", async () => {
    // A 1x panel as the live page has one, behind its tab (not active, so not shown until clicked).
    const withOneX = withEditedPage(success, (html) =>
      html.replace(
        "</div></div>",
        '</div><div role="tabpanel" id="tabpanel-3" aria-labelledby="tab-3" class="_tabPanel_ywv0y_48 "><table><tbody><tr data-plan="NVIDIA H100 SXM"><th data-label="Plan">NVIDIA H100 SXM</th><td data-label="VRAM/GPU">80 GB</td><td data-label="vCPUs">26</td><td data-label="RAM">225 GiB</td><td data-label="STORAGE">2.75 TiB SSD</td><td data-label="PRICE/GPU/HR*">$3.29</td></tr></tbody></table></div></div>',
      ),
    );
    const { offers } = await read(withOneX);
    expect(offers.find((offer) => offer.instanceType === "page:1x-h100-sxm-80gb")).toMatchObject({
      gpuCount: 1,
      pricePerHour: 3.29,
    });
    expect(offers).toHaveLength(6);
  });

  it("reports a plan without a price and keeps the others", async () => {
    const { offers, skipped } = await read(withEditedPage(success, (html) => html.replace("$0.55", "Sold out")));
    expect(offers).toHaveLength(4);
    expect(skipped).toEqual([
      expect.objectContaining({
        reason: 'no price per GPU-hour in "Sold out"',
        instanceType: "page:8x-tesla-v100-16gb",
      }),
    ]);
  });

  it("fails with LAYOUT_CHANGED on the redesigned page, and BLOCKED on a challenge", async () => {
    await expect(read(redesigned)).rejects.toMatchObject({ code: "LAYOUT_CHANGED" });
    await expect(read(challenge)).rejects.toMatchObject({ code: "BLOCKED" });
  });
});
