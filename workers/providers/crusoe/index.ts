import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import {
  all,
  attribute,
  childElements,
  type Element,
  first,
  hasClass,
  isHidden,
  layoutChanged,
  loadPage,
  moneyIn,
  parsePage,
  visibleText,
} from "../html";
import type { ProviderAdapter } from "../types";

// Crusoe Cloud lists its prices on one Webflow page, server-rendered. The page has many price
// blocks that share one markup (a `.pricing-table-heading` of column names, then a CMS list of
// `.prixing-item` rows, sic): GPU instances, CPU instances ($/vCPU-hr), storage, managed
// Kubernetes, serverless fine-tuning and inference (per 1M tokens), and "Self-Serve Deployments"
// (hourly prices of a dedicated model endpoint on a GPU, not of the GPU instance). Only the block
// headed "GPU instances pricing", whose columns read "GPU model / On-demand / Current spot", is
// read; it is found by that heading and those column names, never by the row markup alone.
//
// A row names the GPU in its heading ("NVIDIA A100") and tells variants apart by two tags beside
// it: memory ("80GB", the dark tag) and form factor ("SXM", "PCIe", "HGX", "NVL72", or empty).
// Prices are per GPU-hour ("$2.30/GPU-hr"), with no instance sizes, so each row is one GPU.
// "Contact sales" in the on-demand column means no published price (excluded, not unreadable); in
// the spot column it means no spot price.

const PAGE_PATH = "/cloud/pricing";
const SECTION_HEADING = /^GPU instances pricing$/i;

type Column = "name" | "onDemand" | "spot";
const COLUMNS: [RegExp, Column][] = [
  [/^GPU model$/i, "name"],
  [/^on[- ]?demand$/i, "onDemand"],
  [/^(?:current )?spot$/i, "spot"],
];

/** A price per GPU-hour: "$2.30/GPU-hr", "$2.30 per GPU hour", "$2.30/hr". */
const PER_GPU_HOUR = /(?:\/|\bper\s+)(?:gpu[- ]?)?(?:hr|hour)\b/i;
const CONTACT = /contact/i;

