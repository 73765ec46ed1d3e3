import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import {
  all,
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
import type { AdapterContext, AdapterResult } from "../types";

// Hyperstack's public pricing page (www.hyperstack.cloud/gpu-pricing), read when no API key is set.
// The page is HubSpot, server-rendered, and has no <table>: each price list is a
// `div.page-price_card` titled by its <h3> ("On-Demand GPU Pricing", "Reservation Pricing", "Spot VM
// Pricing", then CPU, storage, other services and the AI Studio token and fine-tuning cards, which are
// not GPU rentals and are never read). A card has a head row of `.page-price_card_head_item`s and
// rows of `.page-price_card_row_item`, whose `.page-price_card_row_item_col`s line up with the head.
//
// Prices are per GPU-hour with no instance sizes beside them (pCPUs and RAM are given "per GPU"), so
// each on-demand row is sold as one GPU. The spot card names GPUs its own way ("NVIDIA H100 PCIe"
// where the on-demand card says "NVIDIA H100"): rows are joined on a normalised name. On this page a
// name without SXM is the PCIe card, and "NVLink" is a PCIe card paired by an NVLink bridge, not an
// SXM module. The reservation card gives "Starting from" prices without saying for which term; they
// are kept in `priceIncludes`, and published as a 1- or 3-year rate only when the card states that term.

type Column = "name" | "vram" | "vcpus" | "ram" | "price";
type Kind = "onDemand" | "reservation" | "spot";

const CARD_KINDS: [RegExp, Kind][] = [
  [/^on-demand gpu\b/i, "onDemand"],
  [/^reserv/i, "reservation"],
  [/^spot\b/i, "spot"],
];

const COLUMNS: Record<Kind, [RegExp, Column][]> = {
  onDemand: [
    [/^gpu model$/i, "name"],
    [/^vram/i, "vram"],
    [/\b[pv]?cpus?\b.*\bper gpu$/i, "vcpus"],
    [/\bram\b.*\bper gpu$/i, "ram"],
    [/^pric(?:e|ing)\b.*\bhour$/i, "price"],
  ],
  reservation: [
    [/^gpu model$/i, "name"],
    [/^(?:starting from|from|pric(?:e|ing))\b/i, "price"],
  ],
  spot: [
    [/^gpu model$/i, "name"],
    [/^(?:spot|pric(?:e|ing))\b/i, "price"],
  ],
};

// Blackwell HGX modules and the H200 (SXM, or the NVL) are not made as plain PCIe cards: a bare name
// of these says nothing of the form factor.
const NO_PLAIN_PCIE_CARD = /^(?:g?b[123]00|h200|gh200)$/;

interface Row {
  cells: Record<string, string>;
  value: (column: Column) => string;
}

interface Card {
  kind: Kind;
  title: string;
  headers: string[];
  rows: Row[];
  /** Rows whose cells do not line up with the head, as text. */
  misaligned: string[];
}

interface Model {
  /** Stable across spellings: "h100-pcie", "h100-pcie-nvlink", "a100-sxm". */
  key: string;
  formFactor: "SXM" | "PCIe" | "NVL" | null;
  hasNvlink: boolean;
}

/** The children of an element a reader sees. */
const shownChildren = (element: Element) => childElements(element).filter((child) => !isHidden(child));

/** The GPU price cards of the page, each with its head and rows read as text. */
function cardsOf(html: string, url: string): Card[] {
  const cards: Card[] = [];
  for (const card of all(".page-price_card", parsePage(html))) {
    if (isHidden(card)) continue;
    const title = visibleText(first("h3", card) ?? card);
    const kind = CARD_KINDS.find(([pattern]) => pattern.test(title))?.[1];
    if (!kind) continue; // CPU, storage, other services, AI Studio
    const head = first(".page-price_card_head", card);
    const headers = head
      ? shownChildren(head)
          .filter((item) => hasClass(item, "page-price_card_head_item"))
          .map((item) => visibleText(item))
      : [];
    const columns = headers.map((header) => COLUMNS[kind].find(([pattern]) => pattern.test(header))?.[1] ?? null);
    const rows: Row[] = [];
    const misaligned: string[] = [];
    for (const row of all(".page-price_card_row_item", card)) {
      if (isHidden(row)) continue;
      const cells = shownChildren(row)
        .filter((cell) => hasClass(cell, "page-price_card_row_item_col"))
        .map((cell) => visibleText(cell));
      if (cells.length !== headers.length) {
        misaligned.push(visibleText(row));
        continue;
      }
      const byHeader = Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? ""]));
      rows.push({
        cells: byHeader,
        value: (column) => {
          const index = columns.indexOf(column);
          return index === -1 ? "" : (cells[index] ?? "");
        },
      });
    }
    const needed: Column[] = ["name", "price"];
    if (!needed.every((column) => columns.includes(column))) {
      throw layoutChanged(`the "${title}" card has no GPU Model and price columns (${headers.join(" | ")})`, html, url);
    }
    cards.push({ kind, title, headers, rows, misaligned });
  }
  return cards;
}

