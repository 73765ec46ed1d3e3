import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// JarvisLabs' catalogue, GET /misc/server_meta on the India (Noida) backend, `Authorization: Bearer
// <key>` (the official SDK, jarvislabsai/jarvislabs, asks the same; so does dstackai/gpuhunt). Each
// `server_meta` row is one GPU model in one region for one workload ("vm", "container", or null on
// rows that take both): `price_per_hour` and `spot_price` in dollars per GPU-hour (multi-GPU
// instances bill linearly, no volume discount), free-device counts, `vram` as a string of GB,
// vCPUs and RAM per GPU, and `num_gpus`, the most GPUs one instance takes. Every backend answers for
// every region; the EU backend was seen disagreeing with the India ones on a europe-01 price, and
// the India backend, the SDK's default, is the one asked.
//
// Pitfalls a public live read (2026-08) and the SDK show:
// * Currency follows the account: India-billed accounts are priced in INR (another collector reads
//   H100 at about ₹255/h). The answer states `currency`; anything but USD fails the scrape rather
//   than publishing rupees as dollars.
// * Spot is sold for GPU containers only (the SDK refuses `--spot` for VMs), yet VM rows carry a
//   `spot_price` too: only non-VM rows get a spot price.
// * `price_per_week` / `price_per_month` are incoherent (the same 238 for both on one row) and the
//   SDK ignores them; so does this adapter. `reserved_pricing.reserved_1y` is an hourly rate per
//   GPU (1-year commitment, bought through sales).
// * Stock: `effective_num_free_devices` is what the SDK admits an on-demand create against (it can
//   exceed `num_free_devices`); 0 free means sold out. Several physical pools may share a GPU,
//   region and workload: rows with the same prices are one offer, their free devices added up.
// * The API names the H100 and H200 without a form factor; JarvisLabs' pricing page sells both as
//   SXM ("H100 SXM Hopper · 80 GB", as ygwyg/gputable scrapes it), which is passed on as stated.

/** Form factors JarvisLabs' pricing page states for GPU types the API leaves bare. */
const STATED_FORM_FACTORS: Readonly<Record<string, string>> = { H100: "SXM", H200: "SXM" };

const decimal = z.union([z.number(), z.string()]).transform((value, context) => {
  const parsed = typeof value === "number" ? value : /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isFinite(parsed) && parsed >= 0) return parsed;
  context.addIssue({ code: "custom", message: `not a price: ${JSON.stringify(value)}` });
  return z.NEVER;
});

// Counts arrive as numbers or digit strings ("8"), and the SDK reads "" as none.
const count = z.union([z.number(), z.string()]).transform((value, context) => {
  if (typeof value === "string" && value.trim() === "") return null;
  const parsed = typeof value === "number" ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isInteger(parsed) && parsed >= 0) return parsed;
  context.addIssue({ code: "custom", message: `not a count: ${JSON.stringify(value)}` });
  return z.NEVER;
});

const rowSchema = z.object({
  gpu_type: z.string().min(1),
  region: z.string().min(1),
  num_free_devices: count.nullish(),
  effective_num_free_devices: count.nullish(),
  spot_num_free_devices: count.nullish(),
  price_per_hour: decimal.nullish(),
  spot_price: decimal.nullish(),
  vram: z.union([z.string(), z.number()]).nullish(),
  arc: z.string().nullish(),
  cpus_per_gpu: z.number().nonnegative().nullish(),
  ram_per_gpu: z.number().nonnegative().nullish(),
  workload_type: z.string().nullish(),
  num_gpus: count.nullish(),
  spot_only_server: z.boolean().nullish(),
  reserved_pricing: z.record(z.string(), z.unknown()).nullish(),
});
type Row = z.infer<typeof rowSchema>;

const responseSchema = z.object({ server_meta: z.array(z.unknown()), currency: z.string().nullish() });
// {"message": "Invalid token"} (JarvisLabs' auth layer), {"detail": ...} (its FastAPI errors).
const errorSchema = z.union([
  z.object({ message: z.string() }),
  z.object({ detail: z.union([z.string(), z.array(z.unknown()), z.object({}).loose()]) }),
]);

interface Parsed {
  row: Row;
  price: number;
  raw: unknown;
}

const workloadOf = (row: Row) => row.workload_type?.trim().toLowerCase() || null;
const keyOf = (row: Row) => `${row.region}:${row.gpu_type}:${workloadOf(row) ?? "any"}`;

/** Spot is for GPU containers only: a VM row's spot_price is not an offer. */
const spotOf = (row: Row) => (workloadOf(row) === "vm" ? null : positive(row.spot_price));

/** Free devices for an on-demand create, as the SDK counts them; null when the row states none. */
const freeOf = (row: Row) => row.effective_num_free_devices ?? row.num_free_devices ?? null;

function vramOf(vram: Row["vram"]): number | null {
  if (typeof vram === "number") return positive(vram);
  const match = /^\s*(\d+(?:\.\d+)?)/.exec(vram ?? "");
  return match ? positive(Number(match[1])) : null;
}

function reservedOf(row: Row, term: string): number | null {
  const value = row.reserved_pricing?.[term];
  const parsed = decimal.safeParse(value);
  return parsed.success ? positive(parsed.data) : null;
}

function availabilityOf(rows: Row[]): AvailabilityStatus {
  const counts = rows.map(freeOf).filter((free): free is number => free !== null);
  // A row with no free-device count at all says nothing about stock: listed, so "limited".
  if (counts.length === 0) return "limited";
  return counts.reduce((sum, free) => sum + free, 0) > 0 ? "available" : "sold_out";
}

