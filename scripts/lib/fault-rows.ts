import type pg from "pg";

/**
 * The instance columns a scrape that stores the same prices again may move: when the offer was last
 * confirmed and by which job (`last_scraped_at`, `scrape_job_id`), and the row's own `updated_at`
 * stamp. Everything else (prices, spot, availability, regions, specs, raw record, is_active) is
 * what pages and the API read, and must come out of a fault exactly as it went in.
 */
export const BOOKKEEPING_COLUMNS = ["last_scraped_at", "scrape_job_id", "updated_at"] as const;

export interface ProviderRows {
  /** Each offer by instance type, without the bookkeeping columns. */
  instances: Map<string, string>;
  /** Each price_history row by id, whole: history is only ever appended to. */
  history: Map<string, string>;
}

export async function snapshotProvider(client: pg.Client, providerId: string): Promise<ProviderRows> {
  const without = BOOKKEEPING_COLUMNS.map((column) => ` - '${column}'`).join("");
  const instances = await client.query<{ instance_type: string; row: unknown }>(
    `SELECT instance_type, to_jsonb(i)${without} AS row FROM cloudgpus.instances i WHERE provider_id = $1`,
    [providerId],
  );
  const history = await client.query<{ id: string; row: unknown }>(
    "SELECT id, to_jsonb(h) AS row FROM cloudgpus.price_history h WHERE provider_id = $1",
    [providerId],
  );
  return {
    instances: new Map(instances.rows.map((row) => [row.instance_type, JSON.stringify(row.row)])),
    history: new Map(history.rows.map((row) => [row.id, JSON.stringify(row.row)])),
  };
}

export interface RowDiff {
  /** Offers gone, or changed in a column that is not bookkeeping. */
  instancesLostOrChanged: string[];
  /** History rows gone or rewritten. */
  historyLostOrChanged: number;
  /** History rows appended since (a price change, or a new offer). */
  historyAdded: number;
  instancesAdded: number;
}

export function diffRows(before: ProviderRows, after: ProviderRows): RowDiff {
  const instancesLostOrChanged = [...before.instances]
    .filter(([type, row]) => after.instances.get(type) !== row)
    .map(([type]) => type);
  const historyLostOrChanged = [...before.history].filter(([id, row]) => after.history.get(id) !== row).length;
  return {
    instancesLostOrChanged,
    historyLostOrChanged,
    historyAdded: [...after.history.keys()].filter((id) => !before.history.has(id)).length,
    instancesAdded: [...after.instances.keys()].filter((type) => !before.instances.has(type)).length,
  };
}

/** The price of one offer in a snapshot, for the faults that are meant to change one. */
export function storedPrice(rows: ProviderRows, instanceType: string): number | null {
  const row = rows.instances.get(instanceType);
  return row ? Number((JSON.parse(row) as { price_per_hour: string | number }).price_per_hour) : null;
}
