// API rate limits (docs/design.md §12) as a pure token bucket: `consume` takes the bucket
// and `now` (ms since epoch) and returns the decision and the next bucket. The RateLimiter Durable
// Object only stores what it returns.

import { ipv6Groups } from "./public-address";
export interface RateLimitPolicy {
  /** Requests per window once the burst is spent (the refill rate). */
  limit: number;
  windowSeconds: number;
  /** Bucket capacity: requests a rested client may make at once. */
  burst: number;
}

/**
 * `anonymous` by client IP; `standard` and `unlimited` are the tiers an API key can have; `visitor`
 * is a person's browser on the pages (by IP too, in a bucket of its own): what a reader does in an
 * hour, with room for an office or a mobile carrier behind one address.
 */
export type RateLimitTier = "anonymous" | "visitor" | "standard" | "unlimited";
export type LimitedTier = Exclude<RateLimitTier, "unlimited">;

export const RATE_LIMIT_POLICIES: Record<LimitedTier, RateLimitPolicy> = {
  anonymous: { limit: 100, windowSeconds: 3_600, burst: 20 },
  visitor: { limit: 1_200, windowSeconds: 3_600, burst: 120 },
  standard: { limit: 1_000, windowSeconds: 3_600, burst: 100 },
};

/**
 * The policy a tier runs under. `multiplier` (the `RATE_LIMIT_MULTIPLIER` var) scales limit and
 * burst for load benchmarks only; production leaves it unset, and anything but a number ≥ 1 is 1.
 */
export function policyFor(tier: LimitedTier, multiplier?: string): RateLimitPolicy {
  const policy = RATE_LIMIT_POLICIES[tier];
  const factor = Number(multiplier);
  if (!Number.isFinite(factor) || factor <= 1) return policy;
  return { ...policy, limit: policy.limit * factor, burst: policy.burst * factor };
}

export const isLimited = (tier: RateLimitTier): tier is LimitedTier => tier !== "unlimited";

export interface BucketState {
  /** Fractional: the bucket refills continuously. */
  tokens: number;
  updatedAt: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Tokens taken: 0 when refused, else between 1 and what was asked for. */
  granted: number;
  state: BucketState;
  /** Whole requests left right now. */
  remaining: number;
  /** When the bucket is full again (ms since epoch). */
  resetAt: number;
  /** When refused: seconds until the next token (what `Retry-After` says); 0 when allowed. */
  retryAfterSeconds: number;
}

export const fullBucket = (policy: RateLimitPolicy, now: number): BucketState => ({
  tokens: policy.burst,
  updatedAt: now,
});

// Multiplying before dividing keeps whole refill intervals exact (36 s is exactly one anonymous token).
const tokensAfter = (policy: RateLimitPolicy, ms: number) => (ms * policy.limit) / (policy.windowSeconds * 1_000);
const msUntil = (policy: RateLimitPolicy, tokens: number) =>
  Math.ceil((tokens * policy.windowSeconds * 1_000) / policy.limit);

/**
 * Takes up to `wanted` whole tokens (at least one, or none and a refusal) from the bucket, refilled
 * for the time since it was last used. Taking several at once is how an isolate leases tokens it
 * then spends without asking again (workers/http/token-lease.ts).
 */
export function consume(state: BucketState, policy: RateLimitPolicy, now: number, wanted = 1): RateLimitDecision {
  const elapsed = Math.max(0, now - state.updatedAt);
  const available = Math.min(policy.burst, state.tokens + tokensAfter(policy, elapsed));
  const granted = Math.min(Math.max(1, Math.floor(wanted)), Math.floor(available));
  const allowed = granted >= 1;
  const tokens = available - granted;
  return {
    allowed,
    granted,
    state: { tokens, updatedAt: Math.max(now, state.updatedAt) },
    remaining: Math.floor(tokens),
    resetAt: now + msUntil(policy, policy.burst - tokens),
    retryAfterSeconds: allowed ? 0 : Math.ceil(msUntil(policy, 1 - tokens) / 1_000),
  };
}

/** `RateLimit-Policy` (draft-ietf-httpapi-ratelimit-headers), e.g. `100;w=3600;burst=20`. */
export const policyHeader = (policy: RateLimitPolicy) =>
  `${policy.limit};w=${policy.windowSeconds};burst=${policy.burst}`;

/**
 * The address an anonymous client is counted under. IPv6 hosts usually own a whole /64, so one
 * bucket per address would let a client rotate addresses to escape the limit.
 */
export function anonymousClientKey(ip: string | undefined): string {
  if (!ip) return "anon:unknown";
  if (!ip.includes(":") || ip.includes(".")) return `anon:${ip}`; // IPv4, or IPv4 embedded in IPv6
  const groups = ipv6Groups(ip);
  if (!groups) return `anon:${ip}`; // not an address we can read: counted as given
  return `anon:${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}
