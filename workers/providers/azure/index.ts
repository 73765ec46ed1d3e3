import { z } from "zod";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError, type ProviderHttp } from "../http";
import { describeIssues, parseOrDrift } from "../parse";
import type { ProviderAdapter } from "../types";

// Azure's Retail Prices API (public, no key): one row ("meter") per VM size, region, operating
// system and price kind, USD per hour for the whole VM, 1 000 rows a page behind `NextPageLink`.
// A Linux VM and its Windows twin share the meter name; only `productName` tells them apart. Spot
// and Low Priority meters sit beside the pay-as-you-go one. Reservation rows also say "1 Hour", but
// their `retailPrice` is the total of the whole term. The feed says nothing about GPUs: the model
// and count of each size come from the table below, written from Microsoft's size documentation.
// Prices differ by region, so every size is one offer per region.

export const API_PATH = "/api/retail/prices";
// The version the public collectors use; it accepts the `( … or … )` filter below. It also hangs a
// `savingsPlan` list on some pay-as-you-go rows, which this adapter does not read.
export const API_VERSION = "2023-01-01-preview";
const MAX_PAGES = 40;

/** Hours in one year of a reservation term: 365 × 24, Microsoft's own 730 hours a month × 12. */
export const HOURS_PER_YEAR = 8760;

/** A GPU VM size as Microsoft documents it (learn.microsoft.com, "Sizes for virtual machines", GPU accelerated). */
export interface AzureGpuSize {
  /** The accelerator as Microsoft names it, with the model spelled out where the page says only "Blackwell". */
  gpuNameRaw: string;
  gpuCount: number;
  /** Memory of one GPU in GB. */
  gpuMemoryGb: number;
  formFactor: "SXM" | "PCIe" | "NVL" | null;
  vcpus: number;
  /** Set when the size is deliberately not an offer: a share of one GPU, a confidential-computing variant. */
  excluded?: string;
}

const size = (
  gpuNameRaw: string,
  gpuCount: number,
  gpuMemoryGb: number,
  formFactor: AzureGpuSize["formFactor"],
  vcpus: number,
  excluded?: string,
): AzureGpuSize => ({ gpuNameRaw, gpuCount, gpuMemoryGb, formFactor, vcpus, ...(excluded ? { excluded } : {}) });

const T4 = "NVIDIA Tesla T4 (16GB)";
const A100_PCIE = "NVIDIA A100 PCIe (80GB)";
const H100_NVL = "NVIDIA H100 NVL (94GB)";
const A10 = "NVIDIA A10 (24GB)";
const RTX_PRO_6000 = "NVIDIA RTX PRO 6000 Blackwell Server Edition (96GB)";

/**
 * GPU model and count of each Azure size, by `armSkuName`. Sources: the size-series pages of
 * learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/ (NCasT4_v3, NC A100 v4, ND A100
 * v4, NDm A100 v4, NCads H100 v5, NCCads H100 v5, ND H100 v5, ND H200 v5, ND MI300X v5, ND GB200 v6,
 * ND GB300 v6, NDv2, NVads A10 v5, NC RTX PRO 6000 BSE v6), whose accelerator tables give the count
 * per size and the memory per GPU. The 8-GPU ND sizes are HGX boards (SXM modules); NC H100 v5
 * carries the 94 GB H100 NVL, which Microsoft calls a "PCIe H100"; NC A100 v4 the PCIe A100.
 * The NC RTX PRO 6000 sizes are the preview ones the size page lists; the general-availability
 * sizes, some of them shares of a GPU, are not in it yet and are left out until they are.
 */
