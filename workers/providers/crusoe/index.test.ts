import { describe, expect, it } from "vitest";
import { pricesOutsideBands } from "../../testing/bands";
import { identityOf, scrapeRecording, withEditedPage } from "../../testing/recordings";
import { all, parsePage, visibleText } from "../html";
import { recordingSchema } from "../replay";
import challenge from "./fixtures/challenge.json";
import partial from "./fixtures/partial.json";
import redesigned from "./fixtures/redesigned.json";
import success from "./fixtures/success.json";
import { crusoe } from "./index";

const URL = "https://crusoe.ai/cloud/pricing";
const genuine = recordingSchema.parse(success);
const genuineHtml = genuine.exchanges[0]?.response.body as string;

const SIX_OFFERS = [
  ["h200-141gb-hgx", 1, 4.29, null, 141, "SXM"],
  ["h100-80gb-hgx", 1, 3.9, null, 80, "SXM"],
  ["a100-80gb-sxm", 1, 2.3, null, 80, "SXM"],
  ["a100-80gb-pcie", 1, 2, null, 80, "PCIe"],
  ["l40s-48gb", 1, 1.5, null, 48, null],
  ["mi300x-192gb", 1, 3.45, null, 192, null],
];
const summary = (offers: { instanceType: string; gpuCount: number; pricePerHour: number }[]) =>
  offers.map((offer) => [offer.instanceType, offer.gpuCount, offer.pricePerHour]);

