import { z } from "zod";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift } from "../parse";
import type { ProviderAdapter } from "../types";

// Oracle Cloud publishes two public JSON documents, no key: the price list (every part number
// with its pay-as-you-go price, in USD when asked) and the shapes of its cost estimator (each
// shape's GPU count and the part number it is billed under). GPU shapes are billed per GPU-hour,
// the same in every commercial region; which regions hold which shape is not published.
//
// The price list names parts loosely ("OCI - Compute - GPU - E4" is the A100 40 GB), and it also
// lists licences (NVIDIA AI Enterprise), Cloud@Customer and VMware rows under look-alike names,
// cheaper than the rental. So a shape is priced only through the part number the estimator bills
// it under, and that part must be a rental.

export const PRICE_LIST_PATH = "/pls/apex/cetools/api/v1/products/";
export const SHAPES_URL = "https://www.oracle.com/a/ocom/docs/cloudestimator2/data/shapes.json";
const DEFAULT_BASE = "https://apexapps.oracle.com";

/**
 * The shapes document lives on www.oracle.com, the price list on apexapps.oracle.com. With the
 * default base both are asked where Oracle serves them; an overridden base (a proxy, a test server)
 * is asked for both, each under its own path.
 */
export const shapesUrl = (baseUrl: string) =>
  baseUrl === DEFAULT_BASE ? SHAPES_URL : `${baseUrl}${new URL(SHAPES_URL).pathname}`;
export const priceListUrl = (baseUrl: string) => `${baseUrl}${PRICE_LIST_PATH}?currencyCode=USD`;

/** Oracle: "Preemptible instances are billed at a 50% discount" of the on-demand price (Compute docs, Preemptible Instances). */
export const PREEMPTIBLE_SHARE = 0.5;

interface OciGpu {
  gpuNameRaw: string;
  /** Nominal memory of one GPU, GB: used when the estimator's memory figure fits no reading. */
  memoryGb: number;
  formFactor: "SXM" | "PCIe" | null;
}

/**
 * The GPU of each shape family, by the token of its name (BM.GPU.H100.8 → H100; the older shapes
 * say only GPU2/GPU3/GPU4). From Oracle's compute shape reference (docs.oracle.com, Compute Shapes,
 * GPU shapes) and the vendors' data sheets; the 8-GPU HGX boards (A100, H100, H200, B200, B300)
 * carry SXM modules. The estimator's own descriptions agree where it has one ("8x NVIDIA A100
 * Tensor Core … GPU Memory =320 GB" for BM.GPU4.8).
 */
export const OCI_GPUS: Readonly<Record<string, OciGpu>> = {
  GPU2: { gpuNameRaw: "NVIDIA Tesla P100 (16GB)", memoryGb: 16, formFactor: null },
  GPU3: { gpuNameRaw: "NVIDIA Tesla V100 (16GB)", memoryGb: 16, formFactor: null },
  GPU4: { gpuNameRaw: "NVIDIA A100 (40GB)", memoryGb: 40, formFactor: "SXM" },
  A10: { gpuNameRaw: "NVIDIA A10 (24GB)", memoryGb: 24, formFactor: "PCIe" },
  "A100-v2": { gpuNameRaw: "NVIDIA A100 (80GB)", memoryGb: 80, formFactor: "SXM" },
  H100: { gpuNameRaw: "NVIDIA H100", memoryGb: 80, formFactor: "SXM" },
  H200: { gpuNameRaw: "NVIDIA H200", memoryGb: 141, formFactor: "SXM" },
  L40S: { gpuNameRaw: "NVIDIA L40S", memoryGb: 48, formFactor: "PCIe" },
  B200: { gpuNameRaw: "NVIDIA B200", memoryGb: 192, formFactor: "SXM" },
  B300: { gpuNameRaw: "NVIDIA B300", memoryGb: 288, formFactor: "SXM" },
  GB200: { gpuNameRaw: "NVIDIA GB200", memoryGb: 192, formFactor: null },
  GB300: { gpuNameRaw: "NVIDIA GB300", memoryGb: 288, formFactor: null },
  MI300X: { gpuNameRaw: "AMD Instinct MI300X", memoryGb: 192, formFactor: null },
  MI355X: { gpuNameRaw: "AMD Instinct MI355X", memoryGb: 288, formFactor: null },
  RTXPRO: { gpuNameRaw: "NVIDIA RTX PRO 6000 Blackwell Server Edition", memoryGb: 96, formFactor: "PCIe" },
};