/** "NVIDIA A100" + "80GB" + "SXM" → "a100-80gb-sxm"; the vendor prefix is left out. */
const slugOf = (...parts: string[]) =>
  parts
    .join(" ")
    .replace(/^(?:NVIDIA|AMD)\s+/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/** The form factor a tag states, as the offer contract spells it (an HGX board takes SXM modules). */
function formFactorOf(tag: string): string | null {
  if (/^(?:hgx|dgx|sxm\d?)$/i.test(tag)) return "SXM";
  if (/^pci[- ]?e$/i.test(tag)) return "PCIe";
  if (/^nvl\d*$/i.test(tag)) return "NVL";
  return null;
}

interface PriceTable {
  columns: (Column | null)[];
  rows: Element[];
}

/** The column names of a header row, or null unless it names the GPU model and on-demand columns. */
function columnsOf(header: Element): (Column | null)[] | null {
  const columns = childElements(header)
    .filter((cell) => !isHidden(cell))
    .map((cell) => COLUMNS.find(([pattern]) => pattern.test(visibleText(cell)))?.[1] ?? null);
  return columns[0] === "name" && columns.includes("onDemand") ? columns : null;
}

/**
 * The price table under a "GPU instances pricing" heading: the nearest block around the heading
 * whose header row names the GPU model and on-demand columns, and the rows beside that header.
 */
function tableUnder(heading: Element): PriceTable | null {
  for (let block = heading.parent; block && "attribs" in block; block = block.parent) {
    for (const header of all(".pricing-table-heading", block)) {
      if (isHidden(header)) continue;
      const columns = columnsOf(header);
      if (!columns || !header.parent) continue;
      return { columns, rows: all(".pricing_gpu-item", header.parent) };
    }
  }
  return null;
}

interface Row {
  name: string;
  memoryTag: string;
  formTag: string;
  cells: string[];
  href: string | null;
}

function readRow(row: Element): Row {
  const heading = first("h1, h2, h3, h4, h5, h6", row);
  const tags = all(".pricing-tag", row)
    .filter((tag) => !isHidden(tag))
    .map((tag) => ({ dark: hasClass(tag, "is-dark"), text: visibleText(tag) }));
  const memoryTag = (tags.find((tag) => tag.dark) ?? tags.find((tag) => /^\d+\s?GB$/i.test(tag.text)))?.text ?? "";
  const formTag = tags.find((tag) => !tag.dark && tag.text !== "" && tag.text !== memoryTag)?.text ?? "";
  const cells = childElements(row)
    .filter((cell) => hasClass(cell, "pricing-rich") && !isHidden(cell))
    .map((cell) => visibleText(cell));
  const link = first("a[href]", row);
  return {
    name: heading ? visibleText(heading) : "",
    memoryTag,
    formTag,
    cells,
    href: link && attribute(link, "href"),
  };
}

function rowOffer(row: Row, columns: (Column | null)[], url: string, skipped: SkippedRecord[]): ProviderOffer | null {
  const instanceType = slugOf(row.name, row.memoryTag, row.formTag);
  // The name column is the row's heading and tags; each other column is one `.pricing-rich` cell.
  const priceColumns = columns.slice(1);
  const raw = {
    model: row.name,
    memory: row.memoryTag,
    formFactor: row.formTag,
    ...Object.fromEntries(priceColumns.map((column, index) => [column ?? index + 1, row.cells[index] ?? null])),
  };
  const record = { instanceType, gpuNameRaw: row.name, raw };
  if (row.name === "") {
    skipped.push({ reason: "a GPU row without a model name", ...record });
    return null;
  }
  if (row.cells.length !== priceColumns.length) {
    skipped.push({ reason: `${row.cells.length} price cells under ${priceColumns.length} price columns`, ...record });
    return null;
  }
  const value = (column: Column) => row.cells[priceColumns.indexOf(column)] ?? "";
  const onDemandText = value("onDemand");
  if (CONTACT.test(onDemandText) && !moneyIn(onDemandText)) {
    // Listed, but sold by quote only: nothing to publish, and not a reading failure.
    skipped.push({ reason: "contact sales: no published price", cause: "excluded", ...record });
    return null;
  }
  const onDemand = moneyIn(onDemandText);
  if (onDemand?.currency !== "USD" || onDemand.amount <= 0) {
    skipped.push({ reason: `no on-demand price in "${onDemandText}"`, ...record });
    return null;
  }
  if (!PER_GPU_HOUR.test(onDemandText)) {
    skipped.push({ reason: `on-demand price "${onDemandText}" is not per GPU-hour`, ...record });
    return null;
  }
  const spotText = columns.includes("spot") ? value("spot") : "";
  const spot = moneyIn(spotText);
  const memory = /^(\d+(?:\.\d+)?)\s?GB$/i.exec(row.memoryTag);
  const href = row.href && /^\/cloud\/gpus\//.test(row.href) ? new URL(row.href, url).href : null;
  return {
    instanceType,
    instanceName: [row.name, row.memoryTag, row.formTag].filter((part) => part !== "").join(" "),
    gpuNameRaw: row.name,
    gpuCount: 1,
    gpuMemoryGb: memory ? Number(memory[1]) : null,
    formFactor: formFactorOf(row.formTag),
    currency: "USD",
    pricePerHour: onDemand.amount,
    pricePerHourSpot:
      spot && spot.currency === "USD" && spot.amount > 0 && PER_GPU_HOUR.test(spotText) ? spot.amount : null,
    // The page lists what can be rented; it says nothing of stock or regions.
    availability: "available",
    regions: [],
    priceIncludes: { per: "GPU-hour" },
    instanceUrl: href,
    sourceUrl: url,
    raw,
  };
}

export const crusoe: ProviderAdapter = {
  slug: "crusoe",
  method: "html",
  version: "crusoe/1",
  baseUrl: { env: "CRUSOE_BASE_URL", default: "https://crusoe.ai" },

  async scrape(context) {
    const url = `${context.baseUrl}${PAGE_PATH}`;
    const html = await loadPage(context, url);
    const page = parsePage(html);
    const headings = all("h1, h2, h3, h4, h5, h6", page).filter(
      (heading) => !isHidden(heading) && SECTION_HEADING.test(visibleText(heading)),
    );
    const tables = headings.map(tableUnder);
    if (tables.length === 0 || tables.some((table) => table === null))
      throw layoutChanged('no "GPU instances pricing" block with GPU model and On-demand columns was found', html, url);
    const offers: ProviderOffer[] = [];
    const skipped: SkippedRecord[] = [];
    const seen = new Set<Element>();
    for (const table of tables) {
      if (!table) continue;
      for (const element of table.rows) {
        if (seen.has(element) || isHidden(element)) continue;
        seen.add(element);
        const offer = rowOffer(readRow(element), table.columns, url, skipped);
        if (!offer) continue;
        const earlier = offers.find((other) => other.instanceType === offer.instanceType);
        if (earlier) {
          // The same GPU row shown twice (an A/B variant of the block): the first one stands.
          skipped.push({
            reason: `repeats ${offer.instanceType} ($${offer.pricePerHour}; kept the first, $${earlier.pricePerHour})`,
            cause: earlier.pricePerHour === offer.pricePerHour ? "excluded" : "unreadable",
            instanceType: offer.instanceType,
            gpuNameRaw: offer.gpuNameRaw,
            raw: offer.raw,
          });
          continue;
        }
        offers.push(offer);
      }
    }
    if (offers.length === 0) throw layoutChanged("the GPU instances block has no priced GPU row", html, url);
    return { offers, skipped };
  },
};
