import { z } from "zod";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// SaladCloud's public API (key required, header `Salad-Api-Key`). GPU classes are listed per
// organisation: GET /organizations/{organization_name}/gpu-classes answers `items`, one per class
// ("RTX 4090 (24 GB)"), each with a price per container priority (batch, low, medium, high) as a
// decimal string in US dollars per hour. A Salad container replica gets one GPU of its class, so a
// class price is the price of a one-GPU instance.
//
// Priorities: every Salad node is a shared consumer PC, and a lower-priority container is evicted
// when higher-priority work wants its node. "high" is the tier nothing outranks, so it is the
// on-demand price (falling back to medium, then low, when high is not quoted). "batch" is the
// lowest tier, the first to be interrupted: it is the spot price. "low" and "medium" are kept in
// `priceIncludes`. The class list carries no stock (that is a separate availability query with
// resource filters), so an offer is never claimed "available": it is "limited".
//
// The organisation is part of every path and Salad offers no key-to-organisation lookup, so the
// secret holds both: `SALAD_API_KEY` = "<organization_name>:<api key>".

const ORGANIZATION_NAME = /^[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const DECIMAL = /^\d+(?:\.\d+)?$/;
const MEMORY_IN_PARENS = /\s*\((\d+(?:\.\d+)?)\s*GB\)\s*$/i;

const PRIORITIES = ["batch", "low", "medium", "high"] as const;
type Priority = (typeof PRIORITIES)[number];
/** Best first: the tier whose price is the on-demand price. */
const ON_DEMAND_ORDER: readonly Priority[] = ["high", "medium", "low"];

const priceSchema = z.object({ priority: z.string(), price: z.union([z.string(), z.number()]) }).loose();

const gpuClassSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().trim().min(1),
    prices: z.array(priceSchema),
    is_high_demand: z.boolean().nullish(),
    gpu_class_type: z.string().nullish(),
  })
  .loose();

const responseSchema = z.union([
  z.object({ items: z.array(z.unknown()) }).loose(),
  // RFC 7807 problem details, Salad's error body.
  z.object({ title: z.string(), status: z.number().nullish(), detail: z.string().nullish() }),
]);

/** A tier's price in dollars, or why it cannot be read. Strings are the documented form. */
function dollars(value: string | number): number | null {
  if (typeof value === "number") return positive(value);
  const text = value.trim();
  return DECIMAL.test(text) ? positive(Number(text)) : null;
}

function splitCredential(credential: string): { organization: string; key: string } {
  const colon = credential.indexOf(":");
  const organization = colon > 0 ? credential.slice(0, colon).trim() : "";
  const key = colon > 0 ? credential.slice(colon + 1).trim() : "";
  if (!ORGANIZATION_NAME.test(organization) || !key)
    throw new ProviderError(
      "MISSING_CREDENTIALS",
      'SALAD_API_KEY must be "<organization_name>:<api key>": Salad lists GPU classes per organisation',
    );
  return { organization, key };
}

type Outcome = { offer: ProviderOffer } | { skipped: SkippedRecord };

function readClass(record: unknown, sourceUrl: string): Outcome {
  const parsed = gpuClassSchema.safeParse(record);
  if (!parsed.success) {
    const id = (record as { id?: unknown } | null)?.id;
    return {
      skipped: {
        reason: describeIssues(parsed.error),
        instanceType: typeof id === "string" ? id : undefined,
        raw: record,
      },
    };
  }
  const gpuClass = parsed.data;
  const known = { instanceType: gpuClass.id, gpuNameRaw: gpuClass.name, raw: record };

  const tiers = new Map<Priority, number>();
  for (const { priority, price } of gpuClass.prices) {
    const tier = PRIORITIES.find((candidate) => candidate === priority.trim().toLowerCase());
    if (!tier) continue; // a tier Salad adds later (an alpha "turbo") is not one we know how to read
    const amount = dollars(price);
    if (amount === null)
      return { skipped: { reason: `${tier} price ${JSON.stringify(price)} is not a price`, ...known } };
    tiers.set(tier, amount);
  }
  const onDemandTier = ON_DEMAND_ORDER.find((tier) => tiers.has(tier));
  if (!onDemandTier)
    return { skipped: { reason: "no high, medium or low priority price: nothing to quote as on demand", ...known } };
  const onDemand = tiers.get(onDemandTier) as number;
  const batch = tiers.get("batch") ?? null;

  const memory = MEMORY_IN_PARENS.exec(gpuClass.name);
  return {
    offer: {
      instanceType: gpuClass.id,
      instanceName: gpuClass.name,
      gpuNameRaw: gpuClass.name,
      gpuCount: 1,
      gpuMemoryGb: memory ? Number(memory[1]) : null,
      currency: "USD",
      pricePerHour: onDemand,
      // A batch price at or above the on-demand one is no discount for being interruptible.
      pricePerHourSpot: batch !== null && batch < onDemand ? batch : null,
      availability: "limited",
      regions: [],
      priceIncludes: {
        onDemandPriority: onDemandTier,
        spotPriority: batch !== null && batch < onDemand ? "batch" : null,
        pricesByPriority: Object.fromEntries(
          PRIORITIES.filter((tier) => tiers.has(tier)).map((t) => [t, tiers.get(t)]),
        ),
        highDemand: gpuClass.is_high_demand ?? null,
        gpuClassType: gpuClass.gpu_class_type ?? null,
      },
      sourceUrl,
      raw: record,
    },
  };
}

export const salad: ProviderAdapter = {
  slug: "salad",
  method: "api",
  version: "salad/1",
  baseUrl: { env: "SALAD_BASE_URL", default: "https://api.salad.com" },
  credential: { secret: "SALAD_API_KEY", required: true },

  async scrape({ http, baseUrl, credential }) {
    if (!credential) throw new ProviderError("MISSING_CREDENTIALS", "Salad's public API needs SALAD_API_KEY");
    const { organization, key } = splitCredential(credential);
    const url = `${baseUrl}/api/public/organizations/${organization}/gpu-classes`;
    const body = await http.json({ url, headers: { "Salad-Api-Key": key } });
    const response = parseOrDrift(responseSchema, body, "Salad gpu-classes response");
    if (!("items" in response)) {
      const { title, detail, status } = response;
      throw new ProviderError(
        status === 401 ? "INVALID_API_KEY" : "UPSTREAM_ERROR",
        `Salad API error: ${title}${detail ? ` (${detail})` : ""}`,
        { url },
      );
    }

    const offers: ProviderOffer[] = [];
    const skipped: SkippedRecord[] = [];
    for (const record of response.items) {
      const outcome = readClass(record, url);
      if ("offer" in outcome) offers.push(outcome.offer);
      else skipped.push(outcome.skipped);
    }
    return { offers, skipped };
  },
};
