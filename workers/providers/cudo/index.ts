import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError, type ProviderHttp } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// Cudo Compute's VM machine types (public; a key is sent when one is configured). A machine type is
// a host family in one data center, priced by component: USD per hour for each GPU, each vCPU and
// each GiB of memory (plus storage and an IPv4 address), every amount a decimal string. A VM is
// sized by the customer within the machine type's limits, so an offer here is a price for a VM we
// define ourselves:
//
//   one GPU, with the fewest vCPUs and the least memory the machine type allows for it,
//   and no disk or public IPv4 (both priced separately, and the same for every GPU).
//
// That is the cheapest VM with one GPU that Cudo would rent; `priceIncludes` lists each component
// and its unit price, so a larger configuration can be priced from the same record. The GPU memory
// comes from the GPU model list (`/v1/vms/gpu-models`), which the machine types only reference.

const GPU_COUNT = 1;
const TERM_1Y = "COMMITMENT_TERM_12_MONTHS";
const TERM_3Y = "COMMITMENT_TERM_36_MONTHS";
// A decimal string as the API documents it: digits, an optional fraction and exponent.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

// A protobuf decimal: { value: "0.002500" }.
const decimalSchema = z.object({ value: z.string() }).loose();
// protobuf doubles arrive as numbers, or as "Infinity"/"NaN" strings when unbounded.
const limitSchema = z.union([z.number(), z.string()]).nullish();

const errorBodySchema = z.object({ code: z.number(), message: z.string() }).loose();
const machineTypesSchema = z.object({ machineTypes: z.array(z.unknown()) }).loose();
const gpuModelsSchema = z.object({
  gpuModels: z.array(
    z.object({ id: z.string(), modelName: z.string().nullish(), memoryGib: z.number().nullish() }).loose(),
  ),
});

const priceSchema = z
  .object({
    commitmentTerm: z.string(),
    gpuPriceHr: decimalSchema.nullish(),
    vcpuPriceHr: decimalSchema.nullish(),
    memoryGibPriceHr: decimalSchema.nullish(),
  })
  .loose();

const machineTypeSchema = z
  .object({
    machineType: z.string().min(1),
    dataCenterId: z.string().min(1),
    gpuModel: z.string().nullish(),
    gpuModelId: z.string().nullish(),
    cpuModel: z.string().nullish(),
    gpuPriceHr: decimalSchema,
    vcpuPriceHr: decimalSchema,
    memoryGibPriceHr: decimalSchema,
    minStorageGibPriceHr: decimalSchema.nullish(),
    ipv4PriceHr: decimalSchema.nullish(),
    minVcpu: limitSchema,
    minMemoryGib: limitSchema,
    minVcpuPerGpu: limitSchema,
    maxVcpuPerGpu: limitSchema,
    minVcpuPerMemoryGib: limitSchema,
    maxVcpuPerMemoryGib: limitSchema,
    maxGpuFree: z.number().nullish(),
    totalGpuFree: z.number().nullish(),
    prices: z.array(priceSchema).nullish(),
  })
  .loose();
type MachineType = z.infer<typeof machineTypeSchema>;

interface Host {
  vcpus: number;
  memoryGib: number;
}

interface UnitPrices {
  gpu: number;
  vcpu: number;
  memoryGib: number;
}

/** A decimal string as a number, or null when it is not one. */
function amountOf(decimal: { value: string } | null | undefined): number | null {
  const text = decimal?.value.trim();
  return text && NUMBER.test(text) ? Number(text) : null;
}

/** A limit as a finite number above 0, or null ("Infinity", 0, missing: no limit). */
function limitOf(value: number | string | null | undefined): number | null {
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) && number > 0 ? number : null;
}

