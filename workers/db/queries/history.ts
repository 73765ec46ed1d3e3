import { eq, inArray, sql } from "drizzle-orm";
import { addDays, type DailyPoint, type DailyTotal, dailyPoint, utcDay } from "../../../shared/history";
import type { Database } from "../database";
import { offerDaysOf } from "../rollup";
import { gpuModels, instances, providers } from "../schema";

// Daily series read from the rollup (price_daily, or its sums per GPU model and provider) for the
// days before today, and computed live from price_history by the rollup's own query for today, so
// a stored price shows at once and a year of history reads as fast as a week.

type OfferColumn = "instance_id" | "provider_id" | "gpu_model_id";

/** Which offers: those of one instance, provider or GPU model (by id). */
export interface OfferScope {
  column: OfferColumn;
  id: string;
}

const instanceColumn = (column: OfferColumn) => sql.raw(column === "instance_id" ? "i.id" : `i.${column}`);

/**
 * The stored days of `scope` before `today`, one row per offer (price_daily) or, when neither the
 * scope nor the grouping is an offer, per GPU model and provider (price_daily_gpu_provider): a few
 * hundred rows a day instead of thousands. Both give the same sums, to the last digit.
 */
function storedDays(scope: OfferScope, groupBy: OfferColumn, fromDay: string, today: string) {
  const column = sql.raw(scope.column);
  const key = sql.raw(groupBy);
  const perOffer = scope.column === "instance_id" || groupBy === "instance_id";
  return perOffer
    ? sql`
      SELECT ${key} AS key, day, min_price_per_gpu_hour, avg_price_per_gpu_hour * observed_seconds AS price_seconds,
             max_price_per_gpu_hour, min_spot_per_gpu_hour, observed_seconds, in_stock_seconds, samples
      FROM cloudgpus.price_daily
      WHERE ${column} = ${scope.id} AND day >= ${fromDay}::date AND day < ${today}::date`
    : sql`
      SELECT ${key} AS key, day, min_price_per_gpu_hour, price_seconds, max_price_per_gpu_hour, min_spot_per_gpu_hour,
             observed_seconds, in_stock_seconds, samples
      FROM cloudgpus.price_daily_gpu_provider
      WHERE ${column} = ${scope.id} AND day >= ${fromDay}::date AND day < ${today}::date`;
}

/** Per `groupBy` value and UTC day from `fromDay` to today: the offers of `scope` summed (see DailyTotal). */
export async function dailyTotals(
  db: Database,
  scope: OfferScope,
  groupBy: OfferColumn,
  fromDay: string,
  now: Date,
): Promise<DailyTotal[]> {
  const today = utcDay(now);
  const key = sql.raw(groupBy);
  const result = await db.execute<{
    key: string;
    date: string;
    min: string;
    avg: string;
    max: string;
    min_spot: string | null;
    observed: string;
    in_stock: string;
    samples: string;
  }>(sql`
    SELECT key, day::text AS date, min(min_price_per_gpu_hour) AS min,
           round(sum(price_seconds) / sum(observed_seconds), 4) AS avg,
           max(max_price_per_gpu_hour) AS max, min(min_spot_per_gpu_hour) AS min_spot,
           sum(observed_seconds) AS observed, sum(in_stock_seconds) AS in_stock, sum(samples) AS samples
    FROM (
      ${storedDays(scope, groupBy, fromDay, today)}
      UNION ALL
      SELECT ${key}, day, min_price_per_gpu_hour, avg_price_per_gpu_hour * observed_seconds, max_price_per_gpu_hour,
             min_spot_per_gpu_hour, observed_seconds, in_stock_seconds, samples
      FROM (${offerDaysOf(today, now, sql`${instanceColumn(scope.column)} = ${scope.id}`)}) live
    ) days
    GROUP BY key, day
    ORDER BY key, day`);
  return result.rows.map((row) => ({
    key: row.key,
    date: row.date,
    min: Number(row.min),
    avg: Number(row.avg),
    max: Number(row.max),
    minSpot: row.min_spot === null ? null : Number(row.min_spot),
    observedSeconds: Number(row.observed),
    inStockSeconds: Number(row.in_stock),
    samples: Number(row.samples),
  }));
}

/** The first day of a `days`-day range that ends today. */
export const firstDayOf = (days: number, now: Date) => addDays(utcDay(now), -days + 1);

export async function instanceHistory(
  db: Database,
  instanceId: string,
  days: number,
  now: Date,
): Promise<{ found: boolean; points: DailyPoint[] }> {
  const [instance] = await db.select({ id: instances.id }).from(instances).where(eq(instances.id, instanceId));
  if (!instance) return { found: false, points: [] };
  const totals = await dailyTotals(
    db,
    { column: "instance_id", id: instanceId },
    "instance_id",
    firstDayOf(days, now),
    now,
  );
  return { found: true, points: totals.map(dailyPoint) };
}

export async function gpuModelHistory(db: Database, gpuSlug: string, days: number, now: Date) {
  const [gpu] = await db
    .select({ id: gpuModels.id, slug: gpuModels.slug, name: gpuModels.name })
    .from(gpuModels)
    .where(eq(gpuModels.slug, gpuSlug));
  if (!gpu) return null;
  const totals = await dailyTotals(
    db,
    { column: "gpu_model_id", id: gpu.id },
    "provider_id",
    firstDayOf(days, now),
    now,
  );
  const providerIds = [...new Set(totals.map((total) => total.key))];
  const providerRows = providerIds.length
    ? await db
        .select({ id: providers.id, slug: providers.slug, displayName: providers.displayName })
        .from(providers)
        .where(inArray(providers.id, providerIds))
    : [];
  return {
    gpu: { slug: gpu.slug, name: gpu.name },
    days,
    providers: providerRows
      .map((provider) => ({
        provider: { slug: provider.slug, display_name: provider.displayName },
        points: totals.filter((total) => total.key === provider.id).map(dailyPoint),
      }))
      .sort((a, b) => a.provider.slug.localeCompare(b.provider.slug)),
  };
}