/**
 * What a row's GPU label names, in a form the three cards agree on: "NVIDIA H100" and "NVIDIA H100
 * PCIe" are both "h100-pcie"; "NVIDIA H100 NVLink" is "h100-pcie-nvlink"; "NVIDIA H100 SXM" is
 * "h100-sxm". Null when the label names two form factors or no GPU.
 */
function modelOf(label: string): Model | null {
  const words = label
    .replace(/pci[ -]?e(?:xpress)?/gi, "pcie")
    .toLowerCase()
    .split(/[^a-z0-9.]+/)
    .filter((word) => word !== "" && word !== "nvidia");
  const formFactors = new Set<"SXM" | "PCIe" | "NVL">();
  let hasNvlink = false;
  const base: string[] = [];
  for (const word of words) {
    if (/^sxm\d*$/.test(word)) formFactors.add("SXM");
    else if (word === "pcie") formFactors.add("PCIe");
    else if (/^nvl\d*$/.test(word)) formFactors.add("NVL");
    else if (word === "nvlink") hasNvlink = true;
    else base.push(word);
  }
  if (base.length === 0 || formFactors.size > 1) return null;
  const [stated] = formFactors;
  const formFactor = stated ?? (NO_PLAIN_PCIE_CARD.test(base[0] ?? "") ? null : "PCIe");
  const key = [...base, formFactor?.toLowerCase(), hasNvlink ? "nvlink" : undefined].filter(Boolean).join("-");
  return { key, formFactor, hasNvlink };
}

/** "141", "8 " (after an &nbsp;) → a number; anything else null. */
function numberIn(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+(?:\.\d+)?$/.test(trimmed) ? Number(trimmed) : null;
}

/** A USD price above zero in a cell, or why there is none. */
function priceIn(text: string): number | string {
  const money = moneyIn(text);
  if (!money) return `no price in "${text}"`;
  if (money.currency !== "USD") return `"${text}" is not in USD`;
  if (money.amount <= 0) return `"${text}" is not a price above zero`;
  return money.amount;
}

/** The reserved term a reservation card states for its prices, if it states one. */
function termOf(card: Card): "1y" | "3y" | null {
  const text = `${card.title} ${card.headers.join(" ")}`;
  const oneYear = /\b(?:1|one)[ -]?(?:year|yr)\b|\b12[ -]?months?\b/i.test(text);
  const threeYears = /\b(?:3|three)[ -]?(?:year|yr)s?\b|\b36[ -]?months?\b/i.test(text);
  if (oneYear === threeYears) return null;
  return oneYear ? "1y" : "3y";
}

interface SidePrice {
  price: number;
  label: string;
  cells: Record<string, string>;
  term: "1y" | "3y" | null;
}

/** The spot or reservation prices of a card by model key; what cannot be read goes to `skipped`. */
function sidePrices(cards: Card[], kind: "spot" | "reservation", skipped: SkippedRecord[]): Map<string, SidePrice> {
  const prices = new Map<string, SidePrice>();
  const what = kind === "spot" ? "spot" : "reservation";
  for (const card of cards.filter((each) => each.kind === kind)) {
    const term = kind === "reservation" ? termOf(card) : null;
    for (const text of card.misaligned)
      skipped.push({ reason: `${what} row does not line up with its head`, raw: text });
    for (const row of card.rows) {
      const label = row.value("name");
      const model = modelOf(label);
      const price = priceIn(row.value("price"));
      const base = { gpuNameRaw: label, raw: row.cells };
      if (!model) skipped.push({ ...base, reason: `${what} row names no single GPU: "${label}"` });
      else if (typeof price === "string") skipped.push({ ...base, reason: `${what} ${label}: ${price}` });
      else if (prices.has(model.key))
        skipped.push({ ...base, reason: `${what} ${label}: a second row for ${model.key}` });
      else prices.set(model.key, { price, label, cells: row.cells, term });
    }
  }
  return prices;
}

