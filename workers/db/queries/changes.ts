import { inArray, type SQL, sql } from "drizzle-orm";
import type { ChangeEvent, ChangeEventName } from "../../../shared/changes";
import type { AvailabilityStatus, PriceKind } from "../../../shared/domain";
import type { Database } from "../database";
import { gpuModels, providers } from "../schema";

// The change feed's events (docs/design.md §11 "Change feed"), derived from price_history: the
// trigger writes a row when an offer is created and whenever its on-demand price, spot price or
// availability changes, so each row compared with the one before it (lag() per instance) says what
// moved. The window is bounded (`from`, at most 90 days back) and read through the history indexes:
// recorded_at alone, or gpu_time / provider_time when a filter names GPUs or providers, plus
// instance_time for the row each offer had when the window opened.

export interface ChangesFilter {
  gpuSlugs?: readonly string[];
  providerSlugs?: readonly string[];
  kind: PriceKind;
  events: readonly ChangeEventName[];
  minChangePercent: number;
  from: Date;
  limit: number;
  page: number;
}

export interface ChangesPage {
  docs: ChangeEvent[];
  totalDocs: number;
  /** The GPU models and providers the filter named, for a feed's title. */
  named: { gpus: { slug: string; name: string }[]; providers: { slug: string; display_name: string }[] };
}

interface EventRow extends Record<string, unknown> {
  history_id: string;
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
    docs: result.rows.map(toDoc(filter.kind)),
    totalDocs: result.rows[0]?.total ?? (filter.page > 1 ? await countOnly(db, filter) : 0),
    named: {
      gpus: gpus.map(({ slug, name }) => ({ slug, name })),
      providers: providerRows.map(({ slug, display_name }) => ({ slug, display_name })),
    },
  };
}

/** The statement of one page of events, each row with the total; GPUs and providers by id. */
export function changesStatement(
  filter: ChangesFilter,
  ids: { gpuIds: readonly string[]; providerIds: readonly string[] },
): SQL {
  const scope: SQL[] = [sql`h.recorded_at >= ${filter.from}`];
  if (ids.gpuIds.length) scope.push(sql`h.gpu_model_id IN (${idList(ids.gpuIds)})`);
  if (ids.providerIds.length) scope.push(sql`h.provider_id IN (${idList(ids.providerIds)})`);
  // Spot compares the spot price per GPU, as the offer's own price_per_gpu_hour does on demand.
  const price = filter.kind === "spot" ? sql`round(h.price_per_hour_spot / h.gpu_count, 4)` : sql`h.price_per_gpu_hour`;
  const columns = sql`h.id, h.instance_id, h.provider_id, h.gpu_model_id, h.gpu_count, h.availability_status, h.recorded_at, ${price} AS price`;
  const threshold = filter.minChangePercent;
  // The spot feed is about spot offers; a provider arriving is news whatever its first offer sells.
  const spotOnly = filter.kind === "spot" ? sql`AND (p.price IS NOT NULL OR found.event = 'new_provider')` : sql``;
  const events = sql.join(
    filter.events.map((event) => sql`${event}`),
    sql`, `,
  );

  return sql`
    WITH in_window AS (
      SELECT ${columns} FROM cloudgpus.price_history h WHERE ${sql.join(scope, sql` AND `)}
    ),
    opening AS (
      SELECT prior.* FROM (SELECT DISTINCT instance_id FROM in_window) changed
      CROSS JOIN LATERAL (
        SELECT ${columns} FROM cloudgpus.price_history h
        WHERE h.instance_id = changed.instance_id AND h.recorded_at < ${filter.from}
        ORDER BY h.recorded_at DESC, h.id DESC LIMIT 1
      ) prior
    ),
    paired AS (
      SELECT history.*,
        lag(history.id) OVER per_offer AS previous_id,
        lag(history.price) OVER per_offer AS previous_price,
        lag(history.availability_status) OVER per_offer AS previous_availability
      FROM (SELECT *, true AS counted FROM in_window UNION ALL SELECT *, false FROM opening) history
      WINDOW per_offer AS (PARTITION BY history.instance_id ORDER BY history.recorded_at, history.id)
    ),
    events AS (
      SELECT p.*, i.instance_type, found.event
      FROM paired p
      JOIN cloudgpus.instances i ON i.id = p.instance_id
      CROSS JOIN LATERAL (VALUES
        -- An offer whose earlier rows were purged is not new: it was created before the window.
        (CASE WHEN p.previous_id IS NULL AND i.created_at >= ${filter.from} THEN 'new_offer' END),
        (CASE WHEN p.previous_id IS NULL AND i.created_at >= ${filter.from} AND NOT EXISTS (
            SELECT 1 FROM cloudgpus.instances earlier
            WHERE earlier.provider_id = i.provider_id
              AND (earlier.created_at, earlier.id) < (i.created_at, i.id)
          ) THEN 'new_provider' END),
        (CASE WHEN p.price < p.previous_price
              AND (p.previous_price - p.price) * 100 >= ${threshold} * p.previous_price THEN 'price_cut' END),
        (CASE WHEN p.price > p.previous_price
              AND (p.price - p.previous_price) * 100 >= ${threshold} * p.previous_price THEN 'price_rise' END),
        (CASE WHEN p.previous_availability IN ('available', 'limited')
              AND p.availability_status = 'sold_out' THEN 'sold_out' END),
        (CASE WHEN p.previous_availability IN ('sold_out', 'waitlist')
              AND p.availability_status IN ('available', 'limited') THEN 'back_in_stock' END)
      ) found(event)
      WHERE p.counted AND found.event IN (${events}) ${spotOnly}
    )
    SELECT e.id AS history_id, e.event, e.recorded_at, e.instance_id, e.instance_type, e.gpu_count,
      e.price::float8 AS price, e.previous_price::float8 AS previous_price,
      round((e.price - e.previous_price) * 100 / e.previous_price, 1)::float8 AS change_percent,
      e.availability_status, e.previous_availability,
      pr.slug AS provider_slug, pr.display_name AS provider_display_name,
      g.slug AS gpu_slug, g.name AS gpu_name, g.short_name AS gpu_short_name,
      (count(*) OVER ())::int AS total
    FROM events e
    JOIN cloudgpus.providers pr ON pr.id = e.provider_id
    JOIN cloudgpus.gpu_models g ON g.id = e.gpu_model_id
    ORDER BY e.recorded_at DESC, e.id DESC, e.event
    LIMIT ${filter.limit} OFFSET ${(filter.page - 1) * filter.limit}
  `;
}

/** A page past the last has no row to carry the total: ask for the first one instead. */
async function countOnly(db: Database, filter: ChangesFilter): Promise<number> {
  const first = await listChanges(db, { ...filter, page: 1, limit: 1 });
  return "missing" in first ? 0 : first.totalDocs;
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
