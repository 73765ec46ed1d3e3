import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError, type ProviderHttp } from "../http";
import { describeIssues, parseOrDrift } from "../parse";
import type { ProviderAdapter } from "../types";

// Voltage Park's On-Demand API (cloud-api.voltagepark.com, the platform TensorDock built). Two
// listings carry list prices, and both answer without a key (a key is sent when one is set):
//
// - /api/v1/bare-metal/locations: one row per location and GPU node type, with a price PER GPU
//   per hour for each network fabric (Ethernet, InfiniBand) as a decimal string, and how many
//   GPUs of each fabric can be rented now. Nodes are rented whole (multiples of eight GPUs), so
//   an offer is one node: the GPU price times the node's GPU count. A fabric with no free GPUs
//   keeps its published price and is offered as sold out.
// - /api/v1/instant-deploy-presets/: the instant VM presets. A preset prices the whole VM as a
//   compute rate (GPUs, vCPUs, RAM) plus a storage rate for its fixed disk; the VM's hourly price
//   is their sum. `location_ids_with_availability` lists the locations that can start one now.
//
// Lists come in a `{results, has_next, total_result_count}` envelope and page by `offset`.

const MAX_PAGES = 20;
const HOURS_PRECISION = 1e6;

const NETWORKS = [
  { network: "ethernet", price: "gpu_price_ethernet", count: "gpu_count_ethernet" },
  { network: "infiniband", price: "gpu_price_infiniband", count: "gpu_count_infiniband" },
] as const;
const KNOWN_PRICE_FIELDS: ReadonlySet<string> = new Set(NETWORKS.map(({ price }) => price));

// Prices are decimal strings ("1.99", "15.120000"); a number is read the same way.
const decimal = z.union([z.string(), z.number()]);

const envelopeSchema = z
  .object({
    results: z.array(z.unknown()),
    has_next: z.boolean().nullish(),
    total_result_count: z.int().nonnegative().nullish(),
  })
  .loose();
// A refusal or failure answered with 200: Django REST framework's {detail}, or {error}.
const errorBodySchema = z.object({ detail: z.string().min(1).optional(), error: z.string().min(1).optional() });

const count = z.int().nonnegative().nullish();
const locationSchema = z
  .object({
    id: z.string().min(1),
    gpu_price_ethernet: decimal.nullish(),
    gpu_count_ethernet: count,
    gpu_price_infiniband: decimal.nullish(),
    gpu_count_infiniband: count,
    specs_per_node: z.object({
      gpu_model: z.string().trim().min(1),
      gpu_count: z.int().positive(),
      cpu_model: z.string().nullish(),
      cpu_count: z.int().nonnegative().nullish(),
      ram_gb: z.number().nonnegative().nullish(),
      storage_gb: z.number().nonnegative().nullish(),
    }),
  })
  .loose();
type Location = z.infer<typeof locationSchema>;

const presetSchema = z
  .object({
    id: z.string().min(1),
    resources: z.object({
      gpus: z.record(z.string(), z.object({ count: z.int().nonnegative() }).loose()),
      vcpu_count: z.int().nonnegative().nullish(),
      ram_gb: z.number().nonnegative().nullish(),
      storage_gb: z.number().nonnegative().nullish(),
    }),
    operating_system: z.string().nullish(),
    compute_rate_hourly: decimal,
    storage_rate_hourly: decimal.nullish(),
    location_ids_with_availability: z.array(z.string().min(1)),
  })
  .loose();
type Preset = z.infer<typeof presetSchema>;

interface Listed {
  record: unknown;
  sourceUrl: string;
}

/** A positive finite amount read from a decimal string or number, or null. */
function amountOf(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = typeof value === "string" ? value.trim() : value;
  if (trimmed === "") return null;
  const amount = Number(trimmed);
  return Number.isFinite(amount) && amount > 0 ? amount : null;
}

const exact = (amount: number) => Math.round(amount * HOURS_PRECISION) / HOURS_PRECISION;

/** "h100-sxm5-80gb" → 80 and SXM; the GPU key is Voltage Park's own name for the GPU. */
function readGpuKey(key: string): { memoryGb: number | null; formFactor: string | null } {
  const memory = /(\d+(?:\.\d+)?)\s*gb\b/i.exec(key);
  const formFactor = /sxm/i.test(key) ? "SXM" : /pci-?e/i.test(key) ? "PCIe" : /\bnvl\b/i.test(key) ? "NVL" : null;
  return { memoryGb: memory ? Number(memory[1]) : null, formFactor };
}

