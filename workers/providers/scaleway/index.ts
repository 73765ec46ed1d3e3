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

/** Zones asked, in order. GPU types are known in fr-par-1, fr-par-2 and pl-waw-2; nl-ams-1 is checked for new ones. */
export const SCALEWAY_ZONES = ["fr-par-1", "fr-par-2", "nl-ams-1", "pl-waw-2"] as const;

// The page size the API uses by default and names in its own Link headers (per_page=50), asked
// explicitly. Each answer says how many entries the listing has (`X-Total-Count`): pages are read
// until that many are in; without the header, a page shorter than the size asked is the last.
const PAGE_SIZE = 50;
const MAX_PAGES = 20;
const GIB = 2 ** 30;

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
  // Null on every type recorded; a profile would make the type a MIG slice of its GPUs.
  mig_profile: z.unknown().optional(),
});
type ServerType = z.infer<typeof serverTypeSchema>;

const availabilityEntrySchema = z.object({ availability: z.string() }).loose();

// H100-1-80G, H100-SXM-8-80G, L40S-2-48G, L4-1-24G: model, optional variant, count, memory per GPU.
// H100-1-M, RENDER-S, GPU-3070-S and B300-SXM-8-288G say less; their gpu_info says the rest.
const TYPE_NAME = /^([A-Z0-9]+)(?:-(SXM|NVL))?-(\d+)-(\d+)G$/i;

/** One entry of a paged listing, and the page it was read from. */
interface Listed {
  record: unknown;
  pageUrl: string;
}

interface ZoneListing {
  zone: string;
  servers: Map<string, Listed>;
  availability: Map<string, Listed>;
}

interface Sighting {
  zone: string;
  server: ServerType;
  gpuCount: number;
  availability: AvailabilityStatus;
  listed: Listed;
  availabilityRecord: unknown;
}

type Outcome = { offer: ProviderOffer } | { skipped: SkippedRecord };

async function readPage(
  http: ProviderHttp,
  pageUrl: string,
  what: string,
): Promise<{ servers: Record<string, unknown>; total: number | null }> {
  const { body, headers } = await http.jsonWithHeaders({ url: pageUrl });
  const upstream = errorBodySchema.safeParse(body);
  if (upstream.success) {
    throw new ProviderError(
      "UPSTREAM_ERROR",
      `Scaleway answered an error for ${pageUrl}: ${upstream.data.type}: ${upstream.data.message}`,
      { url: pageUrl },
    );
  }
  const total = Number(headers.get("X-Total-Count") ?? Number.NaN);
  return { servers: parseOrDrift(pageSchema, body, what).servers, total: Number.isInteger(total) ? total : null };
}

async function readAllPages(http: ProviderHttp, url: string, what: string): Promise<Map<string, Listed>> {
  const entries = new Map<string, Listed>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    const pageUrl = `${url}?page=${page}&per_page=${PAGE_SIZE}`;
    let servers: Record<string, unknown>;
    let total: number | null;
    try {
      ({ servers, total } = await readPage(http, pageUrl, what));
    } catch (error) {
      // When the last page happened to be full, the next one is past the end: whether Scaleway
      // answers that with an empty page or a 404 is not recorded, and a 404 there must not pass
      // for a zone that is not served.
      if (page > 1 && error instanceof ProviderError && error.code === "NOT_FOUND") return entries;
      throw error;
    }
    for (const [type, record] of Object.entries(servers)) entries.set(type, { record, pageUrl });
    const count = Object.keys(servers).length;
    if (count === 0 || (total === null ? count < PAGE_SIZE : entries.size >= total)) return entries;
  }
  throw new ProviderError("UPSTREAM_ERROR", `${url} still had full pages after ${MAX_PAGES} pages`, { url });
}

