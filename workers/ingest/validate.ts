import type { OfferIssueKind } from "../../shared/domain";
import { normalisedOfferSchema } from "../../shared/offers";
import type { NormalisedOffer } from "./normalise";
import { offerJson } from "./normalise";

// Validation (docs/design.md §6): shape, business rules, identity and anomalies.
// Pure: what is already stored comes in as arguments, decisions come out; nothing is dropped —
// every offer either is accepted or becomes an issue with a code and a reason.

export const MAX_PRICE_PER_GPU_HOUR = 100;
/** A change larger than this against the stored price is held back until confirmed. */
export const ANOMALY_CHANGE_RATIO = 0.5;
/** How close a second observation must be to the quarantined one to confirm it. */
export const CONFIRMATION_TOLERANCE = 0.02;
export const VRAM_TOLERANCE = 0.25;

export interface OfferIssue {
  kind: OfferIssueKind;
  code: string;
  message: string;
  instanceType?: string;
  gpuNameRaw?: string;
  gpuModel?: string | null;
  /** USD, whole instance, when known. */
  pricePerHour?: number | null;
  previousPricePerHour?: number | null;
  raw: unknown;
}

export interface StoredOffer {
  pricePerHour: number;
  isActive: boolean;
}

export interface ValidationInput {
  offers: readonly NormalisedOffer[];
  /** The provider's rows in `instances`, by instance type. */
  stored: ReadonlyMap<string, StoredOffer>;
  /** The latest quarantined observation (USD, whole instance) per instance type since its price was last published. */
  quarantined: ReadonlyMap<string, number>;
}

/** An offer validation published: its GPU is in the catalog and its prices are in USD. */
export type AcceptedOffer = NormalisedOffer & { gpuModel: string; pricePerHour: number; pricePerGpuHour: number };

export interface ValidationResult {
  accepted: AcceptedOffer[];
  issues: OfferIssue[];
  /** Every instance type the provider listed this time, published or not: these are not "vanished". */
  seen: Set<string>;
}

const relativeChange = (from: number, to: number) => Math.abs(to - from) / from;

export function validateOffers({ offers, stored, quarantined }: ValidationInput): ValidationResult {
  const accepted: AcceptedOffer[] = [];
  const issues: OfferIssue[] = [];
  const seen = new Set<string>();

  for (const normalised of offers) {
    const { offer } = normalised;
    const base = {
      instanceType: offer.instanceType,
      gpuNameRaw: offer.gpuNameRaw,
      gpuModel: normalised.gpuModel,
      pricePerHour: normalised.pricePerHour,
      raw: offer.raw,
    };
    const issue = (kind: OfferIssueKind, code: string, message: string, extra: Partial<OfferIssue> = {}) =>
      issues.push({ ...base, kind, code, message, ...extra });

    if (seen.has(offer.instanceType)) {
      issue(
        "rejected",
        "DUPLICATE_INSTANCE_TYPE",
        `${offer.instanceType} appears more than once in this scrape; the first was kept`,
      );
      continue;
    }
    seen.add(offer.instanceType);

    const { gpuModel, pricePerHour: price, pricePerGpuHour: perGpu } = normalised;
    if (price === null || perGpu === null) {
      issue("rejected", "FX_UNAVAILABLE", `no ${offer.currency}→USD exchange rate for this scrape's date`);
      continue;
    }
    if (gpuModel === null) {
      issue("unmapped", "GPU_UNMAPPED", normalised.unmappedReason ?? `GPU "${offer.gpuNameRaw}" is not in the catalog`);
      continue;
    }
    const shape = normalisedOfferSchema.safeParse(offerJson(normalised));
    if (!shape.success) {
      const problems = shape.error.issues.map((problem) => `${problem.path.join(".")}: ${problem.message}`).join("; ");
      issue("rejected", "INVALID_OFFER", problems);
      continue;
    }
    if (!(perGpu > 0 && perGpu < MAX_PRICE_PER_GPU_HOUR)) {
      issue("rejected", "PRICE_OUT_OF_RANGE", `$${perGpu}/GPU-hour is outside (0, ${MAX_PRICE_PER_GPU_HOUR})`);
      continue;
    }
    const spotPerGpu = normalised.pricePerHourSpot === null ? null : normalised.pricePerHourSpot / offer.gpuCount;
    if (spotPerGpu !== null && !(spotPerGpu > 0 && spotPerGpu < MAX_PRICE_PER_GPU_HOUR)) {
      issue("rejected", "PRICE_OUT_OF_RANGE", `spot $${spotPerGpu}/GPU-hour is outside (0, ${MAX_PRICE_PER_GPU_HOUR})`);
      continue;
    }
    const reportedVram = offer.gpuMemoryGb;
    if (
      reportedVram &&
      normalised.catalogVramGb &&
      relativeChange(normalised.catalogVramGb, reportedVram) > VRAM_TOLERANCE
    ) {
      issue(
        "rejected",
        "VRAM_MISMATCH",
        `reported ${reportedVram} GB per GPU, but ${gpuModel} has ${normalised.catalogVramGb} GB (more than ${VRAM_TOLERANCE * 100} % apart)`,
      );
      continue;
    }
    const previous = stored.get(offer.instanceType);
    if (previous?.isActive && relativeChange(previous.pricePerHour, price) > ANOMALY_CHANGE_RATIO) {
      const held = quarantined.get(offer.instanceType);
      if (held === undefined || relativeChange(held, price) > CONFIRMATION_TOLERANCE) {
        issue(
          "quarantined",
          "PRICE_ANOMALY",
          `$${previous.pricePerHour} → $${price} per hour (${Math.round((price / previous.pricePerHour - 1) * 100)} %); published once the next scrape confirms it`,
          { previousPricePerHour: previous.pricePerHour },
        );
        continue;
      }
    }
    accepted.push({ ...normalised, gpuModel, pricePerHour: price, pricePerGpuHour: perGpu });
  }
  return { accepted, issues, seen };
}
