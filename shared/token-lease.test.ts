import { describe, expect, it } from "vitest";
import { type BucketState, consume, fullBucket, RATE_LIMIT_POLICIES, type RateLimitPolicy } from "./rate-limit";
import { LEASE_MS, leaseCap, MAX_LEASES, TokenLeases } from "./token-lease";

const T0 = 1_700_000_000_000;
const { anonymous, standard } = RATE_LIMIT_POLICIES;

/** A client's bucket as its Durable Object keeps it (the real token bucket), counting round trips. */
function bucket(policy: RateLimitPolicy) {
  let state: BucketState = fullBucket(policy, T0);
  const calls: number[] = [];
  let now = T0;
  return {
    calls,
    at: (ms: number) => {
      now = T0 + ms;
    },
    take: async (wanted: number) => {
      calls.push(wanted);
      const decision = consume(state, policy, now, wanted);
      state = decision.state;
      return decision;
    },
  };
}

describe("token leases", () => {
  it("gives a client's concurrent requests in one isolate its whole burst, no more and no less", async () => {
    const { take } = bucket(standard);
    // The object's round trip takes a turn of the event loop, as a Durable Object call does: two
    // requests of the client wait on the bucket at once, each for a lease of its own.
    const roundTrip = async (wanted: number) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return take(wanted);
    };
    const leases = new TokenLeases();
    let allowed = 0;
    for (let pair = 0; pair < standard.burst; pair++) {
      const answers = await Promise.all([0, 1].map(() => leases.take("key:a", standard, T0, roundTrip)));
      allowed += answers.filter((answer) => answer?.allowed).length;
    }
    expect(allowed).toBe(standard.burst);
  });

  it("lease sizes: one token for anonymous visitors, up to five for API keys", () => {
    expect(leaseCap(anonymous)).toBe(1);
    expect(leaseCap(standard)).toBe(5);
  });

  it("an API key's 100 requests in a burst cost far fewer round trips, and the 101st is refused", async () => {
    const leases = new TokenLeases();
    const object = bucket(standard);
    const allowed = [];
    for (let i = 0; i < 101; i++) allowed.push((await leases.take("key:a", standard, T0, object.take))!.allowed);
    expect(allowed.filter(Boolean)).toHaveLength(100);
    expect(allowed[100]).toBe(false);
    expect(object.calls.slice(0, 4)).toEqual([1, 2, 4, 5]);
    expect(object.calls.length).toBeLessThan(25);
  });

  it("says how many requests are left, leased tokens included", async () => {
    const leases = new TokenLeases();
    const object = bucket(standard);
    const remaining = [];
    for (let i = 0; i < 6; i++) remaining.push((await leases.take("key:a", standard, T0, object.take))!.remaining);
    expect(remaining).toEqual([99, 98, 97, 96, 95, 94]);
  });

  it("answers a refused client from memory until its next token is due, then asks again", async () => {
    const leases = new TokenLeases();
    const object = bucket(anonymous);
    for (let i = 0; i < 20; i++) await leases.take("anon:x", anonymous, T0, object.take);
    const refused = await leases.take("anon:x", anonymous, T0, object.take);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 36 });
    const calls = object.calls.length;
    for (let i = 0; i < 50; i++) await leases.take("anon:x", anonymous, T0 + 10_000, object.take);
    expect(object.calls.length).toBe(calls);
    expect(await leases.take("anon:x", anonymous, T0 + 20_000, object.take)).toMatchObject({ retryAfterSeconds: 16 });

    object.at(36_000);
    expect(await leases.take("anon:x", anonymous, T0 + 36_000, object.take)).toMatchObject({ allowed: true });
    expect(object.calls.length).toBe(calls + 1);
  });

  it("lets leased tokens lapse: an idle client starts again at one token", async () => {
    const leases = new TokenLeases();
    const object = bucket(standard);
    for (let i = 0; i < 4; i++) await leases.take("key:a", standard, T0, object.take); // leases 1, 2, 4
    expect(object.calls).toEqual([1, 2, 4]);
    object.at(3 * LEASE_MS);
    await leases.take("key:a", standard, T0 + 3 * LEASE_MS, object.take);
    expect(object.calls).toEqual([1, 2, 4, 1]);
  });

  it("keeps each client's lease apart", async () => {
    const leases = new TokenLeases();
    const [a, b] = [bucket(anonymous), bucket(anonymous)];
    for (let i = 0; i < 20; i++) await leases.take("anon:a", anonymous, T0, a.take);
    expect((await leases.take("anon:a", anonymous, T0, a.take))!.allowed).toBe(false);
    expect(await leases.take("anon:b", anonymous, T0, b.take)).toMatchObject({ allowed: true, remaining: 19 });
  });

  it("fails open (null) when the bucket cannot be reached, and remembers nothing then", async () => {
    const leases = new TokenLeases();
    expect(await leases.take("anon:x", anonymous, T0, async () => null)).toBeNull();
    expect(leases.size).toBe(0);
  });

  it("remembers at most MAX_LEASES clients", async () => {
    const leases = new TokenLeases();
    for (let i = 0; i < MAX_LEASES + 5; i++) await leases.take(`anon:${i}`, anonymous, T0, bucket(anonymous).take);
    expect(leases.size).toBe(MAX_LEASES);
  });
});
