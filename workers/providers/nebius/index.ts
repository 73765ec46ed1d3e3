import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import {
  all,
  childElements,
  type Element,
  first,
  isHidden,
  layoutChanged,
  loadPage,
  moneyIn,
  parsePage,
  visibleText,
} from "../html";
import type { ProviderAdapter } from "../types";

// Nebius publishes its list prices on nebius.com/prices, server-rendered by a Next.js "page
// constructor". There is no <table>: each price table is a `.pc-highlight-table-block` titled by an
// h2 (`.pc-title-item__text`), with a `__head` row naming the columns and `__body` rows of `__cell`
// divs. The GPU tables quote PER GPU-HOUR:
//   "NVIDIA GPU Instances": Item, vCPUs, RAM GB, "On-demand, GPU-hour" and, while a price change is
//     announced, "GPU-hour (Effective <date>)", the price from that date on;
//   "Preemptible NVIDIA GPU Instances": Item, vCPUs, RAM GB, "Spot price, GPU-hour*".
// Nebius rents single GPUs (the vCPUs and RAM of a row are those of one GPU's share), so one offer per
// row sells one GPU. Rows quoted "Contact us" (the GB200/GB300 NVL72 racks) have no price. "from $x"
// is the row's cheapest configuration. The page's footnotes say what the spot column means: "*"
// spot prices are dynamic (the figure is where they start; the console shows the current one), "**"
// the L40S preemptible instances are billed at a flat rate instead. Commitment discounts ("up to
// 35% less") are prose only and not read.

const PAGE_PATH = "/prices";

type Column = "name" | "vcpus" | "ram" | "onDemand" | "announced" | "spot";
const COLUMNS: [RegExp, Column][] = [
  [/^item$/i, "name"],
  [/^vcpus?$/i, "vcpus"],
  [/^ram\b/i, "ram"],
  [/\beffective\b/i, "announced"],
  [/^on-demand\b.*\bgpu-hour\b/i, "onDemand"],
  [/^spot price\b.*\bgpu-hour\b/i, "spot"],
];

interface Table {
  columns: (Column | null)[];
  headers: string[];
  rows: Element[];
}

const cellsOf = (row: Element) => childElements(row, "pc-highlight-table-block__cell").map((cell) => visibleText(cell));

function tableOf(block: Element): Table | null {
  const head = first(".pc-highlight-table-block__head", block);
  const body = first(".pc-highlight-table-block__body", block);
  const headRow = childElements(head, "pc-highlight-table-block__row")[0];
  if (!headRow || !body) return null;
  const headers = cellsOf(headRow);
  return {
    headers,
    columns: headers.map((header) => COLUMNS.find(([pattern]) => pattern.test(header))?.[1] ?? null),
    rows: childElements(body, "pc-highlight-table-block__row").filter((row) => !isHidden(row)),
  };
}

/** The footnote marks at the end of a label or price: "Spot price, GPU-hour*" → "*". */
const marksOf = (text: string) => /(\*+)\s*$/.exec(text)?.[1] ?? "";

