import type { BreakerPhase } from "../../shared/breaker";
import { providerStatuses } from "../../shared/domain";
import { DURATION_QUANTILES, type OperationsFigures, type ProviderFigures } from "../db/queries/metrics";
import { decodeSeries } from "./counters";
import type { MetricFamily, MetricType, Sample } from "./prometheus";

// What /admin/metrics shows (docs/design.md §18), from three sources: the counter object (true
// counters, monotonic while its storage lasts), the database (gauges; what is counted from a
// table is windowed or purged, so it is never passed off as a counter) and the breakers.

/** The window of the gauges counted from tables (scrape jobs, dispatches, unmapped names). */
export const WINDOW_HOURS = 24;

const BREAKER_VALUE: Record<BreakerPhase, number> = { closed: 0, "half-open": 1, open: 2 };

export interface MetricsInput {
  /** The counter object's snapshot: series → count. */
  counters: Readonly<Record<string, number>>;
  figures: OperationsFigures;
  /** Each provider's breaker phase, by slug; a provider whose breaker did not answer is absent. */
  breakers: ReadonlyMap<string, BreakerPhase>;
  now: Date;
}

const FLUSHED =
  "Counted in each isolate and added to the counter object every 10 s or 1000 requests; an isolate evicted before a flush loses what it counted since the last one.";

const family =
  (type: MetricType) =>
  (name: string, help: string, samples: Sample[]): MetricFamily => ({ name, help, type, samples });
const gauge = family("gauge");
const counter = family("counter");

/** Adds `value` to the sample with these labels (several stored series can make one sample). */
function tally(samples: Map<string, Sample>, labels: Record<string, string>, value: number, suffix?: Sample["suffix"]) {
  const key = `${suffix ?? ""}${JSON.stringify(labels)}`;
  const sample = samples.get(key);
  if (sample) sample.value += value;
  else samples.set(key, { suffix, labels, value });
}

function counterFamilies(counters: Readonly<Record<string, number>>): MetricFamily[] {
  const requests = new Map<string, Sample>();
  const cache = new Map<string, Sample>();
  const messages = new Map<string, Sample>();
  const batches = new Map<string, Sample>();
  const scrapes = new Map<string, Sample>();
  const lookups = { hits: 0, total: 0 };
  for (const key of Object.keys(counters).sort()) {
    const value = counters[key] ?? 0;
    const series = decodeSeries(key);
    switch (series?.kind) {
      case "http":
        tally(requests, { route: series.route, method: series.method, status: series.status }, value);
        if (series.cache) {
          tally(cache, { route: series.route, result: series.cache.toLowerCase() }, value);
          lookups.total += value;
          if (series.cache === "HIT") lookups.hits += value;
        }
        break;
      case "queue-messages":
        tally(messages, { queue: series.queue, outcome: series.outcome }, value);
        break;
      case "queue-batches":
        // A batch that took no measurable time adds nothing to the sum, which must still be shown.
        tally(batches, { queue: series.queue }, 0, "_sum");
        tally(batches, { queue: series.queue }, value, "_count");
        break;
      case "queue-seconds":
        tally(batches, { queue: series.queue }, value, "_sum");
        break;
      case "scrapes":
        tally(scrapes, { provider: series.provider, result: series.result }, value);
        break;
    }
  }
  return [
    counter(
      "cloudgpus_http_requests_total",
      `Requests the Worker answered, by route pattern ("unmatched" when no route answered), method and status; static assets are served before the Worker and not counted. ${FLUSHED}`,
      [...requests.values()],
    ),
    counter(
      "cloudgpus_cache_responses_total",
      `Answers that went through the response cache, by route and result (hit or miss, its X-Cache header). ${FLUSHED}`,
      [...cache.values()],
    ),
    gauge(
      "cloudgpus_cache_hit_ratio",
      "Hits / (hits + misses) of the response cache since the counters began; for a recent ratio divide the rates of cloudgpus_cache_responses_total.",
      lookups.total > 0 ? [{ value: lookups.hits / lookups.total }] : [],
    ),
    counter(
      "cloudgpus_queue_messages_total",
      `Queue messages handled, by queue ("-dlq": its dead-letter queue) and outcome: acked (done, or given up without a retry) or retried. Counted by the queue handler.`,
      [...messages.values()],
    ),
    family("summary")(
      "cloudgpus_queue_batch_duration_seconds",
      "Time the queue handler took over each batch, by queue (a summary of count and sum, no quantiles).",
      [...batches.values()],
    ),
    counter(
      "cloudgpus_scrapes_total",
      "Scrapes the scrape consumers finished, by provider and result: completed, or the error code it failed with.",
      [...scrapes.values()],
    ),
  ];
}