export const AZURE_GPU_SIZES: Readonly<Record<string, AzureGpuSize>> = {
  Standard_NC4as_T4_v3: size(T4, 1, 16, "PCIe", 4),
  Standard_NC8as_T4_v3: size(T4, 1, 16, "PCIe", 8),
  Standard_NC16as_T4_v3: size(T4, 1, 16, "PCIe", 16),
  Standard_NC64as_T4_v3: size(T4, 4, 16, "PCIe", 64),
  Standard_NC24ads_A100_v4: size(A100_PCIE, 1, 80, "PCIe", 24),
  Standard_NC48ads_A100_v4: size(A100_PCIE, 2, 80, "PCIe", 48),
  Standard_NC96ads_A100_v4: size(A100_PCIE, 4, 80, "PCIe", 96),
  Standard_ND96asr_v4: size("NVIDIA A100 (40GB)", 8, 40, "SXM", 96),
  Standard_ND96amsr_A100_v4: size("NVIDIA A100 (80GB)", 8, 80, "SXM", 96),
  Standard_NC40ads_H100_v5: size(H100_NVL, 1, 94, "NVL", 40),
  Standard_NC80adis_H100_v5: size(H100_NVL, 2, 94, "NVL", 80),
  Standard_NCC40ads_H100_v5: size(H100_NVL, 1, 94, "NVL", 40, "a confidential-computing variant (NCCads H100 v5)"),
  Standard_ND96isr_H100_v5: size("NVIDIA H100 (80GB)", 8, 80, "SXM", 96),
  Standard_ND96isr_H200_v5: size("NVIDIA H200 (141GB)", 8, 141, "SXM", 96),
  Standard_ND96isr_MI300X_v5: size("AMD Instinct MI300X (192GB)", 8, 192, null, 96),
  Standard_ND128isr_NDR_GB200_v6: size("NVIDIA GB200 Blackwell (192GB)", 4, 192, null, 128),
  Standard_ND128isr_GB300_v6: size("NVIDIA GB300 Blackwell Ultra (288GB)", 4, 288, null, 128),
  Standard_ND40rs_v2: size("NVIDIA Tesla V100 (32GB)", 8, 32, "SXM", 40),
  Standard_NV6ads_A10_v5: size(A10, 1, 24, "PCIe", 6, "a share of one GPU: 1/6 of an A10 (4 GB)"),
  Standard_NV12ads_A10_v5: size(A10, 1, 24, "PCIe", 12, "a share of one GPU: 1/3 of an A10 (8 GB)"),
  Standard_NV18ads_A10_v5: size(A10, 1, 24, "PCIe", 18, "a share of one GPU: 1/2 of an A10 (12 GB)"),
  Standard_NV36ads_A10_v5: size(A10, 1, 24, "PCIe", 36),
  Standard_NV36adms_A10_v5: size(A10, 1, 24, "PCIe", 36),
  Standard_NV72ads_A10_v5: size(A10, 2, 24, "PCIe", 72),
  Standard_NC128ds_xl_RTXPRO6000BSE_v6: size(RTX_PRO_6000, 1, 96, "PCIe", 128),
  Standard_NC256ds_xl_RTXPRO6000BSE_v6: size(RTX_PRO_6000, 2, 96, "PCIe", 256),
  Standard_NC320ds_xl_RTXPRO6000BSE_v6: size(RTX_PRO_6000, 2, 96, "PCIe", 320),
  Standard_NC128lds_xl_RTXPRO6000BSE_v6: size(RTX_PRO_6000, 1, 96, "PCIe", 128),
  Standard_NC256lds_xl_RTXPRO6000BSE_v6: size(RTX_PRO_6000, 2, 96, "PCIe", 256),
  Standard_NC320lds_xl_RTXPRO6000BSE_v6: size(RTX_PRO_6000, 2, 96, "PCIe", 320),
};

/** The sizes asked for: every whole-GPU size of the table (shares and excluded variants are not asked). */
export const QUERIED_SIZES = Object.entries(AZURE_GPU_SIZES)
  .filter(([, entry]) => !entry.excluded)
  .map(([name]) => name);

/** The OData filter: Linux and Windows pay-as-you-go, Spot, Low Priority and reservation meters of those sizes. */
export const PRICE_FILTER = [
  "serviceName eq 'Virtual Machines'",
  "(priceType eq 'Consumption' or priceType eq 'Reservation')",
  `(${QUERIED_SIZES.map((name) => `armSkuName eq '${name}'`).join(" or ")})`,
].join(" and ");

export const firstPageUrl = (baseUrl: string) =>
  `${baseUrl}${API_PATH}?api-version=${API_VERSION}&$filter=${encodeURIComponent(PRICE_FILTER)}`;

/**
 * An offer's source: the query for its size and region alone, which answers the same meters. The
 * listing page it was read from names every size of the table (2 KB of URL) and its rows are in `raw`.
 */
