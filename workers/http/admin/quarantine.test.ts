import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import type { ProviderOffer } from "../../../shared/offers";
import { type Database, withDb } from "../../db/client";
import { scrapeTarget } from "../../db/queries/admin-catalog";
import { adminAudit, instances, providers, scrapeOfferIssues, scrapeSchedules } from "../../db/schema";
import { scrapeProvider } from "../../queues/scrape";
import { createProvider, providerOffer } from "../../testing/factories";
import { scrapeOffers } from "../../testing/scrape";
import { TOKEN_ACTOR } from "./core";
import { quarantineAdmin } from "./quarantine";
import { adminApp } from "./testing";

// The whole admin API, as production mounts it.
const app = adminApp;

const ADMIN_TOKEN = "test-admin-token-quarantine-0123456789";

function call(method: string, path: string, { body, token = ADMIN_TOKEN }: { body?: unknown; token?: string } = {}) {
  return app.request(
    `/admin${path}`,
    {
      method,
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    },
    { ...env, ADMIN_TOKEN },
  );
}

interface QuarantinedOffer {
  id: string;
  provider: string;
  instance_type: string;
  gpu_model: string | null;
  code: string;
  message: string;
  price_per_hour: number | null;
  price_per_gpu_hour: number | null;
  previous_price_per_hour: number | null;
  decision: string | null;
  decided_by: string | null;
  scrape_enqueued?: boolean;
}

