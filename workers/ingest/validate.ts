import type { OfferIssueKind, QuarantineDecision } from "../../shared/domain";
import { normalisedOfferSchema } from "../../shared/offers";
import { insideBand, priceBandFor } from "../../shared/price-bands";
import { columnProblems, storableRaw } from "../db/columns";
import type { NormalisedOffer } from "./normalise";
import { offerJson } from "./normalise";

// Validation (docs/design.md §6): shape, business rules, identity and anomalies.
// Pure: what is already stored comes in as arguments, decisions come out; nothing is dropped —
// every offer either is accepted or becomes an issue with a code and a reason.

/** A change larger than this against the stored price is held back until confirmed. */
export const ANOMALY_CHANGE_RATIO = 0.5;
/**
 * How close a second observation must be to the quarantined one to confirm it, and a price to an
 * observation an operator approved or rejected for that decision to apply to it.
 */
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
  pricePerHourReserved1y: number | null;
  isActive: boolean;
  /** When a scrape last published the offer (`instances.last_scraped_at`). */
  publishedAt: Date;
}

/** An operator's decision on a quarantined observation (docs/design.md §6, §18). */
export interface DecidedObservation {
  decision: QuarantineDecision;
  /** The observation's price: USD, whole instance. */
  pricePerHour: number;
  decidedAt: Date;
}

export interface ValidationInput {
  offers: readonly NormalisedOffer[];
  /** The provider's rows in `instances`, by instance type. */
  stored: ReadonlyMap<string, StoredOffer>;
  /**
   * The latest quarantined observation (USD, whole instance) per instance type since its price was
   * last published, leaving out observations an operator rejected: those never confirm a jump.
   */
  quarantined: ReadonlyMap<string, number>;
  /** Operators' decisions on quarantined observations, per instance type, newest first; none when omitted. */
  decisions?: ReadonlyMap<string, readonly DecidedObservation[]>;
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

export function validateOffers({
  offers,
  stored,
  quarantined,
  decisions = new Map(),
}: ValidationInput): ValidationResult {
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

    // First what the database could not even store: such a value would abort the whole scrape.
    const unfit = columnProblems(normalised);
    if (unfit.length) {
      issue(
        "rejected",
        "VALUE_OUT_OF_RANGE",
        unfit.map((problem) => `${problem.field} ${problem.value} is not ${problem.limit}`).join("; "),
        { raw: { record: storableRaw(offer.raw), values: unfit } },
      );
      if (typeof offer.instanceType === "string") seen.add(offer.instanceType);
      continue;
    }
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
    const decidedOnOffer = decisions.get(offer.instanceType) ?? [];
    const decided = decisionOn(decidedOnOffer, price, previous);
    // A repeat of a rejected price confirms nothing, however often the provider sends it.
    const held = quarantined.get(offer.instanceType);
    const confirming =
      held !== undefined && decisionOn(decidedOnOffer, held, previous)?.decision !== "rejected" ? held : undefined;
    const reason = quarantineReason(normalised, gpuModel, price, previous, { held: confirming, decided });
    if (reason) {
      const { code, message, ...extra } = reason;
      issue("quarantined", code, message, extra);
      continue;
    }
    accepted.push({ ...normalised, gpuModel, pricePerHour: price, pricePerGpuHour: perGpu });
  }
  return { accepted, issues, seen };
}

/**
 * The decision that speaks for this price: the newest one on an observation within
 * CONFIRMATION_TOLERANCE of it. An approval is spent once the offer has been published at another
 * price after it, so it never waives a later, different price; a rejection holds for as long as the
 * observation is kept.
 */
function decisionOn(
  decisions: readonly DecidedObservation[],
  price: number,
  stored: StoredOffer | undefined,
): DecidedObservation | null {
  const decided = decisions.find(
    (candidate) => relativeChange(candidate.pricePerHour, price) <= CONFIRMATION_TOLERANCE,
  );
  if (decided?.decision !== "approved") return decided ?? null;
  const spent =
    stored !== undefined &&
    stored.publishedAt.getTime() > decided.decidedAt.getTime() &&
    relativeChange(decided.pricePerHour, stored.pricePerHour) > CONFIRMATION_TOLERANCE;
  return spent ? null : decided;
}

