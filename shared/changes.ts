import { z } from "zod";
import { paginatedSchema } from "./api-schemas";
import { availabilityStatuses, priceKinds } from "./domain";

// The change feed (docs/design.md §11 "Change feed"): what happened to offers, derived from
// price_history, for /api/changes (JSON) and /feed.xml (Atom). Both read the query below.

export const changeEvents = [
  "price_cut",
  "price_rise",
  "new_offer",
  "sold_out",
  "back_in_stock",
  "new_provider",
] as const;
export type ChangeEventName = (typeof changeEvents)[number];

/**
 * A price move smaller than this (in percent of the previous price per GPU-hour) is noise, not news:
 * providers re-round prices and marketplaces drift by cents between scrapes.
 */
export const DEFAULT_MIN_CHANGE_PERCENT = 5;
export const MIN_CHANGE_PERCENT_BOUNDS = { min: 0.5, max: 100 } as const;
export const DEFAULT_CHANGE_WINDOW_DAYS = 30;
/** Raw history is purged after 90 days (§10): an older window would show a purged past as silence. */
export const MAX_CHANGE_WINDOW_DAYS = 90;
export const MAX_CHANGES_PAGE_SIZE = 100;
const MAX_PAGE = 10_000;
const MAX_SLUGS = 20;
const SLUG = /^[a-z0-9][a-z0-9-]{0,49}$/;

function commaList<T extends string>(what: string, accepts: (value: string) => value is T) {
  return z
    .string()
    .transform((raw, context) => {
      const values = [...new Set(raw.split(",").map((value) => value.trim()))];
      const bad = values.find((value) => !accepts(value));
      if (bad !== undefined) context.addIssue({ code: "custom", message: `"${bad.slice(0, 60)}" is not ${what}` });
      else if (values.length > MAX_SLUGS) context.addIssue({ code: "custom", message: `at most ${MAX_SLUGS} values` });
      return values as T[];
    })
    .meta({ type: "string" });
}

const isSlug = (value: string): value is string => SLUG.test(value);
const isEvent = (value: string): value is ChangeEventName => (changeEvents as readonly string[]).includes(value);

export const wholeNumber = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `at least ${min}`).max(max, `at most ${max}`))
    .default(fallback)
    .meta({ type: "integer", minimum: min, maximum: max });

/** GET /api/changes and /feed.xml: every parameter strict, so a typo is a 400 naming it. */
export const changesQuerySchema = z.strictObject({
  gpu: commaList("a GPU model slug", isSlug)
    .optional()
    .describe("GPU model slugs, comma-separated, e.g. h100-sxm,a100-80gb"),
  provider: commaList("a provider slug", isSlug).optional().describe("Provider slugs, comma-separated, e.g. runpod"),
  kind: z
    .enum(priceKinds)
    .default("on_demand")
    .describe("Which price moves: on_demand per GPU-hour (default), or spot per GPU-hour"),
  event: commaList(`one of ${changeEvents.join(", ")}`, isEvent)
    .optional()
    .describe(`Events, comma-separated (default all): ${changeEvents.join(", ")}`),
  min_change_percent: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,2})?$/, "a number such as 5 or 2.5")
    .transform(Number)
    .pipe(z.number().min(MIN_CHANGE_PERCENT_BOUNDS.min).max(MIN_CHANGE_PERCENT_BOUNDS.max))
    .default(DEFAULT_MIN_CHANGE_PERCENT)
    .meta({ type: "number", minimum: MIN_CHANGE_PERCENT_BOUNDS.min, maximum: MIN_CHANGE_PERCENT_BOUNDS.max })
    .describe(
      `Smallest price move that counts as a cut or a rise, in percent (default ${DEFAULT_MIN_CHANGE_PERCENT}, ${MIN_CHANGE_PERCENT_BOUNDS.min}–${MIN_CHANGE_PERCENT_BOUNDS.max})`,
    ),
  since: z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: "an ISO 8601 date or date-time" })
    .optional()
    .describe(
      `Changes at or after this time (default ${DEFAULT_CHANGE_WINDOW_DAYS} days ago, at most ${MAX_CHANGE_WINDOW_DAYS} days back)`,
    ),
  limit: wholeNumber(1, MAX_CHANGES_PAGE_SIZE, 50).describe(`Page size, 1–${MAX_CHANGES_PAGE_SIZE} (default 50)`),
  page: wholeNumber(1, MAX_PAGE, 1).describe("Page number, from 1"),
});
export type ChangesQuery = z.infer<typeof changesQuerySchema>;

const DAY_MS = 86_400_000;

/**
 * The start of the window a query asks for, or why it cannot be served: `since` must lie within the
 * last 90 days and not in the future.
 */
export function changeWindowStart(since: string | undefined, now: Date): { from: Date } | { problem: string } {
  if (since === undefined) return { from: new Date(now.getTime() - DEFAULT_CHANGE_WINDOW_DAYS * DAY_MS) };
  const from = new Date(since);
  if (Number.isNaN(from.getTime())) return { problem: "not a date" };
  if (from.getTime() < now.getTime() - MAX_CHANGE_WINDOW_DAYS * DAY_MS)
    return { problem: `at most ${MAX_CHANGE_WINDOW_DAYS} days back (history is kept ${MAX_CHANGE_WINDOW_DAYS} days)` };
  if (from.getTime() > now.getTime()) return { problem: "in the future" };
  return { from };
}

const nullableNumber = z.number().nullable();

export const changeEventSchema = z
  .object({
    id: z.string().describe("Stable: the price_history row it was derived from, and the event"),
    event: z.enum(changeEvents),
    at: z.iso.datetime({ offset: true }).describe("When the change was stored"),
    kind: z.enum(priceKinds).describe("Which price the prices below are"),
    provider: z.object({ slug: z.string(), display_name: z.string() }),
    gpu: z.object({ slug: z.string(), name: z.string(), short_name: z.string() }),
    instance_id: z.uuid(),
    instance_type: z.string(),
    gpu_count: z.int(),
    previous_price_per_gpu_hour: nullableNumber.describe("USD per GPU-hour before the change (null for a new offer)"),
    price_per_gpu_hour: nullableNumber.describe("USD per GPU-hour after the change (spot: null when none)"),
    change_percent: nullableNumber.describe("Price move in percent of the previous price, one decimal"),
    previous_availability: z.enum(availabilityStatuses).nullable(),
    availability: z.enum(availabilityStatuses),
    url: z.string().describe("The site page the change concerns: /cloud-gpu/<gpu> (/provider/<slug> for new_provider)"),
  })
  .meta({ id: "ChangeEvent" });
export type ChangeEvent = z.infer<typeof changeEventSchema>;

export const changeListSchema = paginatedSchema(changeEventSchema, "ChangeList")
  .extend({
    complete_since: z.iso
      .datetime({ offset: true })
      .describe(
        "Every change stored after this time is in docs or counted in totalDocs: the window's start (since), or a later time when the read stopped after the 50 000 newest changes of the window without filling the page (a rare event over a long window). Narrow by gpu or provider to reach further back.",
      ),
  })
  .meta({ id: "ChangeList" });
