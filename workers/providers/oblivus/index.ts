import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError, type ProviderHttp } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// Oblivus Cloud's v2 API (key required, sent in an `apiKey` header, not as a bearer token).
// GET /v2/cloud/metadata/ answers `data.gpu`, keyed by GPU flavour ("H100_SXM5_80GB"): the GPU's
// name (`metaName`), `hourlyCost` in US dollars per GPU per hour as a string, the committed rates
// for 1, 3, 12 and 36 months (also dollars per GPU-hour, strings), and `configurations`, the
// machine sizes (`flavorID`, `GPUAmount`, `vCPU`, `RAM`, storage; numbers as strings).
// GET /v2/cloud/stock/list/ answers `data.gpu.<flavour>.<location>.virtualservers`: how many
// machines of that flavour can be deployed in that location now.
//
// An offer is one configuration: price = per-GPU rate × GPUAmount. Only the 12- and 36-month
// commitments become reserved 1y/3y rates (1 and 3 months are kept in `priceIncludes`). A
// committed rate above the on-demand one is no hourly discount (a term total or a monthly
// figure) and is dropped. Without the stock listing an offer is "limited", never "available".

const DECIMAL = /^\d+(?:\.\d+)?$/;
const WHOLE = /^\d+$/;
const MEMORY_SUFFIX = /_(\d+)GB$/i;

const amount = z.union([z.string(), z.number()]).nullish();

const configurationSchema = z
  .object({
    flavorID: z.string().min(1),
    type: z.string().nullish(),
    GPUAmount: amount,
    vCPU: amount,
    RAM: amount,
    rootStorage: amount,
    ephemeralStorage: amount,
    CPU: z.string().nullish(),
  })
  .loose();

const flavourSchema = z
  .object({
    metaName: z.string().trim().min(1),
    hourlyCost: amount,
    network: z.string().nullish(),
    "1m": amount,
    "3m": amount,
    "12m": amount,
    "36m": amount,
    configurations: z.array(z.unknown()),
  })
  .loose();

const errorSchema = z.object({ status: z.literal(["error", "failed", "fail"]), message: z.unknown() });

const metadataSchema = z.union([
  errorSchema,
  z.object({ data: z.object({ gpu: z.record(z.string(), z.unknown()) }).loose() }).loose(),
]);

const stockSchema = z.union([
  errorSchema,
  z
    .object({
      data: z
        .object({
          gpu: z.record(z.string(), z.record(z.string(), z.object({ virtualservers: amount }).loose())),
        })
        .loose(),
    })
    .loose(),
]);

/** A decimal string (or number) read as an amount above zero; null when it is not one. */
function decimal(value: string | number | null | undefined): number | null {
  if (typeof value === "number") return positive(value);
  if (typeof value !== "string" || !DECIMAL.test(value.trim())) return null;
  return positive(Number(value.trim()));
}

function whole(value: string | number | null | undefined): number | null {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : null;
  if (typeof value !== "string" || !WHOLE.test(value.trim())) return null;
  return Number(value.trim());
}

function fail(body: z.infer<typeof errorSchema>, url: string): never {
  const message = typeof body.message === "string" ? body.message : JSON.stringify(body.message);
  throw new ProviderError(
    /api ?key|token|unauthori[sz]ed|authenticat/i.test(message) ? "INVALID_API_KEY" : "UPSTREAM_ERROR",
    `Oblivus API error: ${message}`,
    { url },
  );
}

/** Deployable machine counts by flavour and location; null when the stock listing could not be had. */
async function stockOf(
  http: ProviderHttp,
  url: string,
  headers: Record<string, string>,
): Promise<Map<string, Map<string, number | null>> | null> {
  let body: z.infer<typeof stockSchema>;
  try {
    body = parseOrDrift(stockSchema, await http.json({ url, headers }), "Oblivus stock response");
    if (!("data" in body)) fail(body, url);
  } catch (error) {
    // Prices stand without stock (they are then "limited"); a changed shape is still drift.
    if (error instanceof ProviderError && error.code !== "SCHEMA_DRIFT" && error.code !== "INVALID_API_KEY")
      return null;
    throw error;
  }
  const stock = new Map<string, Map<string, number | null>>();
  for (const [flavour, locations] of Object.entries(body.data.gpu)) {
    stock.set(
      flavour,
      new Map(Object.entries(locations).map(([location, entry]) => [location, whole(entry.virtualservers)])),
    );
  }
  return stock;
}

function availabilityOf(locations: Map<string, number | null> | undefined, stockKnown: boolean) {
  if (!stockKnown) return { availability: "limited" as AvailabilityStatus, regions: [] as string[] };
  // A flavour the stock listing does not name has no stock signal either way.
  if (!locations) return { availability: "limited" as AvailabilityStatus, regions: [] as string[] };
  const counts = [...locations.values()];
  const regions = [...locations].filter(([, count]) => count !== null && count > 0).map(([location]) => location);
  if (regions.length > 0) return { availability: "available" as AvailabilityStatus, regions };
  // Listed locations without a readable count: listed, not known to be deployable.
  if (counts.some((count) => count === null)) return { availability: "limited" as AvailabilityStatus, regions: [] };
  return { availability: "sold_out" as AvailabilityStatus, regions: [] };
}