// BM.GPU.A100-v2.8, VM.GPU3.1, "BM.GPU.GB200.4 (NVL72)".
const GPU_SHAPE = /^(BM|VM)\.(GPU\d?)(?:\.([A-Za-z0-9-]+))?\.(\d+)(?:\s*\(.*\))?$/;
const RENTAL_METRICS = new Set(["GPU Per Hour", "OCPU Per Hour"]);
/** Estimated memory within this share of the nominal size is the same GPU (B200: 180 of 192 GB usable). */
const MEMORY_TOLERANCE = 0.1;

const errorBodySchema = z.object({ code: z.string(), message: z.string().nullish() });
const priceListSchema = z.object({ lastUpdated: z.string().nullish(), items: z.array(z.unknown()) });
const productSchema = z.object({
  partNumber: z.string().min(1),
  displayName: z.string(),
  metricName: z.string().nullish(),
  serviceCategory: z.string().nullish(),
  currencyCodeLocalizations: z.array(
    z.object({ currencyCode: z.string(), prices: z.array(z.object({ model: z.string(), value: z.number() })) }),
  ),
});
type Product = z.infer<typeof productSchema>;

const labelled = z.object({ value: z.string() });
const shapesSchema = z.object({ items: z.array(z.unknown()) });
const shapeSchema = z.object({
  name: z.string().min(1),
  status: z.string().nullish(),
  hidden: z.boolean().nullish(),
  description: z.string().nullish(),
  shapeType: labelled.nullish(),
  subType: labelled.nullish(),
  products: z.array(z.object({ type: labelled, partNumber: z.string().min(1), qty: z.number().nullish() })),
  bundleMemoryQty: z.number().nullish(),
  gpuQty: z.int().nullish(),
  gpuMemoryQty: z.number().nullish(),
  allowPreemptible: z.boolean().nullish(),
  shapeMin: z.number().nullish(),
});
type Shape = z.infer<typeof shapeSchema>;

const near = (value: number, nominal: number) => Math.abs(value - nominal) <= MEMORY_TOLERANCE * nominal;
const round = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * Memory of one GPU. The estimator's `gpuMemoryQty` is mostly the shape's total (640 for 8 × H100),
 * sometimes one GPU's (278 for BM.GPU.GB300.4), sometimes neither (3072 for 8 × MI355X): it is
 * read as whichever fits the GPU, and otherwise the nominal size is used, saying so.
 */
function memoryOf(shape: Shape, gpu: OciGpu, count: number): { gb: number; source: string } {
  const reported = shape.gpuMemoryQty;
  if (reported && near(reported / count, gpu.memoryGb))
    return { gb: round(reported / count), source: "estimator total / GPU count" };
  if (reported && near(reported, gpu.memoryGb)) return { gb: reported, source: "estimator, per GPU" };
  return {
    gb: gpu.memoryGb,
    source: reported ? `nominal (the estimator says ${reported} GB)` : "nominal (the estimator says none)",
  };
}

/** The one USD pay-as-you-go price of a part, or why there is none. */
function payAsYouGo(product: Product): number | string {
  const usd = product.currencyCodeLocalizations.filter((localization) => localization.currencyCode === "USD");
  const prices = usd.flatMap((localization) => localization.prices.filter((price) => price.model === "PAY_AS_YOU_GO"));
  const [only] = prices;
  if (!only || prices.length > 1) return `${prices.length} USD pay-as-you-go prices for part ${product.partNumber}`;
  return only.value > 0 ? only.value : `part ${product.partNumber} is priced ${only.value}`;
}

