import { type SQL, sql } from "drizzle-orm";
import { IN_STOCK_STATUSES } from "../../shared/availability";
import { addDays, utcDay } from "../../shared/history";
import type { Database } from "./database";

// The daily rollup (price_daily, docs/design.md §7 and §10). Each state an offer was in (a
// price_history row, in effect until the next one) is cut at the day's bounds, at `now`, and at
// the offer's last scrape once it is no longer listed; the day's figures are taken over those
// pieces, weighted by their seconds. The opening state is the offer's last row at or before the
// day's start, which is why the purge keeps that row for every offer (workers/db/maintenance.ts).
// Each day's offer rows are then summed per GPU model and provider (price_daily_gpu_provider),
// which the series of a whole GPU model or provider read.

const inStock = sql.raw(IN_STOCK_STATUSES.map((status) => `'${status}'`).join(", "));

/**
 * The rollup rows of one UTC day for the offers `offers` selects (a condition on `instances i`),
 * seconds exact (fractional): what the job stores, and what reads of today compute live. Columns
 * in price_daily's order, without the generated share.
 */
export function offerDaysOf(day: string, now: Date, offers: SQL = sql`true`): SQL {
  return sql`
    WITH bounds AS (
      SELECT ${day}::date AS day, (${day}::date::timestamp AT TIME ZONE 'UTC') AS starts,
             LEAST((${day}::date::timestamp AT TIME ZONE 'UTC') + interval '1 day', ${now.toISOString()}::timestamptz) AS ends
    ),
    listed AS (
      SELECT i.id, i.provider_id, i.gpu_model_id,
             CASE WHEN i.is_active THEN 'infinity'::timestamptz ELSE i.last_scraped_at END AS listed_until
      FROM cloudgpus.instances i CROSS JOIN bounds b
      WHERE (i.is_active OR i.last_scraped_at > b.starts) AND ${offers}
    ),
    states AS (
      SELECT o.id AS instance_id, o.provider_id, o.gpu_model_id, s.price_per_gpu_hour AS price,
             s.price_per_hour_spot / NULLIF(s.gpu_count, 0) AS spot,
             s.availability_status IN (${inStock}) AS in_stock,
             GREATEST(s.recorded_at, b.starts) AS piece_start,
             LEAST(COALESCE(lead(s.recorded_at) OVER (PARTITION BY o.id ORDER BY s.recorded_at, s.id), 'infinity'),
                   o.listed_until, b.ends) AS piece_end
      FROM listed o CROSS JOIN bounds b
      CROSS JOIN LATERAL (
        (SELECT h.id, h.recorded_at, h.price_per_gpu_hour, h.price_per_hour_spot, h.gpu_count, h.availability_status
         FROM cloudgpus.price_history h
         WHERE h.instance_id = o.id AND h.recorded_at <= b.starts
         ORDER BY h.recorded_at DESC, h.id DESC LIMIT 1)
        UNION ALL
        (SELECT h.id, h.recorded_at, h.price_per_gpu_hour, h.price_per_hour_spot, h.gpu_count, h.availability_status
         FROM cloudgpus.price_history h
         WHERE h.instance_id = o.id AND h.recorded_at > b.starts AND h.recorded_at < b.ends)
      ) s
    ),
    pieces AS (
      SELECT *, extract(epoch FROM piece_end - piece_start) AS seconds FROM states WHERE piece_end > piece_start
    )
    SELECT instance_id, (SELECT day FROM bounds) AS day, provider_id, gpu_model_id,
           min(price) AS min_price_per_gpu_hour,
           round(sum(price * seconds) / sum(seconds), 4) AS avg_price_per_gpu_hour,
           max(price) AS max_price_per_gpu_hour,
           round(min(spot), 4) AS min_spot_per_gpu_hour,
           sum(seconds) AS observed_seconds,
           coalesce(sum(seconds) FILTER (WHERE in_stock), 0) AS in_stock_seconds,
           count(*)::int AS samples
    FROM pieces
    GROUP BY instance_id, provider_id, gpu_model_id`;
}

/**
 * Recomputes one UTC day for every offer, then its sums per GPU model and provider, in one
 * transaction so a reader never sees one without the other; an unchanged row is not rewritten.
 * Returns the offers' rows written.
 */
export function rollUpDay(db: Database, day: string, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const written = await rollUpOffers(tx, day, now);
    await sumGpuProviders(tx, day);
    return written;
  });
}

async function rollUpOffers(db: Database, day: string, now: Date): Promise<number> {
  const result = await db.execute(sql`
    INSERT INTO cloudgpus.price_daily (instance_id, day, provider_id, gpu_model_id, min_price_per_gpu_hour,
      avg_price_per_gpu_hour, max_price_per_gpu_hour, min_spot_per_gpu_hour, observed_seconds, in_stock_seconds, samples)
    SELECT instance_id, day, provider_id, gpu_model_id, min_price_per_gpu_hour, avg_price_per_gpu_hour,
           max_price_per_gpu_hour, min_spot_per_gpu_hour, round(observed_seconds), round(in_stock_seconds), samples
    FROM (${offerDaysOf(day, now)}) offer_days
    WHERE round(observed_seconds) > 0
    ON CONFLICT (instance_id, day) DO UPDATE SET
      provider_id = excluded.provider_id, gpu_model_id = excluded.gpu_model_id,
      min_price_per_gpu_hour = excluded.min_price_per_gpu_hour, avg_price_per_gpu_hour = excluded.avg_price_per_gpu_hour,
      max_price_per_gpu_hour = excluded.max_price_per_gpu_hour, min_spot_per_gpu_hour = excluded.min_spot_per_gpu_hour,
      observed_seconds = excluded.observed_seconds, in_stock_seconds = excluded.in_stock_seconds, samples = excluded.samples
    WHERE (price_daily.provider_id, price_daily.gpu_model_id, price_daily.min_price_per_gpu_hour,
           price_daily.avg_price_per_gpu_hour, price_daily.max_price_per_gpu_hour, price_daily.min_spot_per_gpu_hour,
           price_daily.observed_seconds, price_daily.in_stock_seconds, price_daily.samples)
      IS DISTINCT FROM (excluded.provider_id, excluded.gpu_model_id, excluded.min_price_per_gpu_hour,
           excluded.avg_price_per_gpu_hour, excluded.max_price_per_gpu_hour, excluded.min_spot_per_gpu_hour,
           excluded.observed_seconds, excluded.in_stock_seconds, excluded.samples)`);
  return result.rowCount ?? 0;
}

