import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// Latitude.sh's JSON:API (key required, Bearer). Two plan listings, neither paged:
// `/plans?filter[gpu]=true` (bare-metal servers) and `/plans/virtual_machines?filter[gpu]=true`
// (GPU VMs). Each plan is priced per region, for the whole server or VM, in USD and BRL per
// hour, month and year; the BRL figures are set apart, not converted, so only USD is read.
// A region's `locations.in_stock` lists the sites (DAL, SYD2, …) that can deploy it now, and a
// region without stock keeps its list price: it is offered as sold out. A region priced `null`
// (or 0) does not sell the plan at all. Every region is its own offer, because prices differ.
//
// The yearly price is the term total of a one-year commitment (Latitude's monthly price is 365
// hourly hours, the yearly one twelve months less 30 %); it becomes an hourly rate over 8 760 h.
// Bare-metal memory is a number of GB (a string with a unit before September 2025); VM plans
// name their GPU as a string and may give memory and VRAM as "48 Gb".

const HOURS_PER_YEAR = 8760;
const GB_PER_TB = 1000; // disks are sold in decimal TB
const RAM_GB_PER_TB = 1024; // "1.5 TB" of RAM is 1 536 GB in Latitude's own specs

const amount = z.number().nullish();
const sizeSchema = z.union([z.number(), z.string()]).nullish();
const regionSchema = z
  .object({
    name: z.string().min(1),
    stock_level: z.string().nullish(),
    locations: z
      .object({ available: z.array(z.string()).nullish(), in_stock: z.array(z.string()).nullish() })
      .loose()
      .nullish(),
    pricing: z
      .object({ USD: z.object({ hour: amount, month: amount, year: amount }).loose().nullish() })
      .loose()
      .nullish(),
  })
  .loose();
type Region = z.infer<typeof regionSchema>;

const bareMetalPlanSchema = z
  .object({
    id: z.string().min(1),
    type: z.string().nullish(),
    attributes: z
      .object({
        slug: z.string().min(1),
        name: z.string().nullish(),
        features: z.array(z.string()).nullish(),
        specs: z
          .object({
            cpu: z.object({ cores: z.number().nullish(), count: z.number().nullish() }).loose().nullish(),
            memory: z.object({ total: sizeSchema }).loose().nullish(),
            drives: z
              .array(z.object({ count: z.number().nullish(), size: sizeSchema, type: z.string().nullish() }).loose())
              .nullish(),
            gpu: z
              .object({
                count: z.number().nullish(),
                type: z.string().nullish(),
                vram_per_gpu: sizeSchema,
                interconnect: z.string().nullish(),
              })
              .loose()
              .nullish(),
          })
          .loose(),
        regions: z.array(regionSchema),
      })
      .loose(),
  })
  .loose();

const vmPlanSchema = z
  .object({
    id: z.string().min(1),
    type: z.string().nullish(),
    attributes: z
      .object({
        slug: z.string().nullish(),
        name: z.string().nullish(),
        specs: z
          .object({
            memory: sizeSchema,
            gpu: z.string().nullish(),
            gpu_count: z.number().nullish(),
            vram_per_gpu: sizeSchema,
            vcpus: z.number().nullish(),
            vcpu: z.object({ count: z.number().nullish() }).loose().nullish(),
            disk: z
              .object({
                size: z.object({ amount: z.number().nullish(), unit: z.string().nullish() }).loose().nullish(),
              })
              .loose()
              .nullish(),
          })
          .loose(),
        regions: z.array(regionSchema),
      })
      .loose(),
  })
  .loose();

const errorsSchema = z.object({
  errors: z.array(z.object({ code: z.string().nullish(), detail: z.string().nullish() }).loose()).min(1),
});
const responseSchema = z.object({ data: z.array(z.unknown()) }).loose();

/** What one plan sells, whatever listing it came from. */
interface PlanGpu {
  name: string;
  count: number;
  memoryGb: number | null;
  formFactor: string | null;
  hasNvlink: boolean | null;
  hasInfiniband: boolean | null;
}
interface PlanSpecs {
  vcpuCount: number | null;
  ramGb: number | null;
  storageGb: number | null;
  storageType: string | null;
}
interface Plan {
  slug: string;
  name: string;
  kind: "bare_metal" | "virtual_machine";
  gpu: PlanGpu;
  specs: PlanSpecs;
  regions: Region[];
  record: Record<string, unknown>;
  gpuCountStated: boolean;
}

/** "48 Gb", "1.5 TB", "480GB", "480", 96 → GB; null when it cannot be read. */
function gbOf(value: number | string | null | undefined, gbPerTb: number): number | null {
  if (typeof value === "number") return positive(value);
  if (typeof value !== "string") return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(tb|tib|t|gb|gib|g)?\s*$/i.exec(value);
  if (!match) return null;
  const number = Number(match[1]);
  const unit = (match[2] ?? "gb").toLowerCase();
  return positive(unit.startsWith("t") ? Math.round(number * gbPerTb * 100) / 100 : number);
}