export const offerSourceUrl = (baseUrl: string, armSkuName: string, region: string) =>
  `${baseUrl}${API_PATH}?$filter=${encodeURIComponent(
    `serviceName eq 'Virtual Machines' and armSkuName eq '${armSkuName}' and armRegionName eq '${region}'`,
  )}`;

// Sizes of the N families (NC, ND, NG, NV) that the table does not know yet; NP is FPGAs.
const GPU_FAMILY = /^Standard_N[CDGV]/;
// Some H100 products spell Windows " Win" ("Virtual Machines NCCadsv5 Srs Win").
const WINDOWS = /\bWin(dows)?\b/i;
const NOT_A_VM_RENTAL = /Cloud ?Services|Dedicated Host/i;
const SPOT = /\bSpot$/i;
const LOW_PRIORITY = /\bLow Priority$/i;
// Clouds apart from the public one: Azure Government and the secret clouds (US government customers
// only), the canary regions (EUAP), and Azure operated by 21Vianet.
const RESTRICTED_REGIONS: [RegExp, string][] = [
  [/^usgov|^usdod/, "an Azure Government region, sold only to US government customers"],
  [/^ussec|^usnat/, "a US government secret-cloud region"],
  [/euap$/, "an early-access (canary) region"],
  [/^china/, "Azure operated by 21Vianet, a separate cloud"],
];
const RESERVATION_YEARS: Record<string, 1 | 3> = { "1 Year": 1, "3 Years": 3 };

/**
 * Microsoft lists a few meters at a stand-in price (an 8-GPU H100 VM at $0.01 an hour). No Azure
 * GPU rents for less than this per GPU-hour, spot included.
 */
export const PLACEHOLDER_PER_GPU_HOUR = 0.05;
/** With three or more regions priced, a pay-as-you-go price under this share of the size's median is a stand-in too. */
const PLACEHOLDER_SHARE_OF_MEDIAN = 0.2;
/** A reservation's hourly rate must fall between these shares of the pay-as-you-go price, or its unit is not the term total. */
const RESERVED_SHARE = { min: 0.1, max: 1 };

const errorBodySchema = z.object({ Error: z.object({ Code: z.string().nullish(), Message: z.string().nullish() }) });
const pageSchema = z.object({
  BillingCurrency: z.string().nullish(),
  Items: z.array(z.unknown()),
  NextPageLink: z.string().nullish(),
  Count: z.number().nullish(),
});

const itemSchema = z.object({
  currencyCode: z.string(),
  retailPrice: z.number(),
  armRegionName: z.string().min(1),
  location: z.string().nullish(),
  effectiveStartDate: z.string().nullish(),
  effectiveEndDate: z.string().nullish(),
  meterName: z.string(),
  productName: z.string(),
  skuName: z.string(),
  serviceName: z.string(),
  armSkuName: z.string(),
  unitOfMeasure: z.string(),
  // The field is `type`; the filter calls it `priceType`.
  type: z.string(),
  reservationTerm: z.string().nullish(),
});
type Item = z.infer<typeof itemSchema>;

type Kind = "onDemand" | "spot" | "reserved1y" | "reserved3y";
interface Row {
  item: Item;
  record: unknown;
  startsAt: number;
}
interface Group {
  armSkuName: string;
  entry: AzureGpuSize;
  region: string;
  rows: Partial<Record<Kind, Row[]>>;
}

/** Every row of the listing, page by page through `NextPageLink`, each sent to `baseUrl`. */
async function listAllPages(http: ProviderHttp, baseUrl: string): Promise<unknown[]> {
  const listed: unknown[] = [];
  let url = firstPageUrl(baseUrl);
  for (let page = 1; page <= MAX_PAGES; page++) {
    let body: unknown;
    try {
      body = await http.json({ url });
    } catch (error) {
      // The API may link one page past the end, and answers that link with a 400 that says so.
      if (
        page > 1 &&
        error instanceof ProviderError &&
        /Skip value .* greater than the total count/i.test(error.message)
      )
        return listed;
      throw error;
    }
    const upstream = errorBodySchema.safeParse(body);
    if (upstream.success && !(body as { Items?: unknown }).Items) {
      const { Code, Message } = upstream.data.Error;
      throw new ProviderError("UPSTREAM_ERROR", `Azure answered ${Code ?? "an error"}: ${Message ?? "(no message)"}`, {
        url,
      });
    }
    const parsed = parseOrDrift(pageSchema, body, "Azure Retail Prices page");
    listed.push(...parsed.Items);
    if (!parsed.NextPageLink) return listed;
    url = nextPageUrl(parsed.NextPageLink, baseUrl, url);
  }
  throw new ProviderError("UPSTREAM_ERROR", `Azure still linked a next page after ${MAX_PAGES} pages`, { url });
}

