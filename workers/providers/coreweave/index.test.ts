import { describe, expect, it } from "vitest";
import { pricesOutsideBands } from "../../testing/bands";
import { identityOf, scrapeRecording, withEditedPage } from "../../testing/recordings";
import challenge from "./fixtures/challenge.json";
import redesigned from "./fixtures/redesigned.json";
import success from "./fixtures/success.json";
import { coreweave } from "./index";

describe("coreweave adapter (the recorded pricing page)", () => {
  it("reads one offer per GPU instance and region, priced per whole instance", async () => {
    const { offers } = await scrapeRecording(coreweave, success);
    expect(
      offers.map((offer) => [offer.instanceType, offer.gpuCount, offer.pricePerHour, offer.pricePerHourSpot]),
    ).toEqual([
      ["nvidia-gb200-nvl72/north-america", 4, 42, null],
      ["nvidia-b200/north-america", 8, 68.8, 34.11],
      ["nvidia-rtx-pro-6000-blackwell-server-edition/north-america", 8, 20, 11.09],
      ["nvidia-gh200/north-america", 1, 6.5, null],
      ["hgx-h100/north-america", 8, 49.24, 19.71],
      ["nvidia-l40/north-america", 8, 10, 6.27],
      ["hgx-h200/north-america", 8, 50.44, 20.93],
      ["nvidia-l40s/north-america", 8, 18, 7.88],
      ["nvidia-a100/north-america", 8, 21.6, 9.65],
      ["nvidia-gb200-nvl72/europe", 4, 42, null],
      ["nvidia-b200/europe", 8, 68.8, 34.87],
      ["nvidia-rtx-pro-6000-blackwell-server-edition/europe", 8, 20, 11.01],
      ["nvidia-gh200/europe", 1, 6.5, null],
      ["hgx-h100/europe", 8, 49.24, 19.51],
      ["nvidia-l40/europe", 8, 10, null],
      ["hgx-h200/europe", 8, 50.44, 20.64],
      ["nvidia-l40s/europe", 8, 18, null],
      ["nvidia-a100/europe", 8, 21.6, 9.51],
    ]);
    // Per instance: the HGX H100 node is $6.155 per GPU-hour, inside the H100's band.
    expect(pricesOutsideBands("coreweave", offers)).toEqual([]);
  });

  it("reads each row's grid cells once, not again from the block for small screens", async () => {
    const { offers } = await scrapeRecording(coreweave, success);
    expect(new Set(offers.map((offer) => offer.instanceType)).size).toBe(offers.length);
    expect(offers.find((offer) => offer.instanceType === "hgx-h100/north-america")).toMatchObject({
      instanceName: "8x HGX H100",
      gpuNameRaw: "NVIDIA HGX H100",
      gpuMemoryGb: 80,
      formFactor: "SXM",
      vcpuCount: 128,
      ramGb: 2048,
      storageGb: 61440,
      regions: ["north-america"],
      sourceUrl: "https://www.coreweave.com/pricing",
    });
  });

  it("takes the spot price from the spot column, never the inference column beside it", async () => {
    const { offers } = await scrapeRecording(coreweave, success);
    // North America's table has an "Inference Single GPU Price" of $6.16 for the H100 after the spot column.
    const h100 = offers.find((offer) => offer.instanceType === "hgx-h100/north-america");
    expect(h100?.pricePerHourSpot).toBe(19.71);
    expect(offers.some((offer) => offer.pricePerHour === 6.16 || offer.pricePerHourSpot === 6.16)).toBe(false);
  });

  it('reads a GPU count with a footnote mark ("4^1") as the number before it', async () => {
    const { offers } = await scrapeRecording(coreweave, success);
    expect(offers.find((offer) => offer.instanceType === "nvidia-gb200-nvl72/north-america")).toMatchObject({
      gpuCount: 4,
      gpuMemoryGb: 186,
    });
  });

  it("leaves Contact-sales rows out as excluded, and reads no CPU table", async () => {
    const { offers, skipped } = await scrapeRecording(coreweave, success);
    expect(skipped.map((record) => [record.cause, record.instanceType])).toEqual([
      ["excluded", "nvidia-gb300-nvl72/north-america"],
      ["excluded", "nvidia-b300/north-america"],
      ["excluded", "nvidia-rtx-pro-6000-blackwell-server-edition-standard-memory/north-america"],
      ["excluded", "nvidia-gb300-nvl72/europe"],
      ["excluded", "nvidia-b300/europe"],
      ["excluded", "nvidia-rtx-pro-6000-blackwell-server-edition-standard-memory/europe"],
    ]);
    expect(offers.some((offer) => /genoa|turin|rapids|ice lake/i.test(offer.gpuNameRaw))).toBe(false);
  });

  it("maps the GPUs to the catalog, and leaves the A100 whose form factor the page does not state unmapped", async () => {
    const { offers } = await scrapeRecording(coreweave, success);
    const slugOf = (type: string) => identityOf(offers.find((offer) => offer.instanceType === type))?.slug ?? null;
    expect(slugOf("hgx-h100/north-america")).toBe("h100-sxm");
    expect(slugOf("hgx-h200/north-america")).toBe("h200-sxm");
    expect(slugOf("nvidia-gb200-nvl72/north-america")).toBe("gb200-nvl");
    expect(slugOf("nvidia-gh200/north-america")).toBe("gh200");
    expect(slugOf("nvidia-rtx-pro-6000-blackwell-server-edition/north-america")).toBe("rtx-pro-6000");
    expect(slugOf("nvidia-a100/north-america")).toBeNull();
  });

  it("skips a table or a row the page hides", async () => {
    const hiddenEurope = withEditedPage(success, (html) =>
      html.replace(
        /(<strong class="eyebrow">REGION: EUROPE<\/strong>\s*<\/h5>\s*)<div class="table-v2 gpu-pricing">/,
        '$1<div class="table-v2 gpu-pricing w-condition-invisible">',
      ),
    );
    const { offers } = await scrapeRecording(coreweave, hiddenEurope);
    expect(offers.some((offer) => offer.regions.includes("europe"))).toBe(false);
    expect(offers).toHaveLength(9);
  });

  it("fails with LAYOUT_CHANGED on the redesigned page, never with zero or guessed prices", async () => {
    await expect(scrapeRecording(coreweave, redesigned)).rejects.toMatchObject({
      code: "LAYOUT_CHANGED",
      retryable: false,
    });
  });

  it("fails with LAYOUT_CHANGED when a price table loses its region label", async () => {
    const unlabelled = withEditedPage(success, (html) => html.replace("REGION: NORTH AMERICA", "NORTH AMERICA"));
    await expect(scrapeRecording(coreweave, unlabelled)).rejects.toMatchObject({ code: "LAYOUT_CHANGED" });
  });

  it("fails as BLOCKED on a bot challenge answered with 200", async () => {
    await expect(scrapeRecording(coreweave, challenge)).rejects.toMatchObject({ code: "BLOCKED" });
  });
});
