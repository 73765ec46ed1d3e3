import { z } from "zod";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";
import { readPricingPage } from "./page";

// Hyperstack (NexGen Cloud) Infrahub API, key in an `api_key` header (no prefix). Two answers make
// an offer:
//
// * GET /v1/pricebook: a bare array of `{id, name, value, original_value, discount_applied,
//   start_time, end_time}`. For GPUs `name` is the model key the flavors use ("H100-80G-PCIe",
//   "H100-80G-PCIe-NVLink", "H100-80G-PCIe-spot") and the price is USD per GPU-hour; the same list
//   carries vCPU, RAM, disk, IP and per-token inference rows, which no flavor points at. The OpenAPI
//   types the prices as numbers; clients in production (sagemathinc/cocalc's Hyperstack types) and
//   other collectors read decimal strings ("1.9", "0E-9"), so both are accepted.
// * GET /v1/core/flavors: `{status, message, data: [{gpu, region_name, flavors: [...]}]}`, one
//   flavor per VM size with `gpu_count` and a `stock_available` flag. Whole-instance price =
//   per-GPU rate × gpu_count (how skypilot's fetch_hyperstack.py and cocalc price a flavor).
//
// Which pricebook figure is published: `value` is the rate after this account's own discounts and
// `original_value` the rate before them. cocalc, which resells Hyperstack, notes its contract forbids
// disclosing `value`; a comparison site should show the list price anyone gets, so `original_value`
// is used, and `value` only when the entry says no discount applies.
//
// Names: "-spot" marks the spot flavor of a GPU (its own pricebook row); it becomes the spot price of
// the on-demand flavor of the same GPU, count and region. "H100 NVLink" is a PCIe card joined by an
// NVLink bridge, not an SXM module: the form factor comes from the PCIe/SXM token of the name and the
// NVLink token only sets `hasNvlink`. Flavors ending "-k8s" are the Kubernetes-service variants
// (cocalc skips them too): not offered as VMs, so excluded.

/** Read instead of the API when no key is set (workers/providers/hyperstack/page.ts). */
const PRICING_PAGE_URL = "https://www.hyperstack.cloud/gpu-pricing";

const decimal = z.union([z.number(), z.string()]).transform((value, context) => {
  const parsed =
    typeof value === "number" ? value : /^\s*\d+(\.\d+)?(e[-+]?\d+)?\s*$/i.test(value) ? Number(value) : Number.NaN;
  if (Number.isFinite(parsed) && parsed >= 0) return parsed;
  context.addIssue({ code: "custom", message: `not a price: ${JSON.stringify(value)}` });
  return z.NEVER;
});

const pricebookEntrySchema = z.object({
  id: z.number().nullish(),
  name: z.string().min(1),
  value: decimal.nullish(),
  original_value: decimal.nullish(),
  discount_applied: z.boolean().nullish(),
  start_time: z.string().nullish(),
  end_time: z.string().nullish(),
});
type PricebookEntry = z.infer<typeof pricebookEntrySchema>;

const flavorSchema = z.object({
  id: z.number().nullish(),
  name: z.string().min(1),
  display_name: z.string().nullish(),
  region_name: z.string().min(1),
  cpu: z.number().nonnegative().nullish(),
  ram: z.number().nonnegative().nullish(),
  disk: z.number().nonnegative().nullish(),
  ephemeral: z.number().nonnegative().nullish(),
  gpu: z.string().nullish(),
  gpu_count: z.int().nonnegative(),
  stock_available: z.boolean(),
});
type Flavor = z.infer<typeof flavorSchema>;

const flavorGroupSchema = z.object({
  gpu: z.string().nullish(),
  region_name: z.string().nullish(),
  flavors: z.array(z.unknown()),
});

// Hyperstack's ErrorResponseModel; a 200 may carry it as well as a 4xx.
const errorSchema = z.object({ status: z.literal(false), message: z.string().nullish() }).loose();
const pricebookResponseSchema = z.array(z.unknown());
const flavorsResponseSchema = z.object({ data: z.array(z.unknown()) });

const SPOT_SUFFIX = /-spot$/i;
const KUBERNETES_SUFFIX = /-k8s$/i;
// "80G" in "H100-80G-PCIe", "141G" in "H200-141G-SXM5": the memory of one GPU.
const MEMORY_TOKEN = /^(\d+)GB?$/i;

/** The answer to `url` in `schema`'s shape; a 200 carrying Hyperstack's error object fails the scrape. */
function readAnswer<Schema extends z.ZodType>(
  schema: Schema,
  body: unknown,
  what: string,
  url: string,
): z.infer<Schema> {
  const error = errorSchema.safeParse(body);
  if (error.success) {
    const text = error.data.message ?? "(no message)";
    const code = /api[_ -]?key|unauthori[sz]ed|authenticat|token/i.test(text) ? "INVALID_API_KEY" : "UPSTREAM_ERROR";
    throw new ProviderError(code, `Hyperstack ${what} error: ${text}`, { url });
  }
  return parseOrDrift(schema, body, `Hyperstack ${what} response`);
}

