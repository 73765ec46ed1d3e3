// How often an offer, or a GPU's or provider's offers, could be rented: the time-weighted share of
// the time they were in stock (docs/design.md §7). price_history records changes, not scrapes, so
// "in stock" is the last known availability carried forward, summed per UTC day by the rollup.
import type { AvailabilityStatus } from "./domain";
import { addDays, DAY_MS, utcDay } from "./history";

/** The statuses under which an offer can be rented now. The others (sold out, waitlist, contact sales, deprecated) cannot. */
export const IN_STOCK_STATUSES = ["available", "limited"] as const satisfies readonly AvailabilityStatus[];

export const AVAILABILITY_WINDOWS = [7, 30, 90] as const;
export type WindowName = `${(typeof AVAILABILITY_WINDOWS)[number]}d`;

export interface DayStock {
  date: string;
  observedSeconds: number;
  inStockSeconds: number;
}

export interface Availability {
  /** Share in stock over the last 7, 30 and 90 days (today so far included); null without data. */
  windows: Record<WindowName, number | null>;
  /** One entry per day with data, oldest first, over the last 90 days. */
  timeline: { day: string; in_stock_share: number }[];
}

const share = (inStock: number, tracked: number) => (tracked > 0 ? Math.round((inStock / tracked) * 1e4) / 1e4 : null);

/** Seconds of [from, to) inside [start, end). */
const overlap = (from: number, to: number, start: number, end: number) =>
  Math.max(0, Math.min(to, end) - Math.max(from, start)) / 1000;

/**
 * The windows and timeline of one offer or of a group of offers, from their daily totals.
 * `endedAt`: for a single offer that is no longer listed, when it was last scraped; from then on
 * it counts as out of stock (a renter could not have it), so its share falls rather than freezing
 * at its last value. Groups pass null: an offer that left the market is simply no longer one of
 * their offers.
 */
export function availabilityOf(days: readonly DayStock[], now: Date, endedAt: Date | null = null): Availability {
  const byDay = new Map(days.map((day) => [day.date, day]));
  const today = utcDay(now);
  const first = addDays(today, -(AVAILABILITY_WINDOWS.at(-1) ?? 90) + 1);
  const tracked: { day: string; observed: number; inStock: number }[] = [];
  for (let day = first; day <= today; day = addDays(day, 1)) {
    const start = Date.parse(`${day}T00:00:00Z`);
    const gone = endedAt
      ? overlap(endedAt.getTime(), now.getTime(), start, Math.min(start + DAY_MS, now.getTime()))
      : 0;
    const stock = byDay.get(day);
    const observed = (stock?.observedSeconds ?? 0) + gone;
    if (observed > 0) tracked.push({ day, observed, inStock: stock?.inStockSeconds ?? 0 });
  }
  const windowShare = (days: number) => {
    const since = addDays(today, -days + 1);
    const inWindow = tracked.filter((entry) => entry.day >= since);
    return share(
      inWindow.reduce((sum, entry) => sum + entry.inStock, 0),
      inWindow.reduce((sum, entry) => sum + entry.observed, 0),
    );
  };
  return {
    windows: Object.fromEntries(AVAILABILITY_WINDOWS.map((days) => [`${days}d`, windowShare(days)])) as Record<
      WindowName,
      number | null
    >,
    timeline: tracked.map((entry) => ({ day: entry.day, in_stock_share: share(entry.inStock, entry.observed) ?? 0 })),
  };
}