/** The next page on the configured base: Azure's link names its own host (prices.azure.com:443). */
function nextPageUrl(link: string, baseUrl: string, current: string): string {
  let next: URL;
  try {
    next = new URL(link);
  } catch {
    throw new ProviderError("SCHEMA_DRIFT", `Azure's NextPageLink is not a URL: ${link}`, { url: current });
  }
  if (next.pathname.replace(/\/+$/, "") !== API_PATH)
    throw new ProviderError("SCHEMA_DRIFT", `Azure's NextPageLink leaves the price listing: ${link}`, { url: current });
  const url = `${baseUrl}${next.pathname}${next.search}`;
  if (url === current)
    throw new ProviderError("UPSTREAM_ERROR", `Azure's NextPageLink points at the page it came from: ${link}`, {
      url: current,
    });
  return url;
}

function kindOf(item: Item): Kind | null {
  if (item.type === "Consumption") {
    if (LOW_PRIORITY.test(item.meterName) || LOW_PRIORITY.test(item.skuName)) return null; // legacy, not spot
    return SPOT.test(item.meterName) || SPOT.test(item.skuName) ? "spot" : "onDemand";
  }
  if (item.type === "Reservation") {
    const years = RESERVATION_YEARS[item.reservationTerm ?? ""];
    return years === 1 ? "reserved1y" : years === 3 ? "reserved3y" : null; // 5- and 10-year terms have no field
  }
  return null; // DevTestConsumption and anything new
}

const timeOf = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN);

/** What a group's rows of one kind say: the row in effect, stand-in prices set aside, or ambiguity. */
interface Picked {
  row: Row | null;
  /** Stand-in prices (under PLACEHOLDER_PER_GPU_HOUR a GPU) that were set aside. */
  placeholders: number[];
  /** Several real prices in effect at once. */
  ambiguous: number[] | null;
}

/**
 * The row in effect: of the rows whose window holds `now` (the others were left out when collected),
 * the latest start. Stand-in rows are set aside first. Microsoft has listed a $0.01 meter beside the
 * real one, same meter, same start date; that one was closed by an end date, but one left open must
 * not become the price either.
 */