/**
 * The GPU offers of Hyperstack's pricing page at `url`: one per on-demand row, one GPU each, with the
 * spot price of the same GPU beside it. Throws LAYOUT_CHANGED (or BLOCKED for a bot challenge) when
 * the on-demand GPU card is not where the reader knows it.
 */
export async function readPricingPage(context: AdapterContext, url: string): Promise<AdapterResult> {
  const html = await loadPage(context, url);
  const cards = cardsOf(html, url);
  const onDemandCards = cards.filter((card) => card.kind === "onDemand");
  if (onDemandCards.length === 0)
    throw layoutChanged('no "On-Demand GPU Pricing" card (div.page-price_card) was found', html, url);

  const skipped: SkippedRecord[] = [];
  const spot = sidePrices(cards, "spot", skipped);
  const reservation = sidePrices(cards, "reservation", skipped);
  const offers: ProviderOffer[] = [];
  const joined = new Set<string>();

  for (const card of onDemandCards) {
    for (const text of card.misaligned)
      skipped.push({ reason: "on-demand row does not line up with its head", raw: text });
    for (const row of card.rows) {
      const label = row.value("name");
      const model = modelOf(label);
      const base = { gpuNameRaw: label, raw: row.cells };
      if (!model) {
        skipped.push({ ...base, reason: `row names no single GPU: "${label}"` });
        continue;
      }
      const instanceType = `page:${model.key}`;
      const priceText = row.value("price");
      if (/contact|request|quote/i.test(priceText)) {
        skipped.push({ ...base, instanceType, cause: "excluded", reason: "contact sales: no published price" });
        continue;
      }
      const price = priceIn(priceText);
      if (typeof price === "string") {
        skipped.push({ ...base, instanceType, reason: price });
        continue;
      }
      if (joined.has(model.key)) {
        skipped.push({ ...base, instanceType, reason: `a second on-demand row for ${model.key}` });
        continue;
      }
      joined.add(model.key);
      const spotPrice = spot.get(model.key);
      const reserved = reservation.get(model.key);
      offers.push({
        instanceType,
        instanceName: label,
        gpuNameRaw: label,
        gpuCount: 1,
        gpuMemoryGb: numberIn(row.value("vram")),
        formFactor: model.formFactor,
        hasNvlink: model.hasNvlink ? true : null,
        currency: "USD",
        pricePerHour: price,
        pricePerHourSpot: spotPrice?.price ?? null,
        pricePerHourReserved1y: reserved?.term === "1y" ? reserved.price : null,
        pricePerHourReserved3y: reserved?.term === "3y" ? reserved.price : null,
        // The page lists what can be rented and says nothing of stock, nor of regions.
        availability: "available",
        regions: [],
        vcpuCount: numberIn(row.value("vcpus")),
        ramGb: numberIn(row.value("ram")),
        priceIncludes: {
          price_basis: "pricing page, per GPU-hour; sold as one GPU",
          ...(reserved
            ? {
                reservation_from_per_gpu_hour: reserved.price,
                ...(reserved.term ? { reservation_term: reserved.term } : {}),
              }
            : {}),
        },
        sourceUrl: url,
        raw: {
          on_demand: row.cells,
          ...(spotPrice ? { spot: spotPrice.cells } : {}),
          ...(reserved ? { reservation: reserved.cells } : {}),
        },
      });
    }
  }

  for (const [kind, prices] of [
    ["spot", spot],
    ["reservation", reservation],
  ] as const) {
    for (const [key, side] of prices) {
      if (joined.has(key)) continue;
      skipped.push({
        gpuNameRaw: side.label,
        cause: "excluded",
        reason: `${kind} price of ${side.label} without an on-demand row of the same GPU (${key}) to price it beside`,
        raw: side.cells,
      });
    }
  }

  if (offers.length === 0) throw layoutChanged("the On-Demand GPU card has no readable price row", html, url);
  return { offers, skipped };
}
