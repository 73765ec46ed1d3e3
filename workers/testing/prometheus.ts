import parsePrometheusTextFormat from "parse-prometheus-text-format";

// Reading /admin/metrics back as a scraper would, with a parser that is not ours
// (parse-prometheus-text-format, a port of the Prometheus Python client's). On top of it, what that
// parser lets through and Prometheus would not: a family without TYPE or HELP, one written twice,
// and a value Go's ParseFloat refuses.

export type ParsedFamily = ReturnType<typeof parsePrometheusTextFormat>[number];

const FLOAT = /^[+-]?(?:Inf|NaN|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/;

/** A sample's text as a number: Prometheus writes infinities as +Inf and -Inf, which Number() does not read. */
export const sampleNumber = (text: string) =>
  text === "+Inf" || text === "Inf"
    ? Number.POSITIVE_INFINITY
    : text === "-Inf"
      ? Number.NEGATIVE_INFINITY
      : Number(text);

export function parseExposition(text: string): Map<string, ParsedFamily> {
  const families = new Map<string, ParsedFamily>();
  for (const family of parsePrometheusTextFormat(text)) {
    if (families.has(family.name)) throw new Error(`${family.name} appears twice`);
    if (family.type === "UNTYPED") throw new Error(`${family.name} has no TYPE`);
    if (!family.help) throw new Error(`${family.name} has no HELP`);
    for (const sample of family.metrics)
      for (const value of [sample.value, sample.count, sample.sum, ...Object.values(sample.quantiles ?? {})])
        if (value !== undefined && !FLOAT.test(value)) throw new Error(`${family.name}: ${value} is not a float`);
    families.set(family.name, family);
  }
  return families;
}

/** The value of the sample of `family` whose labels are exactly `labels`, or undefined. */
export function sampleValue(
  families: Map<string, ParsedFamily>,
  family: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  const sample = families
    .get(family)
    ?.metrics.find((metric) => JSON.stringify(Object.entries(metric.labels ?? {}).sort()) === wanted);
  return sample?.value === undefined ? undefined : sampleNumber(sample.value);
}
