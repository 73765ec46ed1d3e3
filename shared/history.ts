// Daily price series from change records. price_history only gets a row when a price changes (the
// database trigger), so a day without rows still had prices: the ones last recorded before it. Each
// day's min/avg/max is taken over every price in effect at some point that day, per series key
// (an instance), and then across keys (all instances of a provider, for GPU charts).
import { roundMoney } from "./money";

export interface PriceChange {
  /** What the price belongs to, e.g. an instance id. */
  key: string;
  at: Date;
  pricePerGpuHour: number;
}

export interface DailyPoint {
  date: string;
  min: number;
  avg: number;
  max: number;
  /** How many prices were in effect during the day. */
  samples: number;
}

const DAY_MS = 86_400_000;

/**
 * One point per UTC day from `from` to `to` (inclusive) on which any key had a price. `changes` may
 * start before `from` (the price in effect when the window opens) and must be complete for the
 * window; keys that stopped being offered should be passed with their deactivation as `endedAt`.
 */
export function dailySeries(
  changes: readonly PriceChange[],
  from: Date,
  to: Date,
  endedAt: ReadonlyMap<string, Date> = new Map(),
): DailyPoint[] {
  const byKey = new Map<string, PriceChange[]>();
  for (const change of [...changes].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    byKey.set(change.key, [...(byKey.get(change.key) ?? []), change]);
  }
  const points: DailyPoint[] = [];
  const firstDay = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  for (let dayStart = firstDay; dayStart <= to.getTime(); dayStart += DAY_MS) {
    const dayEnd = dayStart + DAY_MS;
    const prices: number[] = [];
    for (const [key, series] of byKey) {
      const ended = endedAt.get(key)?.getTime();
      if (ended !== undefined && ended < dayStart) continue;
      const before = series.filter((change) => change.at.getTime() < dayStart).at(-1);
      if (before) prices.push(before.pricePerGpuHour);
      for (const change of series) {
        const at = change.at.getTime();
        if (at >= dayStart && at < dayEnd) prices.push(change.pricePerGpuHour);
      }
    }
    if (prices.length === 0) continue;
    points.push({
      date: new Date(dayStart).toISOString().slice(0, 10),
      min: roundMoney(Math.min(...prices)),
      avg: roundMoney(prices.reduce((sum, price) => sum + price, 0) / prices.length),
      max: roundMoney(Math.max(...prices)),
      samples: prices.length,
    });
  }
  return points;
}
