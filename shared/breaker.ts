// Per-provider circuit breaker (docs/design.md §5) as a pure state machine: every function
// takes the current state and `now` (ms since epoch) and returns the next state. The
// ProviderBreaker Durable Object only stores what these return.

export interface BreakerPolicy {
  /** Consecutive failures that open a closed breaker. */
  failureThreshold: number;
  /** Successful half-open probes that close the breaker again. */
  successThreshold: number;
  /** How long the breaker stays open before it lets a probe through (ms). */
  timeoutMs: number;
  /** Probes allowed at the same time while half-open. */
  halfOpenMaxCalls: number;
}

export type BreakerPhase = "closed" | "open" | "half-open";

export interface BreakerState {
  phase: BreakerPhase;
  consecutiveFailures: number;
  halfOpenSuccesses: number;
  halfOpenInFlight: number;
  openedAt: number | null;
  lastFailureAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  /**
   * Opened by an operator (admin API): it stays open, with no timeout and no probe, until an
   * operator resets it. Absent in states stored before it existed, which reads as not forced.
   */
  forced?: boolean;
}

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = {
  failureThreshold: 5,
  successThreshold: 3,
  timeoutMs: 60_000,
  halfOpenMaxCalls: 1,
};

// docs/design.md §5: strict for enterprise providers, lenient for DePIN.
const PROVIDER_OVERRIDES: Record<string, Partial<BreakerPolicy>> = {
  "lambda-labs": { failureThreshold: 3, timeoutMs: 300_000 },
  coreweave: { failureThreshold: 3, timeoutMs: 300_000 },
  "vast-ai": { failureThreshold: 5, timeoutMs: 600_000 },
  salad: { failureThreshold: 5, timeoutMs: 600_000 },
};

export function breakerPolicyFor(provider: string): BreakerPolicy {
  return { ...DEFAULT_BREAKER_POLICY, ...PROVIDER_OVERRIDES[provider] };
}

export const INITIAL_BREAKER_STATE: BreakerState = {
  phase: "closed",
  consecutiveFailures: 0,
  halfOpenSuccesses: 0,
  halfOpenInFlight: 0,
  openedAt: null,
  lastFailureAt: null,
  lastSuccessAt: null,
  lastError: null,
};

export type PermissionDecision =
  | { allowed: true; state: BreakerState }
  | { allowed: false; state: BreakerState; retryAt: number | null };

/** When an open breaker lets the next probe through, or null when it is not open. */
export function reopensAt(state: BreakerState, policy: BreakerPolicy): number | null {
  if (state.forced) return null;
  return state.phase === "open" && state.openedAt !== null ? state.openedAt + policy.timeoutMs : null;
}

/** Open → half-open once the timeout has passed; any other state is returned unchanged. */
export function advance(state: BreakerState, policy: BreakerPolicy, now: number): BreakerState {
  const at = reopensAt(state, policy);
  if (at === null || now < at) return state;
  return { ...state, phase: "half-open", halfOpenSuccesses: 0, halfOpenInFlight: 0 };
}

/** Asks to make one provider call. A granted half-open call counts as an in-flight probe. */
export function requestPermission(state: BreakerState, policy: BreakerPolicy, now: number): PermissionDecision {
  const current = advance(state, policy, now);
  switch (current.phase) {
    case "closed":
      return { allowed: true, state: current };
    case "open":
      return { allowed: false, state: current, retryAt: reopensAt(current, policy) };
    case "half-open":
      if (current.halfOpenInFlight >= policy.halfOpenMaxCalls) return { allowed: false, state: current, retryAt: null };
      return { allowed: true, state: { ...current, halfOpenInFlight: current.halfOpenInFlight + 1 } };
  }
}

export function recordSuccess(state: BreakerState, policy: BreakerPolicy, now: number): BreakerState {
  const current = advance(state, policy, now);
  if (current.phase !== "half-open") {
    return { ...current, consecutiveFailures: 0, lastSuccessAt: now };
  }
  const successes = current.halfOpenSuccesses + 1;
  if (successes >= policy.successThreshold) {
    return {
      ...INITIAL_BREAKER_STATE,
      lastSuccessAt: now,
      lastFailureAt: current.lastFailureAt,
      lastError: current.lastError,
    };
  }
  return {
    ...current,
    halfOpenSuccesses: successes,
    halfOpenInFlight: Math.max(0, current.halfOpenInFlight - 1),
    lastSuccessAt: now,
  };
}

export function recordFailure(state: BreakerState, policy: BreakerPolicy, now: number, error: string): BreakerState {
  const current = advance(state, policy, now);
  const failed = { ...current, lastFailureAt: now, lastError: error };
  if (current.phase === "half-open") return open(failed, now);
  if (current.phase === "open") return failed;
  const failures = current.consecutiveFailures + 1;
  return failures >= policy.failureThreshold
    ? open({ ...failed, consecutiveFailures: failures }, now)
    : { ...failed, consecutiveFailures: failures };
}

function open(state: BreakerState, now: number): BreakerState {
  return { ...state, phase: "open", openedAt: now, halfOpenSuccesses: 0, halfOpenInFlight: 0 };
}

/** An operator opens the breaker: no provider call until an operator resets it. */
export function forceOpen(state: BreakerState, now: number, reason: string): BreakerState {
  return { ...open(state, now), forced: true, lastError: reason };
}
