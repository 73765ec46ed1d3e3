// Rate-limit tokens leased by an isolate, so a busy client does not cost a Durable Object round trip
// on every request (docs/design.md §12). The client's RateLimiter object stays the only place tokens
// come from: a lease takes them out of the bucket first and is spent here afterwards, so all leases
// together can never allow more than the bucket holds. What a lease can cost is the other way: tokens
// leased to an isolate the client does not come back to lapse unspent after LEASE_MS.
//
// - A client's first request leases one token, as without leases. One that comes back while its lease
//   is live or just spent gets twice as many next time, up to a twentieth of its burst (anonymous
//   visitors, burst 20: always one; API keys, burst 100: up to five).
// - A refusal is remembered until the next token is due: a flood after the limit costs no round trip,
//   and the answer is the one the object would give, since no token can appear before then.

import type { RateLimitDecision, RateLimitPolicy } from "./rate-limit";

/** Asks the client's bucket for up to `wanted` tokens; null when it cannot be reached. */
export type TakeTokens = (wanted: number) => Promise<RateLimitDecision | null>;

export type LeaseDecision = Pick<RateLimitDecision, "allowed" | "remaining" | "resetAt" | "retryAfterSeconds">;

interface Lease {
  /** Leased and not yet spent. */
  tokens: number;
  /** Size of the last lease taken. */
  size: number;
  expiresAt: number;
  /** What the bucket held after the lease was taken, and when it is full again. */
  remainingInBucket: number;
  resetAt: number;
  /** Refused until then (ms since epoch); 0 when the last answer was a grant. */
  refusedUntil: number;
}

export const LEASE_MS = 10_000;
/** Clients remembered per isolate; the least recently seen is forgotten first. */
export const MAX_LEASES = 10_000;

export const leaseCap = (policy: RateLimitPolicy) => Math.max(1, Math.floor(policy.burst / 20));

export class TokenLeases {
  readonly #leases = new Map<string, Lease>();

  get size(): number {
    return this.#leases.size;
  }

  /** One request of `client`: allowed or refused, from the lease when it can be, else from the bucket. */
  async take(
    client: string,
    policy: RateLimitPolicy,
    now: number,
    takeTokens: TakeTokens,
  ): Promise<LeaseDecision | null> {
    const lease = this.#leases.get(client);
    if (lease && now < lease.refusedUntil)
      return {
        allowed: false,
        remaining: 0,
        resetAt: lease.resetAt,
        retryAfterSeconds: Math.ceil((lease.refusedUntil - now) / 1_000),
      };
    if (lease && lease.tokens > 0 && now < lease.expiresAt) {
      lease.tokens -= 1;
      this.#touch(client, lease);
      return {
        allowed: true,
        remaining: lease.remainingInBucket + lease.tokens,
        resetAt: lease.resetAt,
        retryAfterSeconds: 0,
      };
    }
    const returning = lease !== undefined && lease.refusedUntil === 0 && now < lease.expiresAt + LEASE_MS;
    const size = returning ? Math.min(leaseCap(policy), lease.size * 2) : 1;
    const decision = await takeTokens(size);
    if (!decision) return null;
    // While this request waited on the bucket, another of the same client may have leased tokens
    // here. They have left the bucket already: written over, they would be lost and the client
    // refused before its allowance. They are added to this lease instead, and may serve this request.
    const meanwhile = this.#leases.get(client);
    const theirs = meanwhile && meanwhile !== lease && now < meanwhile.expiresAt ? meanwhile.tokens : 0;
    const granted = decision.allowed ? decision.granted : 0;
    const held = granted + theirs;
    const allowed = held > 0;
    this.#touch(client, {
      tokens: allowed ? held - 1 : 0,
      size: Math.max(1, granted),
      expiresAt: now + LEASE_MS,
      remainingInBucket: decision.remaining,
      resetAt: decision.resetAt,
      refusedUntil: allowed ? 0 : now + decision.retryAfterSeconds * 1_000,
    });
    return {
      allowed,
      remaining: decision.remaining + (allowed ? held - 1 : 0),
      resetAt: decision.resetAt,
      retryAfterSeconds: allowed ? 0 : decision.retryAfterSeconds,
    };
  }

  #touch(client: string, lease: Lease): void {
    this.#leases.delete(client);
    this.#leases.set(client, lease);
    if (this.#leases.size > MAX_LEASES) this.#leases.delete(this.#leases.keys().next().value as string);
  }
}
