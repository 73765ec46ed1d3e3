import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { versionKey } from "../../cache/versions";
import { withDb } from "../../db/client";
import { createProvider, providerOffer } from "../../testing/factories";
import { scrapeOffers } from "../../testing/scrape";
import { adminCall, auditOf } from "./testing";

// Scrape now, and the breaker by hand. The sends are intercepted (a real scrape of a recorded
// provider would store offers other tests read); the breakers are the real Durable Objects.

afterEach(() => vi.restoreAllMocks());

const json = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;

describe("admin provider actions", () => {
  it("enqueues a scrape now on the provider's own queue, audited", async () => {
    const send = vi.spyOn(env.SCRAPE_QUEUE, "send").mockResolvedValue(undefined as never);
    const response = await adminCall("POST", "/providers/runpod/scrape");
    expect(response.status).toBe(202);
    expect(await json(response)).toEqual({ provider: "runpod", queue: "scrape", enqueued: true });
    expect(send).toHaveBeenCalledWith({ provider: "runpod" });
    expect((await auditOf("provider", "runpod"))[0]).toMatchObject({
      action: "provider.scrape",
      after: { queue: "scrape" },
    });
  });

  it("refuses to scrape what cannot be scraped", async () => {
    const send = vi.spyOn(env.SCRAPE_QUEUE, "send").mockResolvedValue(undefined as never);
    expect((await adminCall("POST", "/providers/no-such-provider/scrape")).status).toBe(404);
    // A provider row without an adapter.
    const slug = `test-noadapter-${crypto.randomUUID().slice(0, 8)}`;
    await adminCall("POST", "/providers", {
      body: {
        slug,
        name: slug,
        display_name: slug,
        provider_type: "marketplace",
        reliability_tier: "standard",
        website_url: `https://${slug}.example`,
      },
    });
    const noAdapter = await adminCall("POST", `/providers/${slug}/scrape`);
    expect(noAdapter.status).toBe(409);
    expect((await json<{ message: string }>(noAdapter)).message).toMatch(/no adapter/);
    expect(send).not.toHaveBeenCalled();
  });

  it("forces a breaker open until reset: the provider is not scraped meanwhile", async () => {
    const send = vi.spyOn(env.SCRAPE_QUEUE, "send").mockResolvedValue(undefined as never);
    const opened = await adminCall("POST", "/providers/vultr/breaker", {
      body: { action: "open", reason: "their API returns yesterday's prices" },
    });
    expect(opened.status).toBe(200);
    expect(await json(opened)).toMatchObject({
      provider: "vultr",
      phase: "open",
      forced: true,
      last_error: "opened by admin-token: their API returns yesterday's prices",
    });
    expect((await env.PROVIDER_BREAKER.getByName("vultr").allow()).allowed).toBe(false);
    const refused = await adminCall("POST", "/providers/vultr/scrape");
    expect(refused.status).toBe(409);
    expect((await json<{ message: string }>(refused)).message).toMatch(/breaker is open/);
    expect(send).not.toHaveBeenCalled();

    const reset = await adminCall("POST", "/providers/vultr/breaker", { body: { action: "reset" } });
    expect(await json(reset)).toMatchObject({ phase: "closed", forced: false, consecutive_failures: 0 });
    expect((await adminCall("POST", "/providers/vultr/scrape")).status).toBe(202);
    const trail = await auditOf("provider", "vultr");
    expect(trail.map((entry) => entry.action).slice(0, 3)).toEqual([
      "provider.scrape",
      "breaker.reset",
      "breaker.open",
    ]);
    expect(trail[1]).toMatchObject({ before: { phase: "open", forced: true }, after: { phase: "closed" } });
  });

  it("validates the breaker action", async () => {
    for (const body of [{}, { action: "close" }, { action: "reset", extra: 1 }]) {
      const response = await adminCall("POST", "/providers/vultr/breaker", { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect((await adminCall("POST", "/providers/no-such-provider/breaker", { body: { action: "reset" } })).status).toBe(
      404,
    );
  });
});

describe("announcing a scrape stored outside the Worker", () => {
  it("bumps the provider's data versions, queues the alert matching, and audits it", async () => {
    const { slug, scrapeJobId } = await withDb(env, "fresh", async (db) => {
      const provider = await createProvider(db);
      const { stored } = await scrapeOffers(db, provider.id, [providerOffer("announced", { pricePerHour: 2.5 })]);
      return { slug: provider.slug, scrapeJobId: stored.scrapeJobId };
    });
    const before = await env.CACHE.get(versionKey("provider", slug));
    const announced = await adminCall("POST", `/providers/${slug}/stored`, { body: { scrape_job_id: scrapeJobId } });
    expect(announced.status).toBe(202);
    expect(await env.CACHE.get(versionKey("provider", slug))).not.toBe(before);
    expect((await auditOf("provider", slug))[0]).toMatchObject({
      action: "provider.announce-stored",
      after: { scrape_job_id: scrapeJobId },
    });
    const unknown = await adminCall("POST", `/providers/${slug}/stored`, {
      body: { scrape_job_id: crypto.randomUUID() },
    });
    expect(unknown.status).toBe(404);
    expect(await auditOf("provider", slug)).toHaveLength(1);
  });
});

describe("admin audit trail", () => {
  it("pages newest first with a cursor, and refuses a bad one", async () => {
    for (let i = 0; i < 3; i++) await adminCall("POST", "/api-keys", { body: { name: `paging ${i}` } });
    const first = await json<{ docs: { id: string; at: string }[]; next: string | null }>(
      await adminCall("GET", "/audit?limit=2"),
    );
    expect(first.docs).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const second = await json<{ docs: { id: string; at: string }[] }>(
      await adminCall("GET", `/audit?limit=2&cursor=${first.next}`),
    );
    expect(second.docs.length).toBeGreaterThan(0);
    const seen = new Set(first.docs.map((doc) => doc.id));
    for (const doc of second.docs) {
      expect(seen.has(doc.id)).toBe(false);
      expect(doc.at <= first.docs[1]!.at).toBe(true);
    }
    expect((await adminCall("GET", "/audit?cursor=yesterday")).status).toBe(400);
    expect((await adminCall("GET", "/audit?limit=1000")).status).toBe(400);
    expect((await adminCall("GET", "/audit?page=2")).status).toBe(400);
  });
});