function offerOf(instanceType: string, pools: Parsed[], url: string, currencyStated: boolean): ProviderOffer {
  const [{ row, price }] = pools as [Parsed, ...Parsed[]];
  const rows = pools.map((pool) => pool.row);
  const workload = workloadOf(row);
  const sum = (values: (number | null | undefined)[]) =>
    values.some((value) => typeof value === "number")
      ? values.reduce<number>((total, value) => total + (value ?? 0), 0)
      : null;
  return {
    instanceType,
    instanceName: `${row.gpu_type} ${workload === "vm" ? "VM" : workload === "container" ? "container" : "VM or container"} (${row.region})`,
    gpuNameRaw: row.gpu_type,
    gpuCount: 1,
    gpuMemoryGb: vramOf(row.vram),
    formFactor: STATED_FORM_FACTORS[row.gpu_type.toUpperCase()] ?? null,
    currency: "USD",
    pricePerHour: price,
    pricePerHourSpot: spotOf(row),
    pricePerHourReserved1y: reservedOf(row, "reserved_1y"),
    availability: availabilityOf(rows),
    regions: [row.region],
    vcpuCount: row.cpus_per_gpu ?? null,
    ramGb: row.ram_per_gpu ?? null,
    billingIncrementSeconds: 60, // "Instances are billed per-minute" (JarvisLabs FAQ)
    priceIncludes: {
      price_basis: "per GPU, any count up to max_gpu_count; disk billed apart",
      max_gpu_count: row.num_gpus ?? null,
      workload_type: workload,
      free_devices: sum(rows.map(freeOf)),
      spot_free_devices: sum(rows.map((pooled) => pooled.spot_num_free_devices)),
      pools: pools.length,
      ...(row.reserved_pricing ? { reserved_pricing: row.reserved_pricing } : {}),
      ...(currencyStated ? {} : { currency_basis: "not stated by the answer; a USD-billed account assumed" }),
    },
    sourceUrl: url,
    raw: pools.length === 1 ? pools[0]?.raw : pools.map((pool) => pool.raw),
  };
}

export const jarvislabs: ProviderAdapter = {
  slug: "jarvislabs",
  method: "api",
  version: "jarvislabs/1",
  baseUrl: { env: "JARVISLABS_BASE_URL", default: "https://backendn.jarvislabs.net" },
  credential: { secret: "JARVISLABS_API_KEY", required: true },

  async scrape({ http, baseUrl, credential }) {
    const url = `${baseUrl}/misc/server_meta`;
    if (!credential)
      throw new ProviderError("MISSING_CREDENTIALS", "JarvisLabs' server_meta needs JARVISLABS_API_KEY", { url });
    const body = await http.json({ url, headers: { Authorization: `Bearer ${credential}` } });
    const error =
      typeof body === "object" && body !== null && !("server_meta" in body) ? errorSchema.safeParse(body) : null;
    if (error?.success) {
      const { data } = error;
      const message =
        "message" in data ? data.message : typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail);
      throw new ProviderError(
        /token|authenticat|api[ _-]?key/i.test(message) ? "INVALID_API_KEY" : "UPSTREAM_ERROR",
        `JarvisLabs API error: ${message}`,
        { url },
      );
    }
    const response = parseOrDrift(responseSchema, body, "JarvisLabs server_meta response");
    const currency = response.currency?.trim();
    if (currency && currency.toUpperCase() !== "USD") {
      throw new ProviderError(
        "UPSTREAM_ERROR",
        `JarvisLabs answered in ${currency}: this key belongs to an account billed in ${currency}; use a USD-billed account`,
        { url },
      );
    }

    const skipped: SkippedRecord[] = [];
    const groups = new Map<string, Parsed[]>();
    for (const record of response.server_meta) {
      const parsed = rowSchema.safeParse(record);
      if (!parsed.success) {
        const gpu = (record as { gpu_type?: unknown } | null)?.gpu_type;
        skipped.push({
          reason: describeIssues(parsed.error),
          gpuNameRaw: typeof gpu === "string" ? gpu : undefined,
          raw: record,
        });
        continue;
      }
      const row = parsed.data;
      const base = { instanceType: keyOf(row), gpuNameRaw: row.gpu_type, raw: record };
      if (row.spot_only_server === true) {
        skipped.push({ ...base, cause: "excluded", reason: "spot-only server pool: no on-demand offer" });
        continue;
      }
      const price = positive(row.price_per_hour);
      if (price === null) {
        skipped.push({
          ...base,
          reason: `price_per_hour ${JSON.stringify(row.price_per_hour ?? null)} is not a price`,
        });
        continue;
      }
      const pools = groups.get(base.instanceType) ?? [];
      pools.push({ row, price, raw: record });
      groups.set(base.instanceType, pools);
    }

    const offers: ProviderOffer[] = [];
    for (const [key, pools] of groups) {
      // Pools with the same prices are one offer; pools that disagree stay apart, each named by its price.
      const byPrice = new Map<string, Parsed[]>();
      for (const pool of pools) {
        const prices = `${pool.price}/${spotOf(pool.row) ?? "-"}`;
        byPrice.set(prices, [...(byPrice.get(prices) ?? []), pool]);
      }
      for (const samePrice of byPrice.values()) {
        const [first] = samePrice as [Parsed, ...Parsed[]];
        const spot = spotOf(first.row);
        const instanceType = byPrice.size === 1 ? key : `${key}@${first.price}${spot === null ? "" : `/${spot}`}`;
        offers.push(offerOf(instanceType.slice(0, 100), samePrice, url, Boolean(currency)));
      }
    }
    return { offers, skipped };
  },
};