// The fewest whole vCPUs and GiB the machine type allows with one GPU: at least its minimum per VM
// and per GPU, and memory enough for those vCPUs under its vCPU-per-GiB ceiling (its floor is met
// by adding vCPUs).
function smallestHost(type: MachineType): Host {
  let vcpus = Math.max(
    1,
    Math.ceil(limitOf(type.minVcpu) ?? 0),
    Math.ceil((limitOf(type.minVcpuPerGpu) ?? 0) * GPU_COUNT),
  );
  const maxVcpuPerGib = limitOf(type.maxVcpuPerMemoryGib);
  const memoryGib = Math.max(
    1,
    Math.ceil(limitOf(type.minMemoryGib) ?? 0),
    maxVcpuPerGib ? Math.ceil(vcpus / maxVcpuPerGib) : 0,
  );
  const minVcpuPerGib = limitOf(type.minVcpuPerMemoryGib);
  if (minVcpuPerGib) vcpus = Math.max(vcpus, Math.ceil(minVcpuPerGib * memoryGib));
  return { vcpus, memoryGib };
}

const roundPrice = (amount: number) => Math.round(amount * 1e6) / 1e6;
const priceFor = (units: UnitPrices, host: Host) =>
  roundPrice(units.gpu * GPU_COUNT + units.vcpu * host.vcpus + units.memoryGib * host.memoryGib);

function unitPrices(prices: {
  gpuPriceHr?: { value: string } | null;
  vcpuPriceHr?: { value: string } | null;
  memoryGibPriceHr?: { value: string } | null;
}): UnitPrices | null {
  const gpu = amountOf(prices.gpuPriceHr);
  const vcpu = amountOf(prices.vcpuPriceHr);
  const memoryGib = amountOf(prices.memoryGibPriceHr);
  if (gpu === null || vcpu === null || memoryGib === null || gpu <= 0 || vcpu < 0 || memoryGib < 0) return null;
  return { gpu, vcpu, memoryGib };
}

/** The hourly rate of a commitment term, for the same VM; null when the term is not offered or unreadable. */
function committedPrice(type: MachineType, term: string, host: Host): number | null {
  const price = type.prices?.find((candidate) => candidate.commitmentTerm === term);
  const units = price ? unitPrices(price) : null;
  return units ? priceFor(units, host) : null;
}

// maxGpuFree is the most GPUs free on one host of the data center, so a 1-GPU VM fits when it is
// at least 1; totalGpuFree only stands in when it is missing.
function availabilityOf(type: MachineType): AvailabilityStatus {
  const free = type.maxGpuFree ?? type.totalGpuFree;
  if (free === null || free === undefined) return "limited";
  return free >= GPU_COUNT ? "available" : "sold_out";
}

/** "A100 80GB PCIe": the memory the model name states, when the GPU model list does not. */
function memoryInName(name: string): number | null {
  const match = /(\d+(?:\.\d+)?)\s*GB\b/i.exec(name);
  return match ? Number(match[1]) : null;
}

type Outcome = { offer: ProviderOffer } | { skipped: SkippedRecord } | null;

function offerFor(record: unknown, memoryById: Map<string, number>, sourceUrl: string): Outcome {
  const parsed = machineTypeSchema.safeParse(record);
  const named = record as { machineType?: unknown; dataCenterId?: unknown } | null;
  const key = (machineType: unknown, dataCenterId: unknown) => `${String(machineType)}@${String(dataCenterId)}`;
  if (!parsed.success)
    return {
      skipped: {
        reason: describeIssues(parsed.error),
        instanceType: named?.machineType ? key(named.machineType, named.dataCenterId) : undefined,
        raw: record,
      },
    };
  const type = parsed.data;
  const gpuNameRaw = type.gpuModel?.trim() || null;
  if (!gpuNameRaw && !type.gpuModelId) return null; // a CPU-only machine type
  const instanceType = key(type.machineType, type.dataCenterId);
  if (!gpuNameRaw)
    return { skipped: { reason: `no gpuModel for GPU model ${type.gpuModelId}`, instanceType, raw: record } };
  const units = unitPrices(type);
  if (!units)
    return {
      skipped: {
        reason: `unreadable component prices (gpu "${type.gpuPriceHr.value}", vcpu "${type.vcpuPriceHr.value}", memory "${type.memoryGibPriceHr.value}")`,
        instanceType,
        gpuNameRaw,
        raw: record,
      },
    };

  const host = smallestHost(type);
  const memoryGb = (type.gpuModelId ? memoryById.get(type.gpuModelId) : undefined) ?? memoryInName(gpuNameRaw);
  return {
    offer: {
      instanceType,
      instanceName: type.machineType,
      gpuNameRaw,
      gpuCount: GPU_COUNT,
      // GPU memory is quoted in binary units by every vendor ("80 GB" is 80 GiB), so Cudo's GiB
      // figure is the nominal size as it stands.
      gpuMemoryGb: memoryGb,
      currency: "USD",
      pricePerHour: priceFor(units, host),
      pricePerHourSpot: null,
      pricePerHourReserved1y: committedPrice(type, TERM_1Y, host),
      pricePerHourReserved3y: committedPrice(type, TERM_3Y, host),
      availability: availabilityOf(type),
      regions: [type.dataCenterId],
      vcpuCount: host.vcpus,
      ramGb: host.memoryGib,
      storageGb: null,
      priceIncludes: {
        configuration: "1 GPU with the fewest vCPUs and GiB of memory the machine type allows; no disk, no IPv4",
        gpus: GPU_COUNT,
        vcpus: host.vcpus,
        memory_gib: host.memoryGib,
        gpu_price_hr: units.gpu,
        vcpu_price_hr: units.vcpu,
        memory_gib_price_hr: units.memoryGib,
        storage_gib_price_hr: amountOf(type.minStorageGibPriceHr),
        ipv4_price_hr: amountOf(type.ipv4PriceHr),
        gpus_free: type.maxGpuFree ?? null,
        gpus_free_in_data_center: type.totalGpuFree ?? null,
      },
      sourceUrl,
      raw: record,
    },
  };
}

