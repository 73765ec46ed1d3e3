import { describe, expect, it } from "vitest";
import { identifyGpu } from "../../../shared/gpu-identity";
import { pricesOutsideBands } from "../../testing/bands";
import { scrapeRecording } from "../../testing/recordings";
import { ProviderError } from "../http";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import recorded from "./fixtures/recorded-2026-08-22.json";
import success from "./fixtures/success.json";
import { OCI_GPUS, oci, PRICE_LIST_PATH } from "./index";

interface Fixture {
  exchanges: { request: { method: string; url: string }; response: { status: number; body: unknown } }[];
}

const offerOf = <T extends { instanceType: string }>(offers: T[], instanceType: string) =>
  offers.find((offer) => offer.instanceType === instanceType);

/** The fixture with every request sent to `origin` instead (a proxy, a test server). */
function movedTo(fixture: unknown, origin: string) {
  const copy = structuredClone(fixture) as Fixture;
  for (const { request } of copy.exchanges) {
    const url = new URL(request.url);
    request.url = `${origin}${url.pathname}${url.search}`;
  }
  return copy;
}

/** The recording with the estimator's shape `name` changed by `change`. */
function withShape(name: string, change: (shape: Record<string, unknown>) => void) {
  const copy = structuredClone(recorded) as unknown as Fixture;
  const shapes = (copy.exchanges[1]?.response.body as { items?: Record<string, unknown>[] } | undefined)?.items ?? [];
  const shape = shapes.find((candidate) => candidate.name === name);
  if (!shape) throw new Error(`no shape ${name} in the recording`);
  change(shape);
  return copy;
}

