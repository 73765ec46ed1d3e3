import { z } from "zod";
import { type AvailabilityStatus, availabilityStatuses } from "./domain";

export const currencies = ["USD", "EUR"] as const;
export type Currency = (typeof currencies)[number];

/**
 * One offer as a provider adapter reports it: the provider's own names and units turned into
 * these fields, but not yet judged. Prices are for the WHOLE instance (all `gpuCount` GPUs) per
 * hour, in `currency`; adapters whose source quotes per GPU multiply by the count.
 */
export interface ProviderOffer {
  /** The provider's stable identifier of this offer; unique within the provider. */
  instanceType: string;
  instanceName?: string | null;
  /** The GPU as the provider spells it ("NVIDIA H100 80GB HBM3", "A100 SXM4"). */
  gpuNameRaw: string;
  gpuCount: number;
  /** Memory per GPU in GB as the provider reports it, when it does. */
  gpuMemoryGb?: number | null;
  /** Form factor the provider states apart from the name ("SXM", "PCIe", "NVL"), if any. */
  formFactor?: string | null;
  currency: Currency;
  pricePerHour: number;
  pricePerHourSpot?: number | null;
  pricePerHourReserved1y?: number | null;
  pricePerHourReserved3y?: number | null;
  pricePerMonth?: number | null;
  availability: AvailabilityStatus;
  regions: string[];
  vcpuCount?: number | null;
  ramGb?: number | null;
  storageGb?: number | null;
  storageType?: string | null;
  hasNvlink?: boolean | null;
  hasInfiniband?: boolean | null;
  billingIncrementSeconds?: number | null;
  /** What the price includes or how it was derived (marketplace offer counts, medians, …). */
  priceIncludes?: Record<string, unknown>;
  instanceUrl?: string | null;
  /** The URL the price was read from. */
  sourceUrl: string;
  /**
   * Aggregators only: the cloud that runs the offer, as our provider slug when we know it (else the
   * aggregator's own name for it). workers/providers/aggregators.ts decides what is published.
   */
  upstreamProvider?: string | null;
  /** The provider's own record(s) behind this offer, kept for debugging. */
  raw: unknown;
}

/**
 * A record the adapter saw but did not turn into an offer, and why: either it could not be read
 * (`unreadable`: a price "NaN", a missing field), or it was read and is deliberately not an offer
 * (`excluded`: a fractional slice of a GPU, a confidential-computing variant, a cloud the provider
 * does not sell that GPU in). An unreadable record of a stored offer leaves that offer as it was.
 */
export interface SkippedRecord {
  reason: string;
  /** Default `unreadable`. */
  cause?: "unreadable" | "excluded";
  instanceType?: string;
  gpuNameRaw?: string;
  raw: unknown;
}

/**
 * The offer the pipeline stores, in the shape `npm run scrape -- --json` prints (snake_case, as
 * the design's contract names the fields). USD; `price_per_hour` is the whole instance, on demand.
 */
export const normalisedOfferSchema = z.object({
  provider: z.string(),
  instance_type: z.string().min(1).max(100),
  gpu_model: z.string().nullable(),
  gpu_name_raw: z.string(),
  gpu_count: z.int().positive(),
  price_per_hour: z.number().positive(),
  price_per_gpu_hour: z.number().positive(),
  price_per_hour_spot: z.number().positive().nullable(),
  availability_status: z.enum(availabilityStatuses),
  regions: z.array(z.string()),
});
export type NormalisedOfferJson = z.infer<typeof normalisedOfferSchema>;
