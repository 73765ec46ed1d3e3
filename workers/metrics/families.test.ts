import { describe, expect, it } from "vitest";
import type { BreakerPhase } from "../../shared/breaker";
import type { OperationsFigures, ProviderFigures } from "../db/queries/metrics";
import { parseExposition, sampleValue } from "../testing/prometheus";
import { httpSeries, queueBatchesSeries, queueMessagesSeries, queueSecondsSeries, scrapesSeries } from "./counters";
import { type MetricsInput, operatorMetrics } from "./families";
import { renderPrometheus } from "./prometheus";

const NOW = new Date("2026-11-02T12:00:00Z");

const provider = (overrides: Partial<ProviderFigures> = {}): ProviderFigures => ({
  slug: "runpod",
  status: "active",
  activeOffers: 0,
  lastSuccessAt: null,
  dispatchesWaiting: 0,
  quarantineWaiting: 0,
  unmappedNames: 0,
  jobs: {},
  ...overrides,
});

const figures = (overrides: Partial<OperationsFigures> = {}): OperationsFigures => ({
  providers: [],
  scrapeDurationQuantiles: null,
  deadLettersWaiting: [],
  maintenance: [],
  ...overrides,
});

function metrics(input: Partial<MetricsInput>) {
  const text = renderPrometheus(
    operatorMetrics({ counters: {}, figures: figures(), breakers: new Map(), now: NOW, ...input }),
  );
  return parseExposition(text);
}

describe("operatorMetrics", () => {
  it("folds the stored series into request, cache, queue and scrape counters", () => {
    const families = metrics({
      counters: {
        [httpSeries("GET", 200, "HIT", "/api/instances")]: 6,
        [httpSeries("GET", 200, "MISS", "/api/instances")]: 2,
        [httpSeries("GET", 200, null, "/api/health")]: 5,
        [queueMessagesSeries("scrape", "acked")]: 7,
        [queueBatchesSeries("notify")]: 3,
        [queueSecondsSeries("scrape")]: 4.5,
        [queueBatchesSeries("scrape")]: 2,
        [scrapesSeries("runpod", "completed")]: 1,
        "a series an older version wrote": 9,
      },
    });
    expect(
      sampleValue(families, "cloudgpus_http_requests_total", { route: "/api/instances", method: "GET", status: "200" }),
    ).toBe(8);
    expect(sampleValue(families, "cloudgpus_cache_responses_total", { route: "/api/instances", result: "hit" })).toBe(
      6,
    );
    expect(
      sampleValue(families, "cloudgpus_cache_responses_total", { route: "/api/health", result: "hit" }),
    ).toBeUndefined();
    expect(sampleValue(families, "cloudgpus_cache_hit_ratio")).toBe(0.75);
    expect(sampleValue(families, "cloudgpus_queue_messages_total", { queue: "scrape", outcome: "acked" })).toBe(7);
    expect(families.get("cloudgpus_queue_batch_duration_seconds")?.metrics).toEqual([
      { labels: { queue: "notify" }, sum: "0", count: "3" },
      { labels: { queue: "scrape" }, sum: "4.5", count: "2" },
    ]);
    expect(sampleValue(families, "cloudgpus_scrapes_total", { provider: "runpod", result: "completed" })).toBe(1);
  });

  it("shows no cache hit ratio before anything went through the cache", () => {
    const families = metrics({ counters: { [httpSeries("GET", 200, null, "/api/health")]: 5 } });
    expect(families.get("cloudgpus_cache_hit_ratio")?.metrics).toEqual([]);
  });

  it("shows providers' figures, +Inf hours for one never scraped, and leaves out a breaker that did not answer", () => {
    const families = metrics({
      figures: figures({
        providers: [
          provider({
            slug: "runpod",
            activeOffers: 12,
            lastSuccessAt: new Date("2026-11-02T10:30:00Z"),
            jobs: { completed: 3, failed: 1 },
          }),
          provider({ slug: "salad", status: "degraded" }),
        ],
        scrapeDurationQuantiles: [1_200, 4_000, 29_500],
      }),
      breakers: new Map<string, BreakerPhase>([["runpod", "half-open"]]),
    });
    expect(sampleValue(families, "cloudgpus_provider_active_offers", { provider: "runpod" })).toBe(12);
    expect(sampleValue(families, "cloudgpus_provider_hours_since_success", { provider: "runpod" })).toBe(1.5);
    expect(sampleValue(families, "cloudgpus_provider_hours_since_success", { provider: "salad" })).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(sampleValue(families, "cloudgpus_scrape_jobs_24h", { provider: "runpod", status: "failed" })).toBe(1);
    expect(sampleValue(families, "cloudgpus_provider_status", { provider: "salad", status: "degraded" })).toBe(1);
    expect(sampleValue(families, "cloudgpus_provider_status", { provider: "salad", status: "active" })).toBe(0);
    expect(sampleValue(families, "cloudgpus_circuit_breaker_state", { provider: "runpod" })).toBe(1);
    expect(sampleValue(families, "cloudgpus_circuit_breaker_state", { provider: "salad" })).toBeUndefined();
    expect(sampleValue(families, "cloudgpus_scrape_job_duration_seconds", { quantile: "0.99" })).toBe(29.5);
  });

  it("keeps every family's HELP and TYPE when there is nothing to show yet", () => {
    const families = metrics({});
    expect(families.size).toBe(
      operatorMetrics({ counters: {}, figures: figures(), breakers: new Map(), now: NOW }).length,
    );
    expect(families.get("cloudgpus_dead_letters_waiting")?.metrics).toEqual([]);
  });
});