function pick(rows: Row[] | undefined, gpuCount: number): Picked {
  const all = rows ?? [];
  const placeholders = all.filter((row) => row.item.retailPrice / gpuCount < PLACEHOLDER_PER_GPU_HOUR);
  const real = all.filter((row) => !placeholders.includes(row));
  const latest = Math.max(...real.map((row) => row.startsAt));
  const inEffect = real.filter((row) => row.startsAt === latest);
  const prices = [...new Set(inEffect.map((row) => row.item.retailPrice))];
  return {
    row: prices.length === 1 ? (inEffect[0] ?? null) : null,
    placeholders: [...new Set(placeholders.map((row) => row.item.retailPrice))],
    ambiguous: prices.length > 1 ? prices : null,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const round = (value: number) => Math.round(value * 1e6) / 1e6;

interface Collected {
  groups: Map<string, Group>;
  skipped: SkippedRecord[];
}

/** The GPU rows of the listing grouped by size and region; what cannot be read or is not public is reported. */
function collect(listed: unknown[], now: Date): Collected {
  const groups = new Map<string, Group>();
  const skipped: SkippedRecord[] = [];
  const unknownSizes = new Map<string, unknown[]>();
  const restricted = new Map<string, { reason: string; rows: unknown[] }>();
  const nowTime = now.getTime();

  for (const record of listed) {
    const parsed = itemSchema.safeParse(record);
    if (!parsed.success) {
      const { armSkuName: sku, armRegionName: region } = (record ?? {}) as Record<string, unknown>;
      // Only a row of a GPU size concerns this adapter.
      if (typeof sku === "string" && (AZURE_GPU_SIZES[sku] || GPU_FAMILY.test(sku)))
        skipped.push({
          reason: describeIssues(parsed.error),
          instanceType: typeof region === "string" && region ? `${sku}/${region}` : sku,
          raw: record,
        });
      continue;
    }
    const item = parsed.data;
    if (item.serviceName !== "Virtual Machines" || NOT_A_VM_RENTAL.test(item.productName)) continue;
    const entry = AZURE_GPU_SIZES[item.armSkuName];
    if (!entry) {
      if (GPU_FAMILY.test(item.armSkuName))
        unknownSizes.set(item.armSkuName, [...(unknownSizes.get(item.armSkuName) ?? []), record]);
      continue;
    }
    if (WINDOWS.test(item.productName)) continue; // the Windows licence is in that price
    const kind = kindOf(item);
    if (!kind) continue;
    const key = `${item.armSkuName}/${item.armRegionName}`;
    const restriction = RESTRICTED_REGIONS.find(([pattern]) => pattern.test(item.armRegionName));
    if (restriction) {
      const known = restricted.get(key) ?? { reason: restriction[1], rows: [] };
      restricted.set(key, { ...known, rows: [...known.rows, record] });
      continue;
    }
    if (item.unitOfMeasure !== "1 Hour" || item.currencyCode !== "USD") {
      skipped.push({
        reason: `${kind} meter in ${item.unitOfMeasure} and ${item.currencyCode}, not USD per hour`,
        instanceType: key,
        gpuNameRaw: entry.gpuNameRaw,
        raw: record,
      });
      continue;
    }
    const startsAt = timeOf(item.effectiveStartDate);
    const endsAt = timeOf(item.effectiveEndDate);
    if (Number.isNaN(startsAt) || startsAt > nowTime || endsAt <= nowTime) continue; // not in effect now
    const group = groups.get(key) ?? { armSkuName: item.armSkuName, entry, region: item.armRegionName, rows: {} };
    group.rows[kind] = [...(group.rows[kind] ?? []), { item, record, startsAt }];
    groups.set(key, group);
  }

  for (const [sku, rows] of unknownSizes)
    skipped.push({
      reason: `${sku} is not in the adapter's table of GPU sizes (Microsoft's size documentation): its GPUs are unknown`,
      instanceType: sku,
      raw: rows,
    });
  for (const [key, { reason, rows }] of restricted)
    skipped.push({ reason: `${key.split("/")[1]} is ${reason}`, cause: "excluded", instanceType: key, raw: rows });
  return { groups, skipped };
}

type Outcome = { offer: ProviderOffer } | { skipped: SkippedRecord };

function offerOf(group: Group, medianOnDemand: number | undefined, baseUrl: string): Outcome {
  const key = `${group.armSkuName}/${group.region}`;
  const { entry } = group;
  const raw = Object.fromEntries(
    Object.entries(group.rows).map(([kind, rows]) => [kind, rows.map((row) => row.record)]),
  );
  const skip = (reason: string, cause?: "excluded"): Outcome => ({
    skipped: { reason, ...(cause ? { cause } : {}), instanceType: key, gpuNameRaw: entry.gpuNameRaw, raw },
  });
  if (entry.excluded) return skip(entry.excluded, "excluded");

  const onDemand = pick(group.rows.onDemand, entry.gpuCount);
  if (onDemand.ambiguous)
    return skip(`several Linux pay-as-you-go prices in effect at once: ${onDemand.ambiguous.join(", ")}`);
  if (!onDemand.row) {
    if (onDemand.placeholders.length)
      return skip(`pay-as-you-go price $${onDemand.placeholders.join(", $")} is a placeholder, not a price`);
    // A group holds a row of interest: here a spot or reservation price without the Linux pay-as-you-go one.
    return skip("no Linux pay-as-you-go meter in effect, only spot or reservation meters");
  }
  const price = onDemand.row.item.retailPrice;
  if (medianOnDemand !== undefined && price < PLACEHOLDER_SHARE_OF_MEDIAN * medianOnDemand)
    return skip(
      `pay-as-you-go price $${price} is under a fifth of the size's median $${medianOnDemand}: a placeholder`,
    );

  const setAside: string[] = onDemand.placeholders.map((value) => `pay-as-you-go placeholder $${value}`);
  const spotPick = pick(group.rows.spot, entry.gpuCount);
  setAside.push(...spotPick.placeholders.map((value) => `spot placeholder $${value}`));
  if (spotPick.ambiguous) setAside.push(`several spot prices in effect: ${spotPick.ambiguous.join(", ")}`);
  let spot: number | null = spotPick.row?.item.retailPrice ?? null;
  if (spot !== null && spot > price) {
    setAside.push(`spot $${spot} above pay-as-you-go`);
    spot = null;
  }

  const termTotals: Record<string, number> = {};
  const reserved = (kind: "reserved1y" | "reserved3y", years: 1 | 3): number | null => {
    const found = pick(group.rows[kind], entry.gpuCount);
    if (found.ambiguous) setAside.push(`several ${years}-year reservation prices: ${found.ambiguous.join(", ")}`);
    if (!found.row) return null;
    const total = found.row.item.retailPrice;
    const hourly = round(total / (years * HOURS_PER_YEAR));
    if (hourly < RESERVED_SHARE.min * price || hourly > RESERVED_SHARE.max * price) {
      setAside.push(`${years}-year reservation $${total} is not a term total for this size (it would be $${hourly}/h)`);
      return null;
    }
    termTotals[`${years}y`] = total;
    return hourly;
  };
  const reserved1y = reserved("reserved1y", 1);
  const reserved3y = reserved("reserved3y", 3);

  const { item } = onDemand.row;
  return {
    offer: {
      instanceType: key,
      instanceName: group.armSkuName,
      gpuNameRaw: entry.gpuNameRaw,
      gpuCount: entry.gpuCount,
      gpuMemoryGb: entry.gpuMemoryGb,
      formFactor: entry.formFactor,
      currency: "USD",
      pricePerHour: price,
      pricePerHourSpot: spot,
      pricePerHourReserved1y: reserved1y,
      pricePerHourReserved3y: reserved3y,
      // A price list, not stock: whether the size can be had in the region is not said.
      availability: "limited",
      regions: [group.region],
      vcpuCount: entry.vcpus,
      priceIncludes: {
        operating_system: "Linux",
        location: item.location ?? null,
        effective_since: item.effectiveStartDate ?? null,
        ...(Object.keys(termTotals).length
          ? { reservation_term_total_usd: termTotals, reservation_hours_per_year: HOURS_PER_YEAR }
          : {}),
        ...(setAside.length ? { set_aside: setAside } : {}),
      },
      sourceUrl: offerSourceUrl(baseUrl, group.armSkuName, group.region),
      raw,
    },
  };
}

/** Per size, the median pay-as-you-go price over its regions, when three or more are priced. */
function mediansBySize(groups: Iterable<Group>): Map<string, number> {
  const prices = new Map<string, number[]>();
  for (const group of groups) {
    const found = pick(group.rows.onDemand, group.entry.gpuCount);
    if (!found.row) continue;
    prices.set(group.armSkuName, [...(prices.get(group.armSkuName) ?? []), found.row.item.retailPrice]);
  }
  return new Map(
    [...prices].filter(([, values]) => values.length >= 3).map(([sku, values]) => [sku, median(values)] as const),
  );
}

export const azure: ProviderAdapter = {
  slug: "azure",
  method: "api",
  version: "azure/1",
  baseUrl: { env: "AZURE_BASE_URL", default: "https://prices.azure.com" },

  async scrape({ http, baseUrl, now }) {
    const listed = await listAllPages(http, baseUrl);
    const { groups, skipped } = collect(listed, now);
    const medians = mediansBySize(groups.values());
    const offers: ProviderOffer[] = [];
    for (const group of groups.values()) {
      const outcome = offerOf(group, medians.get(group.armSkuName), baseUrl);
      if ("offer" in outcome) offers.push(outcome.offer);
      else skipped.push(outcome.skipped);
    }
    return { offers, skipped };
  },
};
