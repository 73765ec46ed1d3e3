import { z } from "zod";
import { type Currency, currencies, type ProviderOffer, type SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// OVHcloud's public order catalogue for Public Cloud (no key needed), read for the FR subsidiary,
// whose book is in EUR and excludes VAT. Every instance flavour appears as one addon per billing
// mode: "h100-380.consumption" (hourly) and "h100-380.monthly.postpaid" (a monthly price, never
// turned into an hourly one), sometimes with a deployment suffix ("….consumption.3AZ", "….LZ.EU")
// that carries its own price and regions. Prices are whole numbers of 1e-8 EUR (280000000 =
// 2.80 EUR). GPU instances are the addons whose commercial brick is "gpu"; the managed AI products
// ("ai-training.…", brick "ai-serving") carry GPU specs too but are priced per minute. The catalogue
// lists flavours whether or not any region has capacity, so a listing is no stock signal.

export const OVH_SUBSIDIARY = "FR";
const CATALOG_PATH = "/1.0/order/catalog/public/cloud";
const UNITS_PER_CURRENCY_UNIT = 100_000_000;
// formattedPrice is the same amount rounded to cents for display; half a cent of slack.
const DISPLAY_TOLERANCE = 0.005 + 1e-9;

// flavour, billing mode, optional deployment suffix: "l4-90.consumption", "b3-8.consumption.LZ.EU".
const PLAN_CODE = /^([^.]+)\.(consumption|monthly\.postpaid)(?:\.(.+))?$/;
const LEGACY_MARKER = /-le-/;

const errorBodySchema = z.object({ message: z.string(), class: z.string().optional() }).loose();
const catalogSchema = z
  .object({
    locale: z.object({ currencyCode: z.string(), subsidiary: z.string().nullish() }).loose(),
    addons: z.array(z.unknown()),
  })
  .loose();

const pricingSchema = z
  .object({
    price: z.number(),
    formattedPrice: z.string().nullish(),
    interval: z.number().nullish(),
    intervalUnit: z.string().nullish(),
  })
  .loose();

const gpuBlobSchema = z
  .object({
    model: z.string().min(1),
    number: z.int().positive(),
    memory: z.object({ size: z.number().nullish(), interface: z.string().nullish() }).loose().nullish(),
  })
  .loose();

const addonSchema = z
  .object({
    planCode: z.string().min(1),
    invoiceName: z.string().nullish(),
    pricings: z.array(pricingSchema),
    configurations: z.array(z.object({ name: z.string(), values: z.array(z.string()).nullish() }).loose()).nullish(),
    blobs: z
      .object({
        commercial: z.object({ brick: z.string().nullish() }).loose().nullish(),
        tags: z.array(z.string()).nullish(),
        technical: z
          .object({
            gpu: gpuBlobSchema,
            cpu: z.object({ cores: z.number().nullish() }).loose().nullish(),
            memory: z.object({ size: z.number().nullish() }).loose().nullish(),
            storage: z
              .object({
                disks: z
                  .array(z.object({ capacity: z.number().nullish(), number: z.number().nullish() }).loose())
                  .nullish(),
              })
              .loose()
              .nullish(),
            os: z.object({ family: z.string().nullish() }).loose().nullish(),
          })
          .loose(),
      })
      .loose(),
  })
  .loose();
type Addon = z.infer<typeof addonSchema>;

/** One billing mode of one flavour (and deployment), as read from its addon. */
interface Priced {
  addon: Addon;
  amount: number;
}

interface Flavour {
  key: string;
  flavour: string;
  deployment: string | null;
  hourly?: Priced;
  monthly?: Priced;
  /** An hourly plan code was listed but could not be read (and is reported as such). */
  hourlyUnreadable?: boolean;
}

type PriceOutcome = { amount: number } | { unreadable: string };

/** The offer a plan code belongs to: "h100-380" for h100-380.consumption, "l4-90.3AZ" for l4-90.consumption.3AZ. */
function keyOf(planCode: string | null): string | undefined {
  const named = planCode ? PLAN_CODE.exec(planCode) : null;
  if (!named?.[1]) return planCode ?? undefined;
  return named[3] ? `${named[1]}.${named[3]}` : named[1];
}

/** What the addon's brick and GPU blob say before it is validated in full. */
function peek(record: unknown): { planCode: string | null; brick: string | null; hasGpu: boolean } {
  const addon = record as {
    planCode?: unknown;
    blobs?: { commercial?: { brick?: unknown }; technical?: { gpu?: unknown } };
  } | null;
  const planCode = typeof addon?.planCode === "string" ? addon.planCode : null;
  const brick = typeof addon?.blobs?.commercial?.brick === "string" ? addon.blobs.commercial.brick : null;
  const gpu = addon?.blobs?.technical?.gpu;
  return { planCode, brick, hasGpu: gpu !== null && gpu !== undefined };
}

/** "2.80 €", "$1.56 USD", "0,98 €": the one number a display string shows, or null. */
function shownAmount(formatted: string | null | undefined): number | null {
  const match = formatted ? /^[^0-9]*([0-9]+(?:[.,][0-9]{1,4})?)[^0-9]*$/.exec(formatted) : null;
  return match?.[1] ? Number(match[1].replace(",", ".")) : null;
}

const HOURLY_UNITS = new Set(["hour", "none"]);
const MONTHLY_UNITS = new Set(["month", "none"]);

// The amount of a billing mode. Several pricing entries must agree on one price: which of two
// prices applies (a promotion, a first phase) is not something the catalogue says plainly.
function priceOf(addon: Addon, mode: "hourly" | "monthly"): PriceOutcome {
  const pricings = addon.pricings.filter((pricing) => pricing.price > 0);
  const distinct = new Set(pricings.map((pricing) => pricing.price));
  if (distinct.size === 0) return { unreadable: "no price above 0" };
  if (distinct.size > 1) return { unreadable: `${distinct.size} different prices (${[...distinct].join(", ")})` };
  const [pricing] = pricings;
  if (!pricing) return { unreadable: "no price above 0" };
  // Whole 1e-8 units: a fraction would mean the unit changed (to euros, say).
  if (!Number.isInteger(pricing.price))
    return { unreadable: `price ${pricing.price} is not a whole number of 1e-8 units` };
  const unit = pricing.intervalUnit ?? "none";
  if (!(mode === "hourly" ? HOURLY_UNITS : MONTHLY_UNITS).has(unit))
    return { unreadable: `billed per ${unit}, not per ${mode === "hourly" ? "hour" : "month"}` };
  const amount = pricing.price / UNITS_PER_CURRENCY_UNIT;
  const shown = shownAmount(pricing.formattedPrice);
  if (shown !== null && Math.abs(shown - amount) > DISPLAY_TOLERANCE)
    return {
      unreadable: `price ${pricing.price} (${amount}) disagrees with its display "${pricing.formattedPrice}": the 1e-8 scale no longer holds`,
    };
  return { amount };
}

function regionsOf(...addons: (Addon | undefined)[]): string[] {
  const regions = addons.flatMap(
    (addon) =>
      addon?.configurations?.filter(({ name }) => name === "region").flatMap(({ values }) => values ?? []) ?? [],
  );
  return [...new Set(regions)].sort();
}

function storageOf(addon: Addon): number | null {
  const disks = addon.blobs.technical.storage?.disks ?? [];
  const total = disks.reduce((sum, disk) => sum + (disk.capacity ?? 0) * (disk.number ?? 1), 0);
  return total > 0 ? total : null;
}

function offerOf({ key, hourly, monthly }: Flavour, currency: Currency, sourceUrl: string): ProviderOffer | null {
  if (!hourly) return null;
  const { addon } = hourly;
  const { technical, tags } = addon.blobs;
  const planCodes = [hourly.addon.planCode, monthly?.addon.planCode].filter(Boolean);
  return {
    instanceType: key,
    instanceName: addon.invoiceName ?? null,
    gpuNameRaw: technical.gpu.model,
    gpuCount: technical.gpu.number,
    gpuMemoryGb: positive(technical.gpu.memory?.size),
    // The catalogue names the GPU ("H100", "A100") without its form factor, and guessing one
    // would price a PCIe card as an SXM module or the reverse.
    formFactor: null,
    currency,
    pricePerHour: hourly.amount,
    pricePerHourSpot: null, // Public Cloud instances have no spot or preemptible price
    pricePerMonth: monthly?.amount ?? null,
    // A flavour OVH announces but does not sell yet is tagged so; the others are listed whether or
    // not a region has capacity.
    availability: tags?.includes("coming_soon") ? "waitlist" : "limited",
    regions: regionsOf(hourly.addon, monthly?.addon),
    vcpuCount: positive(technical.cpu?.cores),
    ramGb: positive(technical.memory?.size),
    storageGb: storageOf(addon),
    priceIncludes: {
      vat: "excluded",
      subsidiary: OVH_SUBSIDIARY,
      plan_codes: planCodes,
      ...(technical.gpu.memory?.interface ? { gpu_memory_interface: technical.gpu.memory.interface } : {}),
      ...(tags && tags.length > 0 ? { tags } : {}),
    },
    sourceUrl,
    raw: { hourly: hourly.addon, monthly: monthly?.addon ?? null },
  };
}

/** Reads the GPU addons into flavours, reporting what is unreadable or deliberately no offer. */
function readFlavours(addons: unknown[], skipped: SkippedRecord[]): Map<string, Flavour> {
  const flavours = new Map<string, Flavour>();
  for (const record of addons) {
    const { planCode, brick, hasGpu } = peek(record);
    if (brick !== "gpu") {
      if (hasGpu)
        skipped.push({
          reason: `brick ${brick ?? "(none)"}: a managed service with a GPU, not an instance (priced per minute or per use)`,
          cause: "excluded",
          instanceType: planCode ?? undefined,
          raw: record,
        });
      continue; // CPU flavours, storage, network: not GPU offers
    }
    const parsed = addonSchema.safeParse(record);
    if (!parsed.success) {
      const reason = `${planCode ?? "(no plan code)"}: ${describeIssues(parsed.error)}`;
      skipped.push({ reason, instanceType: keyOf(planCode), raw: record });
      continue;
    }
    const addon = parsed.data;
    const gpuNameRaw = addon.blobs.technical.gpu.model;
    const named = PLAN_CODE.exec(addon.planCode);
    if (!named?.[1] || !named[2]) {
      skipped.push({
        reason: "plan code names no billing mode this adapter knows (.consumption, .monthly.postpaid)",
        instanceType: addon.planCode,
        gpuNameRaw,
        raw: record,
      });
      continue;
    }
    const [, flavour, billing, deployment] = named;
    if (flavour.startsWith("win-") || addon.blobs.technical.os?.family === "windows") {
      skipped.push({
        reason: `${addon.planCode}: a Windows flavour, its price includes the Windows licence`,
        cause: "excluded",
        instanceType: keyOf(addon.planCode),
        gpuNameRaw,
        raw: record,
      });
      continue;
    }
    const mode = billing === "consumption" ? "hourly" : "monthly";
    // Reported under the offer's own key, so that an unreadable price keeps the stored offer.
    const key = keyOf(addon.planCode) ?? flavour;
    const entry = flavours.get(key) ?? { key, flavour, deployment: deployment ?? null };
    flavours.set(key, entry);
    const price = priceOf(addon, mode);
    if ("unreadable" in price) {
      if (mode === "hourly") entry.hourlyUnreadable = true;
      skipped.push({ reason: `${addon.planCode}: ${price.unreadable}`, instanceType: key, gpuNameRaw, raw: record });
      continue;
    }
    if (entry[mode]) {
      skipped.push({ reason: `${addon.planCode} appears twice`, instanceType: key, gpuNameRaw, raw: record });
      continue;
    }
    entry[mode] = { addon, amount: price.amount };
  }
  return flavours;
}

// "t1-le-45" is the legacy variant of "t1-45": the same hardware, usually at the same price. It is
// one offer only when its current sibling is not listed.
function legacyDuplicateOf(entry: Flavour, flavours: Map<string, Flavour>): string | null {
  if (!LEGACY_MARKER.test(entry.flavour)) return null;
  const current = entry.flavour.replace(LEGACY_MARKER, "-");
  const key = entry.deployment ? `${current}.${entry.deployment}` : current;
  return flavours.get(key)?.hourly ? key : null;
}

function currencyOf(code: string): Currency {
  const currency = currencies.find((known) => known === code);
  if (!currency) throw new ProviderError("SCHEMA_DRIFT", `OVHcloud catalogue is priced in ${code}, not EUR or USD`);
  return currency;
}

export const ovhcloud: ProviderAdapter = {
  slug: "ovhcloud",
  method: "api",
  version: "ovhcloud/1",
  baseUrl: { env: "OVHCLOUD_BASE_URL", default: "https://eu.api.ovh.com" },

  async scrape({ http, baseUrl }) {
    const url = `${baseUrl}${CATALOG_PATH}?ovhSubsidiary=${OVH_SUBSIDIARY}`;
    const body = await http.json({ url });
    const upstream = errorBodySchema.safeParse(body);
    if (upstream.success && !(body as { addons?: unknown }).addons) {
      throw new ProviderError(
        "UPSTREAM_ERROR",
        `OVHcloud answered an error: ${upstream.data.class ?? "error"}: ${upstream.data.message}`,
        { url },
      );
    }
    const catalog = parseOrDrift(catalogSchema, body, "OVHcloud public cloud catalogue");
    const currency = currencyOf(catalog.locale.currencyCode);

    const skipped: SkippedRecord[] = [];
    const flavours = readFlavours(catalog.addons, skipped);
    const offers: ProviderOffer[] = [];
    for (const entry of flavours.values()) {
      const addon = entry.hourly?.addon ?? entry.monthly?.addon;
      const raw = { hourly: entry.hourly?.addon ?? null, monthly: entry.monthly?.addon ?? null };
      const gpuNameRaw = addon?.blobs.technical.gpu.model;
      const sibling = legacyDuplicateOf(entry, flavours);
      if (sibling) {
        skipped.push({
          reason: `legacy variant of ${sibling}, the same hardware`,
          cause: "excluded",
          instanceType: entry.key,
          gpuNameRaw,
          raw,
        });
        continue;
      }
      const offer = offerOf(entry, currency, url);
      if (offer) offers.push(offer);
      else if (!entry.hourlyUnreadable && entry.monthly)
        skipped.push({
          reason: "only a monthly price: no hourly price to list",
          cause: "excluded",
          instanceType: entry.key,
          gpuNameRaw,
          raw,
        });
    }
    return { offers, skipped };
  },
};