async function listZone(http: ProviderHttp, baseUrl: string, zone: string): Promise<ZoneListing> {
  const url = `${baseUrl}/instance/v1/zones/${zone}/products/servers`;
  const servers = await readAllPages(http, url, `Scaleway server types of ${zone}`);
  const availability = await readAllPages(http, `${url}/availability`, `Scaleway availability of ${zone}`);
  return { zone, servers, availability };
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

interface GpuDescription {
  name: string;
  memoryGb: number | null;
  formFactor: string | null;
}

// gpu_info is Scaleway's own statement of the GPU ("H100-PCIe", 80 GiB); the type name is only a
// fallback, and says nothing for H100-1-M, RENDER-S or GPU-3070-S.
function describeGpu(type: string, gpuInfo: ServerType["gpu_info"]): GpuDescription | null {
  const named = TYPE_NAME.exec(type);
  const derivedName = named ? [named[1], named[2], `${named[4]}GB`].filter(Boolean).join(" ") : null;
  const name = gpuInfo?.gpu_name || derivedName;
  if (!name) return null;
  const memoryGb = gpuInfo?.gpu_memory ? roundGb(gpuInfo.gpu_memory / GIB) : named ? Number(named[4]) : null;
  const formFactor = (gpuInfo?.gpu_name && formFactorIn(gpuInfo.gpu_name)) || formFactorOfType(type);
  return { name, memoryGb, formFactor };
}

/** "H100-PCIe", "H100-SXM", "B300-SXM": the form factor gpu_info names. */
function formFactorIn(gpuName: string): string | null {
  if (/(^|[-_\s])SXM\d?($|[-_\s])/i.test(gpuName)) return "SXM";
  if (/(^|[-_\s])PCIe($|[-_\s])/i.test(gpuName)) return "PCIe";
  if (/(^|[-_\s])NVL($|[-_\s])/i.test(gpuName)) return "NVL";
  return null;
}

function formFactorOfType(type: string): string | null {
  if (/(^|-)SXM(-|$)/i.test(type)) return "SXM";
  // Scaleway names its PCIe H100s without a marker and the SXM ones "H100-SXM-…".
  if (/^H100-\d+-\d+G$/i.test(type)) return "PCIe";
  return null;
}

const roundGb = (gb: number) => Math.round(gb * 100) / 100;

function rawOf(sightings: Sighting[]) {
  return {
    servers: Object.fromEntries(sightings.map(({ zone, listed }) => [zone, listed.record])),
    availability: Object.fromEntries(
      sightings.map(({ zone, availabilityRecord }) => [zone, availabilityRecord ?? null]),
    ),
  };
}

/** A type retired in every zone, a GPU slice, or priced nowhere is no offer. */
function notAnOffer(type: string, sightings: Sighting[]): SkippedRecord | null {
  const raw = rawOf(sightings);
  const current = sightings.filter(({ server }) => !server.end_of_service);
  if (current.length === 0) {
    const zones = sightings.map(({ zone }) => zone).join(", ");
    return { reason: `end of service in ${zones}`, cause: "excluded", instanceType: type, raw };
  }
  const slice = current.find(({ server }) => server.mig_profile !== null && server.mig_profile !== undefined);
  if (slice) {
    const profile = JSON.stringify(slice.server.mig_profile);
    return { reason: `a MIG slice of a GPU (mig_profile ${profile})`, cause: "excluded", instanceType: type, raw };
  }
  if (!current.some(({ server }) => server.hourly_price > 0))
    return { reason: "no hourly_price above 0", instanceType: type, raw };
  return null;
}

// The offer's regions are the zones where the type can be rented now (available or scarce), its
// price the lowest there. A type in shortage everywhere keeps every zone that lists it, so a
// sold-out offer still says where it is sold.
const rentable = (priced: Sighting[]) => {
  const renting = priced.filter(({ availability }) => availability !== "sold_out");
  return renting.length > 0 ? renting : priced;
};

function offerFor(type: string, sightings: Sighting[]): Outcome {
  const skipped = notAnOffer(type, sightings);
  if (skipped) return { skipped };
  const priced = sightings.filter(({ server }) => !server.end_of_service && server.hourly_price > 0);
  const listed = rentable(priced);
  const cheapest = listed.reduce((best, sighting) =>
    sighting.server.hourly_price < best.server.hourly_price ? sighting : best,
  );
  const { server } = cheapest;
  const raw = rawOf(sightings);
  const gpu = describeGpu(type, server.gpu_info);
  if (!gpu)
    return { skipped: { reason: "no gpu_info, and the type name does not say which GPU", instanceType: type, raw } };

  const prices = new Set(priced.map(({ server }) => server.hourly_price));
  return {
    offer: {
      instanceType: type,
      gpuNameRaw: gpu.name,
      gpuCount: cheapest.gpuCount,
      gpuMemoryGb: gpu.memoryGb,
      formFactor: gpu.formFactor,
      currency: "EUR",
      pricePerHour: server.hourly_price,
      pricePerMonth: server.monthly_price && server.monthly_price > 0 ? server.monthly_price : null,
      availability: bestAvailability(listed.map(({ availability }) => availability)),
      regions: listed.map(({ zone }) => zone),
      vcpuCount: server.ncpus ?? null,
      ramGb: server.ram ? roundGb(server.ram / GIB) : null,
      // The Instance API does not say how a type is billed, and the product catalogue bills GPU
      // types differently (L4 and H100 by the minute, RENDER-S by the hour).
      billingIncrementSeconds: null,
      priceIncludes:
        prices.size > 1
          ? { hourly_price_by_zone: Object.fromEntries(priced.map(({ zone, server }) => [zone, server.hourly_price])) }
          : undefined,
      sourceUrl: cheapest.listed.pageUrl,
      raw,
    },
  };
}

async function listZones(http: ProviderHttp, baseUrl: string) {
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
  return { listings, skipped };
}

/** The GPU types of every zone, by commercial type; CPU types are dropped, unreadable ones reported. */
function sightingsOf(listings: ZoneListing[], skipped: SkippedRecord[]): Map<string, Sighting[]> {
  const byType = new Map<string, Sighting[]>();
  for (const { zone, servers, availability } of listings) {
    for (const [type, listed] of servers) {
      const parsed = serverTypeSchema.safeParse(listed.record);
      if (!parsed.success) {
        skipped.push({ reason: `${zone}: ${describeIssues(parsed.error)}`, instanceType: type, raw: listed.record });
        continue;
      }
      const gpuCount = parsed.data.gpu;
      if (!gpuCount) continue; // a CPU type
      const availabilityRecord = availability.get(type)?.record;
      const sighting = {
        zone,
        server: parsed.data,
        gpuCount,
        availability: availabilityOf(availabilityRecord),
        listed,
        availabilityRecord,
      };
      byType.set(type, [...(byType.get(type) ?? []), sighting]);
    }
  }
  return byType;
}

export const scaleway: ProviderAdapter = {
  slug: "scaleway",
  method: "api",
  version: "scaleway/2",
  baseUrl: { env: "SCALEWAY_BASE_URL", default: "https://api.scaleway.com" },

  async scrape({ http, baseUrl }) {
    const { listings, skipped } = await listZones(http, baseUrl);
    const offers: ProviderOffer[] = [];
    for (const [type, sightings] of sightingsOf(listings, skipped)) {
      const outcome = offerFor(type, sightings);
      if ("offer" in outcome) offers.push(outcome.offer);
      else skipped.push(outcome.skipped);
    }
    return { offers, skipped };
  },
};
