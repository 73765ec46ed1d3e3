import autocannon, { type Request as LoadRequest } from "autocannon";

export interface LoadScenario {
  name: string;
  url: string;
  headers?: Record<string, string>;
  requests: LoadRequest[];
}

export interface LoadRun {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Response bytes per request as they crossed the wire (compressed when the server compressed). */
  bytesPerRequest: number;
}

export interface RoundOptions {
  rounds: number;
  seconds: number;
  connections: number;
  /** Sent on every request of every scenario. */
  headers?: Record<string, string>;
}

/**
 * Every scenario once per round, for `rounds` rounds, every other round in reverse order so a drift
 * within a round favours no side; the runs of each scenario in round order. On a shared machine a
 * single pass of each scenario in turn lets one noisy minute decide a ratio.
 */
export async function runRounds(
  scenarios: readonly LoadScenario[],
  { rounds, seconds, connections, headers = {} }: RoundOptions,
): Promise<Map<string, LoadRun[]>> {
  const runs = new Map<string, LoadRun[]>(scenarios.map((scenario) => [scenario.name, []]));
  for (let round = 0; round < rounds; round++)
    for (const scenario of round % 2 === 0 ? scenarios : [...scenarios].reverse()) {
      // autocannon's own summary has no p95 (its percentiles jump from p90 to p97.5): every
      // response's time is kept instead, and the percentiles read from them.
      const times: number[] = [];
      const result = await new Promise<autocannon.Result>((resolve, reject) =>
        autocannon(
          {
            url: scenario.url,
            connections,
            duration: seconds,
            headers: { ...headers, ...scenario.headers },
            requests: scenario.requests,
          },
          (error, done) => (error ? reject(error) : resolve(done)),
        ).on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime)),
      );
      runs.get(scenario.name)?.push({
        rps: result.requests.average,
        p50: percentile(times, 0.5),
        p95: percentile(times, 0.95),
        p99: percentile(times, 0.99),
        errors: result.errors,
        non2xx: result.non2xx,
        bytesPerRequest: result.throughput.total / Math.max(1, result.requests.total),
      });
    }
  return runs;
}

/** The nearest-rank percentile `q` (0–1) of `values`, in ms to one decimal. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const value = sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return Math.round(value * 10) / 10;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * `mine ÷ theirs` for each round (two scenarios measured seconds apart), then the median of those:
 * a noisy minute moves both sides of a pair, not one side of a ratio of medians.
 */
export function pairedRatio(
  runs: Map<string, LoadRun[]>,
  mine: string,
  theirs: string,
  pick: (run: LoadRun) => number,
): { median: number; min: number; max: number } {
  const base = runs.get(theirs) ?? [];
  const ratios = (runs.get(mine) ?? []).map((run, i) => pick(run) / Math.max(1e-9, pick(base[i] as LoadRun)));
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

/** The medians of a scenario's rounds, and its errors and non-2xx answers summed over them. */
export function summarise(runs: readonly LoadRun[]) {
  return {
    rps: Math.round(median(runs.map((run) => run.rps))),
    p50: median(runs.map((run) => run.p50)),
    p95: median(runs.map((run) => run.p95)),
    p99: median(runs.map((run) => run.p99)),
    bytesPerRequest: Math.round(median(runs.map((run) => run.bytesPerRequest))),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
  };
}