describe("oci adapter", () => {
  it("reads the USD price list and the cost estimator's shapes", async () => {
    const { exchanges } = await scrapeRecording(oci, recorded);
    expect(exchanges.map((exchange) => exchange.url)).toEqual([
      `https://apexapps.oracle.com${PRICE_LIST_PATH}?currencyCode=USD`,
      "https://www.oracle.com/a/ocom/docs/cloudestimator2/data/shapes.json",
    ]);
  });

  it("prices every recorded GPU shape per GPU-hour times its GPU count, for the whole shape", async () => {
    const { offers } = await scrapeRecording(oci, recorded);
    expect(offers.map((offer) => [offer.instanceType, offer.gpuCount, offer.pricePerHour])).toEqual([
      ["VM.GPU3.1", 1, 2.95],
      ["VM.GPU2.1", 1, 1.275],
      ["VM.GPU3.2", 2, 5.9],
      ["VM.GPU.A10.1", 1, 2],
      ["VM.GPU3.4", 4, 11.8],
      ["BM.GPU2.2", 2, 2.55],
      ["VM.GPU.A10.2", 2, 4],
      ["BM.GPU3.8", 8, 23.6],
      ["BM.GPU.A10.4", 4, 8],
      ["BM.GPU4.8", 8, 24.4],
      ["BM.GPU.MI300X.8", 8, 48],
      ["BM.GPU.A100-v2.8", 8, 32],
      ["BM.GPU.GB200.4", 4, 64],
      ["BM.GPU.L40S.4", 4, 14],
      ["BM.GPU.MI355X.8", 8, 68.8],
      ["BM.GPU.B200.8", 8, 112],
      ["BM.GPU.B300.8", 8, 120],
      ["BM.GPU.GB300.4", 4, 72],
      ["BM.GPU.H200.8", 8, 80],
      ["BM.GPU.H100.8", 8, 80],
    ]);
    expect(offerOf(offers, "BM.GPU.H100.8")).toMatchObject({
      instanceName: "BM.GPU.H100.8",
      gpuNameRaw: "NVIDIA H100",
      gpuMemoryGb: 80,
      formFactor: "SXM",
      currency: "USD",
      pricePerHourSpot: null,
      availability: "limited",
      regions: [],
      sourceUrl: `https://apexapps.oracle.com${PRICE_LIST_PATH}?currencyCode=USD`,
      priceIncludes: {
        price_list_part: "B98415",
        price_list_name: "Oracle Cloud Infrastructure - Compute - GPU - H100",
        metric: "GPU Per Hour",
        unit_price_usd: 10,
        same_price_in_every_commercial_region: true,
      },
    });
  });

  it("prices a shape through its billing part, never through a look-alike row of the same GPU", async () => {
    const { offers } = await scrapeRecording(oci, recorded);
    // The H100 licence (B111824, $2.50) and the L40S Cloud@Customer twins ($3.50 and $2.90, one displayName)
    // sit in the same price list.
    expect(offerOf(offers, "BM.GPU.H100.8")?.pricePerHour).toBe(80);
    expect(offerOf(offers, "BM.GPU.L40S.4")?.priceIncludes).toMatchObject({
      price_list_part: "B109479",
      price_list_name: "Compute - GPU - L40S",
    });
    // BM.GPU4.8 is billed under a part the list names "E3": the part number decides, not the name.
    expect(offerOf(offers, "BM.GPU4.8")).toMatchObject({
      gpuNameRaw: "NVIDIA A100 (40GB)",
      gpuMemoryGb: 40,
      priceIncludes: { price_list_part: "B92740", price_list_name: "Compute - GPU - E3", unit_price_usd: 3.05 },
    });
  });

  it("reports the licence, on-site appliance, VMware and Roving Edge rows as excluded, and GPU parts no shape uses", async () => {
    const { skipped } = await scrapeRecording(oci, recorded);
    const excluded = skipped.filter((record) => record.cause === "excluded").map((record) => record.reason);
    expect(excluded).toHaveLength(16);
    expect(excluded).toContain(
      'price-list row B111824 "OCI - NVIDIA AI Enterprise - H100" is a software licence, not a GPU rental',
    );
    expect(excluded).toContain(
      'price-list row B111455 "Oracle Compute Cloud@Customer - Compute - GPU.L40S" is an appliance on the customer\'s site (Cloud@Customer), not a GPU rental',
    );
    expect(excluded).toContain(
      'price-list row B108806 "Oracle Cloud VMware Solution - BM.GPU.A10.64 - Monthly Commit" is a VMware node, not a GPU rental',
    );
    expect(excluded).toContain(
      'price-list row B109493 "Roving Edge Device - RED.2 GPU" is a Roving Edge device, not a GPU rental',
    );
    // Rentals without a shape in the March estimator: new GPUs to look at, not errors of a shape.
    expect(skipped.filter((record) => !record.cause).map((record) => record.reason)).toEqual([
      'price-list row B109480 "OCI - Compute - GPU - H100T" is a GPU rental no estimator shape is billed under',
      'price-list row B112613 "OCI - Compute - GPU - RTX PRO 6000" is a GPU rental no estimator shape is billed under',
      'price-list row B93544 "OCI - Compute - GPU - E4" is a GPU rental no estimator shape is billed under',
    ]);
  });

  it("offers preemptible capacity at half the on-demand price, only where the shape allows it", async () => {
    const { offers } = await scrapeRecording(oci, recorded);
    const spot = offers.filter((offer) => offer.pricePerHourSpot !== null);
    expect(spot.map((offer) => [offer.instanceType, offer.pricePerHour, offer.pricePerHourSpot])).toEqual([
      ["VM.GPU3.1", 2.95, 1.475],
      ["VM.GPU2.1", 1.275, 0.6375],
      ["VM.GPU3.2", 5.9, 2.95],
      ["VM.GPU3.4", 11.8, 5.9],
    ]);
  });

  it("reads GPU memory per GPU from the estimator's total, its per-GPU figure, or the nominal size", async () => {
    const { offers } = await scrapeRecording(oci, recorded);
    const memory = (name: string) => {
      const offer = offerOf(offers, name);
      return [offer?.gpuMemoryGb, offer?.priceIncludes?.gpu_memory_from];
    };
    expect(memory("BM.GPU.H100.8")).toEqual([80, "estimator total / GPU count"]); // 640 for 8
    expect(memory("BM.GPU.B200.8")).toEqual([180, "estimator total / GPU count"]); // 1440 for 8
    expect(memory("BM.GPU.GB300.4")).toEqual([278, "estimator, per GPU"]); // 278 for 4
    expect(memory("BM.GPU.MI355X.8")).toEqual([288, "nominal (the estimator says 3072 GB)"]);
  });

  it("names each shape's GPU so that it maps to its catalog GPU", async () => {
    const { offers } = await scrapeRecording(oci, recorded);
    const slugs = Object.fromEntries(
      offers.map((offer) => [
        offer.instanceType,
        identifyGpu({ name: offer.gpuNameRaw, memoryGb: offer.gpuMemoryGb, formFactor: offer.formFactor }).slug,
      ]),
    );
    expect(slugs).toEqual({
      "VM.GPU3.1": "v100-16gb",
      "VM.GPU2.1": "p100",
      "VM.GPU3.2": "v100-16gb",
      "VM.GPU.A10.1": "a10",
      "VM.GPU3.4": "v100-16gb",
      "BM.GPU2.2": "p100",
      "VM.GPU.A10.2": "a10",
      "BM.GPU3.8": "v100-16gb",
      "BM.GPU.A10.4": "a10",
      "BM.GPU4.8": "a100-40gb",
      "BM.GPU.MI300X.8": "mi300x",
      "BM.GPU.A100-v2.8": "a100-80gb",
      "BM.GPU.GB200.4": "gb200-nvl",
      "BM.GPU.L40S.4": "l40s",
      "BM.GPU.MI355X.8": "mi355x",
      "BM.GPU.B200.8": "b200-sxm",
      "BM.GPU.B300.8": "b300-sxm",
      "BM.GPU.GB300.4": "gb300-nvl",
      "BM.GPU.H200.8": "h200-sxm",
      "BM.GPU.H100.8": "h100-sxm",
    });
    // Every family of the table, at its nominal memory, is a catalog GPU.
    const unmapped = Object.entries(OCI_GPUS).filter(
      ([, gpu]) =>
        identifyGpu({ name: gpu.gpuNameRaw, memoryGb: gpu.memoryGb, formFactor: gpu.formFactor }).slug === null,
    );
    expect(unmapped).toEqual([]);
  });

  it("keeps every recorded and documented price inside its GPU's band", async () => {
    for (const fixture of [recorded, success]) {
      const { offers } = await scrapeRecording(oci, fixture);
      expect(pricesOutsideBands("oci", offers)).toEqual([]);
    }
  });

  it("prices the documented shapes at their rental parts, not at the cheaper licence and on-site rows", async () => {
    const { offers, skipped } = await scrapeRecording(oci, success);
    expect(
      offers.map((offer) => [offer.instanceType, offer.gpuCount, offer.pricePerHour, offer.pricePerHourSpot]),
    ).toEqual([
      ["BM.GPU.H100.8", 8, 80, null],
      ["VM.GPU.A10.1", 1, 2, null],
      ["VM.GPU3.1", 1, 2.95, 1.475],
      ["BM.GPU.L40S.4", 4, 14, null],
    ]);
    expect(offerOf(offers, "BM.GPU.H100.8")).toMatchObject({
      ramGb: 2048,
      priceIncludes: { ocpus: 112 },
    });
    expect(skipped.map((record) => [record.cause, record.reason])).toEqual([
      [
        "excluded",
        'price-list row B111824 "OCI - NVIDIA AI Enterprise - H100" is a software licence, not a GPU rental',
      ],
      [
        "excluded",
        'price-list row B111455 "Oracle Compute Cloud@Customer - Compute - GPU.L40S" is an appliance on the customer\'s site (Cloud@Customer), not a GPU rental',
      ],
    ]);
  });

  it("says that a GB200 or GB300 rack is rented by the rack, and keeps the shape's name without its label", async () => {
    const { offers } = await scrapeRecording(oci, recorded);
    expect(offerOf(offers, "BM.GPU.GB200.4")).toMatchObject({
      instanceName: "BM.GPU.GB200.4 (NVL72)",
      gpuMemoryGb: 189,
      ramGb: 960,
      priceIncludes: { minimum_instances: 18, ocpus: 128 },
    });
  });

  it("refuses a shape the estimator bills under a licence part, whatever its price", async () => {
    const { offers, skipped } = await scrapeRecording(
      oci,
      withShape("BM.GPU.H100.8", (shape) => {
        shape.products = (shape.products as Record<string, unknown>[]).map((part) => ({
          ...part,
          partNumber: "B111824",
        }));
      }),
    );
    expect(offerOf(offers, "BM.GPU.H100.8")).toBeUndefined();
    expect(skipped).toContainEqual(
      expect.objectContaining({
        instanceType: "BM.GPU.H100.8",
        reason:
          'part B111824 "OCI - NVIDIA AI Enterprise - H100" is a software licence, not a rental: the estimator\'s part looks wrong',
      }),
    );
  });

  it("sends both requests to an overridden base", async () => {
    const { exchanges, offers } = await scrapeRecording(oci, movedTo(recorded, "https://oci-proxy.example"));
    expect(exchanges.map((exchange) => new URL(exchange.url).host)).toEqual(["oci-proxy.example", "oci-proxy.example"]);
    expect(offers).toHaveLength(20);
  });

  it("keeps the shapes it can price and reports the others, with reasons", async () => {
    const { offers, skipped } = await scrapeRecording(oci, partial);
    expect(offers.map((offer) => [offer.instanceType, offer.pricePerHour])).toEqual([
      ["BM.GPU.H100.8", 80],
      // Billed per OCPU: 15 × 0.1333.
      ["VM.GPU.A10.1", 1.9995],
    ]);
    expect(
      skipped.map(({ instanceType, cause, reason }) => [instanceType ?? null, cause ?? "unreadable", reason]),
    ).toEqual([
      [
        null,
        "unreadable",
        expect.stringMatching(/^price-list row B109485: currencyCodeLocalizations\.0\.prices\.0\.value: /),
      ],
      [
        "VM.GPU.H100.2",
        "unreadable",
        'part B111824 "OCI - NVIDIA AI Enterprise - H100" is a software licence, not a rental: the estimator\'s part looks wrong',
      ],
      ["BM.GPU.L40S.4", "unreadable", "2 price-list rows for part B109479"],
      ["BM.GPU.H200.8", "unreadable", "0 USD pay-as-you-go prices for part B110519"],
      ["BM.GPU.MI250X.8", "unreadable", "GPU family MI250X is not in the adapter's table"],
      ["BM.GPU.A100-v2.8", "unreadable", "gpuQty 4 does not match the 8 in the shape's name"],
      ["BM.GPU.B200.8", "excluded", "not offered: status DEPRECATED"],
      ["VM.GPU.A10.2", "excluded", "not offered: hidden in Oracle's cost estimator"],
      ["BM.GPU.A10.4", "unreadable", expect.stringMatching(/^gpuQty: /)],
    ]);
  });

  it("returns no offers when both documents are empty", async () => {
    expect(await scrapeRecording(oci, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails the scrape as schema drift when the shapes document is not an object with items", async () => {
    await expect(scrapeRecording(oci, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails the scrape when a 200 carries an error document instead of the price list", async () => {
    const failure = await scrapeRecording(oci, error).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({
      code: "UPSTREAM_ERROR",
      message:
        "Oracle's price list answered InternalServerError: An unexpected error occurred while processing the request",
    });
  });
});
