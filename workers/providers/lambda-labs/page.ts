import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { all, attribute, type Element, first, layoutChanged, loadPage, moneyIn, parsePage, visibleText } from "../html";
import type { AdapterContext, AdapterResult } from "../types";

// Lambda's public pricing page (lambda.ai/pricing), read when no API key is set. "Instances
// pricing" is a set of tabs, one per instance size ("8x", "4x", "2x", "1x"): each tab button names
// the size and controls a panel (`aria-controls`) holding a table whose rows are plans
// (`tr[data-plan]`) with VRAM/GPU, vCPUs, RAM, STORAGE and PRICE/GPU/HR cells, each cell labelled by
// `data-label`. Only the active tab is shown, but every panel is a size on sale, so all are read
// (a panel hidden behind a tab is not a stale block). Prices are per GPU-hour, before sales tax; the
// instance costs the price times the tab's GPU count. Two plans can share a `data-plan` ("NVIDIA
// A100 SXM" with 80 GB and with 40 GB): the VRAM cell tells them apart.

const cellOf = (row: Element, label: RegExp) =>
  all("td[data-label]", row).find((cell) => label.test(attribute(cell, "data-label") ?? ""));

/** "180 GB" → 180, "2900 GiB" → 2900, "22 TiB SSD" → 22528; anything else null. */
function sizeIn(text: string): number | null {
  const match = /(\d+(?:\.\d+)?)\s*(GB|GiB|TB|TiB)\b/i.exec(text);
  if (!match) return null;
  const size = Number(match[1]) * (/^t/i.test(match[2] ?? "") ? 1024 : 1);
  return size > 0 ? Math.round(size) : null;
}

const slug = (text: string) =>
  text
    .replace(/^NVIDIA\s+/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

function rowOffer(row: Element, gpus: number, url: string, skipped: SkippedRecord[]): ProviderOffer | null {
  const plan = attribute(row, "data-plan") ?? visibleText(first("th", row) ?? row);
  const vram = sizeIn(visibleText(cellOf(row, /^vram/i) ?? row));
  const instanceType = `page:${gpus}x-${slug(plan)}${vram ? `-${vram}gb` : ""}`;
  const priceText = visibleText(cellOf(row, /^price\/gpu\/hr/i) ?? row);
  const price = moneyIn(priceText);
  const raw = { plan, gpus, cells: all("td", row).map((cell) => visibleText(cell)) };
  if (price?.currency !== "USD" || price.amount <= 0) {
    skipped.push({ reason: `no price per GPU-hour in "${priceText}"`, instanceType, gpuNameRaw: plan, raw });
    return null;
  }
  const vcpus = Number(visibleText(cellOf(row, /^vcpus$/i) ?? row));
  // Sizes as the page gives them: GiB of RAM and TiB of disk, read as GB (2 to 10 % under the true figure).
  return {
    instanceType,
    instanceName: `${gpus}x ${plan.replace(/^NVIDIA\s+/i, "")}${vram ? ` ${vram} GB` : ""}`,
    gpuNameRaw: plan,
    gpuCount: gpus,
    gpuMemoryGb: vram,
    currency: "USD",
    pricePerHour: Math.round(price.amount * gpus * 10_000) / 10_000,
    pricePerHourSpot: null,
    // The page lists sizes on sale; stock is in the API only.
    availability: "available",
    regions: [],
    vcpuCount: Number.isInteger(vcpus) && vcpus > 0 ? vcpus : null,
    ramGb: sizeIn(visibleText(cellOf(row, /^ram$/i) ?? row)),
    storageGb: sizeIn(visibleText(cellOf(row, /^storage$/i) ?? row)),
    priceIncludes: { per_gpu_hour: price.amount, excludes: "sales tax", source: "pricing page" },
    sourceUrl: url,
    raw,
  };
}

export async function readPricingPage(context: AdapterContext, url: string): Promise<AdapterResult> {
  const html = await loadPage(context, url);
  const page = parsePage(html);
  const offers: ProviderOffer[] = [];
  const skipped: SkippedRecord[] = [];
  for (const tab of all('[role="tab"][aria-controls]', page)) {
    const gpus = /^(\d+)x$/i.exec(visibleText(tab))?.[1];
    const panel = first(`[role="tabpanel"]#${attribute(tab, "aria-controls")}`, page);
    if (!gpus || !panel) continue;
    for (const row of all("tr[data-plan]", panel)) {
      const offer = rowOffer(row, Number(gpus), url, skipped);
      if (offer) offers.push(offer);
    }
  }
  if (offers.length === 0)
    throw layoutChanged('no instance-size tab ("8x") with priced plans (tr[data-plan]) was found', html, url);
  return { offers, skipped };
}
