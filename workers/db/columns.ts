import { MAX_STORABLE_PRICE } from "../../shared/money";
import type { NormalisedOffer } from "../ingest/normalise";

// What the columns of `instances` can hold (docs/database.md §2). A value outside them does not
// just lose one offer: it aborts the whole store transaction, and every good offer of the scrape
// with it. So validation checks each value first, and an offer that does not fit becomes an issue.

const SMALLINT_MAX = 32_767;
const INTEGER_MAX = 2_147_483_647;

/** What a PostgreSQL whole-number column holds, for the API's filters (shared/query-grammar.ts). */
export const SMALLINT_RANGE = { min: -32_768, max: SMALLINT_MAX } as const;
export const INTEGER_RANGE = { min: -2_147_483_648, max: INTEGER_MAX } as const;
const MAX_STORABLE_MONTHLY_PRICE = 9_999_999_999.99; // numeric(12,2)

/** One value that does not fit its column, with the value as text (it may not be storable as it is). */
export interface ColumnProblem {
  field: string;
  value: string;
  limit: string;
}

const hasNul = (text: string) => text.includes("\u0000");

function describe(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Every value of `normalised` that its column could not store; empty when the offer fits. */
export function columnProblems(normalised: NormalisedOffer): ColumnProblem[] {
  const { offer } = normalised;
  const problems: ColumnProblem[] = [];
  const problem = (field: string, value: unknown, limit: string) =>
    problems.push({ field, value: describe(value), limit });

  const text = (field: string, value: string | null | undefined, maxLength?: number) => {
    if (value === null || value === undefined) return;
    if (typeof value !== "string") problem(field, value, "text");
    else if (hasNul(value)) problem(field, value, "text without NUL bytes");
    else if (maxLength !== undefined && value.length > maxLength)
      problem(field, value, `at most ${maxLength} characters`);
  };
  text("instance_type", offer.instanceType, 100);
  text("gpu_name_raw", offer.gpuNameRaw);
  text("instance_name", offer.instanceName);
  text("storage_type", offer.storageType, 30);
  text("instance_url", offer.instanceUrl);
  text("source_url", offer.sourceUrl);
  for (const region of offer.regions) text("available_regions", region, 1_000);

  const whole = (field: string, value: number | null | undefined, min: number, max: number) => {
    if (value === null || value === undefined) return;
    if (!Number.isInteger(value) || value < min || value > max)
      problem(field, value, `a whole number from ${min} to ${max}`);
  };
  whole("gpu_count", offer.gpuCount, 1, SMALLINT_MAX);
  whole("vcpu_count", offer.vcpuCount, 0, SMALLINT_MAX);
  // Memory and disk are rounded to whole GB when stored.
  whole("ram_gb", offer.ramGb == null ? null : Math.round(offer.ramGb), 0, SMALLINT_MAX);
  whole("storage_gb", offer.storageGb == null ? null : Math.round(offer.storageGb), 0, INTEGER_MAX);
  whole("billing_increment_seconds", offer.billingIncrementSeconds, 0, INTEGER_MAX);

  const price = (field: string, value: number | null, max: number) => {
    if (value === null) return;
    if (!Number.isFinite(value) || value <= 0 || value > max)
      problem(field, value, `a price above 0 and at most ${max}`);
  };
  price("price_per_hour", normalised.pricePerHour, MAX_STORABLE_PRICE);
  price("price_per_hour_spot", normalised.pricePerHourSpot, MAX_STORABLE_PRICE);
  price("price_per_hour_reserved_1y", normalised.pricePerHourReserved1y, MAX_STORABLE_PRICE);
  price("price_per_hour_reserved_3y", normalised.pricePerHourReserved3y, MAX_STORABLE_PRICE);
  price("price_per_month", normalised.pricePerMonth, MAX_STORABLE_MONTHLY_PRICE);
  return problems;
}

/**
 * A provider's raw record as `jsonb` can hold it. PostgreSQL refuses a NUL character anywhere in a
 * JSON string (`\u0000`), so such a record is kept as its JSON text instead, escapes and all.
 */
export function storableRaw(raw: unknown): unknown {
  const text = JSON.stringify(raw ?? null);
  return text.includes("\\u0000") ? { unstorable_json: text } : (raw ?? null);
}

/** A price the issue table's `numeric(10,4)` can hold, or null (the raw record keeps the value). */
export const storablePrice = (price: number | null | undefined): number | null =>
  typeof price === "number" && Number.isFinite(price) && Math.abs(price) <= MAX_STORABLE_PRICE ? price : null;

/** Text a `text`/`varchar` column can hold: NUL (which PostgreSQL refuses) shown as U+FFFD, cut to `maxLength`. */
export const storableText = (text: string | null | undefined, maxLength?: number): string | null =>
  typeof text === "string" ? text.replaceAll("\u0000", "\uFFFD").slice(0, maxLength) : null;
