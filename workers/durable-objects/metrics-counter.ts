import { DurableObject } from "cloudflare:workers";

/**
 * More series than the Worker's labels can make (routes × methods × statuses, queues × outcomes,
 * providers): past it a new series is refused, so a label fed by a raw value by mistake cannot
 * grow storage without bound. Series already counted go on counting.
 */
export const MAX_SERIES = 10_000;

/**
 * The operators' counters (docs/design.md §18), addressed as `env.METRICS_COUNTER.getByName("counters")`.
 * Isolates count in memory and add their counts here in batches (workers/metrics/counters.ts);
 * /admin/metrics reads them back. A counter only goes up, so Prometheus can take its rate.
 */
export class MetricsCounter extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS counters (series TEXT PRIMARY KEY, value REAL NOT NULL)");
  }

  /**
   * Adds each count to its series, all or none. A count that is not a positive finite number is
   * ignored: it would make a counter go down or stop being a number. Answers how many series
   * were refused for being new past MAX_SERIES.
   */
  async add(counts: Record<string, number>): Promise<{ refused: number }> {
    const sql = this.ctx.storage.sql;
    let refused = 0;
    this.ctx.storage.transactionSync(() => {
      let series = sql.exec<{ n: number }>("SELECT count(*) AS n FROM counters").one().n;
      for (const [name, count] of Object.entries(counts)) {
        if (!Number.isFinite(count) || count <= 0) continue;
        if (sql.exec("UPDATE counters SET value = value + ? WHERE series = ?", count, name).rowsWritten > 0) continue;
        if (series >= MAX_SERIES) refused++;
        else {
          sql.exec("INSERT INTO counters (series, value) VALUES (?, ?)", name, count);
          series++;
        }
      }
    });
    return { refused };
  }

  /** Every series and its value. */
  async snapshot(): Promise<Record<string, number>> {
    const rows = this.ctx.storage.sql.exec<{ series: string; value: number }>("SELECT series, value FROM counters");
    return Object.fromEntries([...rows].map((row) => [row.series, row.value]));
  }
}
