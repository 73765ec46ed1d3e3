import type { ScrapeErrorCode } from "../../shared/scrape-errors";
import { errorFields, log } from "../log";

// The Worker's counters (docs/design.md §18). Each isolate counts in memory and adds its counts to
// the MetricsCounter Durable Object in one call, at most every FLUSH_POLICY.windowMs or after
// FLUSH_POLICY.maxCounts counts: counting a request costs no round trip. What an isolate counted
// since its last flush is lost if it is evicted first.

/** Whether an answer came from the response cache (its `X-Cache` header), or did not go through it. */
export type CacheResult = "HIT" | "MISS" | null;
export type MessageOutcome = "acked" | "retried";
/** A scrape that stored its offers, or the code it failed with. */
export type ScrapeResult = "completed" | ScrapeErrorCode;

/**
 * What one stored counter counts. A series is kept as a short string (counting a request builds
 * one with a template, nothing more); its last field is the free-form one, so it may hold spaces.
 */
export type Series =
  | { kind: "http"; method: string; status: string; cache: CacheResult; route: string }
  | { kind: "queue-messages"; outcome: MessageOutcome; queue: string }
  | { kind: "queue-batches"; queue: string }
  | { kind: "queue-seconds"; queue: string }
  | { kind: "scrapes"; result: string; provider: string };

export const httpSeries = (method: string, status: number, cache: CacheResult, route: string) =>
  `http ${method} ${status} ${cache ?? "-"} ${route}`;
export const queueMessagesSeries = (queue: string, outcome: MessageOutcome) => `queue-messages ${outcome} ${queue}`;
export const queueBatchesSeries = (queue: string) => `queue-batches ${queue}`;
export const queueSecondsSeries = (queue: string) => `queue-seconds ${queue}`;
export const scrapesSeries = (provider: string, result: ScrapeResult) => `scrapes ${result} ${provider}`;

/** Splits `key` into its first `count` space-separated fields and the rest, or null when it has fewer. */
function fields(key: string, count: number): string[] | null {
  const parts: string[] = [];
  let start = 0;
  for (let n = 0; n < count; n++) {
    const end = key.indexOf(" ", start);
    if (end === -1) return null;
    parts.push(key.slice(start, end));
    start = end + 1;
  }
  parts.push(key.slice(start));
  return parts;
}

/** A stored series read back; null for one this code no longer writes (it is then not shown). */
export function decodeSeries(key: string): Series | null {
  const kind = key.slice(0, key.indexOf(" "));
  switch (kind) {
    case "http": {
      const [, method, status, cache, route] = fields(key, 4) ?? [];
      if (method === undefined || status === undefined || route === undefined) return null;
      return { kind, method, status, cache: cache === "HIT" || cache === "MISS" ? cache : null, route };
    }
    case "queue-messages": {
      const [, outcome, queue] = fields(key, 2) ?? [];
      if ((outcome !== "acked" && outcome !== "retried") || queue === undefined) return null;
      return { kind, outcome, queue };
    }
    case "queue-batches":
    case "queue-seconds": {
      const [, queue] = fields(key, 1) ?? [];
      return queue === undefined ? null : { kind, queue };
    }
    case "scrapes": {
      const [, result, provider] = fields(key, 2) ?? [];
      return result === undefined || provider === undefined ? null : { kind, result, provider };
    }
    default:
      return null;
  }
}

export interface FlushPolicy {
  /** The longest an isolate keeps a count before adding it to the counter object. */
  windowMs: number;
  /** Counts after which it flushes at once, however young the window. */
  maxCounts: number;
}
export const FLUSH_POLICY: FlushPolicy = { windowMs: 10_000, maxCounts: 1_000 };

/** The counts an isolate has not flushed yet. Pure: the caller says what time it is. */
export class CounterBatch {
  #counts = new Map<string, number>();
  #added = 0;
  #openedAt: number | null = null;

  constructor(readonly policy: FlushPolicy = FLUSH_POLICY) {}

  /** Counts `by` more of `series`; true when the batch is due a flush. */
  add(series: string, now: number, by = 1): boolean {
    this.#counts.set(series, (this.#counts.get(series) ?? 0) + by);
    this.#added++;
    this.#openedAt ??= now;
    return this.#added >= this.policy.maxCounts || now - this.#openedAt >= this.policy.windowMs;
  }

  /** Everything counted so far, emptying the batch; null when there is nothing. */
  take(): Record<string, number> | null {
    if (this.#counts.size === 0) return null;
    const counts = Object.fromEntries(this.#counts);
    this.#counts.clear();
    this.#added = 0;
    this.#openedAt = null;
    return counts;
  }

  /**
   * Puts back counts a flush could not deliver, in a new window: the next attempt waits a whole
   * window instead of hammering a counter object that just failed.
   */
  restore(counts: Record<string, number>, now: number): void {
    for (const [series, count] of Object.entries(counts))
      this.#counts.set(series, (this.#counts.get(series) ?? 0) + count);
    this.#added = 0;
    this.#openedAt = now;
  }
}

/** The name of the one MetricsCounter object every isolate adds to. */
export const COUNTER_OBJECT = "counters";

/** This isolate's unflushed counts (module state: it lives as long as the isolate). */
export const counters = new CounterBatch();

/**
 * Adds the batch's counts to the counter object. Never rejects (it runs in `waitUntil`, where a
 * rejection helps nobody): counts it could not deliver go back into the batch for the next flush.
 */
export async function flushCounters(env: Pick<Env, "METRICS_COUNTER">, batch: CounterBatch = counters): Promise<void> {
  const counts = batch.take();
  if (!counts) return;
  try {
    const { refused } = await env.METRICS_COUNTER.getByName(COUNTER_OBJECT).add(counts);
    if (refused > 0) log.warn("metrics.series-refused", { refused });
  } catch (error) {
    batch.restore(counts, Date.now());
    log.warn("metrics.flush-failed", errorFields(error));
  }
}

/** A scrape's end, counted by the scrape consumer (flushed when its queue batch is done). */
export function countScrape(provider: string, result: ScrapeResult): void {
  counters.add(scrapesSeries(provider, result), Date.now());
}
