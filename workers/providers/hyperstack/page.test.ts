import { describe, expect, it } from "vitest";
import type { ProviderOffer } from "../../../shared/offers";
import { pricesOutsideBands } from "../../testing/bands";
import { identityOf, withEditedPage } from "../../testing/recordings";
import { createProviderHttp } from "../http";
import { recordingSchema, replayFetch } from "../replay";
import challenge from "./fixtures/page-challenge.json";
import redesigned from "./fixtures/page-redesigned.json";
import success from "./fixtures/page-success.json";
import { readPricingPage } from "./page";

const BASE_URL = "https://www.hyperstack.cloud";
const PAGE_URL = `${BASE_URL}/gpu-pricing`;

/** Reads the page of a recording, as the adapter does when no API key is set. */
function read(fixture: unknown) {
  const http = createProviderHttp({ fetch: replayFetch(recordingSchema.parse(fixture)) });
  return readPricingPage(
    { http, baseUrl: BASE_URL, credential: null, now: new Date("2026-11-20T12:00:00Z") },
    PAGE_URL,
  );
}

/** An edit of the spot card only (it comes after the on-demand and reservation cards). */
const inSpotCard = (from: string | RegExp, to: string) => (html: string) => {
  const at = html.indexOf("<span>Spot VM</span> Pricing");
  return html.slice(0, at) + html.slice(at).replace(from, to);
};

const byType = (offers: ProviderOffer[], instanceType: string) =>
  offers.find((offer) => offer.instanceType === instanceType);