/** What the stated interconnect says about the GPUs; a network (RoCE, Ethernet) says nothing. */
function interconnectOf(interconnect: string | null | undefined) {
  const text = interconnect ?? "";
  return {
    formFactor: /\bsxm/i.test(text) ? "SXM" : /\bpci-?e/i.test(text) ? "PCIe" : null,
    hasNvlink: /nvlink/i.test(text) ? true : null,
    hasInfiniband: /infiniband/i.test(text) ? true : null,
  };
}

const absent = (value: unknown) => value === null || value === undefined;

/** A plan read, a plan that cannot be read (and why), or no GPU plan at all. */
type Read = { plan: Plan } | { unreadable: string; gpuNameRaw?: string } | null;

/**
 * The offer types an unreadable plan stands for: one per region whose name can still be read,
 * so that the offers stored for it stay as they were; the bare slug when no region can be read.
 */
function instanceTypesOf(record: unknown): (string | undefined)[] {
  const attributes = (record as { attributes?: { slug?: unknown; name?: unknown; regions?: unknown } } | null)
    ?.attributes;
  const slug = typeof attributes?.slug === "string" ? attributes.slug : undefined;
  if (!slug) return [undefined];
  const names = Array.isArray(attributes?.regions)
    ? attributes.regions.flatMap((region) => {
        const name = (region as { name?: unknown } | null)?.name;
        return typeof name === "string" && name !== "" ? [name] : [];
      })
    : [];
  return names.length > 0 ? names.map((name) => `${slug}@${regionKey(name)}`) : [slug];
}

function readBareMetal(record: unknown): Read {
  const parsed = bareMetalPlanSchema.safeParse(record);
  if (!parsed.success) return { unreadable: describeIssues(parsed.error) };
  const { attributes } = parsed.data;
  const gpu = attributes.specs.gpu;
  // CPU plans carry an empty gpu object; the listing is filtered, but a CPU plan is no offer anyway.
  if (!gpu || (absent(gpu.count) && absent(gpu.type))) return null;
  if (!gpu.type?.trim()) return { unreadable: "the plan's GPU has no type" };
  if (!gpu.count || !Number.isInteger(gpu.count) || gpu.count < 1)
    return { unreadable: `GPU count ${gpu.count ?? "missing"} is not a positive whole number`, gpuNameRaw: gpu.type };
  const drives = attributes.specs.drives ?? [];
  const driveGb = drives.map((drive) => (gbOf(drive.size, GB_PER_TB) ?? Number.NaN) * (drive.count ?? 1));
  const cpu = attributes.specs.cpu;
  return {
    plan: {
      slug: attributes.slug,
      name: attributes.name ?? attributes.slug,
      kind: "bare_metal",
      gpu: {
        name: gpu.type.trim(),
        count: gpu.count,
        memoryGb: gbOf(gpu.vram_per_gpu, RAM_GB_PER_TB),
        ...interconnectOf(gpu.interconnect),
      },
      specs: {
        vcpuCount: cpu?.cores ? cpu.cores * (cpu.count ?? 1) : null,
        ramGb: gbOf(attributes.specs.memory?.total, RAM_GB_PER_TB),
        storageGb:
          driveGb.length > 0 && driveGb.every(Number.isFinite) ? driveGb.reduce((sum, gb) => sum + gb, 0) : null,
        storageType: [...new Set(drives.flatMap((drive) => (drive.type ? [drive.type] : [])))].join(", ") || null,
      },
      regions: attributes.regions,
      record: parsed.data,
      gpuCountStated: true,
    },
  };
}

// "2 x NVIDIA L40S" or "NVIDIA L40S": a VM plan names its GPU, and its count only this way if at all.
const COUNTED_GPU = /^\s*(\d+)\s*x\s+(.+)$/i;

function readVirtualMachine(record: unknown): Read {
  const parsed = vmPlanSchema.safeParse(record);
  if (!parsed.success) return { unreadable: describeIssues(parsed.error) };
  const { attributes } = parsed.data;
  const slug = attributes.slug ?? attributes.name ?? parsed.data.id;
  const named = attributes.specs.gpu?.trim();
  if (!named) return null; // a CPU VM
  const counted = COUNTED_GPU.exec(named);
  const count = attributes.specs.gpu_count ?? (counted ? Number(counted[1]) : 1);
  const name = counted?.[2]?.trim() ?? named;
  if (!Number.isInteger(count) || count < 1)
    return { unreadable: `GPU count ${count} is not a positive whole number`, gpuNameRaw: name };
  const disk = attributes.specs.disk?.size;
  const diskGb = disk?.amount
    ? /^gib$/i.test(disk.unit ?? "")
      ? Math.round(disk.amount * 1.073741824)
      : disk.amount
    : null;
  return {
    plan: {
      slug,
      name: attributes.name ?? slug,
      kind: "virtual_machine",
      gpu: {
        name,
        count,
        memoryGb: gbOf(attributes.specs.vram_per_gpu, RAM_GB_PER_TB),
        formFactor: null,
        hasNvlink: null,
        hasInfiniband: null,
      },
      specs: {
        vcpuCount: attributes.specs.vcpu?.count ?? attributes.specs.vcpus ?? null,
        ramGb: gbOf(attributes.specs.memory, RAM_GB_PER_TB),
        storageGb: diskGb,
        storageType: null,
      },
      regions: attributes.regions,
      record: parsed.data,
      gpuCountStated: !absent(attributes.specs.gpu_count) || counted !== null,
    },
  };
}