/** "NVIDIA L40S with Intel CPU**" → "nvidia l40s with intel cpu", the key rows of both tables share. */
const keyOf = (name: string) =>
  name
    .replace(/\*+/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/** "NVIDIA HGX B300" → "hgx-b300"; "NVIDIA L40S with Intel CPU" → "l40s-with-intel-cpu". */
const instanceTypeOf = (name: string) =>
  keyOf(name)
    .replace(/^nvidia /, "")
    .replace(/ /g, "-");

/** The GPU in an item name: "NVIDIA L40S with Intel CPU" → "NVIDIA L40S". */
const gpuNameOf = (name: string) =>
  name
    .replace(/\*+/g, "")
    .replace(/\s+with\s+\S+\s+CPU\b.*$/i, "")
    .trim();

/** "16" → 16; "8-40" (a range of configurations) → null. */
function countIn(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)$/.exec(text.trim());
  return match ? Number(match[1]) : null;
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** The date in "GPU-hour (Effective October 1, 2026)" (also "1 October 2026", "2026-10-01"), as UTC midnight. */
export function effectiveDateIn(header: string): Date | null {
  const text = header.replace(/\s+/g, " ");
  let year: number | undefined;
  let month: number | undefined;
  let day: number | undefined;
  const monthFirst = /\b([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b/i.exec(text);
  const dayFirst = /\b(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?,? (\d{4})\b/i.exec(text);
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  const monthIndex = (word: string | undefined) => {
    const lower = (word ?? "").toLowerCase();
    return lower.length >= 3 ? MONTHS.findIndex((name) => name.startsWith(lower)) : -1;
  };
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])];
  else if (monthFirst && monthIndex(monthFirst[1]) !== -1)
    [year, month, day] = [Number(monthFirst[3]), monthIndex(monthFirst[1]), Number(monthFirst[2])];
  else if (dayFirst && monthIndex(dayFirst[2]) !== -1)
    [year, month, day] = [Number(dayFirst[3]), monthIndex(dayFirst[2]), Number(dayFirst[1])];
  if (year === undefined || month === undefined || day === undefined) return null;
  const date = new Date(Date.UTC(year, month, day));
  // "February 30" rolls over: not a date the page can mean.
  return date.getUTCMonth() === month && date.getUTCDate() === day ? date : null;
}

/** The page's footnotes by mark: "**" → "NVIDIA L40S preemptible instances are excluded from spot pricing …". */
function footnotesOf(page: ReturnType<typeof parsePage>): Map<string, string> {
  const notes = new Map<string, string>();
  for (const paragraph of all(".pc-content__notice p", page)) {
    const match = /^(\*+)\s*(.+)$/.exec(visibleText(paragraph));
    if (match?.[1] && match[2] && !notes.has(match[1])) notes.set(match[1], match[2]);
  }
  return notes;
}

interface SpotPrice {
  amount: number;
  startingPrice: boolean;
  /** The figure is where a dynamic spot price starts, not the price in force. */
  dynamic: boolean;
  text: string;
}

/**
 * The preemptible rows by item key. A spot price the footnotes call dynamic is only the bottom of
 * its range ("may vary … as frequently as every 15 minutes", up to one cent under on-demand); a row
 * whose own footnote says it is billed at a flat rate is a price in force.
 */
function spotPricesOf(tables: Table[], notes: Map<string, string>, skipped: SkippedRecord[]) {
  const prices = new Map<string, SpotPrice>();
  const names = new Map<string, string>();
  for (const table of tables) {
    const name = table.columns.indexOf("name");
    const spot = table.columns.indexOf("spot");
    const headerNote = notes.get(marksOf(table.headers[spot] ?? "")) ?? "";
    const columnDynamic = /\bdynamic\b/i.test(headerNote);
    for (const row of table.rows) {
      const cells = cellsOf(row);
      const label = cells[name] ?? "";
      const text = cells[spot] ?? "";
      const money = moneyIn(text);
      if (!label || !money || money.currency !== "USD" || money.amount <= 0) {
        skipped.push({
          reason: `no spot price in "${text}"`,
          instanceType: `${instanceTypeOf(label)}/spot`,
          gpuNameRaw: gpuNameOf(label),
          raw: cells,
        });
        continue;
      }
      const rowNote = notes.get(marksOf(text)) ?? "";
      const flatRate = /\bflat rate\b|excluded from spot pricing/i.test(rowNote);
      prices.set(keyOf(label), {
        amount: money.amount,
        startingPrice: /^from\b/i.test(text),
        dynamic: columnDynamic && !flatRate,
        text,
      });
      names.set(keyOf(label), label);
    }
  }
  return { prices, names };
}

function onDemandOffers(
  table: Table,
  spot: Map<string, SpotPrice>,
  now: Date,
  url: string,
  html: string,
  skipped: SkippedRecord[],
): ProviderOffer[] {
  const index = (column: Column) => table.columns.indexOf(column);
  const announcedHeader = table.headers[index("announced")];
  let effectiveFrom: Date | null = null;
  if (announcedHeader !== undefined) {
    effectiveFrom = effectiveDateIn(announcedHeader);
    if (!effectiveFrom)
      throw layoutChanged(`the date of the announced price column "${announcedHeader}" cannot be read`, html, url);
  }
  // The price in force when the scrape runs: the announced one once its date has come.
  const announcedInForce = effectiveFrom !== null && now.getTime() >= effectiveFrom.getTime();
  const effectiveDay = effectiveFrom?.toISOString().slice(0, 10);
  const offers: ProviderOffer[] = [];
  for (const row of table.rows) {
    const cells = cellsOf(row);
    const label = cells[index("name")] ?? "";
    const instanceType = instanceTypeOf(label);
    const gpuNameRaw = gpuNameOf(label);
    const raw = Object.fromEntries(table.headers.map((header, at) => [header, cells[at] ?? null]));
    if (cells.length !== table.headers.length || !label) {
      skipped.push({ reason: `${cells.length} cells under ${table.headers.length} headers`, instanceType, raw });
      continue;
    }
    const current = cells[index("onDemand")] ?? "";
    const announced = announcedHeader === undefined ? null : (cells[index("announced")] ?? "");
    const inForce = announcedInForce && announced !== null ? announced : current;
    if (/\bcontact\b/i.test(inForce)) {
      // Listed, but sold by quote only: nothing to publish, and not a reading failure.
      skipped.push({ reason: "contact us: no published price", cause: "excluded", instanceType, gpuNameRaw, raw });
      continue;
    }
    const price = moneyIn(inForce);
    if (price?.currency !== "USD" || price.amount <= 0) {
      skipped.push({ reason: `no on-demand price in "${inForce}"`, instanceType, gpuNameRaw, raw });
      continue;
    }
    if (offers.some((offer) => offer.instanceType === instanceType)) {
      skipped.push({ reason: `a second row named "${label}"`, instanceType, gpuNameRaw, raw });
      continue;
    }
    const other = announcedInForce ? moneyIn(current) : announced === null ? null : moneyIn(announced);
    const vcpus = cells[index("vcpus")] ?? "";
    const ram = cells[index("ram")] ?? "";
    const spotPrice = spot.get(keyOf(label));
    const includes: Record<string, unknown> = {
      per: "GPU-hour",
      price_column: announcedInForce ? announcedHeader : table.headers[index("onDemand")],
    };
    if (/^from\b/i.test(inForce)) includes.price_is_starting_price = true;
    if (effectiveFrom && announcedInForce) {
      includes.price_effective_from = effectiveDay;
      if (other) includes.previous_price_per_gpu_hour = other.amount;
    } else if (effectiveFrom && other) {
      includes.announced_price_per_gpu_hour = other.amount;
      includes.announced_effective_from = effectiveDay;
    }
    if (countIn(vcpus) === null && vcpus) includes.vcpus_range = vcpus;
    if (countIn(ram) === null && ram) includes.ram_gb_range = ram;
    if (spotPrice) {
      if (spotPrice.dynamic) {
        // Where the dynamic spot price starts, not what it costs now: kept, not published as the spot price.
        includes.spot_price_from_per_gpu_hour = spotPrice.amount;
        includes.spot_price_is_dynamic = true;
      } else if (spotPrice.startingPrice) includes.spot_price_is_starting_price = true;
    }
    offers.push({
      instanceType,
      instanceName: label,
      gpuNameRaw,
      gpuCount: 1,
      // An HGX board is the SXM form factor.
      formFactor: /\bHGX\b/i.test(label) ? "SXM" : null,
      currency: "USD",
      pricePerHour: price.amount,
      pricePerHourSpot: spotPrice && !spotPrice.dynamic && spotPrice.amount < price.amount ? spotPrice.amount : null,
      // The page lists what can be rented; it says nothing of stock.
      availability: "available",
      regions: [],
      vcpuCount: countIn(vcpus),
      ramGb: countIn(ram),
      priceIncludes: includes,
      sourceUrl: url,
      raw: spotPrice ? { ...raw, spot: spotPrice.text } : raw,
    });
  }
  return offers;
}

export const nebius: ProviderAdapter = {
  slug: "nebius",
  method: "html",
  version: "nebius/1",
  baseUrl: { env: "NEBIUS_BASE_URL", default: "https://nebius.com" },

  async scrape(context) {
    const url = `${context.baseUrl}${PAGE_PATH}`;
    const html = await loadPage(context, url);
    const page = parsePage(html);
    const tables = all(".pc-highlight-table-block", page)
      .filter((block) => !isHidden(block))
      .map(tableOf)
      .filter((table): table is Table => table?.columns.includes("name") === true);
    const onDemandTables = tables.filter((table) => table.columns.includes("onDemand"));
    const spotTables = tables.filter((table) => table.columns.includes("spot") && !table.columns.includes("onDemand"));
    if (onDemandTables.length === 0)
      throw layoutChanged('no GPU price table (Item, "On-demand, GPU-hour") was found', html, url);

    const skipped: SkippedRecord[] = [];
    const spot = spotPricesOf(spotTables, footnotesOf(page), skipped);
    const offers = onDemandTables.flatMap((table) =>
      onDemandOffers(table, spot.prices, context.now, url, html, skipped),
    );
    if (offers.length === 0) throw layoutChanged("the GPU price table has no readable price", html, url);
    const sold = new Set(
      onDemandTables.flatMap((table) =>
        table.rows.map((row) => keyOf(cellsOf(row)[table.columns.indexOf("name")] ?? "")),
      ),
    );
    for (const [key, label] of spot.names) {
      if (sold.has(key)) continue;
      skipped.push({
        reason: `preemptible "${label}" has no on-demand row to join`,
        cause: "excluded",
        instanceType: `${instanceTypeOf(label)}/spot`,
        gpuNameRaw: gpuNameOf(label),
        raw: spot.prices.get(key)?.text ?? null,
      });
    }
    return { offers, skipped };
  },
};