function idOf(record: unknown): string | undefined {
  const id = (record as { id?: unknown } | null)?.id;
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** The bare-metal offer types an unreadable location stands for, as far as they can be read. */
function locationTypesOf(record: unknown): (string | undefined)[] {
  const row = (record ?? {}) as Record<string, unknown>;
  const gpuModel = (row.specs_per_node as { gpu_model?: unknown } | null | undefined)?.gpu_model;
  const id = idOf(record);
  if (typeof gpuModel !== "string" || !id) return [id];
  const priced = NETWORKS.filter(({ price }) => row[price] !== null && row[price] !== undefined);
  return priced.length > 0 ? priced.map(({ network }) => bareMetalType(network, gpuModel, id)) : [id];
}

const bareMetalType = (network: string, gpuModel: string, locationId: string) =>
  `bare-metal-${network}-${gpuModel}-${locationId}`;
const presetType = (gpuCount: number, gpuKey: string) => `vm-${gpuCount}x-${gpuKey}`;

/** The VM offer type an unreadable preset stands for, when its one GPU type can be read. */
function presetTypeOf(record: unknown): string | undefined {
  const gpus = (record as { resources?: { gpus?: unknown } } | null)?.resources?.gpus;
  const entries = gpus && typeof gpus === "object" ? Object.entries(gpus as Record<string, unknown>) : [];
  const [only] = entries;
  const gpuCount = (only?.[1] as { count?: unknown } | undefined)?.count;
  return entries.length === 1 && only && typeof gpuCount === "number" ? presetType(gpuCount, only[0]) : idOf(record);
}

function throwIfErrorBody(body: unknown, url: string) {
  if (Array.isArray(body)) return;
  const parsed = errorBodySchema.safeParse(body);
  const message = parsed.success ? (parsed.data.detail ?? parsed.data.error) : undefined;
  if (!message || (body as { results?: unknown }).results !== undefined) return;
  const code = /token|credential|authenticat|api key/i.test(message) ? "INVALID_API_KEY" : "UPSTREAM_ERROR";
  throw new ProviderError(code, `Voltage Park answered an error for ${url}: ${message}`, { url });
}

/**
 * Every record of a listing: a bare array, or the paged envelope followed by `offset` until
 * `has_next` is false. A page that repeats records already seen means the offset was ignored.
 */
async function listAll(http: ProviderHttp, firstUrl: string, what: string, headers: Record<string, string>) {
  const listed: Listed[] = [];
  const seen = new Set<string>();
  let url = firstUrl;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const body = await http.json({ url, headers });
    throwIfErrorBody(body, url);
    if (Array.isArray(body)) return [...listed, ...body.map((record) => ({ record, sourceUrl: url }))];
    const envelope = parseOrDrift(envelopeSchema, body, what);
    for (const record of envelope.results) {
      const id = idOf(record);
      if (id && seen.has(id))
        throw new ProviderError("UPSTREAM_ERROR", `${what}: page ${page} repeats ${id}; offset paging not honoured`, {
          url,
        });
      if (id) seen.add(id);
      listed.push({ record, sourceUrl: url });
    }
    if (!envelope.has_next || envelope.results.length === 0) return listed;
    const next = new URL(firstUrl);
    next.searchParams.set("offset", String(listed.length));
    url = next.href;
  }
  throw new ProviderError("UPSTREAM_ERROR", `${what} still had a next page after ${MAX_PAGES} pages`, {
    url: firstUrl,
  });
}

function stockOf(free: number | null | undefined, nodeGpus: number): AvailabilityStatus {
  if (free === null || free === undefined) return "limited"; // no count: listed, stock unknown
  if (free === 0) return "sold_out";
  return free >= nodeGpus ? "available" : "limited";
}

function bareMetalOffers({ record, sourceUrl }: Listed, skipped: SkippedRecord[]): ProviderOffer[] {
  const parsed = locationSchema.safeParse(record);
  if (!parsed.success) {
    const reason = describeIssues(parsed.error);
    for (const instanceType of locationTypesOf(record)) skipped.push({ reason, instanceType, raw: record });
    return [];
  }
  const location: Location = parsed.data;
  const specs = location.specs_per_node;
  const gpu = readGpuKey(specs.gpu_model);
  for (const field of Object.keys(location)) {
    if (field.includes("gpu_price") && !KNOWN_PRICE_FIELDS.has(field))
      skipped.push({
        reason: `price field ${field} is not one this adapter reads`,
        cause: "excluded",
        gpuNameRaw: specs.gpu_model,
        raw: record,
      });
  }

  const offers: ProviderOffer[] = [];
  let pricedFabrics = 0;
  for (const { network, price: priceField, count: countField } of NETWORKS) {
    const instanceType = bareMetalType(network, specs.gpu_model, location.id);
    const stated = location[priceField];
    if (stated === null || stated === undefined) continue; // this fabric is not sold at this location
    pricedFabrics++;
    const perGpu = amountOf(stated);
    if (perGpu === null) {
      skipped.push({ reason: `${priceField} ${JSON.stringify(stated)} is not a price`, instanceType, raw: record });
      continue;
    }
    const free = location[countField];
    const availability = stockOf(free, specs.gpu_count);
    offers.push({
      instanceType,
      instanceName: `${specs.gpu_count}x ${specs.gpu_model} bare metal, ${network}`,
      gpuNameRaw: specs.gpu_model,
      gpuCount: specs.gpu_count,
      gpuMemoryGb: gpu.memoryGb,
      formFactor: gpu.formFactor,
      currency: "USD",
      pricePerHour: exact(perGpu * specs.gpu_count),
      pricePerHourSpot: null,
      availability,
      regions: availability === "sold_out" ? [] : [location.id],
      vcpuCount: specs.cpu_count ?? null,
      ramGb: specs.ram_gb ?? null,
      storageGb: specs.storage_gb ?? null,
      hasInfiniband: network === "infiniband",
      priceIncludes: {
        bare_metal: true,
        network,
        price_per_gpu_hour: perGpu,
        free_gpus: free ?? null,
        location_id: location.id,
      },
      sourceUrl,
      raw: record,
    });
  }
  if (pricedFabrics === 0)
    skipped.push({
      reason: "neither gpu_price_ethernet nor gpu_price_infiniband is set",
      instanceType: location.id,
      gpuNameRaw: specs.gpu_model,
      raw: record,
    });
  return offers;
}

