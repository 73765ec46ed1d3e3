import { describe, expect, it } from "vitest";
import {
  anonymousClientKey,
  type BucketState,
  consume,
  fullBucket,
  policyHeader,
  RATE_LIMIT_POLICIES,
  type RateLimitDecision,
  type RateLimitPolicy,
} from "./rate-limit";

const T0 = 1_700_000_000_000;
const anonymous = RATE_LIMIT_POLICIES.anonymous; // 100 per hour: one token every 36 s, burst 20
const standard = RATE_LIMIT_POLICIES.standard; // 1000 per hour: one token every 3.6 s, burst 100

/** Makes `count` requests at `at` ms after T0 and returns the last decision. */
function drain(
  policy: RateLimitPolicy,
  count: number,
  at = 0,
  state: BucketState = fullBucket(policy, T0),
): RateLimitDecision {
  let decision: RateLimitDecision | undefined;
  for (let i = 0; i < count; i++) {
    decision = consume(state, policy, T0 + at);
    state = decision.state;
  }
  return decision!;
}

describe("token bucket", () => {
  it.each([
    {
      name: "a rested anonymous client gets its burst",
      policy: anonymous,
      count: 20,
      allowed: true,
      remaining: 0,
      retryAfterSeconds: 0,
    },
    {
      name: "the request after the burst is refused until the next token",
      policy: anonymous,
      count: 21,
      allowed: false,
      remaining: 0,
      retryAfterSeconds: 36,
    },
    {
      name: "the first request leaves burst − 1",
      policy: anonymous,
      count: 1,
      allowed: true,
      remaining: 19,
      retryAfterSeconds: 0,
    },
    {
      name: "an API key gets a burst of 100",
      policy: standard,
      count: 100,
      allowed: true,
      remaining: 0,
      retryAfterSeconds: 0,
    },
    {
      name: "an API key waits 3.6 s (rounded up) for its next token",
      policy: standard,
      count: 101,
      allowed: false,
      remaining: 0,
      retryAfterSeconds: 4,
    },
  ])("$name", ({ policy, count, allowed, remaining, retryAfterSeconds }) => {
    expect(drain(policy, count)).toMatchObject({ allowed, remaining, retryAfterSeconds });
  });

  it.each([
    { name: "not a token before 36 s", after: 35_999, allowed: false, remaining: 0 },
    { name: "one token after 36 s", after: 36_000, allowed: true, remaining: 0 },
    { name: "five tokens after 180 s", after: 180_000, allowed: true, remaining: 4 },
    { name: "never more than the burst, however long the wait", after: 86_400_000, allowed: true, remaining: 19 },
  ])("refills at the hourly rate: $name", ({ after, allowed, remaining }) => {
    const empty = drain(anonymous, 20).state;
    expect(consume(empty, anonymous, T0 + after)).toMatchObject({ allowed, remaining });
  });

  it("says when the bucket is full again", () => {
    expect(drain(anonymous, 1).resetAt).toBe(T0 + 36_000);
    expect(drain(anonymous, 20).resetAt).toBe(T0 + 720_000);
    expect(drain(anonymous, 21).resetAt).toBe(T0 + 720_000);
  });

  it("does not take a token for a refused request", () => {
    const refused = drain(anonymous, 25);
    expect(refused.state.tokens).toBe(0);
    expect(consume(refused.state, anonymous, T0 + 36_000).allowed).toBe(true);
  });

  it("mints no tokens when the clock goes backwards", () => {
    const empty = drain(anonymous, 20, 60_000);
    const earlier = consume(empty.state, anonymous, T0);
    expect(earlier).toMatchObject({ allowed: false, state: { tokens: 0, updatedAt: T0 + 60_000 } });
  });
});

describe("RateLimit-Policy header", () => {
  it.each([
    { policy: anonymous, header: "100;w=3600;burst=20" },
    { policy: standard, header: "1000;w=3600;burst=100" },
  ])("describes $header", ({ policy, header }) => {
    expect(policyHeader(policy)).toBe(header);
  });
});

describe("anonymous client key", () => {
  it.each([
    { ip: "203.0.113.7", key: "anon:203.0.113.7" },
    { ip: undefined, key: "anon:unknown" },
    { ip: "", key: "anon:unknown" },
    { ip: "2001:db8:85a3:1:aaaa:bbbb:cccc:dddd", key: "anon:2001:db8:85a3:1::/64" },
    { ip: "2001:DB8:85A3:0001::1", key: "anon:2001:db8:85a3:1::/64" },
    { ip: "2001:db8::1", key: "anon:2001:db8:0:0::/64" },
    { ip: "::1", key: "anon:0:0:0:0::/64" },
    { ip: "::ffff:198.51.100.1", key: "anon:::ffff:198.51.100.1" },
  ])("counts $ip as $key", ({ ip, key }) => {
    expect(anonymousClientKey(ip)).toBe(key);
  });

  it("puts every address of one IPv6 /64 in one bucket and other /64s in others", () => {
    expect(anonymousClientKey("2001:db8:1:2::a")).toBe(anonymousClientKey("2001:db8:1:2:ffff::b"));
    expect(anonymousClientKey("2001:db8:1:2::a")).not.toBe(anonymousClientKey("2001:db8:1:3::a"));
  });
});

describe("taking several tokens at once", () => {
  it("grants what is asked while the bucket holds it", () => {
    expect(consume(fullBucket(standard, T0), standard, T0, 5)).toMatchObject({
      allowed: true,
      granted: 5,
      remaining: 95,
    });
  });

  it("grants only the whole tokens left, and refuses when none is", () => {
    const almostEmpty = drain(standard, 97).state;
    expect(consume(almostEmpty, standard, T0, 5)).toMatchObject({ allowed: true, granted: 3, remaining: 0 });
    const empty = drain(standard, 100).state;
    expect(consume(empty, standard, T0, 5)).toMatchObject({ allowed: false, granted: 0, retryAfterSeconds: 4 });
  });

  it("never lets leases take more than the burst in all", () => {
    let state = fullBucket(anonymous, T0);
    let total = 0;
    for (const wanted of [1, 2, 4, 8, 8, 8]) {
      const decision = consume(state, anonymous, T0, wanted);
      total += decision.granted;
      state = decision.state;
    }
    expect(total).toBe(20);
  });
});
