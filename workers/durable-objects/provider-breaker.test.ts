import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("ProviderBreaker Durable Object", () => {
  it("opens after the provider's failure threshold and refuses calls", async () => {
    const breaker = env.PROVIDER_BREAKER.getByName("lambda-labs"); // docs/design.md §5: opens after 3 failures
    expect((await breaker.allow()).allowed).toBe(true);
    await breaker.recordFailure("HTTP 503");
    await breaker.recordFailure("HTTP 503");
    const opened = await breaker.recordFailure("HTTP 502");
    expect(opened).toMatchObject({
      provider: "lambda-labs",
      phase: "open",
      lastError: "HTTP 502",
      consecutiveFailures: 3,
    });
    const decision = await breaker.allow();
    expect(decision.allowed).toBe(false);
    expect(decision.allowed === false && decision.retryAt).toBe(opened.openedAt! + 300_000);
  });

  it("schedules an alarm that moves it to half-open, lets one probe through, and closes after successes", async () => {
    const breaker = env.PROVIDER_BREAKER.getByName("some-provider"); // defaults: 5 failures, 3 successes
    for (let i = 0; i < 5; i++) await breaker.recordFailure("ETIMEDOUT");
    const alarm = await runInDurableObject(breaker, (_instance, state) => state.storage.getAlarm());
    expect(alarm).toBe((await breaker.status()).openedAt! + 60_000);

    expect(await runDurableObjectAlarm(breaker)).toBe(true);
    expect((await breaker.status()).phase).toBe("half-open");

    expect((await breaker.allow()).allowed).toBe(true);
    expect((await breaker.allow()).allowed).toBe(false); // one probe at a time
    for (let i = 0; i < 3; i++) {
      await breaker.recordSuccess();
      if (i < 2) expect((await breaker.allow()).allowed).toBe(true);
    }
    expect(await breaker.status()).toMatchObject({ phase: "closed", consecutiveFailures: 0 });
  });

  it("keeps one breaker per provider", async () => {
    await env.PROVIDER_BREAKER.getByName("provider-a").recordFailure("HTTP 500");
    expect((await env.PROVIDER_BREAKER.getByName("provider-a").status()).consecutiveFailures).toBe(1);
    expect((await env.PROVIDER_BREAKER.getByName("provider-b").status()).consecutiveFailures).toBe(0);
  });

  it("can be reset by hand, keeping what went wrong last", async () => {
    const breaker = env.PROVIDER_BREAKER.getByName("coreweave");
    for (let i = 0; i < 3; i++) await breaker.recordFailure("HTTP 401");
    const reset = await breaker.reset();
    expect(reset).toMatchObject({ phase: "closed", consecutiveFailures: 0, lastError: "HTTP 401" });
    expect(await runInDurableObject(breaker, (_instance, state) => state.storage.getAlarm())).toBeNull();
  });

  it("lets one scrape hold a provider at a time, until it releases it or its lease runs out", async () => {
    const breaker = env.PROVIDER_BREAKER.getByName("lease-provider");
    const first = await breaker.claimScrape(60_000);
    if (!("token" in first)) throw new Error("the first claim was refused");
    const refused = await breaker.claimScrape(60_000);
    expect(refused).toEqual({ heldUntil: expect.any(Number) });
    await breaker.releaseScrape("not-the-holder");
    expect(await breaker.claimScrape(60_000)).toEqual(refused);
    await breaker.releaseScrape(first.token);
    expect(await breaker.claimScrape(1)).toEqual({ token: expect.any(String) });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await breaker.claimScrape(60_000)).toEqual({ token: expect.any(String) }); // the 1 ms lease ran out
  });
});