/** What a look-alike row is, or null for a row that may be a rental. */
function lookalikeOf(product: Product): string | null {
  const text = `${product.displayName} | ${product.serviceCategory ?? ""}`;
  if (/NVIDIA AI Enterprise|licen[cs]e/i.test(text)) return "a software licence";
  if (/Cloud@Customer/i.test(text)) return "an appliance on the customer's site (Cloud@Customer)";
  if (/VMware/i.test(text)) return "a VMware node";
  if (/Roving Edge/i.test(text)) return "a Roving Edge device";
  return null;
}

type Outcome = { offer: ProviderOffer } | { skipped: SkippedRecord } | null;

function offerOf(shape: Shape, record: unknown, products: Map<string, Product[]>, sourceUrl: string): Outcome {
  if (shape.subType?.value !== "gpu") return null;
  const match = GPU_SHAPE.exec(shape.name);
  const instanceType = match ? shape.name.replace(/\s*\(.*\)\s*$/, "") : shape.name;
  const skip = (reason: string, cause?: "excluded"): Outcome => ({
    skipped: { reason, ...(cause ? { cause } : {}), instanceType, raw: record },
  });
  if (shape.status !== "ACTIVE") return skip(`not offered: status ${shape.status ?? "missing"}`, "excluded");
  if (shape.hidden) return skip("not offered: hidden in Oracle's cost estimator", "excluded");
  if (!match) return skip("a GPU shape whose name does not follow BM|VM.GPU….<count>");
  const token = match[3] ?? match[2] ?? "";
  const gpu = OCI_GPUS[token];
  if (!gpu) return skip(`GPU family ${token} is not in the adapter's table`);
  const count = shape.gpuQty ?? 0;
  if (count < 1 || count !== Number(match[4]))
    return skip(`gpuQty ${shape.gpuQty ?? "missing"} does not match the ${match[4]} in the shape's name`);

  const billed = shape.products.filter((product) => product.type.value === "ocpu");
  const [part] = billed;
  if (!part || billed.length > 1) return skip(`${billed.length} billing parts in the estimator, not one`);
  const rows = products.get(part.partNumber) ?? [];
  const [product] = rows;
  if (!product) return skip(`no price-list row for part ${part.partNumber}`);
  if (rows.length > 1) return skip(`${rows.length} price-list rows for part ${part.partNumber}`);
  const lookalike = lookalikeOf(product);
  if (lookalike)
    return skip(
      `part ${part.partNumber} "${product.displayName}" is ${lookalike}, not a rental: the estimator's part looks wrong`,
    );
  if (!RENTAL_METRICS.has(product.metricName ?? ""))
    return skip(
      `part ${part.partNumber} is billed "${product.metricName ?? "by no metric"}", not per GPU or OCPU hour`,
    );
  const unitPrice = payAsYouGo(product);
  if (typeof unitPrice === "string") return skip(unitPrice);

  let price: number;
  if (product.metricName === "GPU Per Hour") price = unitPrice * count;
  else if (part.qty && part.qty > 0) price = unitPrice * part.qty;
  else return skip(`part ${part.partNumber} is billed per OCPU, and the estimator gives no OCPU count`);
  price = round(price);
  const memory = memoryOf(shape, gpu, count);

  return {
    offer: {
      instanceType,
      instanceName: shape.name,
      gpuNameRaw: gpu.gpuNameRaw,
      gpuCount: count,
      gpuMemoryGb: memory.gb,
      formFactor: gpu.formFactor,
      currency: "USD",
      pricePerHour: price,
      pricePerHourSpot: shape.allowPreemptible ? round(price * PREEMPTIBLE_SHARE) : null,
      // A price list, not stock; and Oracle does not say which regions have the shape.
      availability: "limited",
      regions: [],
      ramGb: shape.bundleMemoryQty && shape.bundleMemoryQty > 0 ? shape.bundleMemoryQty : null,
      priceIncludes: {
        price_list_part: part.partNumber,
        price_list_name: product.displayName,
        metric: product.metricName,
        unit_price_usd: unitPrice,
        same_price_in_every_commercial_region: true,
        gpu_memory_from: memory.source,
        ...(part.qty ? { ocpus: part.qty } : {}),
        ...(shape.allowPreemptible ? { preemptible_share: PREEMPTIBLE_SHARE } : {}),
        ...(shape.shapeMin && shape.shapeMin > 1 ? { minimum_instances: shape.shapeMin } : {}),
      },
      sourceUrl,
      raw: { shape: record, product },
    },
  };
}

