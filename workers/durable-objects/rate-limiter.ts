import { DurableObject } from "cloudflare:workers";
import {
  type BucketState,
  consume,
  fullBucket,
  type LimitedTier,
  policyFor,
  type RateLimitDecision,
} from "../../shared/rate-limit";

const STATE_KEY = "bucket";

/**
 * One token bucket per API client, addressed as `env.RATE_LIMITER.getByName("anon:<ip>")` or
 * `getByName("key:<apiKeyId>")`. A Durable Object rather than the native Rate Limiting binding:
 * the binding only counts 10 s or 60 s windows, per Cloudflare location and eventually
 * consistent, so it cannot say "100 per hour, burst 20"; one object per client is strongly
 * consistent and global, at the price of a round trip to wherever the object lives.
 */
export class RateLimiter extends DurableObject<Env> {
  /**
   * Takes one request from this client's bucket under the tier's policy, or up to `wanted` at once
   * for an isolate that leases them (at least one, or a refusal).
   */
  async consume(tier: LimitedTier, wanted = 1): Promise<RateLimitDecision> {
    const policy = policyFor(tier, this.env.RATE_LIMIT_MULTIPLIER);
    const now = Date.now();
    const bucket = this.ctx.storage.kv.get<BucketState>(STATE_KEY) ?? fullBucket(policy, now);
    const decision = consume(bucket, policy, now, wanted);
    this.ctx.storage.kv.put(STATE_KEY, decision.state);
    // A full bucket is the same as no bucket: forget it then, so the objects of clients seen once
    // (one per IP address) do not keep storage forever.
    await this.ctx.storage.setAlarm(decision.resetAt);
    return decision;
  }

  /** Runs once the bucket has been full since the last request (each request moves the alarm). */
  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}
