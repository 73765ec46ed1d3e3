import { z } from "zod";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// Seeweb's Cloud Server plans API (Italian cloud, token required in X-APITOKEN). One call lists
// every plan, CPU and GPU alike. Prices are euros per hour for the whole plan. Several numeric
// fields arrive as strings: cpu, gpu (the card count), ram (MB) and disk (GB). The GPU model is a
// free-text `gpu_label` ("h100 80gb", "a30"), its memory part of the label when given.
// `available` only says the plan is active (orderable at all), never that capacity is free, so
// an active plan is "limited", not "available"; an inactive one is no offer.

/** Memory of one card for labels that do not state it; the A30 and MI300X come in one size only. */
const CARD_MEMORY_GB: Readonly<Record<string, number>> = {
  A30: 24,
  MI300X: 192,
};

const MEMORY_IN_LABEL = /(\d+(?:\.\d+)?)\s*GB\b/i;

// "32768" or 32768; anything else (a unit suffix, "n/a") is a record we cannot read.
const count = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^\d+(?:\.\d+)?$/, "not a plain number")
    .transform(Number),
]);

const regionSchema = z.object({
  id: z.number().nullish(),
  location: z.string().trim().min(1),
  description: z.string().nullish(),
});

const planSchema = z.object({
  id: z.number().nullish(),
  name: z.string().min(1),
  cpu: count.nullish(),
  ram: count.nullish(), // MB
  disk: count.nullish(), // GB
  gpu: count.nullish(),
  gpu_label: z.string().nullish(),
  hourly_price: z.number(),
  // Seeweb's own spelling.
  montly_price: z.number().nullish(),
  available: z.boolean().nullish(),
  available_regions: z.array(regionSchema).nullish(),
});
type Plan = z.infer<typeof planSchema>;

const responseSchema = z.object({ status: z.string().optional(), plans: z.array(z.unknown()) }).loose();

const errorSchema = z
  .object({
    status: z.string().optional(),
    error: z.unknown().optional(),
    message: z.string().optional(),
  })
  .loose();

const gbFromMb = (mb: number | null | undefined) => (mb ? Math.round((mb / 1024) * 100) / 100 : null);

function memoryOf(label: string): number | null {
  const match = MEMORY_IN_LABEL.exec(label);
  if (match) return Number(match[1]);
  const model = label
    .replace(/^(nvidia|amd)\s+/i, "")
    .replace(/\s+/g, "")
    .toUpperCase();
  return CARD_MEMORY_GB[model] ?? null;
}

function regionsOf(plan: Plan): string[] {
  return [...new Set((plan.available_regions ?? []).map((region) => region.location))];
}

type Outcome = { offer: ProviderOffer } | { skipped: SkippedRecord } | null;

function offerOf(record: unknown, sourceUrl: string): Outcome {
  const parsed = planSchema.safeParse(record);
  if (!parsed.success) {
    const name = (record as { name?: unknown } | null)?.name;
    return {
      skipped: {
        reason: describeIssues(parsed.error),
        instanceType: typeof name === "string" ? name : undefined,
        raw: record,
      },
    };
  }
  const plan = parsed.data;
  const gpuNameRaw = plan.gpu_label?.trim() || null;
  const gpus = plan.gpu ?? 0;
  if (!gpuNameRaw && gpus === 0) return null; // CPU-only plan: not a GPU offer
  if (!gpuNameRaw)
    return { skipped: { reason: `plan has ${gpus} GPUs but no gpu_label`, instanceType: plan.name, raw: record } };
  if (!Number.isInteger(gpus) || gpus < 1)
    return {
      skipped: { reason: `gpu count ${gpus} is not a whole GPU`, instanceType: plan.name, gpuNameRaw, raw: record },
    };
  if (plan.available === false)
    return {
      skipped: {
        reason: "plan is not active (available: false)",
        cause: "excluded",
        instanceType: plan.name,
        gpuNameRaw,
        raw: record,
      },
    };
  const price = positive(plan.hourly_price);
  if (price === null)
    return {
      skipped: {
        reason: `hourly_price ${plan.hourly_price} is not a price`,
        instanceType: plan.name,
        gpuNameRaw,
        raw: record,
      },
    };
  return {
    offer: {
      instanceType: plan.name,
      gpuNameRaw,
      gpuCount: gpus,
      gpuMemoryGb: memoryOf(gpuNameRaw),
      currency: "EUR",
      pricePerHour: price,
      pricePerHourSpot: null,
      pricePerMonth: positive(plan.montly_price),
      // Active plan, no stock signal: see the note at the top.
      availability: "limited",
      regions: regionsOf(plan),
      vcpuCount: plan.cpu ?? null,
      ramGb: gbFromMb(plan.ram),
      storageGb: plan.disk ?? null,
      priceIncludes: { plan_active: plan.available ?? null },
      sourceUrl,
      raw: record,
    },
  };
}

export const seeweb: ProviderAdapter = {
  slug: "seeweb",
  method: "api",
  version: "seeweb/1",
  baseUrl: { env: "SEEWEB_BASE_URL", default: "https://api.seeweb.it" },
  credential: { secret: "SEEWEB_API_KEY", required: true },

  async scrape({ http, baseUrl, credential }) {
    const url = `${baseUrl}/ecs/v2/plans`;
    if (!credential) throw new ProviderError("MISSING_CREDENTIALS", "Seeweb's plans API needs SEEWEB_API_KEY", { url });
    const body = await http.json({ url, headers: { "X-APITOKEN": credential } });

    // An answer without plans that carries an error or a status word is Seeweb refusing the call. The
    // error's fields (error_code, status, message) are those of Seeweb's Go client; no such answer has
    // been seen recorded, so any non-plans body with either marker counts.
    const failure = errorSchema.safeParse(body);
    if (failure.success && !("plans" in failure.data) && (failure.data.error !== undefined || failure.data.status)) {
      const { status, message, error } = failure.data;
      const text = message ?? (typeof error === "string" ? error : JSON.stringify(error ?? null));
      const auth = /token|auth|unauthori[sz]ed|forbidden/i.test(`${status ?? ""} ${text}`);
      throw new ProviderError(
        auth ? "INVALID_API_KEY" : "UPSTREAM_ERROR",
        `Seeweb API error ${status ?? "?"}: ${text}`,
        { url },
      );
    }
    const response = parseOrDrift(responseSchema, body, "Seeweb plans response");

    const offers: ProviderOffer[] = [];
    const skipped: SkippedRecord[] = [];
    for (const record of response.plans) {
      const outcome = offerOf(record, url);
      if (outcome && "offer" in outcome) offers.push(outcome.offer);
      else if (outcome) skipped.push(outcome.skipped);
    }
    return { offers, skipped };
  },
};