async function queue(query: string) {
  const response = await call("GET", `/quarantine?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { docs: QuarantinedOffer[]; totalDocs: number };
}

const decide = (id: string, decision: unknown) => call("POST", `/quarantine/${id}`, { body: { decision } });

const write = <T>(work: (db: Database) => Promise<T>) => withDb(env, "fresh", work);
const h100 = (instanceType: string, pricePerHour: number, overrides: Partial<ProviderOffer> = {}) =>
  providerOffer(instanceType, { pricePerHour, ...overrides });
const unreadable = (instanceType: string) => ({ instanceType, reason: "price unreadable", raw: {} });

const published = (db: Database, providerId: string, instanceType: string) =>
  db
    .select()
    .from(instances)
    .where(and(eq(instances.providerId, providerId), eq(instances.instanceType, instanceType)))
    .then((rows) => rows[0]);

const auditOf = (id: string) => write((db) => db.select().from(adminAudit).where(eq(adminAudit.targetId, id)));

/** A test provider whose one offer `gpu_1x` holds the given price in quarantine (new, so no published price). */
async function heldPlaceholder(price = 0.5) {
  return write(async (db) => {
    const provider = await createProvider(db);
    await scrapeOffers(db, provider.id, [h100("gpu_1x", price)]);
    const [held] = (await queue(`provider=${provider.slug}`)).docs;
    return { provider, held: held! };
  });
}

afterEach(() => vi.restoreAllMocks());

describe("GET /admin/quarantine", () => {
  it("lists the latest undecided observation of each offer, newest first, with its prices", async () => {
    const provider = await write((db) => createProvider(db));
    await write(async (db) => {
      await scrapeOffers(db, provider.id, [h100("a", 2.99), h100("b", 2.99)]);
      await scrapeOffers(db, provider.id, [h100("a", 0.99), h100("b", 2.99)]);
      await scrapeOffers(db, provider.id, [h100("a", 1.2), h100("b", 2.99)]); // supersedes a's 0.99
      await scrapeOffers(db, provider.id, [h100("b", 9)], { skipped: [unreadable("a")] });
      await scrapeOffers(db, provider.id, [h100("c", 4, { gpuCount: 8 })], {
        skipped: [unreadable("a"), unreadable("b")],
      });
    });
    const { docs, totalDocs } = await queue(`provider=${provider.slug}`);
    expect(totalDocs).toBe(3);
    expect(docs.map((doc) => [doc.instance_type, doc.code, doc.price_per_hour, doc.previous_price_per_hour])).toEqual([
      ["c", "PRICE_IMPLAUSIBLE", 4, null],
      ["b", "PRICE_ANOMALY", 9, 2.99],
      ["a", "PRICE_ANOMALY", 1.2, 2.99],
    ]);
    expect(docs[2]).toMatchObject({
      provider: provider.slug,
      gpu_model: "h100-sxm",
      price_per_gpu_hour: 1.2,
      decision: null,
    });
    // Never published: its GPU count (and so its price per GPU-hour) is not known.
    expect(docs[0]!.price_per_gpu_hour).toBeNull();
    expect(docs[0]!.message).toContain("$0.5/GPU-hour is outside h100-sxm's plausible");

    const second = await queue(`provider=${provider.slug}&limit=2&page=2`);
    expect(second.docs.map((doc) => doc.instance_type)).toEqual(["a"]);
  });

  it("drops an observation from the queue once the offer is published again", async () => {
    const provider = await write((db) => createProvider(db));
    await write(async (db) => {
      await scrapeOffers(db, provider.id, [h100("a", 2.99)]);
      await scrapeOffers(db, provider.id, [h100("a", 0.99)]);
    });
    expect((await queue(`provider=${provider.slug}`)).totalDocs).toBe(1);
    await write((db) => scrapeOffers(db, provider.id, [h100("a", 2.95)]));
    expect(await queue(`provider=${provider.slug}`)).toMatchObject({ totalDocs: 0, docs: [] });
  });

  it("lists decided observations apart, with who decided", async () => {
    const { provider, held } = await heldPlaceholder();
    expect((await decide(held.id, "reject")).status).toBe(200);
    expect((await queue(`provider=${provider.slug}`)).docs).toEqual([]);
    const { docs } = await queue(`provider=${provider.slug}&decided=true`);
    expect(docs).toMatchObject([{ id: held.id, decision: "rejected", decided_by: TOKEN_ACTOR }]);
  });

  it.each([
    ["an unknown parameter", "status=open"],
    ["a limit above 100", "limit=101"],
    ["a page of 0", "page=0"],
    ["a limit that is not a number", "limit=ten"],
    ["decided that is not true or false", "decided=yes"],
  ])("answers 400 to %s", async (_name, query) => {
    const response = await call("GET", `/quarantine?${query}`);
    expect(response.status).toBe(400);
    expect(apiErrorSchema.parse(await response.json()).code).toBe("VALIDATION_ERROR");
  });

  it("answers 404 to an unknown provider", async () => {
    const response = await call("GET", "/quarantine?provider=no-such-provider");
    expect(response.status).toBe(404);
  });
});

describe("POST /admin/quarantine/{id}", () => {
  it("approves a price: the next scrape publishes it, and keeps publishing it while the provider keeps it", async () => {
    const { provider, held } = await heldPlaceholder(0.5);
    const response = await decide(held.id, "approve");
    expect(response.status).toBe(200);
    // A test provider has no adapter: a scrape of it could only fail, so none is enqueued.
    expect(await response.json()).toMatchObject({
      id: held.id,
      decision: "approved",
      decided_by: TOKEN_ACTOR,
      scrape_enqueued: false,
    });

    await write(async (db) => {
      const next = await scrapeOffers(db, provider.id, [h100("gpu_1x", 0.505)]);
      expect(next.prepared.issues).toEqual([]);
      expect(await published(db, provider.id, "gpu_1x")).toMatchObject({ pricePerHour: 0.505, isActive: true });
      await scrapeOffers(db, provider.id, [h100("gpu_1x", 0.5)]);
      expect(await published(db, provider.id, "gpu_1x")).toMatchObject({ pricePerHour: 0.5 });
      // Another implausible price is not what the operator vouched for.
      const other = await scrapeOffers(db, provider.id, [h100("gpu_1x", 0.4)]);
      expect(other.prepared.issues).toMatchObject([{ kind: "quarantined", code: "PRICE_IMPLAUSIBLE" }]);
      expect(await published(db, provider.id, "gpu_1x")).toMatchObject({ pricePerHour: 0.5 });
    });
  });

  it("rejects a placeholder: however often the provider repeats it, it stays in quarantine", async () => {
    const send = vi.spyOn(env.SCRAPE_QUEUE, "send");
    const provider = await write((db) => createProvider(db));
    await write(async (db) => {
      await scrapeOffers(db, provider.id, [h100("a", 2.99)]);
      await scrapeOffers(db, provider.id, [h100("a", 0.99)]);
    });
    const [held] = (await queue(`provider=${provider.slug}`)).docs;
    const response = await decide(held!.id, "reject");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ decision: "rejected", scrape_enqueued: false });
    expect(send).not.toHaveBeenCalled();

    await write(async (db) => {
      for (let repeat = 0; repeat < 3; repeat++) {
        const again = await scrapeOffers(db, provider.id, [h100("a", 0.99)]);
        expect(again.prepared.issues).toMatchObject([{ kind: "quarantined", code: "PRICE_ANOMALY" }]);
        expect(again.prepared.issues[0]!.message).toContain("an operator rejected $0.99/hour");
      }
      expect(await published(db, provider.id, "a")).toMatchObject({ pricePerHour: 2.99, isActive: true });
    });
  });

  it("audits each decision with its actor, before and after", async () => {
    const { held } = await heldPlaceholder();
    await decide(held.id, "approve");
    const [entry] = await auditOf(held.id);
    expect(entry).toMatchObject({
      actor: TOKEN_ACTOR,
      action: "quarantine.approve",
      targetType: "offer-issue",
      before: { decision: null, decided_at: null, decided_by: null },
      after: { decision: "approved", decided_by: TOKEN_ACTOR },
    });
    const stored = await write((db) => db.select().from(scrapeOfferIssues).where(eq(scrapeOfferIssues.id, held.id)));
    expect((entry!.after as { decided_at: string }).decided_at).toBe(stored[0]!.decidedAt!.toISOString());
  });

  it("answers 409 to a second decision, and keeps the first", async () => {
    const { held } = await heldPlaceholder();
    expect((await decide(held.id, "reject")).status).toBe(200);
    const again = await decide(held.id, "approve");
    expect(again.status).toBe(409);
    expect(apiErrorSchema.parse(await again.json())).toMatchObject({ code: "CONFLICT" });
    expect((await auditOf(held.id)).map((entry) => entry.action)).toEqual(["quarantine.reject"]);
    const [row] = await write((db) => db.select().from(scrapeOfferIssues).where(eq(scrapeOfferIssues.id, held.id)));
    expect(row!.decision).toBe("rejected");
  });

  it("answers 409 to a decision on an issue that is not quarantined", async () => {
    const id = await write(async (db) => {
      const provider = await createProvider(db);
      const { stored } = await scrapeOffers(db, provider.id, [h100("k", 1, { gpuNameRaw: "Tesla K80" })]);
      const [issue] = await db
        .select()
        .from(scrapeOfferIssues)
        .where(eq(scrapeOfferIssues.scrapeJobId, stored.scrapeJobId));
      return issue!.id;
    });
    const response = await decide(id, "approve");
    expect(response.status).toBe(409);
    expect((await response.json()) as { message: string }).toMatchObject({
      message: expect.stringContaining("unmapped"),
    });
    expect(await auditOf(id)).toEqual([]);
  });

  it("answers 404 to an unknown id and to one that cannot be an id", async () => {
    expect((await decide(crypto.randomUUID(), "approve")).status).toBe(404);
    expect((await decide("1;DROP TABLE", "approve")).status).toBe(404);
  });

  it.each([
    ["an unknown decision", { decision: "maybe" }, "VALIDATION_ERROR"],
    ["a decision in the past tense", { decision: "approved" }, "VALIDATION_ERROR"],
    ["no decision", {}, "VALIDATION_ERROR"],
    ["an unknown field", { decision: "approve", decided_by: "someone-else" }, "VALIDATION_ERROR"],
    ["a body that is not JSON", "decision=approve", "BAD_REQUEST"],
  ])("answers 400 to %s and decides nothing", async (_name, body, code) => {
    const { held } = await heldPlaceholder();
    const response = await call("POST", `/quarantine/${held.id}`, { body });
    expect(response.status).toBe(400);
    expect(apiErrorSchema.parse(await response.json()).code).toBe(code);
    const [row] = await write((db) => db.select().from(scrapeOfferIssues).where(eq(scrapeOfferIssues.id, held.id)));
    expect(row!.decision).toBeNull();
  });

  it("answers 401 without the admin token", async () => {
    const { held } = await heldPlaceholder();
    expect(
      (await call("POST", `/quarantine/${held.id}`, { body: { decision: "approve" }, token: "wrong" })).status,
    ).toBe(401);
  });
});

describe("approval end to end", () => {
  it("enqueues a scrape of the provider that publishes the approved price", async () => {
    const type = "vm-1x-mi300x-13c-224g";
    const id = await write(async (db) => {
      await scrapeProvider(db, env, { provider: "hot-aisle" }, 1);
      const [provider] = await db.select().from(providers).where(eq(providers.slug, "hot-aisle"));
      // As if Hot Aisle had charged $1.20 until now: its recorded $2.99 is then a jump held back.
      await db
        .update(instances)
        .set({ pricePerHour: 1.2 })
        .where(and(eq(instances.providerId, provider!.id), eq(instances.instanceType, type)));
      await scrapeProvider(db, env, { provider: "hot-aisle" }, 1);
      expect(await published(db, provider!.id, type)).toMatchObject({ pricePerHour: 1.2 });
      return provider!.id;
    });
    const held = (await queue("provider=hot-aisle")).docs.find((doc) => doc.instance_type === type);
    expect(held).toMatchObject({ code: "PRICE_ANOMALY", price_per_hour: 2.99, previous_price_per_hour: 1.2 });

    const response = await decide(held!.id, "approve");
    expect(await response.json()).toMatchObject({ scrape_enqueued: true });
    // The real scrape queue delivers the message to the consumer, which scrapes the recording again.
    await vi.waitFor(
      async () => expect(await write((db) => published(db, id, type))).toMatchObject({ pricePerHour: 2.99 }),
      { timeout: 15_000, interval: 250 },
    );
  });
});

describe("scrapeTarget", () => {
  it("sends a provider to its schedule's queue, with what decides whether it may be scraped", async () => {
    await write(async (db) => {
      const unscheduled = await createProvider(db);
      expect(await scrapeTarget(db, unscheduled.id)).toMatchObject({
        slug: unscheduled.slug,
        queue: "scrape",
        isActive: true,
        status: "active",
      });
      const browser = await createProvider(db);
      // Not enabled, so the planner never plans this test provider.
      await db
        .insert(scrapeSchedules)
        .values({ providerId: browser.id, priority: "P2", intervalHours: 8, queue: "browser-scrape", enabled: false });
      expect(await scrapeTarget(db, browser.id)).toMatchObject({ queue: "browser-scrape" });
      const disabled = await createProvider(db, { status: "disabled", statusReason: "paused" });
      expect(await scrapeTarget(db, disabled.id)).toMatchObject({ status: "disabled", statusReason: "paused" });
      const inactive = await createProvider(db, { isActive: false });
      expect(await scrapeTarget(db, inactive.id)).toMatchObject({ isActive: false });
    });
  });
});

describe("quarantineAdmin in OpenAPI", () => {
  it("documents its routes under the admin tag, with their request schemas", () => {
    const document = quarantineAdmin.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "test", version: "0" } });
    for (const path of ["/quarantine", "/quarantine/{id}"]) {
      const operations = Object.values(document.paths?.[path] ?? {}) as { tags?: string[] }[];
      expect(operations.length).toBeGreaterThan(0);
      for (const operation of operations) expect(operation.tags).toEqual(["admin"]);
    }
  });
});