/** GPU rows of the price list no shape was priced with: look-alikes (excluded) and rentals without a shape. */
function unusedGpuRows(products: Map<string, Product[]>, used: Set<string>): SkippedRecord[] {
  const skipped: SkippedRecord[] = [];
  for (const [partNumber, rows] of products) {
    if (used.has(partNumber)) continue;
    for (const product of rows) {
      const aboutGpus = product.metricName === "GPU Per Hour" || /\bGPU\b/.test(product.displayName);
      if (!aboutGpus) continue;
      const lookalike = lookalikeOf(product);
      const metric = product.metricName ?? "no metric";
      skipped.push(
        lookalike || !RENTAL_METRICS.has(metric)
          ? {
              reason: `price-list row ${partNumber} "${product.displayName}" is ${lookalike ?? `billed "${metric}"`}, not a GPU rental`,
              cause: "excluded",
              raw: product,
            }
          : {
              reason: `price-list row ${partNumber} "${product.displayName}" is a GPU rental no estimator shape is billed under`,
              raw: product,
            },
      );
    }
  }
  return skipped;
}

export const oci: ProviderAdapter = {
  slug: "oci",
  method: "api",
  version: "oci/1",
  baseUrl: { env: "OCI_BASE_URL", default: DEFAULT_BASE },

  async scrape({ http, baseUrl }) {
    const listUrl = priceListUrl(baseUrl);
    const listBody = await http.json({ url: listUrl });
    const upstream = errorBodySchema.safeParse(listBody);
    if (upstream.success && !(listBody as { items?: unknown }).items)
      throw new ProviderError(
        "UPSTREAM_ERROR",
        `Oracle's price list answered ${upstream.data.code}: ${upstream.data.message ?? "(no message)"}`,
        { url: listUrl },
      );
    const priceList = parseOrDrift(priceListSchema, listBody, "OCI price list");
    const shapesBody = await http.json({ url: shapesUrl(baseUrl) });
    const shapes = parseOrDrift(shapesSchema, shapesBody, "OCI cost-estimator shapes");

    const skipped: SkippedRecord[] = [];
    const products = new Map<string, Product[]>();
    for (const record of priceList.items) {
      const parsed = productSchema.safeParse(record);
      if (parsed.success)
        products.set(parsed.data.partNumber, [...(products.get(parsed.data.partNumber) ?? []), parsed.data]);
      else if (/GPU/i.test(JSON.stringify(record))) {
        const part = (record as { partNumber?: unknown } | null)?.partNumber;
        skipped.push({ reason: `price-list row ${String(part ?? "?")}: ${describeIssues(parsed.error)}`, raw: record });
      }
    }

    const offers: ProviderOffer[] = [];
    const used = new Set<string>();
    for (const record of shapes.items) {
      const parsed = shapeSchema.safeParse(record);
      if (!parsed.success) {
        const { name, subType } = (record ?? {}) as { name?: unknown; subType?: { value?: unknown } };
        if (subType?.value === "gpu" || (typeof name === "string" && name.includes("GPU")))
          skipped.push({
            reason: describeIssues(parsed.error),
            ...(typeof name === "string" ? { instanceType: name } : {}),
            raw: record,
          });
        continue;
      }
      for (const product of parsed.data.products) used.add(product.partNumber);
      const outcome = offerOf(parsed.data, record, products, listUrl);
      if (outcome && "offer" in outcome) offers.push(outcome.offer);
      else if (outcome) skipped.push(outcome.skipped);
    }
    skipped.push(...unusedGpuRows(products, used));
    return { offers, skipped };
  },
};
