import { inArray, type SQL, sql } from "drizzle-orm";
import type { ChangeEvent, ChangeEventName } from "../../../shared/changes";
import type { AvailabilityStatus, PriceKind } from "../../../shared/domain";
import type { Database } from "../database";
import { gpuModels, providers } from "../schema";

// The change feed's events (docs/design.md §11 "Change feed"), derived from price_history: the
// trigger writes a row when an offer is created and whenever its on-demand price, spot price or
// availability changes, so each row compared with the offer's row before it says what moved. The
// window (`from`, at most 90 days back) is read newest first through the history indexes (recorded_at
// alone, or one gpu_time / provider_time range per named GPU or provider, merged), each row's
// predecessor is one probe of instance_time, and the read stops once it has found the page and
// COUNT_AHEAD events past it: a feed's cost follows the events it shows, not the window's size. A
// filter of rare events stops after SCAN_ROWS rows and says so; new offers and providers alone are
// read from the offers created in the window.

/** Events counted past the page before the read stops; beyond them the total is a lower bound. */
export const COUNT_AHEAD = 1000;

/**
 * History rows a read examines at most, newest first (about a second at ten times today's volumes).
 * A filter whose events are rare (a move of 50 % or more, one availability change) may find fewer
 * than the page before reaching it; the read then stops there and says from when it is complete
 * (`completeSince`) rather than reading every row of a 90-day window (25 s at that size).
 */
export const SCAN_ROWS = 50_000;

export interface ChangesFilter {
  gpuSlugs?: readonly string[];
  providerSlugs?: readonly string[];
  kind: PriceKind;
  events: readonly ChangeEventName[];
  minChangePercent: number;
  from: Date;
  limit: number;
  page: number;
  /** History rows examined at most: SCAN_ROWS unless told, null for no bound (work off the request path). */
  scanRows?: number | null;
}

export interface ChangesPage {
  docs: ChangeEvent[];
  totalDocs: number;
  /**
   * Every event stored after this time is in `docs` or counted in `totalDocs`: the window's start,
   * or a later time when the read stopped after SCAN_ROWS rows.
   */
  completeSince: Date;
  /** The GPU models and providers the filter named, for a feed's title. */
  named: { gpus: { slug: string; name: string }[]; providers: { slug: string; display_name: string }[] };
}

interface EventRow extends Record<string, unknown> {
  /** Null on the one row that carries the total of a page past the last. */
  history_id: string | null;
  event: ChangeEventName;
  recorded_at: Date | string;
  instance_id: string;
  instance_type: string;
  gpu_count: number;
  price: number | null;
  previous_price: number | null;
  change_percent: number | null;
  availability_status: AvailabilityStatus;
  previous_availability: AvailabilityStatus | null;
  provider_slug: string;
  provider_display_name: string;
  gpu_slug: string;
  gpu_name: string;
  gpu_short_name: string;
  total: number;
  /** When the read stopped after SCAN_ROWS rows: the time of the first row it did not examine. */
  cut_at: Date | string | null;
}

const idList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** The page of events the filter asks for, newest first; `missing` names slugs that match nothing. */
export async function listChanges(
  db: Database,
  filter: ChangesFilter,
): Promise<ChangesPage | { missing: { gpus: string[]; providers: string[] } }> {
  const gpus = filter.gpuSlugs?.length
    ? await db
        .select({ id: gpuModels.id, slug: gpuModels.slug, name: gpuModels.name })
        .from(gpuModels)
        .where(inArray(gpuModels.slug, [...filter.gpuSlugs]))
    : [];
  const providerRows = filter.providerSlugs?.length
    ? await db
        .select({ id: providers.id, slug: providers.slug, display_name: providers.displayName })
        .from(providers)
        .where(inArray(providers.slug, [...filter.providerSlugs]))
    : [];
  const missing = {
    gpus: (filter.gpuSlugs ?? []).filter((slug) => !gpus.some((gpu) => gpu.slug === slug)),
    providers: (filter.providerSlugs ?? []).filter((slug) => !providerRows.some((provider) => provider.slug === slug)),
  };
  if (missing.gpus.length || missing.providers.length) return { missing };

  const result = await db.execute<EventRow>(
    changesStatement(filter, {
      gpuIds: gpus.map((gpu) => gpu.id),
      providerIds: providerRows.map((provider) => provider.id),
    }),
  );

  return {
    docs: result.rows.filter((row) => row.history_id !== null).map(toDoc(filter.kind)),
    totalDocs: result.rows[0]?.total ?? 0,
    completeSince: result.rows[0]?.cut_at ? new Date(result.rows[0].cut_at) : filter.from,
    named: {
      gpus: gpus.map(({ slug, name }) => ({ slug, name })),
      providers: providerRows.map(({ slug, display_name }) => ({ slug, display_name })),
    },
  };
}