function availabilityOf(region: Region, inStock: string[]): AvailabilityStatus {
  if (inStock.length === 0) return "sold_out";
  const level = region.stock_level?.toLowerCase();
  return level === "high" || level === "medium" ? "available" : "limited";
}

const regionKey = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
const perHour = (yearly: number) => Math.round((yearly / HOURS_PER_YEAR) * 10_000) / 10_000;

function regionOffers(plan: Plan, sourceUrl: string, skipped: SkippedRecord[]): ProviderOffer[] {
  return plan.regions.flatMap((region): ProviderOffer[] => {
    const instanceType = `${plan.slug}@${regionKey(region.name)}`;
    // The plan with this region only, as the provider listed it.
    const attributes = plan.record.attributes as Record<string, unknown>;
    const raw = { ...plan.record, attributes: { ...attributes, regions: [region] } };
    const usd = region.pricing?.USD;
    const hourly = positive(usd?.hour);
    if (hourly === null) {
      skipped.push({
        reason: `no USD hourly price in ${region.name}: not sold there`,
        cause: "excluded",
        instanceType,
        gpuNameRaw: plan.gpu.name,
        raw,
      });
      return [];
    }
    const inStock = region.locations?.in_stock ?? [];
    const yearly = positive(usd?.year);
    const { name: gpuNameRaw, count: gpuCount, memoryGb: gpuMemoryGb, ...gpuFacts } = plan.gpu;
    return [
      {
        instanceType,
        instanceName: `${plan.name} (${region.name})`,
        gpuNameRaw,
        gpuCount,
        gpuMemoryGb,
        formFactor: gpuFacts.formFactor,
        currency: "USD",
        pricePerHour: hourly,
        pricePerHourSpot: null,
        pricePerHourReserved1y: yearly === null ? null : perHour(yearly),
        pricePerMonth: positive(usd?.month),
        availability: availabilityOf(region, inStock),
        regions: inStock,
        ...plan.specs,
        hasNvlink: gpuFacts.hasNvlink,
        hasInfiniband: gpuFacts.hasInfiniband,
        priceIncludes: {
          kind: plan.kind,
          region: region.name,
          stock_level: region.stock_level ?? null,
          sites_available: region.locations?.available ?? [],
          yearly_term_usd: yearly,
          ...(plan.gpuCountStated ? {} : { gpu_count: "one GPU: the VM plan states no count" }),
        },
        sourceUrl,
        raw,
      },
    ];
  });
}

export const latitudeSh: ProviderAdapter = {
  slug: "latitude-sh",
  method: "api",
  version: "latitude-sh/1",
  baseUrl: { env: "LATITUDE_SH_BASE_URL", default: "https://api.latitude.sh" },
  credential: { secret: "LATITUDE_SH_API_KEY", required: true },

  async scrape({ http, baseUrl, credential }) {
    const listings = [
      { path: "/plans", what: "Latitude.sh bare-metal plans", read: readBareMetal },
      { path: "/plans/virtual_machines", what: "Latitude.sh virtual machine plans", read: readVirtualMachine },
    ];
    const firstUrl = `${baseUrl}${listings[0]?.path}`;
    if (!credential)
      throw new ProviderError("MISSING_CREDENTIALS", "Latitude.sh's API needs LATITUDE_SH_API_KEY", { url: firstUrl });

    const offers: ProviderOffer[] = [];
    const skipped: SkippedRecord[] = [];
    for (const { path, what, read } of listings) {
      const url = new URL(`${baseUrl}${path}`);
      url.searchParams.set("filter[gpu]", "true");
      const body = await http.json({ url: url.href, headers: { Authorization: `Bearer ${credential}` } });
      const failure = errorsSchema.safeParse(body);
      if (failure.success) {
        const [first] = failure.data.errors;
        const text = `${first?.code ?? "error"}: ${first?.detail ?? "(no detail)"}`;
        const code = /unauthori[sz]ed|invalid.*(token|key)/i.test(text) ? "INVALID_API_KEY" : "UPSTREAM_ERROR";
        throw new ProviderError(code, `${what} answered an error: ${text}`, { url: url.href });
      }
      const response = parseOrDrift(responseSchema, body, `${what} response`);
      for (const record of response.data) {
        const outcome = read(record);
        if (outcome && "unreadable" in outcome) {
          for (const instanceType of instanceTypesOf(record))
            skipped.push({ reason: outcome.unreadable, instanceType, gpuNameRaw: outcome.gpuNameRaw, raw: record });
        } else if (outcome) offers.push(...regionOffers(outcome.plan, url.href, skipped));
      }
    }
    return { offers, skipped };
  },
};
