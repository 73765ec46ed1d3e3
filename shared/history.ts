// Daily price and stock figures. price_history gets a row only when an offer's price, spot price or
// availability changes (a database trigger), so a day's figures come from the state in effect at
// each moment of it: the last change before the day carries into it. The database rolls them up
// per offer and UTC day (price_daily, docs/design.md §7) and sums offers into these totals.

export interface DailyPoint {
  date: string;
  min: number;
  /** Time-weighted over the seconds the offers were listed that day. */
  avg: number;
  max: number;
  /** How many prices were in effect during the day, over all the offers summed. */
  samples: number;
}

/** One group's day (an offer, or all offers of a provider or GPU): the rollup summed. */
export interface DailyTotal extends DailyPoint {
  /** What the offers were summed by: an instance, provider or GPU model id. */
  key: string;
  minSpot: number | null;
  /** Offer-seconds listed that day (several offers add up), and how many of them in stock. */
  observedSeconds: number;
  inStockSeconds: number;
}

export const DAY_MS = 86_400_000;

/** The UTC day of an instant, as `YYYY-MM-DD`. */
export const utcDay = (at: Date | number): string => new Date(at).toISOString().slice(0, 10);

/** The UTC day `days` after (or before, when negative) `day`. */
export const addDays = (day: string, days: number): string => utcDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);

export const dailyPoint = ({ date, min, avg, max, samples }: DailyTotal): DailyPoint => ({
  date,
  min,
  avg,
  max,
  samples,
});
