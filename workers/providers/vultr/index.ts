import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError, type ProviderHttp } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// Vultr's public plan listings (no key needed), USD for the whole plan. `/v2/plans` holds the Cloud
// GPU VMs, whose `gpu_vram_gb` is the VRAM of the whole plan, not of one card; `/v2/plans-metal`
// holds bare metal, whose GPU model and count appear only in the plan id. Both are
// cursor-paginated through `meta.links.next`.

const MAX_PAGES = 20;

/**
 * VRAM of one full card by model, from Vultr's Cloud GPU and Bare Metal product pages and the
 * vendors' data sheets (Vultr sells the 80 GB A100 and the 96 GB GH200). A Cloud GPU plan reports
 * only its total VRAM, so this tells one A100 (80 GB) from two (160 GB) and from a slice (4 GB).
 */
export const CARD_VRAM_GB: Readonly<Record<string, number>> = {
  A16: 16,
  A40: 48,
  A100: 80,
  L40: 48,
  L40S: 48,
  H100: 80,
  H200: 141,
  GH200: 96,
  MI300X: 192,
  MI325X: 256,
};

// Vultr's 8-GPU A100/H100/H200/B200 bare-metal servers are HGX systems, whose GPUs are SXM modules
// on one baseboard. L40/L40S only exist as PCIe cards and AMD's MI300X/MI325X are OAM modules, so
// the rule is limited to the HGX models.
const HGX_MODELS = new Set(["A100", "H100", "H200", "B200", "B300"]);

// vbm-112c-2048gb-8-h100-gpu (8 GPUs), vbm-72c-480gb-gh200-gpu (one: no count in the id).
const METAL_GPU_ID = /^vbm-\d+c-\d+gb-(?:(\d+)-)?([a-z0-9]+)-gpu$/i;

const errorBodySchema = z.object({ error: z.string().min(1), status: z.number().optional() }).loose();
const metaSchema = z
  .object({ links: z.object({ next: z.string().nullish() }).loose().nullish() })
  .loose()
  .nullish();
const plansPageSchema = z.object({ plans: z.array(z.unknown()), meta: metaSchema });
const metalPageSchema = z.object({ plans_metal: z.array(z.unknown()), meta: metaSchema });

const locations = z.array(z.string()).transform((codes) => codes.filter((code) => code !== ""));

const planSchema = z.object({
  id: z.string().min(1),
  type: z.string().nullish(),
  vcpu_count: z.number().nullish(),
  ram: z.number().nullish(), // MB
  disk: z.number().nullish(), // GB
  hourly_cost: z.number(),
  monthly_cost: z.number().nullish(),
  locations,
  gpu_type: z.string().nullish(),
  gpu_vram_gb: z.number().nullish(),
  deploy_ondemand: z.boolean().nullish(),
});

const metalPlanSchema = z.object({
  id: z.string().min(1),
  cpu_count: z.number().nullish(),
  cpu_threads: z.number().nullish(),
  ram: z.number().nullish(), // MB
  disk: z.number().nullish(), // GB per disk
  disk_count: z.number().nullish(),
  hourly_cost: z.number(),
  monthly_cost: z.number().nullish(),
  hourly_cost_preemptible: z.number().nullish(),
  locations,
  deploy_ondemand: z.boolean().nullish(),
});

type Outcome = { offer: ProviderOffer } | { skipped: SkippedRecord } | null;
interface Listed {
  record: unknown;
  sourceUrl: string;
}

const gbFromMb = (mb: number | null | undefined) => (mb ? Math.round((mb / 1024) * 100) / 100 : null);

// `deploy_ondemand: false` marks a plan that can currently only be deployed preemptible.
function availabilityOf(plan: { locations: string[]; deploy_ondemand?: boolean | null }): AvailabilityStatus {
  return plan.locations.length > 0 && plan.deploy_ondemand !== false ? "available" : "sold_out";
}

async function listAllPages(
  http: ProviderHttp,
  firstUrl: string,
  readPage: (body: unknown) => { records: unknown[]; next: string | null | undefined },
): Promise<Listed[]> {
  const listed: Listed[] = [];
  let url = firstUrl;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const body = await http.json({ url });
    const upstream = errorBodySchema.safeParse(body);
    if (upstream.success) {
      throw new ProviderError("UPSTREAM_ERROR", `Vultr answered an error for ${url}: ${upstream.data.error}`, {
        url,
        status: upstream.data.status,
      });
    }
    const { records, next } = readPage(body);
    listed.push(...records.map((record) => ({ record, sourceUrl: url })));
    if (!next) return listed;
    url = `${firstUrl}&cursor=${encodeURIComponent(next)}`;
  }
  throw new ProviderError("UPSTREAM_ERROR", `${firstUrl} still pointed to a next page after ${MAX_PAGES} pages`, {
    url: firstUrl,
  });
}

