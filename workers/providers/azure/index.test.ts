import { describe, expect, it } from "vitest";
import { identifyGpu } from "../../../shared/gpu-identity";
import { pricesOutsideBands } from "../../testing/bands";
import { scrapeRecording } from "../../testing/recordings";
import { ProviderError } from "../http";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import recorded2025 from "./fixtures/recorded-2025-05-02.json";
import badRequest from "./fixtures/recorded-2026-06-bad-request.json";
import recorded2026 from "./fixtures/recorded-2026-08-01.json";
import skipPastEnd from "./fixtures/skip-past-end.json";
import success from "./fixtures/success.json";
import { API_VERSION, AZURE_GPU_SIZES, azure, firstPageUrl, offerSourceUrl } from "./index";

type Item = Record<string, unknown>;
interface Fixture {
  exchanges: { request: { method: string; url: string }; response: { status: number; body: unknown } }[];
}

const BASE = "https://prices.azure.com";
const itemsOf = (fixture: unknown): Item[] =>
  ((fixture as Fixture).exchanges[0]?.response.body as { Items?: Item[] } | undefined)?.Items ?? [];

/** A documented one-page answer holding `items`, asked exactly as the adapter asks. */
function answer(items: unknown[], next: string | null = null) {
  return {
    provider: "azure",
    recordedAt: null,
    origin: "documented",
    exchanges: [
      {
        request: { method: "GET", url: firstPageUrl(BASE) },
        response: {
          status: 200,
          body: { BillingCurrency: "USD", Items: items, NextPageLink: next, Count: items.length },
        },
      },
    ],
  };
}

/** The fixture with every request sent to `origin` instead (a proxy, a test server). */
function movedTo(fixture: unknown, origin: string) {
  const copy = structuredClone(fixture) as Fixture;
  for (const { request } of copy.exchanges) {
    const url = new URL(request.url);
    request.url = `${origin}${url.pathname}${url.search}`;
  }
  return copy;
}

const offerOf = (offers: { instanceType: string }[], instanceType: string) =>
  offers.find((offer) => offer.instanceType === instanceType);