/** A committed per-GPU rate, when it is an hourly discount on the on-demand one. */
function commitRate(value: string | number | null | undefined, onDemand: number): number | null {
  const rate = decimal(value);
  return rate !== null && rate <= onDemand ? rate : null;
}

const formFactorOf = (flavour: string, name: string) => {
  const text = `${flavour} ${name}`.toUpperCase();
  if (/\bSXM\d*|_SXM/.test(text)) return "SXM";
  if (/NVL\b|_NVL/.test(text)) return "NVL";
  if (/PCIE/.test(text)) return "PCIe";
  return null;
};

function readFlavour(
  flavourKey: string,
  record: unknown,
  stock: Map<string, Map<string, number | null>> | null,
  sourceUrl: string,
  offers: ProviderOffer[],
  skipped: SkippedRecord[],
) {
  const parsed = flavourSchema.safeParse(record);
  if (!parsed.success) {
    skipped.push({ reason: describeIssues(parsed.error), instanceType: flavourKey, raw: record });
    return;
  }
  const flavour = parsed.data;
  const gpuNameRaw = flavour.metaName;
  const perGpu = decimal(flavour.hourlyCost);
  if (perGpu === null) {
    skipped.push({
      reason: `hourlyCost ${JSON.stringify(flavour.hourlyCost)} is not a price`,
      instanceType: flavourKey,
      gpuNameRaw,
      raw: record,
    });
    return;
  }
  const reserved1y = commitRate(flavour["12m"], perGpu);
  const reserved3y = commitRate(flavour["36m"], perGpu);
  const memory = MEMORY_SUFFIX.exec(flavourKey);
  const { availability, regions } = availabilityOf(stock?.get(flavourKey), stock !== null);

  for (const entry of flavour.configurations) {
    const config = configurationSchema.safeParse(entry);
    if (!config.success) {
      skipped.push({ reason: describeIssues(config.error), instanceType: flavourKey, gpuNameRaw, raw: entry });
      continue;
    }
    const { flavorID } = config.data;
    const gpuCount = whole(config.data.GPUAmount);
    if (gpuCount === null || gpuCount === 0) {
      skipped.push({
        reason: `GPUAmount ${JSON.stringify(config.data.GPUAmount)} is not a whole number of GPUs`,
        instanceType: flavorID,
        gpuNameRaw,
        raw: entry,
      });
      continue;
    }
    const times = (rate: number | null) => (rate === null ? null : Math.round(rate * gpuCount * 1e6) / 1e6);
    offers.push({
      instanceType: flavorID,
      instanceName: `${gpuCount}x ${gpuNameRaw}`,
      gpuNameRaw,
      gpuCount,
      gpuMemoryGb: memory ? Number(memory[1]) : null,
      formFactor: formFactorOf(flavourKey, gpuNameRaw),
      currency: "USD",
      pricePerHour: times(perGpu) as number,
      pricePerHourSpot: null,
      pricePerHourReserved1y: times(reserved1y),
      pricePerHourReserved3y: times(reserved3y),
      availability,
      regions,
      vcpuCount: whole(config.data.vCPU),
      ramGb: decimal(config.data.RAM),
      storageGb: decimal(config.data.rootStorage),
      hasInfiniband: flavour.network ? /infiniband/i.test(flavour.network) : null,
      priceIncludes: {
        pricePerGpuHour: perGpu,
        commit1mPerGpuHour: commitRate(flavour["1m"], perGpu),
        commit3mPerGpuHour: commitRate(flavour["3m"], perGpu),
        ephemeralStorageGb: decimal(config.data.ephemeralStorage),
      },
      sourceUrl,
      raw: { flavour: flavourKey, ...flavour, configurations: [entry] },
    });
  }
}

export const oblivus: ProviderAdapter = {
  slug: "oblivus",
  method: "api",
  version: "oblivus/1",
  baseUrl: { env: "OBLIVUS_BASE_URL", default: "https://api.oblivus.com" },
  credential: { secret: "OBLIVUS_API_KEY", required: true },

  async scrape({ http, baseUrl, credential }) {
    if (!credential) throw new ProviderError("MISSING_CREDENTIALS", "Oblivus's cloud API needs OBLIVUS_API_KEY");
    const headers = { apiKey: credential };
    const url = `${baseUrl}/v2/cloud/metadata/`;
    const metadata = parseOrDrift(metadataSchema, await http.json({ url, headers }), "Oblivus metadata response");
    if (!("data" in metadata)) fail(metadata, url);
    const stock = await stockOf(http, `${baseUrl}/v2/cloud/stock/list/`, headers);

    const offers: ProviderOffer[] = [];
    const skipped: SkippedRecord[] = [];
    for (const [flavourKey, record] of Object.entries(metadata.data.gpu)) {
      readFlavour(flavourKey, record, stock, url, offers, skipped);
    }
    return { offers, skipped };
  },
};
