import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { NotifyMessage } from "../../shared/queue-messages";
import { alertText, consumeNotifications } from "./notify";

const failure: NotifyMessage = {
  kind: "scrape-failure",
  provider: "vast-ai",
  severity: "critical",
  consecutiveFailures: 3,
  errorCode: "RATE_LIMITED",
  message: "POST … answered HTTP 429",
  scrapeJobId: "job-9",
  at: "2026-11-23T10:00:00.000Z",
};
const WEBHOOK = "http://127.0.0.1:9/hooks/alerts";

async function deliver(bodies: unknown[], bindings: Env) {
  const batch = createMessageBatch(
    "cloudgpus-notify",
    bodies.map((body, index) => ({ id: `n${index}`, timestamp: new Date(), attempts: 1, body })),
  );
  await consumeNotifications(batch, bindings);
  return getQueueResult(batch, createExecutionContext());
}

afterEach(() => vi.restoreAllMocks());

describe("notify consumer", () => {
  it("makes a provider's words inert in Slack: no channel pings, no disguised links", () => {
    const hostile = alertText({
      ...failure,
      message: 'HTTP 503: <!channel> see <https://evil.example/login|the status page> & "retry"',
    });
    expect(hostile).toContain('&lt;!channel&gt; see &lt;https://evil.example/login|the status page&gt; &amp; "retry"');
    expect(hostile).not.toMatch(/<[!@#]|<https?:/);
  });

  it("words operator alerts plainly", () => {
    expect(alertText(failure)).toBe(
      "[critical] vast-ai: 3 failed scrapes in a row (RATE_LIMITED) — POST … answered HTTP 429",
    );
    expect(
      alertText({
        kind: "stale-provider",
        provider: "vultr",
        severity: "warning",
        hoursSinceSuccess: 13.5,
        reason: "no successful scrape recently",
        at: failure.at,
      }),
    ).toBe("[warning] vultr: no successful scrape for 13.5 h (no successful scrape recently)");
  });

  it("posts an alert to the configured webhook as Slack-style JSON", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("ok"));
    const result = await deliver([failure], { ...env, ALERT_WEBHOOK_URL: WEBHOOK } as Env);
    expect(result.explicitAcks).toEqual(["n0"]);
    const [url, init] = fetchSpy.mock.calls[0]!;
    expect(url).toBe(WEBHOOK);
    expect(JSON.parse(String(init?.body))).toEqual({ text: alertText(failure) });
  });

  it("retries the alert when the webhook fails", async () => {
    vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("busy", { status: 503 }));
    const result = await deliver([failure], { ...env, ALERT_WEBHOOK_URL: WEBHOOK } as Env);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toMatchObject([{ msgId: "n0" }]);
  });

  it("only logs alerts when no webhook is configured", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const result = await deliver([failure], env);
    expect(result.explicitAcks).toEqual(["n0"]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("does not page operators about price changes", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const changes: NotifyMessage = {
      kind: "price-changes",
      provider: "runpod",
      scrapeJobId: "job-1",
      changes: [],
      at: failure.at,
    };
    const result = await deliver([changes], { ...env, ALERT_WEBHOOK_URL: WEBHOOK } as Env);
    expect(result.explicitAcks).toEqual(["n0"]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("drops a malformed message", async () => {
    const result = await deliver([{ kind: "scrape-failure", provider: 42 }], env);
    expect(result.explicitAcks).toEqual(["n0"]);
  });
});