describe("crusoe adapter", () => {
  it("reads the genuine page: one offer per priced GPU row, at the per-GPU-hour price", async () => {
    const { offers } = await scrapeRecording(crusoe, success);
    expect(
      offers.map((offer) => [
        offer.instanceType,
        offer.gpuCount,
        offer.pricePerHour,
        offer.pricePerHourSpot,
        offer.gpuMemoryGb,
        offer.formFactor,
      ]),
    ).toEqual(SIX_OFFERS);
    expect(pricesOutsideBands("crusoe", offers)).toEqual([]);
  });

  it("describes an offer with the page's own names, its URL and no stock or region claim", async () => {
    const { offers } = await scrapeRecording(crusoe, success);
    expect(offers[0]).toMatchObject({
      instanceName: "NVIDIA H200 141GB HGX",
      gpuNameRaw: "NVIDIA H200",
      currency: "USD",
      availability: "available",
      regions: [],
      instanceUrl: "https://crusoe.ai/cloud/gpus/nvidia-h200",
      sourceUrl: URL,
      raw: {
        model: "NVIDIA H200",
        memory: "141GB",
        formFactor: "HGX",
        onDemand: "$4.29/GPU-hr",
        spot: "Contact sales",
      },
    });
    // The A100 rows link to the sales form, not to a GPU page.
    expect(offers[2]?.instanceUrl).toBeNull();
  });

  it("reports the Contact-sales GPU rows as excluded, not unreadable, and reads no spot price from 'Contact sales'", async () => {
    const { offers, skipped } = await scrapeRecording(crusoe, success);
    expect(skipped.map((record) => [record.instanceType, record.gpuNameRaw, record.cause, record.reason])).toEqual([
      ["gb200-186gb-nvl72", "NVIDIA GB200", "excluded", "contact sales: no published price"],
      ["b200-180gb-hgx", "NVIDIA B200", "excluded", "contact sales: no published price"],
      ["mi355x-288gb", "AMD MI355X", "excluded", "contact sales: no published price"],
    ]);
    expect(offers.map((offer) => (offer.raw as { spot: string }).spot)).toEqual(offers.map(() => "Contact sales"));
    expect(offers.map((offer) => offer.pricePerHourSpot)).toEqual(offers.map(() => null));
  });

  it("trap: reads only the GPU instances block, not the CPU, storage, token or Self-Serve endpoint rows in the same markup", async () => {
    const { offers, skipped } = await scrapeRecording(crusoe, success);
    // Prices of the other blocks: $/vCPU-hr for CPUs, the Self-Serve endpoints per hour.
    const elsewhere = [0.04, 0.09, 5.5, 6, 9.65, 7.4];
    expect(offers.filter((offer) => elsewhere.includes(offer.pricePerHour))).toEqual([]);
    expect(offers.length + skipped.length).toBe(9);
    expect([...offers, ...skipped].map((record) => record.gpuNameRaw)).not.toContain("General-purpose");
    expect(offers.filter((offer) => offer.gpuNameRaw === "NVIDIA H100").map((offer) => offer.pricePerHour)).toEqual([
      3.9,
    ]);
  });

  it("trap: without its GPU instances heading the page fails LAYOUT_CHANGED rather than reading the Self-Serve GPU rows", async () => {
    const renamed = withEditedPage(genuine, (html) =>
      html.replace(">GPU instances pricing</h3>", ">Accelerators</h3>"),
    );
    await expect(scrapeRecording(crusoe, renamed)).rejects.toMatchObject({ code: "LAYOUT_CHANGED" });
    const columnsRenamed = withEditedPage(genuine, (html) => html.replace(">GPU model</div>", ">Accelerator</div>"));
    await expect(scrapeRecording(crusoe, columnsRenamed)).rejects.toMatchObject({ code: "LAYOUT_CHANGED" });
  });

  it("trap: tells the A100 SXM and PCIe rows apart by their form-factor tag, and maps every GPU by its tags", async () => {
    const { offers } = await scrapeRecording(crusoe, success);
    const a100s = offers.filter((offer) => offer.gpuNameRaw === "NVIDIA A100");
    expect(a100s.map((offer) => [offer.instanceType, offer.formFactor, offer.pricePerHour])).toEqual([
      ["a100-80gb-sxm", "SXM", 2.3],
      ["a100-80gb-pcie", "PCIe", 2],
    ]);
    expect(offers.map((offer) => [offer.instanceType, identityOf(offer)])).toEqual([
      ["h200-141gb-hgx", { slug: "h200-sxm", vramGb: 141 }],
      ["h100-80gb-hgx", { slug: "h100-sxm", vramGb: 80 }],
      ["a100-80gb-sxm", { slug: "a100-80gb", vramGb: 80 }],
      ["a100-80gb-pcie", { slug: "a100-80gb-pcie", vramGb: 80 }],
      ["l40s-48gb", { slug: "l40s", vramGb: 48 }],
      ["mi300x-192gb", { slug: "mi300x", vramGb: 192 }],
    ]);
  });

  it("trap: the two Intellimize A/B headings, or the GPU block shown twice as variants, duplicate nothing", async () => {
    const variants = all(".w-optimization > .w-optimization > h2", parsePage(genuineHtml)).map(visibleText);
    expect(variants).toEqual([
      "Pricing for compute, inference, and fine-tuning",
      "Pricing for compute instances and managed AI services",
    ]);
    const { offers } = await scrapeRecording(crusoe, success);
    expect(new Set(offers.map((offer) => offer.instanceType)).size).toBe(offers.length);

    // Were the whole GPU block served in two variants, each row would still come out once.
    const twice = withEditedPage(genuine, (html) => {
      const start = html.indexOf('<div class="pricing-dd"><div id="pricing-title-size"');
      const end = html.indexOf('<div class="pricing-dd">', start + 1);
      const block = html.slice(start, end);
      return `${html.slice(0, start)}<div class="w-optimization"><div class="w-optimization">${block}</div><div class="w-optimization">${block}</div></div>${html.slice(end)}`;
    });
    const again = await scrapeRecording(crusoe, twice);
    expect(summary(again.offers)).toEqual(SIX_OFFERS.map(([type, count, price]) => [type, count, price]));
    expect(again.skipped.filter((record) => record.reason.startsWith("repeats ")).map((r) => r.cause)).toEqual(
      SIX_OFFERS.map(() => "excluded"),
    );
  });

  it("trap: skips hidden rows and hidden tags", async () => {
    const hidden = withEditedPage(genuine, (html) =>
      html
        // The H100 row hidden by Webflow's conditional visibility.
        .replace(
          /<div role="listitem" class="prixing-item w-dyn-item">(?=<div class="pricing_gpu-item"><a href="\/cloud\/gpus\/nvidia-h100")/,
          '<div role="listitem" class="prixing-item w-dyn-item w-condition-invisible">',
        )
        // A hidden extra row with a price no visible row has.
        .replace(
          '<div role="listitem" class="prixing-item w-dyn-item"><div class="pricing_gpu-item"><a href="/cloud/gpus/amd-mi300x"',
          '<div role="listitem" class="prixing-item w-dyn-item" style="display: none"><div class="pricing_gpu-item"><a href="#"><h4 class="pricing-item-heading">NVIDIA H100</h4><div class="pricing_tags-wr"><div class="pricing-tag is-dark">80GB</div><div class="pricing-tag">PCIe</div></div></a><div class="pricing-rich w-richtext"><p>$0.99/GPU-hr</p></div><div class="pricing-rich w-richtext"><p>$0.49/GPU-hr</p></div></div></div><div role="listitem" class="prixing-item w-dyn-item"><div class="pricing_gpu-item"><a href="/cloud/gpus/amd-mi300x"',
        )
        // A hidden form-factor tag on the L40S row.
        .replace(
          '<div class="pricing-tag w-dyn-bind-empty"></div></div></a><div class="pricing-rich w-richtext"><p>$1.50',
          '<div class="pricing-tag hidden">PCIe</div></div></a><div class="pricing-rich w-richtext"><p>$1.50',
        ),
    );
    const { offers, skipped } = await scrapeRecording(crusoe, hidden);
    // Hidden rows are not records at all: only the three Contact-sales rows are skipped.
    expect(skipped.map((record) => record.instanceType)).toEqual([
      "gb200-186gb-nvl72",
      "b200-180gb-hgx",
      "mi355x-288gb",
    ]);
    expect(summary(offers)).toEqual([
      ["h200-141gb-hgx", 1, 4.29],
      ["a100-80gb-sxm", 1, 2.3],
      ["a100-80gb-pcie", 1, 2],
      ["l40s-48gb", 1, 1.5],
      ["mi300x-192gb", 1, 3.45],
    ]);
  });

  it("keeps the readable rows when one price cell has no amount, and says which", async () => {
    const { offers, skipped } = await scrapeRecording(crusoe, partial);
    expect(summary(offers)).toEqual([
      ["h200-141gb-hgx", 1, 4.29],
      ["h100-80gb-hgx", 1, 3.9],
      ["a100-80gb-sxm", 1, 2.3],
      ["a100-80gb-pcie", 1, 2],
      ["mi300x-192gb", 1, 3.45],
    ]);
    expect(skipped.filter((record) => record.cause !== "excluded")).toEqual([
      expect.objectContaining({ instanceType: "l40s-48gb", reason: 'no on-demand price in "$–/GPU-hr"' }),
    ]);
  });

  it("fails LAYOUT_CHANGED when the GPU rows are rebuilt as other cards, never reading other blocks instead", async () => {
    await expect(scrapeRecording(crusoe, redesigned)).rejects.toMatchObject({ code: "LAYOUT_CHANGED" });
  });

  it("fails as a bot challenge on Cloudflare's 'Just a moment...' page", async () => {
    const failure = scrapeRecording(crusoe, challenge);
    await expect(failure).rejects.toMatchObject({ code: expect.stringMatching(/^(BLOCKED|CAPTCHA_REQUIRED)$/) });
  });
});
