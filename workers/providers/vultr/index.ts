import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError, type ProviderHttp } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// Vultr's public plan listings (no key needed), USD for the whole plan. `/v2/plans` holds the Cloud
// GPU VMs, whose `gpu_vram_gb` is the VRAM of the whole plan, not of one card; `/v2/plans-metal`
// holds bare metal, whose GPU model and count may appear only in the plan id. Both are
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
  B200: 192,
  MI300X: 192,
  MI325X: 256,
  MI355X: 288,
};

// A plan may report a card's usable memory rather than its nominal size (B200: 180 of 192 GB);
// Vultr's slices are halves or less of a card, far outside this.
const USABLE_MEMORY_TOLERANCE = 0.1;

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

// What both listings may say about a plan's GPUs and prices.
const planPricesSchema = z.object({
  hourly_cost: z.number(),
  monthly_cost: z.number().nullish(),
  hourly_cost_preemptible: z.number().nullish(),
  deploy_ondemand: z.boolean().nullish(),
  deploy_preemptible: z.boolean().nullish(),
  // A per-location price map; empty on every plan recorded, and its shape unknown.
  location_cost: z.unknown().optional(),
  locations,
  gpu_type: z.string().nullish(),
  gpu_count: z.number().nullish(),
  gpu_vram_gb: z.number().nullish(), // the whole plan's; on bare metal taken so too (not recorded there)
});
type PlanPrices = z.infer<typeof planPricesSchema>;

const planSchema = planPricesSchema.extend({
  id: z.string().min(1),
  type: z.string().nullish(),
  vcpu_count: z.number().nullish(),
  ram: z.number().nullish(), // MB
  disk: z.number().nullish(), // GB
});

const metalPlanSchema = planPricesSchema.extend({
  id: z.string().min(1),
  cpu_count: z.number().nullish(),
  cpu_threads: z.number().nullish(),
  ram: z.number().nullish(), // MB
  disk: z.number().nullish(), // GB per disk
  disk_count: z.number().nullish(),
});

type Outcome = { offer: ProviderOffer } | { skipped: SkippedRecord } | null;
interface Listed {
  record: unknown;
  sourceUrl: string;
}

/** A plan's GPUs: how many whole cards, and the memory of one as the plan reports it. */
type Cards = { count: number; memoryGb: number | null } | { excluded: string } | { unreadable: string };

const gbFromMb = (mb: number | null | undefined) => (mb ? Math.round((mb / 1024) * 100) / 100 : null);
const roundGb = (gb: number) => Math.round(gb * 100) / 100;

// `deploy_ondemand: false` marks a plan that can currently only be deployed preemptible.
function availabilityOf(plan: { locations: string[]; deploy_ondemand?: boolean | null }): AvailabilityStatus {
  return plan.locations.length > 0 && plan.deploy_ondemand !== false ? "available" : "sold_out";
}

// Every Cloud GPU plan recorded lists a preemptible price equal to its on-demand one, with
// deploy_preemptible false: no spot offer. Only a lower price that can be deployed is one.
function spotPriceOf(plan: PlanPrices): number | null {
  const preemptible = positive(plan.hourly_cost_preemptible);
  if (preemptible === null || preemptible >= plan.hourly_cost || plan.deploy_preemptible === false) return null;
  return preemptible;
}

function priceIncludesOf(plan: PlanPrices, included: Record<string, unknown>): Record<string, unknown> {
  const locationCost = plan.location_cost;
  const stated = locationCost !== null && typeof locationCost === "object" && Object.keys(locationCost).length > 0;
  // The offer keeps the plan's list price; a per-location price is kept beside it until one is seen.
  return stated ? { ...included, location_cost: locationCost } : included;
}

const formFactorToken = (token: string) =>
  /^SXM\d?$/.test(token) ? "SXM" : token === "PCIE" ? "PCIe" : token === "NVL" ? "NVL" : null;

/** NVIDIA_A100_SXM → A100 and SXM; AMD_MI355X → MI355X; NVIDIA_RTX_PRO_6000 → RTX_PRO_6000. */
function readGpuType(gpuType: string): { model: string; formFactor: string | null } {
  const tokens = gpuType
    .toUpperCase()
    .split(/[_\s-]+/)
    .filter(Boolean);
  const named = tokens[0] === "NVIDIA" || tokens[0] === "AMD" ? tokens.slice(1) : tokens;
  return {
    model: named.filter((token) => !formFactorToken(token)).join("_"),
    formFactor: named.map(formFactorToken).find(Boolean) ?? null,
  };
}

