import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError, type ProviderHttp } from "../http";
import { describeIssues, parseOrDrift } from "../parse";
import type { ProviderAdapter } from "../types";

// Scaleway's public Instance API (no key needed), zone by zone: the server types of a zone, an
// object keyed by commercial type with EUR prices for the whole instance and memory in bytes, and
// their stock. One commercial type is one offer across the zones that list it. Prices stay in EUR;
// the pipeline converts them.

/** Zones asked, in order. GPU types are known in fr-par-2 and pl-waw-2; the others are checked for new ones. */
export const SCALEWAY_ZONES = ["fr-par-1", "fr-par-2", "nl-ams-1", "pl-waw-2"] as const;

const PAGE_SIZE = 100;
const MAX_PAGES = 20;
const GIB = 2 ** 30;
// GPU Instances are billed per minute (scaleway/docs-content#5727).
const BILLING_INCREMENT_SECONDS = 60;

const errorBodySchema = z.object({ message: z.string(), type: z.string() }).loose();
const pageSchema = z.object({ servers: z.record(z.string(), z.unknown()) });

const serverTypeSchema = z.object({
  hourly_price: z.number(),
  monthly_price: z.number().nullish(),
  ncpus: z.number().nullish(),
  ram: z.number().nullish(), // bytes
  gpu: z.int().nonnegative().nullish(),
  arch: z.string().nullish(),
  baremetal: z.boolean().nullish(),
  end_of_service: z.boolean().nullish(),
  gpu_info: z
    .object({
      gpu_manufacturer: z.string().nullish(),
      gpu_name: z.string().nullish(),
      gpu_memory: z.number().nullish(), // bytes, one GPU
    })
    .nullish(),
});
type ServerType = z.infer<typeof serverTypeSchema>;

const availabilityEntrySchema = z.object({ availability: z.string() }).loose();

// H100-1-80G, H100-SXM-8-80G, L40S-2-48G, L4-1-24G: model, optional variant, count, memory per GPU.
const TYPE_NAME = /^([A-Z0-9]+)(?:-(SXM|NVL))?-(\d+)-(\d+)G$/i;

interface ZoneListing {
  zone: string;
  sourceUrl: string;
  servers: Record<string, unknown>;
  availability: Record<string, unknown>;
}

interface Sighting {
  zone: string;
  server: ServerType;
  availability: AvailabilityStatus;
  sourceUrl: string;
}

async function readAllPages(http: ProviderHttp, url: string, what: string): Promise<Record<string, unknown>> {
  const entries: Record<string, unknown> = {};
  for (let page = 1; page <= MAX_PAGES; page++) {
    const pageUrl = `${url}?per_page=${PAGE_SIZE}&page=${page}`;
    const body = await http.json({ url: pageUrl });
    const upstream = errorBodySchema.safeParse(body);
    if (upstream.success) {
      throw new ProviderError(
        "UPSTREAM_ERROR",
        `Scaleway answered an error for ${pageUrl}: ${upstream.data.type}: ${upstream.data.message}`,
        { url: pageUrl },
      );
    }
    const { servers } = parseOrDrift(pageSchema, body, what);
    Object.assign(entries, servers);
    if (Object.keys(servers).length < PAGE_SIZE) return entries;
  }
  throw new ProviderError("UPSTREAM_ERROR", `${url} still had full pages after ${MAX_PAGES} pages`, { url });
}

async function listZone(http: ProviderHttp, baseUrl: string, zone: string): Promise<ZoneListing> {
  const url = `${baseUrl}/instance/v1/zones/${zone}/products/servers`;
  const servers = await readAllPages(http, url, `Scaleway server types of ${zone}`);
  const availability = await readAllPages(http, `${url}/availability`, `Scaleway availability of ${zone}`);
  return { zone, sourceUrl: `${url}?per_page=${PAGE_SIZE}&page=1`, servers, availability };
}

// "scarce" still rents; "shortage" does not. No entry, or a word we do not know, tells us nothing
// beyond the type being listed, which is taken as available.
function availabilityOf(entry: unknown): AvailabilityStatus {
  const parsed = availabilityEntrySchema.safeParse(entry);
  if (parsed.success && parsed.data.availability === "scarce") return "limited";
  if (parsed.success && parsed.data.availability === "shortage") return "sold_out";
  return "available";
}

const AVAILABILITY_ORDER: AvailabilityStatus[] = ["available", "limited", "sold_out"];
const bestAvailability = (statuses: AvailabilityStatus[]) =>
  AVAILABILITY_ORDER.find((status) => statuses.includes(status)) ?? "sold_out";

function describeGpu(type: string, gpuInfo: ServerType["gpu_info"]): { name: string; memoryGb: number | null } | null {
  const named = TYPE_NAME.exec(type);
  const derivedName = named ? [named[1], named[2], `${named[4]}GB`].filter(Boolean).join(" ") : null;
  const name = gpuInfo?.gpu_name || derivedName;
  if (!name) return null;
  const memoryGb = gpuInfo?.gpu_memory ? roundGb(gpuInfo.gpu_memory / GIB) : named ? Number(named[4]) : null;
  return { name, memoryGb };
}