describe("hyperstack pricing page (fallback without an API key)", () => {
  it("reads one single-GPU offer per on-demand row, at the per-GPU price, with spot beside it", async () => {
    const { offers, skipped } = await read(success);
    expect(
      offers.map((offer) => [
        offer.instanceType,
        offer.gpuCount,
        offer.pricePerHour,
        offer.pricePerHourSpot,
        offer.pricePerHourReserved1y,
        offer.pricePerHourReserved3y,
      ]),
    ).toEqual([
      ["page:h200-sxm", 1, 3.99, null, null, null],
      ["page:h100-sxm", 1, 3.2, null, null, null],
      ["page:h100-pcie-nvlink", 1, 2.6, null, null, null],
      ["page:h100-pcie", 1, 2.5, 2, null, null],
      ["page:rtx-pro-6000-se-pcie", 1, 1.85, 1.48, null, null],
      ["page:a100-sxm", 1, 1.6, null, null, null],
      ["page:a100-pcie-nvlink", 1, 1.4, null, null, null],
      ["page:a100-pcie", 1, 1.35, 1.08, null, null],
      ["page:l40-pcie", 1, 1, 0.8, null, null],
      ["page:a6000-pcie", 1, 0.5, 0.4, null, null],
      ["page:a4000-pcie", 1, 0.15, null, null, null],
      ["page:b200", 1, 6, null, null, null],
      ["page:b300", 1, 7.4, null, null, null],
    ]);
    expect(skipped).toEqual([]);
    expect(pricesOutsideBands("hyperstack", offers)).toEqual([]);
  });

  it("takes VRAM and the per-GPU pCPU and RAM maxima from their columns; no stock, no regions", async () => {
    const { offers } = await read(success);
    expect(byType(offers, "page:h200-sxm")).toEqual({
      instanceType: "page:h200-sxm",
      instanceName: "NVIDIA H200 SXM",
      gpuNameRaw: "NVIDIA H200 SXM",
      gpuCount: 1,
      gpuMemoryGb: 141,
      formFactor: "SXM",
      hasNvlink: null,
      currency: "USD",
      pricePerHour: 3.99,
      pricePerHourSpot: null,
      pricePerHourReserved1y: null,
      pricePerHourReserved3y: null,
      availability: "available",
      regions: [],
      vcpuCount: 22,
      ramGb: 225,
      priceIncludes: {
        price_basis: "pricing page, per GPU-hour; sold as one GPU",
        reservation_from_per_gpu_hour: 2.79,
      },
      sourceUrl: PAGE_URL,
      raw: expect.objectContaining({
        on_demand: {
          "GPU Model": "NVIDIA H200 SXM",
          "VRAM (GB)": "141",
          "Max pCPUs per GPU": "22",
          "Max RAM (GB) per GPU": "225",
          "Pricing Per Hour": "$3.99",
        },
      }),
    });
    expect(offers.map((offer) => [offer.gpuMemoryGb, offer.vcpuCount, offer.ramGb])).toEqual([
      [141, 22, 225],
      [80, 24, 240],
      [80, 31, 180],
      [80, 28, 180],
      [96, 31, 180],
      [80, 24, 120],
      [80, 31, 240],
      [80, 28, 120],
      [48, 28, 120],
      [48, 28, 58],
      [16, 6, 24],
      [192, 31, 256],
      [288, 28, 240],
    ]);
    expect(offers.every((offer) => offer.availability === "available" && offer.regions.length === 0)).toBe(true);
  });

  it('reads prices written after an "&nbsp;" or a stray space', async () => {
    const { offers } = await read(success);
    // On-demand "&nbsp;$1.40" … "&nbsp;$0.15"; spot " $0.80"; reservation "&nbsp;$2.79".
    expect(byType(offers, "page:a100-pcie-nvlink")?.pricePerHour).toBe(1.4);
    expect(byType(offers, "page:a100-pcie")?.pricePerHour).toBe(1.35);
    expect(byType(offers, "page:l40-pcie")?.pricePerHour).toBe(1);
    expect(byType(offers, "page:a6000-pcie")?.pricePerHour).toBe(0.5);
    expect(byType(offers, "page:a4000-pcie")?.pricePerHour).toBe(0.15);
    expect(byType(offers, "page:l40-pcie")?.pricePerHourSpot).toBe(0.8);
    expect(byType(offers, "page:h100-sxm")?.priceIncludes).toMatchObject({ reservation_from_per_gpu_hour: 2.72 });
  });

  it('joins the spot "NVIDIA H100 PCIe" to the on-demand "NVIDIA H100", not to the NVLink or SXM H100', async () => {
    const { offers, skipped } = await read(success);
    const h100 = byType(offers, "page:h100-pcie");
    expect(h100).toMatchObject({ gpuNameRaw: "NVIDIA H100", pricePerHourSpot: 2 });
    expect(h100?.raw).toMatchObject({ spot: { "GPU Model": "NVIDIA H100 PCIe", "Spot VM": "$2.00" } });
    expect(byType(offers, "page:h100-pcie-nvlink")?.pricePerHourSpot).toBeNull();
    expect(byType(offers, "page:h100-sxm")?.pricePerHourSpot).toBeNull();
    // Likewise the spot "NVIDIA A100" is the plain A100, not the NVLink or SXM one.
    expect(byType(offers, "page:a100-pcie")?.pricePerHourSpot).toBe(1.08);
    expect(byType(offers, "page:a100-pcie-nvlink")?.pricePerHourSpot).toBeNull();
    expect(byType(offers, "page:a100-sxm")?.pricePerHourSpot).toBeNull();
    expect(skipped).toEqual([]);
  });

  it("leaves a spot row without an on-demand row of the same GPU out, as excluded", async () => {
    const page = withEditedPage(success, inSpotCard("<span>NVIDIA L40</span>", "<span>NVIDIA L40S</span>"));
    const { offers, skipped } = await read(page);
    expect(byType(offers, "page:l40-pcie")?.pricePerHourSpot).toBeNull();
    expect(offers.some((offer) => /L40S/.test(offer.gpuNameRaw))).toBe(false);
    expect(skipped).toEqual([
      expect.objectContaining({
        cause: "excluded",
        gpuNameRaw: "NVIDIA L40S",
        reason: expect.stringContaining("spot"),
      }),
    ]);
  });

  it("keeps SXM, NVLink and plain A100/H100 apart and maps each to its catalog GPU", async () => {
    const { offers } = await read(success);
    const facts = (type: string) => {
      const offer = byType(offers, type);
      return [offer?.formFactor, offer?.hasNvlink, identityOf(offer)?.slug ?? null];
    };
    expect(facts("page:h100-sxm")).toEqual(["SXM", null, "h100-sxm"]);
    expect(facts("page:h100-pcie-nvlink")).toEqual(["PCIe", true, "h100-pcie"]);
    expect(facts("page:h100-pcie")).toEqual(["PCIe", null, "h100-pcie"]);
    expect(facts("page:a100-sxm")).toEqual(["SXM", null, "a100-80gb"]);
    expect(facts("page:a100-pcie-nvlink")).toEqual(["PCIe", true, "a100-80gb-pcie"]);
    expect(facts("page:a100-pcie")).toEqual(["PCIe", null, "a100-80gb-pcie"]);
    // The other GPUs; the B200/B300 form factor is not stated (they are only made as SXM modules).
    expect(facts("page:h200-sxm")).toEqual(["SXM", null, "h200-sxm"]);
    expect(facts("page:b200")).toEqual([null, null, "b200-sxm"]);
    expect(facts("page:b300")).toEqual([null, null, "b300-sxm"]);
    expect(facts("page:rtx-pro-6000-se-pcie")).toEqual(["PCIe", null, "rtx-pro-6000"]);
    expect(facts("page:l40-pcie")).toEqual(["PCIe", null, "l40"]);
    expect(facts("page:a6000-pcie")).toEqual(["PCIe", null, "rtx-a6000"]);
    expect(facts("page:a4000-pcie")).toEqual(["PCIe", null, "rtx-a4000"]);
  });

  it("never reads the CPU, storage, other-services or AI Studio cards", async () => {
    const { offers, skipped } = await read(success);
    expect(offers).toHaveLength(13);
    expect(offers.every((offer) => offer.gpuNameRaw.startsWith("NVIDIA "))).toBe(true);
    const seen = JSON.stringify({ offers, skipped });
    for (const text of ["n1-cpu", "SSVs", "Public IP", "Kubernetes", "Llama", "gpt-oss", "Per Minute"])
      expect(seen).not.toContain(text);
    // The CPU card's $0.35 and the token card's $0.80 are not GPU prices (A6000's reservation is $0.35).
    expect(offers.some((offer) => offer.pricePerHour === 0.35 || offer.pricePerHour === 0.8)).toBe(false);
  });

  it('keeps the reservation "Starting from" prices out of the reserved rates: the page names no term', async () => {
    const { offers } = await read(success);
    expect(
      offers.every((offer) => offer.pricePerHourReserved1y === null && offer.pricePerHourReserved3y === null),
    ).toBe(true);
    expect(
      offers.map((offer) => [offer.instanceType, offer.priceIncludes?.reservation_from_per_gpu_hour ?? null]),
    ).toEqual([
      ["page:h200-sxm", 2.79],
      ["page:h100-sxm", 2.72],
      ["page:h100-pcie-nvlink", 1.82],
      ["page:h100-pcie", 1.75],
      ["page:rtx-pro-6000-se-pcie", 1.3],
      ["page:a100-sxm", 1.36],
      ["page:a100-pcie-nvlink", 0.98],
      ["page:a100-pcie", 0.95],
      ["page:l40-pcie", 0.7],
      ["page:a6000-pcie", 0.35],
      ["page:a4000-pcie", 0.11],
      ["page:b200", 5.1],
      ["page:b300", null],
    ]);
  });

  it("publishes a reservation price as a 1-year rate only when the card states that term", async () => {
    const page = withEditedPage(success, (html) =>
      html.replace("<span>Starting from&nbsp;</span>", "<span>Price (1-year term)</span>"),
    );
    const { offers } = await read(page);
    expect(byType(offers, "page:h100-pcie")).toMatchObject({
      pricePerHourReserved1y: 1.75,
      pricePerHourReserved3y: null,
      priceIncludes: { reservation_from_per_gpu_hour: 1.75, reservation_term: "1y" },
    });
  });

  it("skips a row whose price cannot be read and still reads the others", async () => {
    const page = withEditedPage(success, (html) =>
      html.replace(/(<span>NVIDIA A100<\/span>[\s\S]*?<span>)&nbsp;\$1\.35(<\/span>)/, "$1Coming soon$2"),
    );
    const { offers, skipped } = await read(page);
    expect(offers).toHaveLength(12);
    expect(byType(offers, "page:a100-pcie")).toBeUndefined();
    expect(byType(offers, "page:a100-pcie-nvlink")?.pricePerHour).toBe(1.4);
    expect(skipped).toEqual([
      expect.objectContaining({ instanceType: "page:a100-pcie", reason: 'no price in "Coming soon"' }),
      // Its spot and reservation prices have no on-demand offer to sit beside.
      expect.objectContaining({ cause: "excluded", gpuNameRaw: "NVIDIA A100" }),
      expect.objectContaining({ cause: "excluded", gpuNameRaw: "NVIDIA A100" }),
    ]);
  });

  it("fails with LAYOUT_CHANGED on the redesigned page, never with zero or guessed prices", async () => {
    await expect(read(redesigned)).rejects.toMatchObject({ code: "LAYOUT_CHANGED", retryable: false });
  });

  it("fails with LAYOUT_CHANGED when the on-demand card loses its price column", async () => {
    const page = withEditedPage(success, (html) =>
      html.replace("<span>Pricing Per Hour</span>", "<span>Hourly</span>"),
    );
    await expect(read(page)).rejects.toMatchObject({ code: "LAYOUT_CHANGED" });
  });

  it("fails as BLOCKED on a bot challenge answered with 200", async () => {
    await expect(read(challenge)).rejects.toMatchObject({ code: "BLOCKED" });
  });
});