function cardsOf(model: string, totalVramGb: number | null, statedCount: number | null): Cards {
  const cardVram = CARD_VRAM_GB[model];
  if (statedCount !== null) {
    if (statedCount < 1) return { excluded: `fractional GPU: gpu_count ${statedCount}` };
    if (!Number.isInteger(statedCount)) return { unreadable: `gpu_count ${statedCount} is not a whole number` };
    return { count: statedCount, memoryGb: totalVramGb ? roundGb(totalVramGb / statedCount) : (cardVram ?? null) };
  }
  if (!totalVramGb) return { unreadable: `no gpu_vram_gb to count ${model} cards from` };
  // A model we know no card size of goes on as one GPU with the plan's memory: the identity layer
  // only maps it when that memory is one card of a catalog GPU, so several cards or a slice
  // surface as unmapped rather than being dropped here.
  if (!cardVram) return { count: 1, memoryGb: totalVramGb };
  if (totalVramGb < cardVram * (1 - USABLE_MEMORY_TOLERANCE))
    return { excluded: `fractional GPU: ${totalVramGb} GB of a ${cardVram} GB ${model}` };
  const count = Math.round(totalVramGb / cardVram);
  if (Math.abs(totalVramGb - count * cardVram) > USABLE_MEMORY_TOLERANCE * count * cardVram)
    return { unreadable: `${totalVramGb} GB of VRAM is not a whole number of ${cardVram} GB ${model} cards` };
  return { count, memoryGb: roundGb(totalVramGb / count) };
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

function skip(cards: { excluded: string } | { unreadable: string }, plan: { id: string }, gpuNameRaw: string) {
  const skipped: SkippedRecord =
    "excluded" in cards
      ? { reason: cards.excluded, cause: "excluded", instanceType: plan.id, gpuNameRaw, raw: plan }
      : { reason: cards.unreadable, instanceType: plan.id, gpuNameRaw, raw: plan };
  return { skipped };
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

  const { model, formFactor } = readGpuType(plan.gpu_type);
  const cards = cardsOf(model, plan.gpu_vram_gb ?? null, plan.gpu_count ?? null);
  if (!("count" in cards)) return skip(cards, plan, plan.gpu_type);
  return {
    offer: {
      instanceType: plan.id,
      gpuNameRaw: plan.gpu_type,
      gpuCount: cards.count,
      gpuMemoryGb: cards.memoryGb,
      formFactor,
      currency: "USD",
      pricePerHour: plan.hourly_cost,
      pricePerHourSpot: spotPriceOf(plan),
      pricePerMonth: positive(plan.monthly_cost),
      availability: availabilityOf(plan),
      regions: plan.locations,
      vcpuCount: plan.vcpu_count ?? null,
      ramGb: gbFromMb(plan.ram),
      storageGb: plan.disk ?? null,
      priceIncludes: priceIncludesOf(plan, { plan_vram_gb: plan.gpu_vram_gb ?? null }),
      sourceUrl,
      raw: plan,
    },
  };
}

/** The GPU of a bare-metal plan: its gpu_type when it states one, else the model and count in its id. */
function metalGpuOf(plan: z.infer<typeof metalPlanSchema>) {
  const match = METAL_GPU_ID.exec(plan.id);
  const idCount = match ? Number(match[1] ?? 1) : null;
  const statedCount = plan.gpu_count ?? idCount;
  if (plan.gpu_type) return { name: plan.gpu_type, ...readGpuType(plan.gpu_type), statedCount };
  const idModel = match?.[2]?.toUpperCase();
  return idModel ? { name: idModel, model: idModel, formFactor: null, statedCount } : null;
}

function bareMetalOffer({ record, sourceUrl }: Listed): Outcome {
  // Only GPU boxes are validated: a CPU box with an odd field is none of this adapter's business.
  const id = idOf(record);
  if (!id) return { skipped: { reason: "bare-metal plan without id", raw: record } };
  const gpuType = (record as { gpu_type?: unknown }).gpu_type;
  if (!id.toLowerCase().endsWith("-gpu") && !gpuType) return null;
  const parsed = metalPlanSchema.safeParse(record);
  if (!parsed.success) return { skipped: { reason: describeIssues(parsed.error), instanceType: id, raw: record } };
  const plan = parsed.data;
  const gpu = metalGpuOf(plan);
  if (!gpu)
    return {
      skipped: { reason: "cannot read the GPU model and count from the plan id", instanceType: plan.id, raw: plan },
    };
  if (!positive(plan.hourly_cost)) return null;

  const cards = cardsOf(gpu.model, plan.gpu_vram_gb ?? null, gpu.statedCount);
  if (!("count" in cards)) return skip(cards, plan, gpu.name);
  const hgx = cards.count === 8 && HGX_MODELS.has(gpu.model);
  return {
    offer: {
      instanceType: plan.id,
      gpuNameRaw: gpu.name,
      gpuCount: cards.count,
      gpuMemoryGb: cards.memoryGb,
      formFactor: gpu.formFactor ?? (hgx ? "SXM" : null),
      currency: "USD",
      pricePerHour: plan.hourly_cost,
      pricePerHourSpot: spotPriceOf(plan),
      pricePerMonth: positive(plan.monthly_cost),
      availability: availabilityOf(plan),
      regions: plan.locations,
      vcpuCount: plan.cpu_threads ?? plan.cpu_count ?? null,
      ramGb: gbFromMb(plan.ram),
      storageGb: plan.disk ? plan.disk * (plan.disk_count ?? 1) : null,
      priceIncludes: priceIncludesOf(plan, { bare_metal: true }),
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
  version: "vultr/2",
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