/** GiB per GPU model id; an unreadable list costs the memory figures, not the prices. */
async function gpuMemory(
  http: ProviderHttp,
  url: string,
  headers: Record<string, string>,
  skipped: SkippedRecord[],
): Promise<Map<string, number>> {
  const memory = new Map<string, number>();
  let body: unknown;
  try {
    body = await http.json({ url, headers });
  } catch (error) {
    if (!(error instanceof ProviderError) || error.retryable || error.code === "INVALID_API_KEY") throw error;
    skipped.push({
      reason: `GPU models not read (${error.code}: ${error.message}); GPU memory left out`,
      raw: { url },
    });
    return memory;
  }
  const parsed = gpuModelsSchema.safeParse(body);
  if (!parsed.success) {
    skipped.push({ reason: `GPU models not read: ${describeIssues(parsed.error)}; GPU memory left out`, raw: body });
    return memory;
  }
  for (const model of parsed.data.gpuModels) {
    const gib = positive(model.memoryGib);
    if (gib !== null) memory.set(model.id, gib);
  }
  return memory;
}

function throwIfError(body: unknown, url: string): void {
  const upstream = errorBodySchema.safeParse(body);
  if (!upstream.success || (body as { machineTypes?: unknown }).machineTypes !== undefined) return;
  // gRPC status 16 is UNAUTHENTICATED, 7 PERMISSION_DENIED.
  const code = upstream.data.code === 16 || upstream.data.code === 7 ? "INVALID_API_KEY" : "UPSTREAM_ERROR";
  throw new ProviderError(code, `Cudo answered error ${upstream.data.code}: ${upstream.data.message}`, { url });
}

export const cudo: ProviderAdapter = {
  slug: "cudo",
  method: "api",
  version: "cudo/1",
  baseUrl: { env: "CUDO_BASE_URL", default: "https://rest.compute.cudo.org" },
  credential: { secret: "CUDO_API_KEY", required: false },

  async scrape({ http, baseUrl, credential }) {
    const headers: Record<string, string> = credential ? { Authorization: `Bearer ${credential}` } : {};
    const skipped: SkippedRecord[] = [];
    const url = `${baseUrl}/v1/vms/machine-types`;
    const body = await http.json({ url, headers });
    throwIfError(body, url);
    const { machineTypes } = parseOrDrift(machineTypesSchema, body, "Cudo VM machine types");
    const memoryById = await gpuMemory(http, `${baseUrl}/v1/vms/gpu-models`, headers, skipped);

    const offers: ProviderOffer[] = [];
    for (const record of machineTypes) {
      const outcome = offerFor(record, memoryById, url);
      if (outcome && "offer" in outcome) offers.push(outcome.offer);
      else if (outcome) skipped.push(outcome.skipped);
    }
    return { offers, skipped };
  },
};
