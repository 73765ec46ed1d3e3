import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { BucketState } from "../../shared/rate-limit";

const limiterFor = (name: string) => env.RATE_LIMITER.getByName(`${name}:${crypto.randomUUID()}`);

/** Moves the stored bucket `ms` into the past, as if that much time had gone by. */
const rewind = (limiter: ReturnType<typeof limiterFor>, ms: number) =>
  runInDurableObject(limiter, (_instance, state) => {
    const bucket = state.storage.kv.get<BucketState>("bucket")!;
    state.storage.kv.put("bucket", { ...bucket, updatedAt: bucket.updatedAt - ms });
  });

describe("RateLimiter Durable Object", () => {
  it("allows an anonymous burst of 20, refuses the 21st, and lets one more through 36 s later", async () => {
    const limiter = limiterFor("anon");
    for (let i = 19; i >= 0; i--)
      expect(await limiter.consume("anonymous")).toMatchObject({ allowed: true, remaining: i });
    expect(await limiter.consume("anonymous")).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 36 });

    await rewind(limiter, 36_000);
    expect((await limiter.consume("anonymous")).allowed).toBe(true);
    expect((await limiter.consume("anonymous")).allowed).toBe(false);
  });

  it("gives an API key its burst of 100", async () => {
    const limiter = limiterFor("key");
    for (let i = 0; i < 100; i++) expect((await limiter.consume("standard")).allowed).toBe(true);
    const refused = await limiter.consume("standard");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(4); // 3.6 s per token, less what the loop took
  });

  it("keeps one bucket per client", async () => {
    const [a, b] = [limiterFor("anon"), limiterFor("anon")];
    for (let i = 0; i < 20; i++) await a.consume("anonymous");
    expect((await a.consume("anonymous")).allowed).toBe(false);
    expect(await b.consume("anonymous")).toMatchObject({ allowed: true, remaining: 19 });
  });

  it("forgets the bucket once it would be full again", async () => {
    const limiter = limiterFor("anon");
    const decision = await limiter.consume("anonymous");
    expect(await runInDurableObject(limiter, (_instance, state) => state.storage.getAlarm())).toBe(decision.resetAt);

    expect(await runDurableObjectAlarm(limiter)).toBe(true);
    expect(await runInDurableObject(limiter, (_instance, state) => state.storage.kv.get("bucket"))).toBeUndefined();
    expect(await limiter.consume("anonymous")).toMatchObject({ allowed: true, remaining: 19 });
  });
});