function databaseFamilies({ figures, breakers, now }: MetricsInput): MetricFamily[] {
  const perProvider = (value: (provider: ProviderFigures) => number): Sample[] =>
    figures.providers.map((provider) => ({ labels: { provider: provider.slug }, value: value(provider) }));
  const hoursSince = (at: Date | null) =>
    at ? Math.round((now.getTime() - at.getTime()) / 36_000) / 100 : Number.POSITIVE_INFINITY;
  const quantiles = figures.scrapeDurationQuantiles;
  return [
    gauge(
      "cloudgpus_scrape_jobs_24h",
      `Scrape jobs started in the last ${WINDOW_HOURS} h, by provider and status (from scrape_jobs; a gauge: the window slides and old jobs are purged).`,
      figures.providers.flatMap((provider) =>
        Object.entries(provider.jobs).map(([status, jobs]) => ({
          labels: { provider: provider.slug, status },
          value: jobs ?? 0,
        })),
      ),
    ),
    gauge(
      "cloudgpus_scrape_job_duration_seconds",
      `Quantiles of the duration of the scrape jobs started in the last ${WINDOW_HOURS} h, every provider together (from scrape_jobs).`,
      quantiles
        ? DURATION_QUANTILES.map((quantile, index) => ({
            labels: { quantile: String(quantile) },
            value: (quantiles[index] ?? 0) / 1_000,
          }))
        : [],
    ),
    gauge(
      "cloudgpus_dead_letters_waiting",
      "Messages in the dead_letters table neither replayed nor dropped, by the queue they died on. A Worker cannot read a queue's backlog; Cloudflare's Queues dashboard shows it.",
      figures.deadLettersWaiting.map((row) => ({ labels: { queue: row.kind }, value: row.waiting })),
    ),
    gauge(
      "cloudgpus_scrape_dispatches_waiting",
      `Scrapes planned in the last ${WINDOW_HOURS} h that no consumer has taken yet (first delivery or a retry still to come), by provider: the part of the scrape queues' depth that is knowable.`,
      perProvider((provider) => provider.dispatchesWaiting),
    ),
    gauge(
      "cloudgpus_provider_active_offers",
      "Active offers (instances) per provider.",
      perProvider((provider) => provider.activeOffers),
    ),
    gauge(
      "cloudgpus_provider_hours_since_success",
      "Hours since the provider's last completed scrape; +Inf when none is on record (scrape jobs are kept 30 days).",
      perProvider((provider) => hoursSince(provider.lastSuccessAt)),
    ),
    gauge(
      "cloudgpus_provider_status",
      "The provider's status (providers.status): 1 for the one it has, 0 for the others.",
      figures.providers.flatMap((provider) =>
        providerStatuses.map((status) => ({
          labels: { provider: provider.slug, status },
          value: provider.status === status ? 1 : 0,
        })),
      ),
    ),
    gauge(
      "cloudgpus_circuit_breaker_state",
      "The provider's circuit breaker: 0 closed, 1 half-open, 2 open (a provider whose breaker did not answer is left out).",
      figures.providers.flatMap((provider) => {
        const phase = breakers.get(provider.slug);
        return phase ? [{ labels: { provider: provider.slug }, value: BREAKER_VALUE[phase] }] : [];
      }),
    ),
    gauge(
      "cloudgpus_quarantine_waiting",
      "Quarantined observations no operator has approved or rejected, by provider.",
      perProvider((provider) => provider.quarantineWaiting),
    ),
    gauge(
      "cloudgpus_unmapped_gpu_names",
      `Distinct GPU names left unmapped by the provider's scrapes in the last ${WINDOW_HOURS} h that no GPU name mapping covers.`,
      perProvider((provider) => provider.unmappedNames),
    ),
    gauge(
      "cloudgpus_maintenance_last_success_timestamp_seconds",
      "When each maintenance job last completed (Unix time, from maintenance_runs).",
      figures.maintenance.map((run) => ({ labels: { job: run.job }, value: run.completedAt.getTime() / 1_000 })),
    ),
    gauge(
      "cloudgpus_maintenance_last_duration_seconds",
      "How long each maintenance job's last completed run took.",
      figures.maintenance.map((run) => ({ labels: { job: run.job }, value: run.durationSeconds })),
    ),
  ];
}

/** Every family /admin/metrics shows. Pure: the route gathers the inputs. */
export function operatorMetrics(input: MetricsInput): MetricFamily[] {
  return [...counterFamilies(input.counters), ...databaseFamilies(input)];
}