function presetOffer({ record, sourceUrl }: Listed, skipped: SkippedRecord[]): ProviderOffer | null {
  const parsed = presetSchema.safeParse(record);
  if (!parsed.success) {
    skipped.push({ reason: describeIssues(parsed.error), instanceType: presetTypeOf(record), raw: record });
    return null;
  }
  const preset: Preset = parsed.data;
  const gpus = Object.entries(preset.resources.gpus).filter(([, entry]) => entry.count > 0);
  if (gpus.length === 0) return null; // a CPU-only preset
  const [first] = gpus;
  if (!first || gpus.length > 1) {
    skipped.push({
      reason: `a preset of several GPU types (${gpus.map(([key]) => key).join(", ")})`,
      instanceType: preset.id,
      raw: record,
    });
    return null;
  }
  const [gpuKey, { count: gpuCount }] = first;
  const compute = amountOf(preset.compute_rate_hourly);
  if (compute === null) {
    skipped.push({
      reason: `compute_rate_hourly ${JSON.stringify(preset.compute_rate_hourly)} is not a price`,
      instanceType: presetType(gpuCount, gpuKey),
      gpuNameRaw: gpuKey,
      raw: record,
    });
    return null;
  }
  const storage = amountOf(preset.storage_rate_hourly) ?? 0;
  const gpu = readGpuKey(gpuKey);
  const where = preset.location_ids_with_availability;
  return {
    instanceType: presetType(gpuCount, gpuKey),
    instanceName: `${gpuCount}x ${gpuKey} instant VM`,
    gpuNameRaw: gpuKey,
    gpuCount,
    gpuMemoryGb: gpu.memoryGb,
    formFactor: gpu.formFactor,
    currency: "USD",
    pricePerHour: exact(compute + storage),
    pricePerHourSpot: null,
    availability: where.length > 0 ? "available" : "sold_out",
    regions: where,
    vcpuCount: preset.resources.vcpu_count ?? null,
    ramGb: preset.resources.ram_gb ?? null,
    storageGb: preset.resources.storage_gb ?? null,
    priceIncludes: {
      compute_rate_hourly: compute,
      storage_rate_hourly: storage,
      preset_id: preset.id,
      operating_system: preset.operating_system ?? null,
    },
    sourceUrl,
    raw: record,
  };
}

/** Two presets of the same GPUs (another image, say) keep apart by their preset id. */
function withUniqueTypes(offers: ProviderOffer[]): ProviderOffer[] {
  const counts = new Map<string, number>();
  for (const offer of offers) counts.set(offer.instanceType, (counts.get(offer.instanceType) ?? 0) + 1);
  return offers.map((offer) =>
    (counts.get(offer.instanceType) ?? 0) > 1
      ? { ...offer, instanceType: `${offer.instanceType}-${String(offer.priceIncludes?.preset_id ?? "")}` }
      : offer,
  );
}

export const voltagePark: ProviderAdapter = {
  slug: "voltage-park",
  method: "api",
  version: "voltage-park/1",
  baseUrl: { env: "VOLTAGE_PARK_BASE_URL", default: "https://cloud-api.voltagepark.com" },
  credential: { secret: "VOLTAGE_PARK_API_KEY", required: false },

  async scrape({ http, baseUrl, credential }) {
    const headers: Record<string, string> = credential ? { Authorization: `Bearer ${credential}` } : {};
    const locations = await listAll(
      http,
      `${baseUrl}/api/v1/bare-metal/locations`,
      "Voltage Park bare-metal locations",
      headers,
    );
    const presets = await listAll(
      http,
      `${baseUrl}/api/v1/instant-deploy-presets/`,
      "Voltage Park instant-deploy presets",
      headers,
    );

    const skipped: SkippedRecord[] = [];
    const offers = locations.flatMap((listed) => bareMetalOffers(listed, skipped));
    const vms = presets.flatMap((listed) => presetOffer(listed, skipped) ?? []);
    return { offers: [...offers, ...withUniqueTypes(vms)], skipped };
  },
};