/** The public per-GPU-hour rate of a pricebook entry, or why there is none. */
function listPriceOf(entry: PricebookEntry): { price: number; field: "original_value" | "value" } | string {
  const original = positive(entry.original_value);
  if (original !== null) return { price: original, field: "original_value" };
  const value = positive(entry.value);
  if (value !== null && entry.discount_applied !== true) return { price: value, field: "value" };
  if (value !== null) return `${entry.name}: discounted value without original_value, the list price`;
  return `${entry.name}: no price above zero`;
}

interface PriceRow {
  entry: PricebookEntry | null;
  raw: unknown;
  /** Why the row cannot price a flavor, when it cannot. */
  problem: string | null;
}

function pricebookOf(records: unknown[]): Map<string, PriceRow> {
  const rows = new Map<string, PriceRow>();
  for (const record of records) {
    const name = (record as { name?: unknown } | null)?.name;
    if (typeof name !== "string" || name === "" || rows.has(name)) continue;
    const parsed = pricebookEntrySchema.safeParse(record);
    rows.set(
      name,
      parsed.success
        ? { entry: parsed.data, raw: record, problem: null }
        : { entry: null, raw: record, problem: `pricebook ${name}: ${describeIssues(parsed.error)}` },
    );
  }
  return rows;
}

type Priced = { price: number; field: string; row: PriceRow } | { problem: string };

function priceOf(pricebook: Map<string, PriceRow>, gpu: string): Priced {
  const row = pricebook.get(gpu);
  if (!row) return { problem: `no pricebook entry for ${gpu}` };
  if (!row.entry) return { problem: row.problem ?? `pricebook ${gpu} is unreadable` };
  const listed = listPriceOf(row.entry);
  return typeof listed === "string" ? { problem: listed } : { ...listed, row };
}

function gpuMemoryOf(gpu: string): number | null {
  for (const token of gpu.split("-")) {
    const match = MEMORY_TOKEN.exec(token);
    if (match) return Number(match[1]);
  }
  return null;
}

function formFactorOf(gpu: string): string | null {
  for (const token of gpu.split("-")) {
    if (/^SXM\d?$/i.test(token)) return "SXM";
    if (/^PCIe$/i.test(token)) return "PCIe";
    if (/^NVL$/i.test(token)) return "NVL"; // the H100/H200 NVL products, not the "NVLink" bridge
  }
  return null;
}

const roundPrice = (price: number) => Math.round(price * 1e6) / 1e6;

interface Listed {
  flavor: Flavor;
  gpu: string;
  raw: unknown;
}

function listFlavors(groups: unknown[], skipped: SkippedRecord[]): Listed[] {
  const listed: Listed[] = [];
  for (const group of groups) {
    const parsedGroup = flavorGroupSchema.safeParse(group);
    if (!parsedGroup.success) {
      skipped.push({ reason: `flavor group: ${describeIssues(parsedGroup.error)}`, raw: group });
      continue;
    }
    for (const record of parsedGroup.data.flavors) {
      const parsed = flavorSchema.safeParse(record);
      if (!parsed.success) {
        const name = (record as { name?: unknown } | null)?.name;
        skipped.push({
          reason: describeIssues(parsed.error),
          instanceType: typeof name === "string" ? name : undefined,
          gpuNameRaw: parsedGroup.data.gpu ?? undefined,
          raw: record,
        });
        continue;
      }
      const flavor = parsed.data;
      const gpu = (flavor.gpu || parsedGroup.data.gpu || "").trim();
      if (gpu === "" || flavor.gpu_count === 0) continue; // CPU-only flavor: not a GPU offer
      listed.push({ flavor, gpu, raw: record });
    }
  }
  return listed;
}

/**
 * The spot flavor beside each on-demand flavor: a spot flavor belongs to the on-demand flavor of the
 * same name without "-spot" ("n3-H100x1-spot" → "n3-H100x1"); without one, to every on-demand flavor
 * of the same GPU, GPU count and region.
 */
function spotPartners(listed: Listed[]): Map<Listed, Listed> {
  const partners = new Map<Listed, Listed>();
  const onDemand = listed.filter(({ gpu }) => !SPOT_SUFFIX.test(gpu));
  for (const spot of listed.filter(({ gpu }) => SPOT_SUFFIX.test(gpu))) {
    const sameShape = onDemand.filter(
      ({ flavor, gpu }) =>
        flavor.region_name === spot.flavor.region_name &&
        flavor.gpu_count === spot.flavor.gpu_count &&
        gpu.toLowerCase() === spot.gpu.replace(SPOT_SUFFIX, "").toLowerCase(),
    );
    const named = sameShape.filter(({ flavor }) => flavor.name === spot.flavor.name.replace(SPOT_SUFFIX, ""));
    for (const item of named.length > 0 ? named : sameShape) if (!partners.has(item)) partners.set(item, spot);
  }
  return partners;
}