/**
 * Why the price waits in quarantine, or null: implausible for its GPU, or a jump that no later
 * observation has confirmed yet. A price an operator approved is held back by neither; a price an
 * operator rejected is never confirmed, however often the provider repeats it.
 */
function quarantineReason(
  normalised: NormalisedOffer,
  gpuModel: string,
  price: number,
  previous: StoredOffer | undefined,
  { held, decided }: { held: number | undefined; decided: DecidedObservation | null },
): { code: string; message: string; previousPricePerHour?: number | null } | null {
  const approved = decided?.decision === "approved" ? decided : null;
  const rejection = decided?.decision === "rejected" ? decided : null;
  const rejected = rejection
    ? `; an operator rejected ${dollars(rejection.pricePerHour)}/hour on ${rejection.decidedAt.toISOString().slice(0, 10)}`
    : "";
  // An approval vouches for the on-demand price it was given on; spot and reserved prices, and a
  // GPU without a band, are judged as always.
  const implausible = implausiblePrices(normalised, gpuModel, price, approved !== null);
  if (implausible.length) return { code: "PRICE_IMPLAUSIBLE", message: implausible.join("; ") + rejected };
  // An approval excuses its jump until the price is published; from then on jumps are measured
  // against it like against any published price (a reserved price may still jump).
  if (approved && !(previous && previous.publishedAt.getTime() > approved.decidedAt.getTime())) return null;
  const jumps = previous?.isActive ? priceJumps(previous, normalised, price) : [];
  const confirmed = !rejection && held !== undefined && relativeChange(held, price) <= CONFIRMATION_TOLERANCE;
  if (jumps.length === 0 || confirmed) return null;
  return {
    code: "PRICE_ANOMALY",
    message: `${jumps.join("; ")}${rejection ? `${rejected}, so a repeat does not confirm it` : "; published once the next scrape confirms it"}`,
    previousPricePerHour: previous?.pricePerHour ?? null,
  };
}

const perGpuHour = (price: number | null, gpuCount: number) => (price === null ? null : price / gpuCount);
const dollars = (amount: number) => `$${Math.round(amount * 10_000) / 10_000}`;

/**
 * The offer's prices that cannot be real: per GPU-hour outside the GPU's band (shared/price-bands.ts),
 * or a commitment price above the on-demand one. On-demand, spot and reserved alike.
 */
function implausiblePrices(
  normalised: NormalisedOffer,
  gpuModel: string,
  onDemand: number,
  onDemandApproved = false,
): string[] {
  const band = priceBandFor(gpuModel);
  if (!band) return [`${gpuModel} has no plausible price band yet`];
  const gpus = normalised.offer.gpuCount;
  const prices: [string, number | null][] = [
    ["on-demand", onDemand],
    ["spot", normalised.pricePerHourSpot],
    ["1-year reserved", normalised.pricePerHourReserved1y],
    ["3-year reserved", normalised.pricePerHourReserved3y],
  ];
  const problems: string[] = [];
  for (const [kind, price] of onDemandApproved ? prices.slice(1) : prices) {
    const perGpu = perGpuHour(price, gpus);
    if (perGpu !== null && !insideBand(band, perGpu))
      problems.push(
        `${kind} ${dollars(perGpu)}/GPU-hour is outside ${gpuModel}'s plausible ${dollars(band.min)}–${dollars(band.max)}`,
      );
  }
  for (const [kind, price] of prices.slice(2)) {
    if (price !== null && price > onDemand)
      problems.push(`${kind} ${dollars(price)}/hour is above the on-demand ${dollars(onDemand)}/hour`);
  }
  return problems;
}

/** Changes beyond ANOMALY_CHANGE_RATIO against the published prices, on-demand and reserved. */
function priceJumps(previous: StoredOffer, normalised: NormalisedOffer, price: number): string[] {
  const jump = (kind: string, from: number | null, to: number | null) =>
    from !== null && to !== null && relativeChange(from, to) > ANOMALY_CHANGE_RATIO
      ? [`${kind} ${dollars(from)} → ${dollars(to)} per hour (${Math.round((to / from - 1) * 100)} %)`]
      : [];
  return [
    ...jump("on-demand", previous.pricePerHour, price),
    ...jump("1-year reserved", previous.pricePerHourReserved1y, normalised.pricePerHourReserved1y),
  ];
}
