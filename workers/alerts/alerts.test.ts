import { env } from "cloudflare:workers";
import { createHmac } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withDb } from "../db/client";
import type { Database } from "../db/database";
import { flushDigests, insertSubscription, subscriptionById } from "../db/queries/alerts";
import { alertDeliveries, alertFirings, instances, priceHistory, scrapeJobs } from "../db/schema";
import { type Recording, recordingSchema, replayFetch } from "../providers/replay";
import { createGpuModel, createInstance, createProvider } from "../testing/factories";
import { type DeliveryContext, deliverAlert, MAX_DELIVERY_ATTEMPTS, sendConfirmation } from "./deliver";
import badToken from "./fixtures/postmark/bad-token.json";
import inactive from "./fixtures/postmark/inactive-recipient.json";
import outage from "./fixtures/postmark/outage.json";
import sent from "./fixtures/postmark/sent.json";
import { postmarkMailer } from "./mail";
import { DIGEST_INTERVAL_MS, matchAlerts } from "./match";
import { weeklyReport } from "./weekly-report";

const SITE = "https://cloudgpus.test";
const NOW = new Date("2026-12-01T12:00:00Z");

/** A receiver of our webhooks: every request it was sent, answered with `status`. */
function receiver(status = 200) {
  const received: Request[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    received.push(new Request(input, init));
    return new Response("ok", { status });
  };
  return { fetch, received };
}

const context = (fetch: typeof globalThis.fetch, overrides: Partial<DeliveryContext> = {}): DeliveryContext => ({
  fetch,
  now: NOW,
  resolverUrl: "https://dns.invalid/dns-query",
  // The webhook receivers here are the test's own; name resolution is tested apart (resolve.test.ts).
  allowLoopback: true,
  siteUrl: SITE,
  mailer: null,
  ...overrides,
});

async function scene(db: Database) {
  const provider = await createProvider(db);
  const gpu = await createGpuModel(db);
  const offer = await createInstance(db, provider.id, { gpuModelId: gpu.id, gpuCount: 2, pricePerHour: 5 }); // $2.50/GPU-h
  const rule = (values: Partial<Parameters<typeof insertSubscription>[1]> = {}) =>
    insertSubscription(db, {
      gpuModelId: gpu.id,
      channel: "webhook",
      target: "https://hooks.example.com/cloudgpus",
      status: "active",
      maxPricePerGpuHour: 2,
      tokenHash: crypto.randomUUID().replaceAll("-", ""),
      unsubscribeToken: crypto.randomUUID(),
      signingSecret: "whsec_test_secret",
      clientKey: "test",
      ...values,
    });
  const setOffer = (values: Partial<typeof instances.$inferInsert>) =>
    db.update(instances).set(values).where(eq(instances.id, offer.id));
  const match = () => matchAlerts(db, { provider: provider.slug }, SITE, NOW);
  return { provider, gpu, offer, rule, setOffer, match };
}

