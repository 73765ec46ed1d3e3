/**
 * Seconds to wait before retry number `attempt` (1-based): capped exponential backoff with full
 * jitter, so retries from many messages spread out instead of arriving together. `random` is
 * injected so the result is reproducible in tests.
 */
export function backoffSeconds(
  attempt: number,
  { baseSeconds, maxSeconds }: { baseSeconds: number; maxSeconds: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(ceiling * random()));
}