const instanceTypeOf = (flavor: Flavor) => `${flavor.region_name}:${flavor.name}`.slice(0, 100);

export const hyperstack: ProviderAdapter = {
  slug: "hyperstack",
  method: "api",
  version: "hyperstack/1",
  baseUrl: { env: "HYPERSTACK_BASE_URL", default: "https://infrahub-api.nexgencloud.com" },
  credential: { secret: "HYPERSTACK_API_KEY", required: false },
  pageFallback: true,

  async scrape(context) {
    const { http, baseUrl, credential } = context;
    // Without a key, the public pricing page (per GPU-hour list prices, no regions or stock).
    if (!credential) return readPricingPage(context, PRICING_PAGE_URL);
    const pricebookUrl = `${baseUrl}/v1/pricebook`;
    const flavorsUrl = `${baseUrl}/v1/core/flavors`;
    const headers = { api_key: credential };

    const pricebookBody = readAnswer(
      pricebookResponseSchema,
      await http.json({ url: pricebookUrl, headers }),
      "pricebook",
      pricebookUrl,
    );
    const flavorsBody = readAnswer(
      flavorsResponseSchema,
      await http.json({ url: flavorsUrl, headers }),
      "flavors",
      flavorsUrl,
    );

    const pricebook = pricebookOf(pricebookBody);
    const skipped: SkippedRecord[] = [];
    const listed = listFlavors(flavorsBody.data, skipped);
    const spotOf = spotPartners(listed);

    const offers: ProviderOffer[] = [];
    for (const item of listed) {
      const { flavor, gpu, raw } = item;
      if (SPOT_SUFFIX.test(gpu)) continue; // priced beside its on-demand flavor below
      const base = { instanceType: instanceTypeOf(flavor), gpuNameRaw: gpu, raw };
      if (KUBERNETES_SUFFIX.test(flavor.name) || KUBERNETES_SUFFIX.test(gpu)) {
        skipped.push({ ...base, cause: "excluded", reason: "Kubernetes-service flavor, not sold as a VM" });
        continue;
      }
      const priced = priceOf(pricebook, gpu);
      if ("problem" in priced) {
        skipped.push({ ...base, reason: priced.problem });
        continue;
      }

      const spot = spotOf.get(item);
      const spotPriced = spot ? priceOf(pricebook, spot.gpu) : null;
      const spotPerGpu = spotPriced && "price" in spotPriced ? spotPriced.price : null;

      offers.push({
        instanceType: base.instanceType,
        instanceName: flavor.display_name?.trim() || flavor.name,
        gpuNameRaw: gpu,
        gpuCount: flavor.gpu_count,
        gpuMemoryGb: gpuMemoryOf(gpu),
        formFactor: formFactorOf(gpu),
        hasNvlink: /nvlink/i.test(gpu) ? true : null,
        currency: "USD",
        pricePerHour: roundPrice(priced.price * flavor.gpu_count),
        pricePerHourSpot: spotPerGpu === null ? null : roundPrice(spotPerGpu * flavor.gpu_count),
        availability: flavor.stock_available ? "available" : "sold_out",
        regions: [flavor.region_name],
        vcpuCount: flavor.cpu ?? null,
        ramGb: flavor.ram ?? null,
        storageGb: flavor.disk ?? null,
        priceIncludes: {
          price_basis: `pricebook ${priced.field} per GPU-hour × ${flavor.gpu_count}`,
          price_per_gpu_hour: priced.price,
          ephemeral_gb: flavor.ephemeral ?? null,
          ...(spot
            ? {
                spot_flavor: spot.flavor.name,
                spot_stock_available: spot.flavor.stock_available,
                ...(spotPriced && "problem" in spotPriced ? { spot_price_problem: spotPriced.problem } : {}),
              }
            : {}),
        },
        sourceUrl: pricebookUrl,
        // The flavor and the pricebook rows behind its prices, as Hyperstack sent them (kept internal:
        // `raw` is stored for debugging, never published).
        raw: {
          flavor: raw,
          pricebook: priced.row.raw,
          ...(spot ? { spot_pricebook: pricebook.get(spot.gpu)?.raw } : {}),
        },
      });
    }

    const partnered = new Set(spotOf.values());
    for (const spot of listed.filter(({ gpu }) => SPOT_SUFFIX.test(gpu))) {
      if (partnered.has(spot)) continue;
      skipped.push({
        instanceType: instanceTypeOf(spot.flavor),
        gpuNameRaw: spot.gpu,
        cause: "excluded",
        reason: `spot flavor without an on-demand ${spot.gpu.replace(SPOT_SUFFIX, "")} flavor of ${spot.flavor.gpu_count} GPUs in ${spot.flavor.region_name} to price it beside`,
        raw: spot.raw,
      });
    }
    return { offers, skipped };
  },
};