function formFactorOf(type: string): string | null {
  if (/(^|-)SXM(-|$)/i.test(type)) return "SXM";
  // Scaleway names its PCIe H100s without a marker and the SXM ones "H100-SXM-…".
  if (/^H100-\d+-\d+G$/i.test(type)) return "PCIe";
  return null;
}

const roundGb = (gb: number) => Math.round(gb * 100) / 100;

function offerFor(type: string, sightings: Sighting[]): { offer: ProviderOffer } | { skipped: SkippedRecord } {
  const raw = Object.fromEntries(sightings.map(({ zone, server }) => [zone, server]));
  const current = sightings.filter(({ server }) => !server.end_of_service);
  if (current.length === 0) {
    return {
      skipped: { reason: `end of service in ${sightings.map(({ zone }) => zone).join(", ")}`, instanceType: type, raw },
    };
  }
  const priced = current.filter(({ server }) => server.hourly_price > 0);
  if (priced.length === 0) return { skipped: { reason: "no hourly_price above 0", instanceType: type, raw } };
  const cheapest = priced.reduce((best, sighting) =>
    sighting.server.hourly_price < best.server.hourly_price ? sighting : best,
  );
  const { server } = cheapest;
  if (!server.gpu) return { skipped: { reason: "no GPU count", instanceType: type, raw } };
  const gpu = describeGpu(type, server.gpu_info);
  if (!gpu)
    return { skipped: { reason: "no gpu_info, and the type name does not say which GPU", instanceType: type, raw } };

  const prices = new Set(priced.map(({ server }) => server.hourly_price));
  return {
    offer: {
      instanceType: type,
      gpuNameRaw: gpu.name,
      gpuCount: server.gpu,
      gpuMemoryGb: gpu.memoryGb,
      formFactor: formFactorOf(type),
      currency: "EUR",
      pricePerHour: server.hourly_price,
      pricePerMonth: server.monthly_price && server.monthly_price > 0 ? server.monthly_price : null,
      availability: bestAvailability(priced.map(({ availability }) => availability)),
      regions: priced.map(({ zone }) => zone),
      vcpuCount: server.ncpus ?? null,
      ramGb: server.ram ? roundGb(server.ram / GIB) : null,
      billingIncrementSeconds: BILLING_INCREMENT_SECONDS,
      priceIncludes:
        prices.size > 1
          ? { hourly_price_by_zone: Object.fromEntries(priced.map(({ zone, server }) => [zone, server.hourly_price])) }
          : undefined,
      sourceUrl: cheapest.sourceUrl,
      raw,
    },
  };
}

export const scaleway: ProviderAdapter = {
  slug: "scaleway",
  method: "api",
  version: "scaleway/1",
  baseUrl: { env: "SCALEWAY_BASE_URL", default: "https://api.scaleway.com" },

  async scrape({ http, baseUrl }) {
    const skipped: SkippedRecord[] = [];
    const listings: ZoneListing[] = [];
    let firstError: ProviderError | null = null;
    for (const zone of SCALEWAY_ZONES) {
      try {
        listings.push(await listZone(http, baseUrl, zone));
      } catch (error) {
        // A zone Scaleway does not serve (any more) should not hide the others; anything else
        // (5xx, 429, drift) says the source as a whole cannot be trusted right now.
        if (!(error instanceof ProviderError) || error.code !== "NOT_FOUND") throw error;
        firstError ??= error;
        skipped.push({
          reason: `zone ${zone} is not served: ${error.message}`,
          raw: { zone, url: error.details.url ?? null },
        });
      }
    }
    if (listings.length === 0 && firstError) throw firstError;

    const sightingsByType = new Map<string, Sighting[]>();
    for (const { zone, sourceUrl, servers, availability } of listings) {
      for (const [type, record] of Object.entries(servers)) {
        const parsed = serverTypeSchema.safeParse(record);
        if (!parsed.success) {
          skipped.push({ reason: `${zone}: ${describeIssues(parsed.error)}`, instanceType: type, raw: record });
          continue;
        }
        if (!parsed.data.gpu) continue; // a CPU type
        const sightings = sightingsByType.get(type) ?? [];
        sightings.push({ zone, server: parsed.data, availability: availabilityOf(availability[type]), sourceUrl });
        sightingsByType.set(type, sightings);
      }
    }

    const offers: ProviderOffer[] = [];
    for (const [type, sightings] of sightingsByType) {
      const outcome = offerFor(type, sightings);
      if ("offer" in outcome) offers.push(outcome.offer);
      else skipped.push(outcome.skipped);
    }
    return { offers, skipped };
  },
};