/**
 * price_daily_gpu_provider for one day, summed from the day's stored price_daily rows (not from
 * the raw history), so the weighted average of a GPU's or a provider's offers is the same whichever
 * table it is summed from. A pair with no offer row that day any more loses its row.
 */
async function sumGpuProviders(db: Database, day: string): Promise<void> {
  await db.execute(sql`
    WITH sums AS (
      SELECT gpu_model_id, provider_id, day, min(min_price_per_gpu_hour) AS min_price_per_gpu_hour,
             sum(avg_price_per_gpu_hour * observed_seconds) AS price_seconds,
             max(max_price_per_gpu_hour) AS max_price_per_gpu_hour, min(min_spot_per_gpu_hour) AS min_spot_per_gpu_hour,
             sum(observed_seconds) AS observed_seconds, sum(in_stock_seconds) AS in_stock_seconds, sum(samples) AS samples
      FROM cloudgpus.price_daily WHERE day = ${day}::date
      GROUP BY gpu_model_id, provider_id, day
    ),
    gone AS (
      DELETE FROM cloudgpus.price_daily_gpu_provider g
      WHERE g.day = ${day}::date
        AND NOT EXISTS (SELECT 1 FROM sums s WHERE s.gpu_model_id = g.gpu_model_id AND s.provider_id = g.provider_id)
    )
    INSERT INTO cloudgpus.price_daily_gpu_provider (gpu_model_id, provider_id, day, min_price_per_gpu_hour, price_seconds,
      max_price_per_gpu_hour, min_spot_per_gpu_hour, observed_seconds, in_stock_seconds, samples)
    SELECT * FROM sums
    ON CONFLICT (gpu_model_id, provider_id, day) DO UPDATE SET
      min_price_per_gpu_hour = excluded.min_price_per_gpu_hour, price_seconds = excluded.price_seconds,
      max_price_per_gpu_hour = excluded.max_price_per_gpu_hour, min_spot_per_gpu_hour = excluded.min_spot_per_gpu_hour,
      observed_seconds = excluded.observed_seconds, in_stock_seconds = excluded.in_stock_seconds, samples = excluded.samples
    WHERE (price_daily_gpu_provider.min_price_per_gpu_hour, price_daily_gpu_provider.price_seconds,
           price_daily_gpu_provider.max_price_per_gpu_hour, price_daily_gpu_provider.min_spot_per_gpu_hour,
           price_daily_gpu_provider.observed_seconds, price_daily_gpu_provider.in_stock_seconds, price_daily_gpu_provider.samples)
      IS DISTINCT FROM (excluded.min_price_per_gpu_hour, excluded.price_seconds, excluded.max_price_per_gpu_hour,
           excluded.min_spot_per_gpu_hour, excluded.observed_seconds, excluded.in_stock_seconds, excluded.samples)`);
}

/** One statement per day, so no statement holds more than a day's rows. */
export async function rollUpDays(db: Database, days: readonly string[], now: Date): Promise<number> {
  let written = 0;
  for (const day of days) written += await rollUpDay(db, day, now);
  return written;
}

/** No bound: `daysWithoutRollup` starts at the oldest raw row whatever it is given. */
export const EARLIEST_DAY = "0001-01-01";

/**
 * Days from `from` to `to` (inclusive) with no rollup row at all, from the day of the oldest raw
 * row on (nothing before it can be rolled up): the days the hourly job never saw.
 */
export async function daysWithoutRollup(db: Database, from: string, to: string): Promise<string[]> {
  const result = await db.execute<{ day: string }>(sql`
    SELECT d::date::text AS day
    FROM generate_series(
      GREATEST(${from}::timestamp, (SELECT min(recorded_at) AT TIME ZONE 'UTC' FROM cloudgpus.price_history)::date::timestamp),
      ${to}::timestamp, interval '1 day') AS d
    WHERE NOT EXISTS (SELECT 1 FROM cloudgpus.price_daily p WHERE p.day = d::date)
    ORDER BY d`);
  return result.rows.map((row) => row.day);
}

/**
 * The hourly job (`aggregate-daily`): today so far and yesterday in full, plus every earlier day
 * that has no rollup yet (a first deploy, an outage of more than a day). Those can still be
 * computed exactly: the purge rolls up every day before it deletes the rows behind it.
 */
export async function aggregateDaily(db: Database, now: Date): Promise<number> {
  const today = utcDay(now);
  const missing = await daysWithoutRollup(db, EARLIEST_DAY, addDays(today, -2));
  return rollUpDays(db, [...missing, addDays(today, -1), today], now);
}