function cloudGpuOffer({ record, sourceUrl }: Listed): Outcome {
  const parsed = planSchema.safeParse(record);
  if (!parsed.success)
    return { skipped: { reason: describeIssues(parsed.error), instanceType: idOf(record), raw: record } };
  const plan = parsed.data;
  if (!plan.gpu_type) {
    // Dedicated GPU plans (type "vdm") are named like Cloud GPU plans but carry no GPU fields.
    if (plan.id.startsWith("vcg-"))
      return {
        skipped: { reason: `GPU plan of type ${plan.type ?? "?"} without gpu_type`, instanceType: plan.id, raw: plan },
      };
    return null;
  }
  if (!positive(plan.hourly_cost)) return null; // listed at 0, like the free tier: not a price

  const model = plan.gpu_type.replace(/^(NVIDIA|AMD)_/, "");
  const cardVram = CARD_VRAM_GB[model];
  const planVram = plan.gpu_vram_gb ?? 0;
  const skip = (reason: string): Outcome => ({
    skipped: { reason, instanceType: plan.id, gpuNameRaw: plan.gpu_type ?? undefined, raw: plan },
  });
  if (!cardVram) return skip(`unknown gpu_type ${plan.gpu_type}: cannot tell whole cards from ${planVram} GB of VRAM`);
  if (planVram < cardVram) return skip(`fractional GPU: ${planVram} GB of a ${cardVram} GB ${model}`);
  const gpuCount = planVram / cardVram;
  if (!Number.isInteger(gpuCount))
    return skip(`${planVram} GB of VRAM is not a whole number of ${cardVram} GB ${model} cards`);

  return {
    offer: {
      instanceType: plan.id,
      gpuNameRaw: plan.gpu_type,
      gpuCount,
      gpuMemoryGb: cardVram,
      currency: "USD",
      pricePerHour: plan.hourly_cost,
      pricePerMonth: positive(plan.monthly_cost),
      availability: availabilityOf(plan),
      regions: plan.locations,
      vcpuCount: plan.vcpu_count ?? null,
      ramGb: gbFromMb(plan.ram),
      storageGb: plan.disk ?? null,
      priceIncludes: { plan_vram_gb: planVram },
      sourceUrl,
      raw: plan,
    },
  };
}

function bareMetalOffer({ record, sourceUrl }: Listed): Outcome {
  // Only GPU boxes are validated: a CPU box with an odd field is none of this adapter's business.
  const id = idOf(record);
  if (!id) return { skipped: { reason: "bare-metal plan without id", raw: record } };
  if (!id.toLowerCase().endsWith("-gpu")) return null;
  const parsed = metalPlanSchema.safeParse(record);
  if (!parsed.success) return { skipped: { reason: describeIssues(parsed.error), instanceType: id, raw: record } };
  const plan = parsed.data;
  const match = METAL_GPU_ID.exec(plan.id);
  const listedModel = match?.[2];
  if (!match || !listedModel)
    return {
      skipped: { reason: "cannot read the GPU model and count from the plan id", instanceType: plan.id, raw: plan },
    };
  if (!positive(plan.hourly_cost)) return null;

  const model = listedModel.toUpperCase();
  const gpuCount = match[1] ? Number(match[1]) : 1;
  return {
    offer: {
      instanceType: plan.id,
      gpuNameRaw: model,
      gpuCount,
      gpuMemoryGb: CARD_VRAM_GB[model] ?? null,
      formFactor: gpuCount === 8 && HGX_MODELS.has(model) ? "SXM" : null,
      currency: "USD",
      pricePerHour: plan.hourly_cost,
      pricePerHourSpot: positive(plan.hourly_cost_preemptible),
      pricePerMonth: positive(plan.monthly_cost),
      availability: availabilityOf(plan),
      regions: plan.locations,
      vcpuCount: plan.cpu_threads ?? plan.cpu_count ?? null,
      ramGb: gbFromMb(plan.ram),
      storageGb: plan.disk ? plan.disk * (plan.disk_count ?? 1) : null,
      priceIncludes: { bare_metal: true },
      sourceUrl,
      raw: plan,
    },
  };
}

function idOf(record: unknown): string | undefined {
  const id = (record as { id?: unknown } | null)?.id;
  return typeof id === "string" && id !== "" ? id : undefined;
}

export const vultr: ProviderAdapter = {
  slug: "vultr",
  method: "api",
  version: "vultr/1",
  baseUrl: { env: "VULTR_BASE_URL", default: "https://api.vultr.com" },

  async scrape({ http, baseUrl }) {
    const plans = await listAllPages(http, `${baseUrl}/v2/plans?type=all&per_page=500`, (body) => {
      const page = parseOrDrift(plansPageSchema, body, "Vultr plans response");
      return { records: page.plans, next: page.meta?.links?.next };
    });
    const metalPlans = await listAllPages(http, `${baseUrl}/v2/plans-metal?per_page=500`, (body) => {
      const page = parseOrDrift(metalPageSchema, body, "Vultr bare-metal plans response");
      return { records: page.plans_metal, next: page.meta?.links?.next };
    });

    const offers: ProviderOffer[] = [];
    const skipped: SkippedRecord[] = [];
    for (const outcome of [...plans.map(cloudGpuOffer), ...metalPlans.map(bareMetalOffer)]) {
      if (outcome && "offer" in outcome) offers.push(outcome.offer);
      else if (outcome) skipped.push(outcome.skipped);
    }
    return { offers, skipped };
  },
};