describe("matching stored offers against rules", () => {
  it("fires once per crossing, and again after the condition resets", async () => {
    await withDb(env, "fresh", async (db) => {
      const { rule, setOffer, match } = await scene(db);
      const subscription = await rule();
      expect(await match()).toEqual([]); // $2.50 is above the $2 bound

      await setOffer({ pricePerHour: 3.8 }); // $1.90/GPU-h
      const first = await match();
      expect(first).toHaveLength(1);
      expect(first[0]?.subscriptionId).toBe(subscription.id);
      expect(await match()).toEqual([]); // still under the bound: nothing new

      await setOffer({ pricePerHour: 4.4 }); // $2.20: resets
      expect(await match()).toEqual([]);
      expect(await db.select().from(alertFirings).where(eq(alertFirings.subscriptionId, subscription.id))).toEqual([]);

      await setOffer({ pricePerHour: 3.6 }); // $1.80: a new crossing
      expect(await match()).toHaveLength(1);
      const deliveries = await db
        .select({ events: alertDeliveries.events, status: alertDeliveries.status })
        .from(alertDeliveries)
        .where(eq(alertDeliveries.subscriptionId, subscription.id))
        .orderBy(alertDeliveries.createdAt);
      expect(deliveries.map((delivery) => delivery.status)).toEqual(["queued", "queued"]);
      const prices = deliveries.map((delivery) => (delivery.events as { price_per_gpu_hour: number }[])[0]);
      expect(prices.map((event) => event?.price_per_gpu_hour)).toEqual([1.9, 1.8]);
    });
  });

  it("fires back in stock when an offer can be rented again, and a withdrawn offer resets", async () => {
    await withDb(env, "fresh", async (db) => {
      const { rule, setOffer, match } = await scene(db);
      await rule({ maxPricePerGpuHour: null, backInStock: true });
      await setOffer({ availabilityStatus: "sold_out" });
      expect(await match()).toEqual([]);
      await setOffer({ availabilityStatus: "available" });
      expect(await match()).toHaveLength(1);
      expect(await match()).toEqual([]);
      await setOffer({ isActive: false });
      expect(await match()).toEqual([]);
      await setOffer({ isActive: true });
      expect(await match()).toHaveLength(1);
    });
  });

  it("leaves rules of other providers, tiers, regions and kinds alone, and paused rules", async () => {
    await withDb(env, "fresh", async (db) => {
      const { rule, setOffer, match } = await scene(db);
      const elsewhere = await createProvider(db);
      await rule({ providerIds: [elsewhere.id] });
      await rule({ reliabilityTier: "enterprise" });
      await rule({ region: "ap-south-1" });
      await rule({ kind: "spot" }); // the offer has no spot price
      await rule({ status: "paused" });
      await setOffer({ pricePerHour: 2, availableRegions: ["us-east-1"] });
      expect(await match()).toEqual([]);
    });
  });

  it("holds what fires for a digest mailed within the day", async () => {
    await withDb(env, "fresh", async (db) => {
      const { rule, setOffer, match } = await scene(db);
      const digest = await rule({
        channel: "email",
        target: "ops@example.com",
        digest: true,
        lastNotifiedAt: new Date(NOW.getTime() - 3_600_000),
      });
      await setOffer({ pricePerHour: 3 });
      expect(await match()).toEqual([]);
      const [held] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.subscriptionId, digest.id));
      expect(held?.status).toBe("digest");
    });
  });
});

describe("delivering an alert", () => {
  async function firedDelivery(db: Database, values: Parameters<Awaited<ReturnType<typeof scene>>["rule"]>[0] = {}) {
    const { rule, setOffer, match } = await scene(db);
    const subscription = await rule(values);
    await setOffer({ pricePerHour: 3 });
    const [delivery] = await match();
    if (!delivery) throw new Error("nothing fired");
    return { subscription, deliveryId: delivery.deliveryId };
  }

  it("POSTs the events to a webhook, signed as the README's recipe verifies", async () => {
    await withDb(env, "fresh", async (db) => {
      const { subscription, deliveryId } = await firedDelivery(db);
      const hook = receiver();
      expect(await deliverAlert(db, context(hook.fetch), deliveryId, 1)).toBe("done");
      expect(hook.received).toHaveLength(1);
      const request = hook.received[0]!;
      expect(request.url).toBe("https://hooks.example.com/cloudgpus");
      const body = await request.text();
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(request.headers.get("X-CloudGPUs-Signature") ?? "") ?? [];
      expect(t).toBe(String(NOW.getTime() / 1_000));
      expect(createHmac("sha256", "whsec_test_secret").update(`${t}.${body}`).digest("hex")).toBe(v1);
      const payload = JSON.parse(body) as { subscription: string; events: Record<string, unknown>[] };
      expect(payload.subscription).toBe(subscription.id);
      expect(payload.events).toHaveLength(1);
      expect(payload.events[0]).toMatchObject({ event: "price_below", price_per_gpu_hour: 1.5, gpu_count: 2 });
      const [row] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.id, deliveryId));
      expect(row?.status).toBe("sent");
      expect((await subscriptionById(db, subscription.id))?.lastNotifiedAt?.toISOString()).toBe(NOW.toISOString());
      // Delivered twice (a queue redelivery): sent once.
      expect(await deliverAlert(db, context(hook.fetch), deliveryId, 2)).toBe("done");
      expect(hook.received).toHaveLength(1);
    });
  });

  it("disables the subscription when the webhook answers 410 Gone", async () => {
    await withDb(env, "fresh", async (db) => {
      const { subscription, deliveryId } = await firedDelivery(db);
      expect(await deliverAlert(db, context(receiver(410).fetch), deliveryId, 1)).toBe("done");
      const row = await subscriptionById(db, subscription.id);
      expect(row?.status).toBe("disabled");
      expect(row?.disabledReason).toBe("the webhook answered HTTP 410");
    });
  });

  it("retries other failures, and records the last attempt as dead for the dead-letter queue", async () => {
    await withDb(env, "fresh", async (db) => {
      const { subscription, deliveryId } = await firedDelivery(db);
      const failing = receiver(503);
      for (let attempt = 1; attempt < MAX_DELIVERY_ATTEMPTS; attempt++) {
        expect(await deliverAlert(db, context(failing.fetch), deliveryId, attempt)).toBe("retry");
        const [row] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.id, deliveryId));
        expect(row).toMatchObject({ status: "failed", attempts: attempt, lastError: "the webhook answered HTTP 503" });
      }
      expect(await deliverAlert(db, context(failing.fetch), deliveryId, MAX_DELIVERY_ATTEMPTS)).toBe("retry");
      const [row] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.id, deliveryId));
      expect(row?.status).toBe("dead");
      expect((await subscriptionById(db, subscription.id))?.status).toBe("active");
    });
  });

  it("does not follow a webhook's redirect", async () => {
    await withDb(env, "fresh", async (db) => {
      const { deliveryId } = await firedDelivery(db);
      const redirecting = receiver(302);
      expect(await deliverAlert(db, context(redirecting.fetch), deliveryId, 1)).toBe("retry");
      expect(redirecting.received[0]?.redirect).toBe("manual");
    });
  });
});

