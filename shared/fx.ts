import { roundMoney } from "./money";
import type { Currency } from "./offers";

/** A dated rate: 1 unit of `currency` = `usdPerUnit` USD on `date` (YYYY-MM-DD). */
export interface FxRate {
  currency: Currency;
  date: string;
  usdPerUnit: number;
  source: string;
}

/**
 * Used only when no rate from the daily ECB job (`fx_rates`, maintenance job `refresh-fx-rates`)
 * is at hand, e.g. the offline CLI without a database. It is old and approximate by design: every
 * converted price records the rate and its date, so a price converted with it says so.
 */
export const FALLBACK_FX_RATES: readonly FxRate[] = [
  {
    currency: "EUR",
    date: "2025-09-30",
    usdPerUnit: 1.17,
    source: "ECB euro reference rate, end of Sep 2025 (approximate fallback)",
  },
];

/** The newest rate for `currency` dated on or before `on`, or null. */
export function rateFor(rates: readonly FxRate[], currency: Currency, on: Date): FxRate | null {
  if (currency === "USD") return { currency, date: on.toISOString().slice(0, 10), usdPerUnit: 1, source: "identity" };
  const day = on.toISOString().slice(0, 10);
  let best: FxRate | null = null;
  for (const rate of rates) {
    if (rate.currency !== currency || rate.date > day) continue;
    if (!best || rate.date > best.date) best = rate;
  }
  return best;
}

/** USD with 4 decimals, the precision of `instances.price_per_hour`. */
export function toUsd(amount: number, rate: FxRate): number {
  return roundMoney(amount * rate.usdPerUnit);
}

/**
 * The EUR→USD rate and its date from the ECB's daily reference-rate XML
 * (https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml), or null if it is not in it.
 */
export function parseEcbDailyXml(xml: string): FxRate | null {
  const date = /<Cube\s+time=['"](\d{4}-\d{2}-\d{2})['"]/.exec(xml)?.[1];
  const usd = /<Cube\s+currency=['"]USD['"]\s+rate=['"]([0-9.]+)['"]/.exec(xml)?.[1];
  const usdPerUnit = Number(usd);
  if (!date || !usd || !Number.isFinite(usdPerUnit) || usdPerUnit <= 0) return null;
  return { currency: "EUR", date, usdPerUnit, source: "ECB euro reference rate" };
}
