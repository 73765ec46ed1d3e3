import { describe, expect, it } from "vitest";
import {
  advance,
  type BreakerPolicy,
  type BreakerState,
  breakerPolicyFor,
  forceOpen,
  INITIAL_BREAKER_STATE,
  recordFailure,
  recordSuccess,
  reopensAt,
  requestPermission,
} from "./breaker";

const policy: BreakerPolicy = { failureThreshold: 3, successThreshold: 2, timeoutMs: 1_000, halfOpenMaxCalls: 1 };
const T0 = 1_700_000_000_000;

type Step = { do: "fail"; at: number } | { do: "succeed"; at: number } | { do: "ask"; at: number; expect: boolean };

function run(steps: Step[], state: BreakerState = INITIAL_BREAKER_STATE): BreakerState {
  for (const step of steps) {
    if (step.do === "fail") state = recordFailure(state, policy, T0 + step.at, "HTTP 503");
    if (step.do === "succeed") state = recordSuccess(state, policy, T0 + step.at);
    if (step.do === "ask") {
      const decision = requestPermission(state, policy, T0 + step.at);
      expect(decision.allowed, `permission at +${step.at} ms`).toBe(step.expect);
      state = decision.state;
    }
  }
  return state;
}

describe("circuit breaker state machine", () => {
  it.each([
    {
      name: "stays closed below the failure threshold",
      steps: [
        { do: "fail", at: 0 },
        { do: "fail", at: 1 },
      ],
      phase: "closed",
    },
    {
      name: "opens at the failure threshold",
      steps: [
        { do: "fail", at: 0 },
        { do: "fail", at: 1 },
        { do: "fail", at: 2 },
      ],
      phase: "open",
    },
    {
      name: "a success resets the consecutive failure count",
      steps: [
        { do: "fail", at: 0 },
        { do: "fail", at: 1 },
        { do: "succeed", at: 2 },
        { do: "fail", at: 3 },
        { do: "fail", at: 4 },
      ],
      phase: "closed",
    },
    {
      name: "an open breaker refuses calls until its timeout",
      steps: [
        { do: "fail", at: 0 },
        { do: "fail", at: 0 },
        { do: "fail", at: 0 },
        { do: "ask", at: 999, expect: false },
      ],
      phase: "open",
    },
    {
      name: "after the timeout it lets exactly halfOpenMaxCalls probes through",
      steps: [
        { do: "fail", at: 0 },
        { do: "fail", at: 0 },
        { do: "fail", at: 0 },
        { do: "ask", at: 1_000, expect: true },
        { do: "ask", at: 1_001, expect: false },
      ],
      phase: "half-open",
    },
    {
      name: "a failed probe opens it again",
      steps: [
        { do: "fail", at: 0 },
        { do: "fail", at: 0 },
        { do: "fail", at: 0 },
        { do: "ask", at: 1_000, expect: true },
        { do: "fail", at: 1_100 },
        { do: "ask", at: 1_200, expect: false },
      ],
      phase: "open",
    },
    {
      name: "successThreshold successful probes close it",
      steps: [
        { do: "fail", at: 0 },
        { do: "fail", at: 0 },
        { do: "fail", at: 0 },
        { do: "ask", at: 1_000, expect: true },
        { do: "succeed", at: 1_100 },
        { do: "ask", at: 1_200, expect: true },
        { do: "succeed", at: 1_300 },
        { do: "ask", at: 1_400, expect: true },
      ],
      phase: "closed",
    },
  ] satisfies { name: string; steps: Step[]; phase: BreakerState["phase"] }[])("$name", ({ steps, phase }) => {
    expect(run(steps).phase).toBe(phase);
  });

  it("reopens the timeout window from the moment a probe fails", () => {
    const reopened = run([
      { do: "fail", at: 0 },
      { do: "fail", at: 0 },
      { do: "fail", at: 0 },
      { do: "ask", at: 1_000, expect: true },
      { do: "fail", at: 1_500 },
    ]);
    expect(reopened.openedAt).toBe(T0 + 1_500);
    expect(advance(reopened, policy, T0 + 2_499).phase).toBe("open");
    expect(advance(reopened, policy, T0 + 2_500).phase).toBe("half-open");
  });

  it("stays open when an operator forced it, past any timeout, with no probe let through", () => {
    const forced = forceOpen(INITIAL_BREAKER_STATE, T0, "opened by an operator: provider outage");
    expect(forced).toMatchObject({
      phase: "open",
      forced: true,
      openedAt: T0,
      lastError: "opened by an operator: provider outage",
    });
    expect(reopensAt(forced, policy)).toBeNull();
    const muchLater = T0 + 30 * 86_400_000;
    expect(advance(forced, policy, muchLater).phase).toBe("open");
    expect(requestPermission(forced, policy, muchLater).allowed).toBe(false);
    // A breaker that opened by itself still half-opens after its timeout.
    const tripped = run([
      { do: "fail", at: 0 },
      { do: "fail", at: 0 },
      { do: "fail", at: 0 },
    ]);
    expect(advance(tripped, policy, muchLater).phase).toBe("half-open");
  });

  it("remembers the last error and when it happened", () => {
    const state = recordFailure(INITIAL_BREAKER_STATE, policy, T0, "HTTP 429");
    expect(state).toMatchObject({ lastError: "HTTP 429", lastFailureAt: T0, consecutiveFailures: 1 });
  });

  it("uses the documented per-provider settings and defaults", () => {
    expect(breakerPolicyFor("lambda-labs")).toEqual({
      failureThreshold: 3,
      successThreshold: 3,
      timeoutMs: 300_000,
      halfOpenMaxCalls: 1,
    });
    expect(breakerPolicyFor("vast-ai").timeoutMs).toBe(600_000);
    expect(breakerPolicyFor("no-such-provider")).toEqual({
      failureThreshold: 5,
      successThreshold: 3,
      timeoutMs: 60_000,
      halfOpenMaxCalls: 1,
    });
  });
});