/**
 * The statement of one page of events: its rows, each with the total (events up to COUNT_AHEAD past
 * the page), or one row with the total alone when the page is past the last. GPUs and providers by id.
 */
export function changesStatement(
  filter: ChangesFilter,
  ids: { gpuIds: readonly string[]; providerIds: readonly string[] },
): SQL {
  // Spot compares the spot price per GPU, as the offer's own price_per_gpu_hour does on demand.
  const price = (h: SQL) =>
    filter.kind === "spot" ? sql`round(${h}.price_per_hour_spot / ${h}.gpu_count, 4)` : sql`${h}.price_per_gpu_hour`;
  const columns = sql`h.id, h.instance_id, h.provider_id, h.gpu_model_id, h.gpu_count, h.availability_status, h.recorded_at, ${price(sql`h`)} AS price`;
  // One range per named GPU (or, failing those, per named provider), each newest first through its
  // index, merged: an IN list would read every named range whole before the first row came out.
  const among = (column: SQL, values: readonly string[]) =>
    values.length ? sql` AND ${column} IN (${idList(values)})` : sql``;
  const ranges = ids.gpuIds.length
    ? ids.gpuIds.map((id) => sql`h.gpu_model_id = ${id}::uuid${among(sql`h.provider_id`, ids.providerIds)}`)
    : ids.providerIds.length
      ? ids.providerIds.map((id) => sql`h.provider_id = ${id}::uuid`)
      : [sql`true`];
  const inWindow = sql.join(
    ranges.map(
      (range) => sql`(SELECT ${columns} FROM cloudgpus.price_history h
        WHERE h.recorded_at >= ${filter.from} AND ${range} ORDER BY h.recorded_at DESC, h.id DESC)`,
    ),
    sql` UNION ALL `,
  );
  // Offers and providers arriving are an offer's first row, and new offers are few: when they are
  // all the filter asks for, the offers created in the window and the first row of each are read
  // instead of every row of the window (at ten times today's volumes, 25 s for 90 days otherwise).
  const scanRows = filter.scanRows === undefined ? SCAN_ROWS : filter.scanRows;
  const arrivalsOnly = filter.events.every((event) => event === "new_offer" || event === "new_provider");
  const candidates = arrivalsOnly
    ? sql`SELECT h.* FROM cloudgpus.instances i
        CROSS JOIN LATERAL (
          SELECT ${columns} FROM cloudgpus.price_history h
          WHERE h.instance_id = i.id ORDER BY h.recorded_at, h.id LIMIT 1
        ) h
        WHERE i.created_at >= ${filter.from} AND h.recorded_at >= ${filter.from}${among(sql`i.gpu_model_id`, ids.gpuIds)}${among(sql`i.provider_id`, ids.providerIds)}`
    : sql`SELECT * FROM (${inWindow}) merged ORDER BY merged.recorded_at DESC, merged.id DESC
        LIMIT ${scanRows === null ? sql`ALL` : scanRows}`;
  // Where the window's rows go on past the bound: asked only when the events found fell short.
  const cutAt =
    arrivalsOnly || scanRows === null
      ? sql`NULL::timestamptz`
      : sql`(SELECT merged.recorded_at FROM (${inWindow}) merged
        ORDER BY merged.recorded_at DESC, merged.id DESC OFFSET ${scanRows} LIMIT 1)`;
  const threshold = filter.minChangePercent;
  // The spot feed is about spot offers; a provider arriving is news whatever its first offer sells.
  const spotOnly = filter.kind === "spot" ? sql`AND (c.price IS NOT NULL OR found.event = 'new_provider')` : sql``;
  const events = sql.join(
    filter.events.map((event) => sql`${event}`),
    sql`, `,
  );
  const offset = (filter.page - 1) * filter.limit;

  return sql`
    WITH events AS MATERIALIZED (
      SELECT c.*, before.id AS previous_id, before.price AS previous_price,
        before.availability_status AS previous_availability, i.instance_type, found.event
      FROM (SELECT * FROM (${candidates}) merged ORDER BY merged.recorded_at DESC, merged.id DESC) c
      JOIN cloudgpus.instances i ON i.id = c.instance_id
      LEFT JOIN LATERAL (
        SELECT h.id, h.availability_status, ${price(sql`h`)} AS price FROM cloudgpus.price_history h
        WHERE h.instance_id = c.instance_id AND h.recorded_at <= c.recorded_at
          AND (h.recorded_at, h.id) < (c.recorded_at, c.id)
        ORDER BY h.recorded_at DESC, h.id DESC LIMIT 1
      ) before ON true
      CROSS JOIN LATERAL (VALUES
        -- An offer whose earlier rows were purged is not new: it was created before the window.
        (CASE WHEN before.id IS NULL AND i.created_at >= ${filter.from} THEN 'new_offer' END),
        (CASE WHEN before.id IS NULL AND i.created_at >= ${filter.from} AND NOT EXISTS (
            SELECT 1 FROM cloudgpus.instances earlier
            WHERE earlier.provider_id = i.provider_id
              AND (earlier.created_at, earlier.id) < (i.created_at, i.id)
          ) THEN 'new_provider' END),
        (CASE WHEN c.price < before.price
              AND (before.price - c.price) * 100 >= ${threshold} * before.price THEN 'price_cut' END),
        (CASE WHEN c.price > before.price
              AND (c.price - before.price) * 100 >= ${threshold} * before.price THEN 'price_rise' END),
        (CASE WHEN before.availability_status IN ('available', 'limited')
              AND c.availability_status = 'sold_out' THEN 'sold_out' END),
        (CASE WHEN before.availability_status IN ('sold_out', 'waitlist')
              AND c.availability_status IN ('available', 'limited') THEN 'back_in_stock' END)
      ) found(event)
      WHERE found.event IN (${events}) ${spotOnly}
      ORDER BY c.recorded_at DESC, c.id DESC, found.event
      LIMIT ${offset + filter.limit + COUNT_AHEAD}
    )
    SELECT counted.total,
      CASE WHEN counted.total < ${offset + filter.limit + COUNT_AHEAD} THEN ${cutAt} END AS cut_at,
      shown.*
    FROM (SELECT count(*)::int AS total FROM events) counted
    LEFT JOIN LATERAL (
      SELECT e.id AS history_id, e.event, e.recorded_at, e.instance_id, e.instance_type, e.gpu_count,
        e.price::float8 AS price, e.previous_price::float8 AS previous_price,
        round((e.price - e.previous_price) * 100 / e.previous_price, 1)::float8 AS change_percent,
        e.availability_status, e.previous_availability,
        pr.slug AS provider_slug, pr.display_name AS provider_display_name,
        g.slug AS gpu_slug, g.name AS gpu_name, g.short_name AS gpu_short_name
      FROM events e
      JOIN cloudgpus.providers pr ON pr.id = e.provider_id
      JOIN cloudgpus.gpu_models g ON g.id = e.gpu_model_id
      ORDER BY e.recorded_at DESC, e.id DESC, e.event
      LIMIT ${filter.limit} OFFSET ${offset}
    ) shown ON true
    ORDER BY shown.recorded_at DESC, shown.history_id DESC, shown.event
  `;
}

const toDoc =
  (kind: PriceKind) =>
  (row: EventRow): ChangeEvent => ({
    id: `${row.history_id}:${row.event}`,
    event: row.event,
    at: new Date(row.recorded_at).toISOString(),
    kind,
    provider: { slug: row.provider_slug, display_name: row.provider_display_name },
    gpu: { slug: row.gpu_slug, name: row.gpu_name, short_name: row.gpu_short_name },
    instance_id: row.instance_id,
    instance_type: row.instance_type,
    gpu_count: row.gpu_count,
    previous_price_per_gpu_hour: row.previous_price,
    price_per_gpu_hour: row.price,
    change_percent: row.change_percent,
    previous_availability: row.previous_availability,
    availability: row.availability_status,
    url: row.event === "new_provider" ? `/provider/${row.provider_slug}` : `/cloud-gpu/${row.gpu_slug}`,
  });