describe("azure adapter", () => {
  it("asks for the table's whole-GPU sizes in one OData filter, pay-as-you-go and reservations only", async () => {
    const { exchanges } = await scrapeRecording(azure, empty);
    const url = new URL(exchanges[0]?.url ?? "");
    expect(url.origin + url.pathname).toBe("https://prices.azure.com/api/retail/prices");
    expect(url.searchParams.get("api-version")).toBe(API_VERSION);
    const filter = url.searchParams.get("$filter") ?? "";
    expect(filter).toMatch(
      /^serviceName eq 'Virtual Machines' and \(priceType eq 'Consumption' or priceType eq 'Reservation'\) and \(/,
    );
    expect(filter).toContain("armSkuName eq 'Standard_ND96isr_H100_v5'");
    expect(filter).toContain("armSkuName eq 'Standard_NV36ads_A10_v5'");
    // Shares of a GPU and the confidential variant are not asked for.
    expect(filter).not.toContain("Standard_NV6ads_A10_v5");
    expect(filter).not.toContain("Standard_NCC40ads_H100_v5");
  });

  it("turns the recorded Linux pay-as-you-go meter into a whole-VM offer with hourly reservation rates", async () => {
    const { offers } = await scrapeRecording(azure, recorded2026);
    expect(offers).toEqual([
      expect.objectContaining({
        instanceType: "Standard_NC48ads_A100_v4/eastus2",
        instanceName: "Standard_NC48ads_A100_v4",
        gpuNameRaw: "NVIDIA A100 PCIe (80GB)",
        gpuCount: 2,
        gpuMemoryGb: 80,
        formFactor: "PCIe",
        currency: "USD",
        pricePerHour: 7.346,
        pricePerHourSpot: null,
        // The recorded reservation rows say "1 Hour" but carry the term total: 42066 / 8760 h, 71642 / 26280 h.
        pricePerHourReserved1y: 4.802055,
        pricePerHourReserved3y: 2.726104,
        availability: "limited",
        regions: ["eastus2"],
        vcpuCount: 48,
        sourceUrl: offerSourceUrl(BASE, "Standard_NC48ads_A100_v4", "eastus2"),
      }),
    ]);
    expect(offers[0]?.priceIncludes).toMatchObject({
      reservation_term_total_usd: { "1y": 42066, "3y": 71642 },
      reservation_hours_per_year: 8760,
    });
  });

  it("never takes the recorded Windows, Low Priority or DevTest meters as a Linux price", async () => {
    const { offers, skipped } = await scrapeRecording(azure, recorded2026);
    const named = [...offers, ...skipped].map((record) => record.instanceType ?? "");
    // NC320ds xl: Windows Spot and DevTest rows only; NC80adis H100 v5: a Low Priority row only.
    expect(named.filter((name) => /NC320ds_xl|NC80adis/.test(name))).toEqual([]);
  });

  it("reports an undocumented GPU size and a spot price without its pay-as-you-go meter instead of guessing", async () => {
    const { skipped } = await scrapeRecording(azure, recorded2026);
    expect(skipped.map(({ instanceType, reason, cause }) => [instanceType, cause ?? "unreadable", reason])).toEqual([
      [
        "Standard_ND96ams_A100_v4",
        "unreadable",
        "Standard_ND96ams_A100_v4 is not in the adapter's table of GPU sizes (Microsoft's size documentation): its GPUs are unknown",
      ],
      [
        "Standard_NV4as_v4",
        "unreadable",
        "Standard_NV4as_v4 is not in the adapter's table of GPU sizes (Microsoft's size documentation): its GPUs are unknown",
      ],
      [
        "Standard_ND96isr_H200_v5/usgovvirginia",
        "excluded",
        "usgovvirginia is an Azure Government region, sold only to US government customers",
      ],
      [
        "Standard_NC320lds_xl_RTXPRO6000BSE_v6/eastus2",
        "unreadable",
        "no Linux pay-as-you-go meter in effect, only spot or reservation meters",
      ],
    ]);
  });

  it("takes the meter in effect at the scrape when the answer lists a meter twice", async () => {
    // The recorded NC320lds spot meter, at 2.86 until 2026-07-31 and at 2.64264 from 2026-08-01, beside a
    // Linux pay-as-you-go meter written after it.
    const spotRows = itemsOf(recorded2026).filter(
      (item) => item.armSkuName === "Standard_NC320lds_xl_RTXPRO6000BSE_v6" && item.type === "Consumption",
    );
    expect(spotRows.map((item) => [item.retailPrice, item.effectiveStartDate, item.effectiveEndDate])).toEqual([
      [2.86, "2026-04-01T00:00:00Z", "2026-07-31T23:59:00Z"],
      [2.64264, "2026-08-01T00:00:00Z", undefined],
    ]);
    const onDemand = {
      ...spotRows[1],
      meterName: "NC320ldsxlRTX6Kv6",
      skuName: "NC320ldsxlRTX6Kv6",
      retailPrice: 8.8,
      effectiveStartDate: "2026-04-01T00:00:00Z",
    };
    const expected = {
      instanceType: "Standard_NC320lds_xl_RTXPRO6000BSE_v6/eastus2",
      gpuCount: 2,
      pricePerHour: 8.8,
      pricePerHourSpot: 2.64264,
    };
    expect((await scrapeRecording(azure, answer([...spotRows, onDemand]))).offers).toMatchObject([expected]);
    // Without the end date, the later start still wins.
    const open = spotRows.map(({ effectiveEndDate: _closed, ...item }) => item);
    expect((await scrapeRecording(azure, answer([...open, onDemand]))).offers).toMatchObject([expected]);
    // A price that only takes effect after the scrape is not yet the price.
    const { offers: documented } = await scrapeRecording(azure, success);
    expect(offerOf(documented, "Standard_ND96isr_H100_v5/swedencentral")).toMatchObject({ pricePerHour: 98.32 });
  });

  it("drops the recorded $0.01 meter, closed before it began, and prices the real one beside it", async () => {
    const h200 = itemsOf(recorded2025).filter((item) => item.armSkuName === "Standard_ND96isr_H200_v5");
    expect(h200.map((item) => [item.type, item.retailPrice, item.effectiveStartDate, item.effectiveEndDate])).toEqual([
      ["Consumption", 0.01, "2025-05-01T00:00:00Z", "2025-04-30T23:59:00Z"],
      ["Consumption", 106, "2025-05-01T00:00:00Z", undefined],
      ["Reservation", 495201, "2025-05-01T00:00:00Z", undefined],
      ["Reservation", 1225699, "2025-05-01T00:00:00Z", undefined],
    ]);
    // As recorded the rows are Azure Government's; in a public region they make this offer.
    const inEastUs: Item[] = h200.map((item) => ({ ...item, armRegionName: "eastus" }));
    const expected = {
      instanceType: "Standard_ND96isr_H200_v5/eastus",
      gpuNameRaw: "NVIDIA H200 (141GB)",
      gpuCount: 8,
      pricePerHour: 106,
      pricePerHourReserved1y: 56.529795,
      pricePerHourReserved3y: 46.639992,
    };
    const { offers } = await scrapeRecording(azure, answer(inEastUs));
    expect(offers).toMatchObject([expected]);
    expect(offers[0]?.priceIncludes).not.toHaveProperty("set_aside");
    // Even left open, a stand-in is never the price: it is set aside and said so.
    const open = inEastUs.map(({ effectiveEndDate: _closed, ...item }) => item);
    const reopened = await scrapeRecording(azure, answer(open));
    expect(reopened.offers).toMatchObject([
      { ...expected, priceIncludes: { set_aside: ["pay-as-you-go placeholder $0.01"] } },
    ]);
  });

  it("keeps every recorded and documented price inside its GPU's band", async () => {
    for (const fixture of [recorded2026, recorded2025, success]) {
      const { offers } = await scrapeRecording(azure, fixture);
      expect(pricesOutsideBands("azure", offers)).toEqual([]);
    }
  });

  it("prices each size per region for the whole VM, with its Linux spot meter and reservations", async () => {
    const { offers } = await scrapeRecording(azure, success);
    expect(offers.map((offer) => offer.instanceType)).toEqual([
      "Standard_ND96isr_H100_v5/eastus",
      "Standard_ND96isr_H100_v5/westeurope",
      "Standard_ND96isr_H100_v5/swedencentral",
      "Standard_ND96isr_H200_v5/eastus2",
      "Standard_ND96isr_MI300X_v5/eastus",
      "Standard_ND96amsr_A100_v4/eastus2",
      "Standard_ND96asr_v4/eastus",
      "Standard_NC40ads_H100_v5/eastus",
      "Standard_NC80adis_H100_v5/eastus",
      "Standard_NC24ads_A100_v4/eastus",
      "Standard_NC4as_T4_v3/eastus",
      "Standard_NC64as_T4_v3/eastus",
    ]);
    expect(offerOf(offers, "Standard_ND96isr_H100_v5/eastus")).toMatchObject({
      gpuNameRaw: "NVIDIA H100 (80GB)",
      gpuCount: 8,
      gpuMemoryGb: 80,
      formFactor: "SXM",
      pricePerHour: 98.32,
      // The Linux Spot meter, not the Windows one (33.912) nor Low Priority (19.664).
      pricePerHourSpot: 29.496,
      // 544543 / 8760 and 1147680 / 26280; the 5-year term has no field and is not read.
      pricePerHourReserved1y: 62.162443,
      pricePerHourReserved3y: 43.671233,
      regions: ["eastus"],
      vcpuCount: 96,
      priceIncludes: { location: "US East", reservation_term_total_usd: { "1y": 544543, "3y": 1147680 } },
    });
    expect(offerOf(offers, "Standard_ND96isr_H100_v5/westeurope")).toMatchObject({
      pricePerHour: 113.6,
      pricePerHourSpot: 34.08,
      pricePerHourReserved1y: null,
    });
  });

  it("takes the Linux meter, never its Windows twin of the same meter name", async () => {
    const { offers, skipped } = await scrapeRecording(azure, success);
    expect(offerOf(offers, "Standard_NC40ads_H100_v5/eastus")).toMatchObject({
      pricePerHour: 6.98,
      pricePerHourSpot: 2.19,
    });
    // A size priced only with Windows in a region is no offer there, and not an error either.
    const everything = [...offers, ...skipped].map((record) => record.instanceType);
    expect(everything).not.toContain("Standard_NC16as_T4_v3/westus3");
  });

  it("counts GPUs from Microsoft's size tables and names them so that each maps to its catalog GPU", async () => {
    const { offers } = await scrapeRecording(azure, success);
    const identities = Object.fromEntries(
      offers.map((offer) => [
        offer.instanceName,
        [
          offer.gpuCount,
          identifyGpu({ name: offer.gpuNameRaw, memoryGb: offer.gpuMemoryGb, formFactor: offer.formFactor }).slug,
        ],
      ]),
    );
    expect(identities).toEqual({
      Standard_ND96isr_H100_v5: [8, "h100-sxm"],
      Standard_ND96isr_H200_v5: [8, "h200-sxm"],
      Standard_ND96isr_MI300X_v5: [8, "mi300x"],
      Standard_ND96amsr_A100_v4: [8, "a100-80gb"],
      Standard_ND96asr_v4: [8, "a100-40gb"],
      Standard_NC40ads_H100_v5: [1, "h100-nvl"],
      Standard_NC80adis_H100_v5: [2, "h100-nvl"],
      Standard_NC24ads_A100_v4: [1, "a100-80gb-pcie"],
      Standard_NC4as_T4_v3: [1, "t4"],
      Standard_NC64as_T4_v3: [4, "t4"],
    });
  });

  it("maps every whole-GPU size of the table to a catalog GPU", () => {
    const unmapped = Object.entries(AZURE_GPU_SIZES)
      .filter(([, entry]) => !entry.excluded)
      .map(([name, entry]) => [
        name,
        identifyGpu({ name: entry.gpuNameRaw, memoryGb: entry.gpuMemoryGb, formFactor: entry.formFactor }),
      ])
      .filter(([, identity]) => typeof identity === "object" && identity.slug === null);
    expect(unmapped).toEqual([]);
  });

  it("skips stand-in prices: $0.01 for an 8-GPU VM, and a fifth or less of the size's median", async () => {
    const { offers, skipped } = await scrapeRecording(azure, success);
    expect(offerOf(offers, "Standard_ND96isr_H100_v5/australiaeast")).toBeUndefined();
    expect(offerOf(offers, "Standard_ND96isr_H100_v5/japaneast")).toBeUndefined();
    expect(
      skipped
        .filter((record) => /australiaeast|japaneast/.test(record.instanceType ?? ""))
        .map((record) => record.reason),
    ).toEqual([
      "pay-as-you-go price $12 is under a fifth of the size's median $98.32: a placeholder",
      "pay-as-you-go price $0.01 is a placeholder, not a price",
    ]);
  });

  it("excludes shares of a GPU, the confidential variant and Azure Government regions, saying why", async () => {
    const { skipped } = await scrapeRecording(azure, success);
    expect(
      skipped.filter((record) => record.cause === "excluded").map(({ instanceType, reason }) => [instanceType, reason]),
    ).toEqual([
      [
        "Standard_ND96isr_H100_v5/usgovvirginia",
        "usgovvirginia is an Azure Government region, sold only to US government customers",
      ],
      ["Standard_NCC40ads_H100_v5/eastus", "a confidential-computing variant (NCCads H100 v5)"],
      ["Standard_NV6ads_A10_v5/eastus", "a share of one GPU: 1/6 of an A10 (4 GB)"],
    ]);
  });

  it("follows NextPageLink to the end, sending each page to the configured base", async () => {
    const { exchanges } = await scrapeRecording(azure, success);
    expect(exchanges).toHaveLength(2);
    const second = new URL(exchanges[1]?.url ?? "");
    // The link names prices.azure.com:443; the request keeps the base's host and the link's $skip.
    expect(second.host).toBe("prices.azure.com");
    expect(second.searchParams.get("$skip")).toBe("1000");

    const proxied = await scrapeRecording(azure, movedTo(success, "https://azure-proxy.example"));
    expect(proxied.exchanges.map((exchange) => new URL(exchange.url).host)).toEqual([
      "azure-proxy.example",
      "azure-proxy.example",
    ]);
    expect(proxied.offers).toHaveLength(12);
  });

  it("ends the listing when the next link skips past the last row and Azure answers 400 for it", async () => {
    const { offers, exchanges } = await scrapeRecording(azure, skipPastEnd);
    expect(exchanges.map((exchange) => exchange.status)).toEqual([200, 400]);
    expect(offers.map((offer) => offer.instanceType)).toEqual([
      "Standard_ND96asr_v4/eastus",
      "Standard_NC40ads_H100_v5/eastus",
    ]);
  });

  it("gives up on a next link that points back at its own page, or out of the price listing", async () => {
    const self = await scrapeRecording(azure, answer([], firstPageUrl(BASE))).catch((caught: unknown) => caught);
    expect(self).toMatchObject({
      code: "UPSTREAM_ERROR",
      message: expect.stringMatching(/points at the page it came from/),
    });
    const away = await scrapeRecording(azure, answer([], `${BASE}/api/other?$skip=1000`)).catch(
      (caught: unknown) => caught,
    );
    expect(away).toMatchObject({ code: "SCHEMA_DRIFT", message: expect.stringMatching(/leaves the price listing/) });
  });

  it("keeps the good rows and reports the ones it cannot use, with reasons", async () => {
    const { offers, skipped } = await scrapeRecording(azure, partial);
    expect(offers.map((offer) => [offer.instanceType, offer.pricePerHour, offer.pricePerHourSpot])).toEqual([
      ["Standard_NC24ads_A100_v4/eastus", 3.673, null],
      ["Standard_ND96asr_v4/eastus", 27.197, null],
    ]);
    // A "reservation" priced like an hour is not a term total; a spot price above pay-as-you-go is not spot.
    expect(offerOf(offers, "Standard_ND96asr_v4/eastus")).toMatchObject({
      pricePerHourReserved1y: null,
      priceIncludes: {
        set_aside: [
          "spot $30.5 above pay-as-you-go",
          "1-year reservation $16.9 is not a term total for this size (it would be $0.001929/h)",
        ],
      },
    });
    expect(skipped.map(({ instanceType, reason }) => [instanceType, reason])).toEqual([
      ["Standard_NC48ads_A100_v4/eastus", expect.stringMatching(/^retailPrice: /)],
      ["Standard_NC96ads_A100_v4/eastus", "onDemand meter in 1/Month and USD, not USD per hour"],
      ["Standard_NC40ads_H100_v5/eastus", "several Linux pay-as-you-go prices in effect at once: 6.98, 7.35"],
      ["Standard_NC80adis_H100_v5/eastus", "no Linux pay-as-you-go meter in effect, only spot or reservation meters"],
    ]);
  });

  it("returns no offers when the filter matches nothing", async () => {
    expect(await scrapeRecording(azure, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("fails the scrape as schema drift when the page holds no Items list", async () => {
    await expect(scrapeRecording(azure, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails the scrape when a 200 carries Azure's error envelope", async () => {
    const failure = await scrapeRecording(azure, error).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({
      code: "UPSTREAM_ERROR",
      message: "Azure answered BadRequest: Invalid OData parameters supplied",
    });
  });

  it("fails without retrying on the recorded 400 answer", async () => {
    const failure = await scrapeRecording(azure, badRequest).catch((caught: unknown) => caught);
    expect(failure).toMatchObject({
      code: "BAD_REQUEST",
      retryable: false,
      message: expect.stringMatching(/Unsupported API version/),
    });
  });
});
