import { describe, expect, it } from "vitest";
import { parseExposition, sampleValue } from "../testing/prometheus";
import { type MetricFamily, renderPrometheus } from "./prometheus";

const requests: MetricFamily = {
  name: "cloudgpus_http_requests_total",
  help: "Requests answered",
  type: "counter",
  samples: [
    { labels: { route: "/api/instances/:id", method: "GET", status: "200" }, value: 41 },
    { labels: { route: "/api/instances/:id", method: "GET", status: "404" }, value: 2 },
  ],
};

describe("renderPrometheus", () => {
  it("writes HELP, TYPE and one line per sample, ending in a line feed", () => {
    expect(renderPrometheus([requests])).toBe(
      [
        "# HELP cloudgpus_http_requests_total Requests answered",
        "# TYPE cloudgpus_http_requests_total counter",
        'cloudgpus_http_requests_total{route="/api/instances/:id",method="GET",status="200"} 41',
        'cloudgpus_http_requests_total{route="/api/instances/:id",method="GET",status="404"} 2',
        "",
      ].join("\n"),
    );
  });

  it("is read back by a Prometheus text parser, summaries and special values included", () => {
    const text = renderPrometheus([
      requests,
      { name: "cloudgpus_cache_hit_ratio", help: "Hit ratio", type: "gauge", samples: [{ value: 0.75 }] },
      {
        name: "cloudgpus_provider_hours_since_success",
        help: "Hours",
        type: "gauge",
        samples: [
          { labels: { provider: "never" }, value: Number.POSITIVE_INFINITY },
          { labels: { provider: "broken" }, value: Number.NaN },
        ],
      },
      {
        name: "cloudgpus_queue_batch_duration_seconds",
        help: "Batch time",
        type: "summary",
        samples: [
          { suffix: "_sum", labels: { queue: "scrape" }, value: 12.5 },
          { suffix: "_count", labels: { queue: "scrape" }, value: 4 },
        ],
      },
      { name: "cloudgpus_dead_letters_waiting", help: "None yet", type: "gauge", samples: [] },
    ]);
    const families = parseExposition(text);
    expect([...families.keys()]).toEqual([
      "cloudgpus_http_requests_total",
      "cloudgpus_cache_hit_ratio",
      "cloudgpus_provider_hours_since_success",
      "cloudgpus_queue_batch_duration_seconds",
      "cloudgpus_dead_letters_waiting",
    ]);
    expect(families.get("cloudgpus_http_requests_total")?.type).toBe("COUNTER");
    expect(
      sampleValue(families, "cloudgpus_http_requests_total", {
        route: "/api/instances/:id",
        method: "GET",
        status: "404",
      }),
    ).toBe(2);
    expect(sampleValue(families, "cloudgpus_cache_hit_ratio")).toBe(0.75);
    expect(sampleValue(families, "cloudgpus_provider_hours_since_success", { provider: "never" })).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(sampleValue(families, "cloudgpus_provider_hours_since_success", { provider: "broken" })).toBeNaN();
    expect(families.get("cloudgpus_queue_batch_duration_seconds")?.metrics).toEqual([
      { labels: { queue: "scrape" }, sum: "12.5", count: "4" },
    ]);
    expect(families.get("cloudgpus_dead_letters_waiting")?.metrics).toEqual([]);
  });

  it("escapes label values and help text so that data cannot break a line", () => {
    const hostile = 'C:\\dir\\"quoted"\nsecond line';
    const text = renderPrometheus([
      {
        name: "cloudgpus_provider_status",
        help: "A help with a \\ and a\nline feed",
        type: "gauge",
        samples: [{ labels: { provider: hostile }, value: 1 }],
      },
    ]);
    expect(text.split("\n")).toHaveLength(4);
    expect(text).toContain('provider="C:\\\\dir\\\\\\"quoted\\"\\nsecond line"');
    const family = parseExposition(text).get("cloudgpus_provider_status");
    expect(family?.help).toBe("A help with a \\ and a\nline feed");
    expect(family?.metrics[0]?.labels?.provider).toBe(hostile);
  });

  it.each([
    { what: "a metric name with a dash", family: { ...requests, name: "cloudgpus-requests" } },
    {
      what: "a label name with a dot",
      family: { ...requests, samples: [{ labels: { "http.route": "/" }, value: 1 }] },
    },
    { what: "a reserved label name", family: { ...requests, samples: [{ labels: { __name__: "x" }, value: 1 }] } },
    { what: "a _sum line on a counter", family: { ...requests, samples: [{ suffix: "_sum" as const, value: 1 }] } },
  ])("refuses $what (a bug in the code, not in data)", ({ family }) => {
    expect(() => renderPrometheus([family])).toThrow();
  });

  it("refuses a family written twice", () => {
    expect(() => renderPrometheus([requests, requests])).toThrow(/twice/);
  });

  it("writes nothing for no families", () => {
    expect(renderPrometheus([])).toBe("");
  });
});
