import { sql } from "drizzle-orm";
import { FALLBACK_FX_RATES, type FxRate } from "../../shared/fx";
import type { Currency } from "../../shared/offers";
import type { Database } from "./database";
import { fxRates } from "./schema";

/** Every stored rate, plus the built-in fallback for dates before the first stored one. */
export async function loadFxRates(db: Database): Promise<FxRate[]> {
  const rows = await db.select().from(fxRates);
  return [
    ...FALLBACK_FX_RATES,
    ...rows.map((row) => ({
      currency: row.currency as Currency,
      date: row.rateDate,
      usdPerUnit: row.usdPerUnit,
      source: row.source,
    })),
  ];
}

export async function saveFxRate(db: Database, rate: FxRate): Promise<void> {
  await db
    .insert(fxRates)
    .values({ currency: rate.currency, rateDate: rate.date, usdPerUnit: rate.usdPerUnit, source: rate.source })
    .onConflictDoUpdate({
      target: [fxRates.currency, fxRates.rateDate],
      set: { usdPerUnit: sql`excluded.usd_per_unit`, source: sql`excluded.source`, fetchedAt: sql`now()` },
    });
}