describe("email through Postmark (recorded and documented answers)", () => {
  const recorded = (fixture: unknown) => recordingSchema.parse(fixture) as Recording;
  const mailerOn = (fixture: unknown, requests: Request[] = []) =>
    postmarkMailer(
      async (input, init) => {
        requests.push(new Request(input, init));
        return replayFetch(recorded(fixture))(input, init);
      },
      { serverToken: "POSTMARK_API_TEST", from: "CloudGPUs alerts <alerts@cloudgpus.test>" },
    );
  const mail = {
    to: "receiver@example.com",
    subject: "s",
    text: "t",
    html: "<p>t</p>",
    unsubscribeUrl: `${SITE}/alerts/unsubscribe?token=u1`,
  };

  it("sends, with the one-click unsubscribe headers", async () => {
    const requests: Request[] = [];
    expect(await mailerOn(sent, requests).send(mail)).toEqual({ ok: true });
    const body = (await requests[0]!.json()) as { To: string; Headers: { Name: string; Value: string }[] };
    expect(requests[0]!.headers.get("X-Postmark-Server-Token")).toBe("POSTMARK_API_TEST");
    expect(body.To).toBe("receiver@example.com");
    expect(body.Headers).toEqual([
      { Name: "List-Unsubscribe", Value: `<${SITE}/alerts/unsubscribe?token=u1>` },
      { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" },
    ]);
  });

  it("takes an inactive recipient as fatal, a bad token and an outage as passing", async () => {
    expect(await mailerOn(inactive).send(mail)).toMatchObject({ ok: false, fatal: true });
    expect(await mailerOn(badToken).send(mail)).toMatchObject({ ok: false, fatal: false });
    expect(await mailerOn(outage).send(mail)).toEqual({
      ok: false,
      fatal: false,
      reason: "Postmark answered HTTP 503",
    });
  });

  it("mails nothing but the confirmation before an address confirms, and disables an inactive one", async () => {
    await withDb(env, "fresh", async (db) => {
      const { rule, setOffer, match } = await scene(db);
      const pending = await rule({ channel: "email", target: "receiver@example.com", status: "pending_confirmation" });
      await setOffer({ pricePerHour: 3 });
      expect(await match()).toEqual([]); // only active rules match

      const requests: Request[] = [];
      const mailer = mailerOn(sent, requests);
      expect(await sendConfirmation(db, context(receiver().fetch, { mailer }), pending.id)).toBe("done");
      const confirmation = (await requests[0]!.json()) as { Subject: string; TextBody: string };
      expect(confirmation.Subject).toBe("Confirm your CloudGPUs price alert");
      expect(confirmation.TextBody).toMatch(/https:\/\/cloudgpus\.test\/alerts\/confirm\?token=cgc_[\w-]{43}/);
      expect((await subscriptionById(db, pending.id))?.confirmTokenHash).toMatch(/^[0-9a-f]{64}$/);

      const other = await rule({ channel: "email", target: "gone@example.com", status: "pending_confirmation" });
      expect(await sendConfirmation(db, context(receiver().fetch, { mailer: mailerOn(inactive) }), other.id)).toBe(
        "done",
      );
      expect((await subscriptionById(db, other.id))?.status).toBe("disabled");
    });
  });
});

describe("digests", () => {
  it("are one mail a day per address: what fires within the day is held, then mailed in one delivery", async () => {
    await withDb(env, "fresh", async (db) => {
      const { rule, setOffer, match } = await scene(db);
      const address = `digest+${crypto.randomUUID()}@example.com`;
      const digest = (values: Parameters<typeof rule>[0]) =>
        rule({ channel: "email", target: address, digest: true, backInStock: true, ...values });
      // Two alerts of one address; the first mailed its digest an hour ago, the second never did.
      const mailed = await digest({ lastNotifiedAt: new Date(NOW.getTime() - 3_600_000) });
      const other = await digest({ target: address.toUpperCase() });
      await setOffer({ pricePerHour: 3 }); // price_below and back_in_stock hold for both
      expect(await match()).toEqual([]); // all held: the address had its digest an hour ago
      const ours = <T extends { subscriptionId: string }>(rows: T[]) =>
        rows.filter((row) => row.subscriptionId === mailed.id || row.subscriptionId === other.id);
      expect(ours(await flushDigests(db, NOW, DIGEST_INTERVAL_MS))).toEqual([]);
      const later = new Date(NOW.getTime() + DIGEST_INTERVAL_MS);
      const flushed = ours(await flushDigests(db, later, DIGEST_INTERVAL_MS));
      expect(flushed).toHaveLength(1);
      const rows = ours(
        await db
          .select()
          .from(alertDeliveries)
          .where(inArray(alertDeliveries.subscriptionId, [mailed.id, other.id])),
      );
      expect(rows.map((row) => [row.id === flushed[0]?.deliveryId, row.status])).toEqual([[true, "queued"]]);
      const events = (rows[0]?.events ?? []) as { event: string }[];
      expect(events.map((event) => event.event).sort()).toEqual([
        "back_in_stock",
        "back_in_stock",
        "price_below",
        "price_below",
      ]);
    });
  });
});

describe("the weekly report", () => {
  it("lists the week's biggest moves, not the newest", async () => {
    const now = new Date();
    const instanceType = `report-${crypto.randomUUID().slice(0, 8)}`;
    await withDb(env, "fresh", async (db) => {
      const provider = await createProvider(db);
      const gpu = await createGpuModel(db);
      const offer = await createInstance(db, provider.id, { gpuModelId: gpu.id, instanceType, pricePerHour: 10 });
      const row = (price: number, hoursAgo: number) => ({
        instanceId: offer.id,
        providerId: provider.id,
        gpuModelId: gpu.id,
        pricePerHour: price,
        pricePerGpuHour: price,
        availabilityStatus: "available" as const,
        gpuCount: 1,
        recordedAt: new Date(now.getTime() - hoursAgo * 3_600_000),
      });
      // Six days ago the price went from $1 to $10; then 120 moves of about 10 % each, all newer.
      await db
        .insert(priceHistory)
        .values([
          row(1, 150),
          row(10, 144),
          ...Array.from({ length: 120 }, (_, n) => row(n % 2 ? 10 : 11, 120 - n * 0.5)),
        ]);
    });
    const report = await withDb(env, "fresh", (db) => weeklyReport(db, now));
    expect(report.text).toContain(`(${instanceType}): $1.00 → $10.00 (+900%)`);
  });

  it("names each provider's scrape health, and the week it covers", async () => {
    await withDb(env, "fresh", async (db) => {
      const provider = await createProvider(db, { displayName: `Report & <Co> ${crypto.randomUUID().slice(0, 4)}` });
      const now = new Date();
      await db.insert(scrapeJobs).values([
        { providerId: provider.id, status: "failed", startedAt: new Date(now.getTime() - 3_600_000) },
        { providerId: provider.id, status: "failed", startedAt: new Date(now.getTime() - 7_200_000) },
      ]);
      const report = await weeklyReport(db, now);
      const week = `${new Date(now.getTime() - 7 * 86_400_000).toISOString().slice(0, 10)} to ${now.toISOString().slice(0, 10)}`;
      expect(report.title).toBe(`CloudGPUs weekly report, ${week}`);
      expect(report.text).toContain("*Biggest price moves*");
      // Provider text is escaped for Slack.
      const name = provider.displayName.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
      expect(report.text).toContain(`• ${name}: 2; 2 failed; none this week`);
    });
  });
});
