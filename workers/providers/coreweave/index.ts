import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import {
  all,
  attribute,
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

// CoreWeave publishes prices only on its pricing page (server-rendered by Webflow). Under
// "On-demand GPU instances" there is one table per region ("REGION: NORTH AMERICA", "REGION:
// EUROPE"), each a `.table-v2.gpu-pricing` whose header names the columns: GPU Model, GPU Count,
// VRAM (GB), vCPUs, System RAM (GB), Local Storage (TB), On-Demand Price (Per Hour), Spot Price (Per
// Hour), and in some regions an "Inference Single GPU Price" that is not a rental of the instance.
// Prices are for the whole instance (8 GPUs of an HGX node; a 4-GPU slice of a GB200/GB300 NVL72
// rack, marked "4^1"). Every row carries its figures twice, as grid cells and again in a block for
// small screens; only the grid cells are read. The CPU tables share the markup and name a CPU
// model in their first column: they are not read.

const PAGE_PATH = "/pricing";

type Column = "name" | "gpus" | "vram" | "vcpus" | "ram" | "storage" | "onDemand" | "spot";
const COLUMNS: [RegExp, Column][] = [
  [/^gpu model$/i, "name"],
  [/^gpu count$/i, "gpus"],
  [/^vram/i, "vram"],
  [/^vcpus$/i, "vcpus"],
  [/^system ram/i, "ram"],
  [/^local storage/i, "storage"],
  [/^on-demand price/i, "onDemand"],
  [/^spot price/i, "spot"],
];

/** "REGION: NORTH AMERICA" → "north-america". */
const regionOf = (label: string) =>
  label
    .replace(/^region:\s*/i, "")
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");

/** "2,048" → 2048, "4^1" (a footnote mark) → 4, "7.68" → 7.68; anything else null. */
function numberIn(text: string): number | null {
  const match = /^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)/.exec(text.trim());
  return match ? Number(match[1]?.replace(/,/g, "")) : null;
}

/** The table's columns by header text, or null when a column the reader needs is missing. */
function columnsOf(table: Element): (Column | null)[] | null {
  const headers = all(".table-v2-header .table-v2-cell", table).map((cell) => visibleText(cell));
  const columns = headers.map((header) => COLUMNS.find(([pattern]) => pattern.test(header))?.[1] ?? null);
  const needed: Column[] = ["name", "gpus", "onDemand"];
  return needed.every((column) => columns.includes(column)) ? columns : null;
}

function rowOffer(
  row: Element,
  columns: (Column | null)[],
  region: string,
  url: string,
  skipped: SkippedRecord[],
): ProviderOffer | null {
  const grid = first(".table-grid", row);
  // The grid's own cells, not the repeated block for small screens.
  const cells = childElements(grid, "table-v2-cell");
  const name = visibleText(first("h3.table-model-name", row) ?? row);
  const product = attribute(first("h3.table-model-name", row) ?? row, "data-product") ?? name;
  const instanceType = `${product}/${region}`;
  if (cells.length !== columns.length) {
    skipped.push({
      reason: `${cells.length} cells under ${columns.length} headers`,
      instanceType,
      raw: visibleText(row),
    });
    return null;
  }
  const value = (column: Column) => {
    const index = columns.indexOf(column);
    const cell = index === -1 ? undefined : cells[index];
    return cell ? visibleText(cell) : "";
  };
  const gpus = numberIn(value("gpus"));
  const onDemand = moneyIn(value("onDemand"));
  const spot = moneyIn(value("spot"));
  const raw = Object.fromEntries(columns.map((column, index) => [column ?? index, visibleText(cells[index] ?? row)]));
  if (!gpus || !Number.isInteger(gpus)) {
    skipped.push({ reason: `GPU count "${value("gpus")}" is not a whole number`, instanceType, gpuNameRaw: name, raw });
    return null;
  }
  if (/contact/i.test(value("onDemand"))) {
    // Listed, but sold by quote only: nothing to publish, and not a reading failure.
    skipped.push({
      reason: "contact sales: no published price",
      cause: "excluded",
      instanceType,
      gpuNameRaw: name,
      raw,
    });
    return null;
  }
  if (onDemand?.currency !== "USD" || onDemand.amount <= 0) {
    skipped.push({ reason: `no on-demand price in "${value("onDemand")}"`, instanceType, gpuNameRaw: name, raw });
    return null;
  }
  const storageTb = numberIn(value("storage"));
  return {
    instanceType,
    instanceName: `${gpus}x ${name.replace(/^NVIDIA\s+/i, "")}`,
    gpuNameRaw: name,
    gpuCount: gpus,
    gpuMemoryGb: numberIn(value("vram")),
    // An HGX board is the SXM form factor.
    formFactor: /\bHGX\b/i.test(name) ? "SXM" : null,
    currency: "USD",
    pricePerHour: onDemand.amount,
    pricePerHourSpot: spot && spot.currency === "USD" && spot.amount > 0 ? spot.amount : null,
    // The page lists what can be rented; it says nothing of stock.
    availability: "available",
    regions: [region],
    vcpuCount: numberIn(value("vcpus")),
    ramGb: numberIn(value("ram")),
    storageGb: storageTb === null ? null : Math.round(storageTb * 1000),
    storageType: "NVMe",
    priceIncludes: { region_label: region, per: "instance" },
    sourceUrl: url,
    raw,
  };
}

export const coreweave: ProviderAdapter = {
  slug: "coreweave",
  method: "html",
  version: "coreweave/1",
  baseUrl: { env: "COREWEAVE_BASE_URL", default: "https://www.coreweave.com" },

  async scrape(context) {
    const url = `${context.baseUrl}${PAGE_PATH}`;
    const html = await loadPage(context, url);
    const page = parsePage(html);
    const skipped: SkippedRecord[] = [];
    const offers: ProviderOffer[] = [];
    let gpuTables = 0;
    for (const table of all(".table-v2.gpu-pricing", page)) {
      if (isHidden(table)) continue;
      const columns = columnsOf(table);
      if (!columns) continue; // a CPU or storage table
      gpuTables++;
      const section = table.parent;
      const label = section ? visibleText(first("h5", section) ?? section) : "";
      if (!/^region:/i.test(label)) throw layoutChanged(`a GPU price table without its "REGION:" label`, html, url);
      const region = regionOf(label);
      for (const row of all(".table-row-v2", table)) {
        if (isHidden(row)) continue;
        const offer = rowOffer(row, columns, region, url, skipped);
        if (offer) offers.push(offer);
      }
    }
    if (gpuTables === 0 || offers.length === 0)
      throw layoutChanged("no GPU price table (GPU Model, GPU Count, On-Demand Price) was found", html, url);
    return { offers, skipped };
  },
};
