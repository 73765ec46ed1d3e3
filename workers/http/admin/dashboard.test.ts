import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import { type Database, withDb } from "../../db/client";
import {
  deadLetters,
  maintenanceRuns,
  providers,
  scrapeJobs,
  scrapeOfferIssues,
  scrapeSchedules,
} from "../../db/schema";
import { createInstance, createProvider } from "../../testing/factories";
import { adminApp } from "./testing";

// The dashboard as an operator loads it, against rows of this file's own in the shared test
// database: every provider's row, alert and queue entry below is found by its own unique name.

// The whole admin API, as production mounts it.
const app = adminApp;

const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
const withToken: Env = { ...env, ADMIN_TOKEN };
const HOUR_MS = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR_MS);
const tag = crypto.randomUUID().slice(0, 8);

const load = (bindings: Env = withToken, token: string | null = ADMIN_TOKEN) =>
  app.request("/admin", { headers: token === null ? {} : { Authorization: `Bearer ${token}` } }, bindings);

/** The visible text of the table row with this id, whitespace folded. */
function rowText(html: string, id: string): string {
  const row = new RegExp(`<tr id="${id}">(.*?)</tr>`, "s").exec(html)?.[1];
  if (row === undefined) throw new Error(`no row ${id} on the page`);
  return textOf(row);
}
/** Text as a reader sees it: cells and list items apart, inline elements run together. */
const textOf = (html: string) =>
  html
    .replace(/<\/?(td|th|tr|li|ul|p|dd|dt|div|caption|section|h\d)\b[^>]*>/g, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
const sectionText = (html: string, id: string) =>
  textOf(new RegExp(`<section aria-labelledby="${id}-heading">(.*?)</section>`, "s").exec(html)?.[1] ?? "");

async function job(db: Database, providerId: string, values: Partial<typeof scrapeJobs.$inferInsert>) {
  const [row] = await db
    .insert(scrapeJobs)
    .values({ providerId, status: "completed", ...values })
    .returning({ id: scrapeJobs.id });
  return row!.id;
}

const slugs = {
  failing: `test-dash-failing-${tag}`,
  healthy: `test-dash-healthy-${tag}`,
  disabled: `test-dash-disabled-${tag}`,
  unscheduled: `test-dash-unscheduled-${tag}`,
  tripped: `test-dash-tripped-${tag}`,
};
const quarantinedType = `dash_quarantined_${tag}`;
const unmappedName = `quantum x${tag} 96gb`;
const deadLetterKind = `test-${tag}`;
const maintenanceJob = `test-job-${tag}`;
const LONG_MESSAGE = `The provider did not answer within 30 s. ${"Retrying later. ".repeat(20)}`;

describe("the scraper-health dashboard", () => {
  beforeAll(async () => {
    await withDb(env, "fresh", async (db) => {
      const failing = await createProvider(db, { slug: slugs.failing, displayName: `Failing ${tag}` });
      const healthy = await createProvider(db, { slug: slugs.healthy, displayName: `Healthy ${tag}` });
      await createProvider(db, {
        slug: slugs.disabled,
        displayName: `Disabled ${tag}`,
        status: "disabled",
        statusReason: "contract ended",
        statusSetBy: "ops@example.com",
      });
      await createProvider(db, { slug: slugs.unscheduled, displayName: `Unscheduled ${tag}` });
      const tripped = await createProvider(db, { slug: slugs.tripped, displayName: `Tripped ${tag}` });
      await db.insert(scrapeSchedules).values([
        { providerId: failing.id, priority: "P0", intervalHours: 4 },
        { providerId: healthy.id, priority: "P1", intervalHours: 6 },
        { providerId: tripped.id, priority: "P2", intervalHours: 8 },
      ]);

      // Failing: its last success 30 h ago, then two timeouts, the last one 2 h ago.
      await job(db, failing.id, { startedAt: ago(30), completedAt: ago(30), durationMs: 900 });
      await job(db, failing.id, { status: "timeout", startedAt: ago(6), errorCode: "ETIMEDOUT" });
      await job(db, failing.id, {
        status: "timeout",
        startedAt: ago(2),
        durationMs: 30_000,
        errorCode: "ETIMEDOUT",
        errorMessage: LONG_MESSAGE,
      });
      // Healthy: failed yesterday, succeeded an hour ago with one offer listed.
      await job(db, healthy.id, { status: "failed", startedAt: ago(20), errorCode: "HTTP_5XX" });
      const healthyJob = await job(db, healthy.id, {
        startedAt: ago(1),
        completedAt: ago(1),
        durationMs: 12_345,
        instancesFound: 17,
        instancesUpdated: 15,
        instancesCreated: 2,
        instancesDeactivated: 1,
      });
      await createInstance(db, healthy.id);
      await createInstance(db, healthy.id, { isActive: false });
      await job(db, tripped.id, { startedAt: ago(1), completedAt: ago(1) });

      await db.insert(scrapeOfferIssues).values([
        {
          scrapeJobId: healthyJob,
          providerId: healthy.id,
          kind: "quarantined",
          code: "PRICE_JUMP",
          message: "price fell 80% since the last scrape",
          instanceType: quarantinedType,
          gpuNameRaw: "H100 80GB",
          pricePerHour: 0.49,
          previousPricePerHour: 2.49,
        },
        // Enough sightings to be among the most seen names whatever other tests stored.
        ...Array.from({ length: 200 }, () => ({
          scrapeJobId: healthyJob,
          providerId: healthy.id,
          kind: "unmapped" as const,
          code: "UNKNOWN_GPU",
          message: "not in the catalog",
          gpuNameRaw: `  ${unmappedName.toUpperCase()} `,
        })),
      ]);
      await db.insert(deadLetters).values({
        queue: "cloudgpus-scrape-dlq",
        kind: deadLetterKind,
        messageId: `msg-${tag}`,
        body: { provider: slugs.failing },
        attempts: 3,
      });
      await db.insert(maintenanceRuns).values({
        job: maintenanceJob,
        scheduledFor: ago(3),
        startedAt: ago(3),
        completedAt: ago(3),
        status: "completed",
        rowsBefore: 1_200,
        rowsAfter: 1_150,
        affected: 50,
      });
    });
    // Five failures open a breaker under the default policy (docs/design.md §5).
    for (let failure = 0; failure < 5; failure++)
      await env.PROVIDER_BREAKER.getByName(slugs.tripped).recordFailure("HTTP 503");
  });

  afterAll(async () => {
    await withDb(env, "fresh", async (db) => {
      await db.delete(providers).where(inArray(providers.slug, Object.values(slugs)));
      await db.delete(deadLetters).where(eq(deadLetters.kind, deadLetterKind));
      await db.delete(maintenanceRuns).where(eq(maintenanceRuns.job, maintenanceJob));
    });
  });

  it("answers a page that is not indexed, not cached, and loads only its own stylesheet", async () => {
    const response = await load();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('<meta name="robots" content="noindex"/>');
    expect(html).toContain("<h1>Scraper health</h1>");
    expect(html).not.toContain("<script");
  });

  it("shows a failing provider's last job, its failure streak and how long since it succeeded", async () => {
    const html = await (await load()).text();
    const row = rowText(html, `provider-${slugs.failing}`);
    expect(row).toContain(
      `Failing ${tag} ${slugs.failing} P0 critical no successful scrape for 30 h (window 6 h) 2 failed scrapes in a row status active timeout`,
    );
    expect(row).toMatch(/ UTC \(2 h ago\) 30 s /);
    expect(row).toMatch(/ETIMEDOUT The provider did not answer within 30 s\. (Retrying later\. )+[\w ]*… 30 h/);
    expect(row).toMatch(/ 30 h window 6 h 2 0 closed$/);
    // The whole message is kept for hovering.
    expect(html).toContain(`title="${LONG_MESSAGE}"`);
  });

  it("shows a healthy provider's counts and active offers", async () => {
    const row = rowText(await (await load()).text(), `provider-${slugs.healthy}`);
    expect(row).toContain(`${slugs.healthy} P1 ok status active completed`);
    expect(row).toMatch(/ UTC \(1 h ago\) 12\.3 s 17 15 2 1 1 h window 8 h 0 1 closed$/);
  });

  it("shows an open breaker, a disabled and an unscheduled provider", async () => {
    const html = await (await load()).text();
    expect(rowText(html, `provider-${slugs.tripped}`)).toMatch(/critical circuit breaker open .* open$/);
    expect(rowText(html, `provider-${slugs.disabled}`)).toContain(
      "no priority off status disabled: contract ended (set by ops@example.com) no scrape yet",
    );
    expect(rowText(html, `provider-${slugs.unscheduled}`)).toMatch(
      /no priority unscheduled status active no scrape yet .* never/,
    );
    // Off providers come last: the disabled one after the unscheduled one.
    expect(html.indexOf(`provider-${slugs.disabled}`)).toBeGreaterThan(html.indexOf(`provider-${slugs.unscheduled}`));
    expect(html.indexOf(`provider-${slugs.unscheduled}`)).toBeGreaterThan(html.indexOf(`provider-${slugs.healthy}`));
  });

  it("raises a stale-data alert for the provider past its window, not for the others", async () => {
    const alerts = sectionText(await (await load()).text(), "alerts");
    expect(alerts).toContain(`critical Failing ${tag} (P0): last successful scrape 30 h ago, window 6 h`);
    for (const name of ["Healthy", "Disabled", "Unscheduled", "Tripped"])
      expect(alerts).not.toContain(`${name} ${tag}`);
  });

  it("lists the quarantine, the unmapped names, the dead letters and the maintenance runs", async () => {
    const html = await (await load()).text();
    const quarantine = sectionText(html, "quarantine");
    expect(Number(/(\d[\d,]*) quarantined observations? waits? for a decision/.exec(quarantine)?.[1])).toBeGreaterThan(
      0,
    );
    expect(quarantine).toMatch(
      new RegExp(
        `Healthy ${tag} ${quarantinedType} H100 80GB PRICE_JUMP price fell 80% since the last scrape \\$0\\.49 \\$2\\.49`,
      ),
    );
    expect(sectionText(html, "unmapped")).toMatch(new RegExp(`${unmappedName} 200 Healthy ${tag} \\d{4}-`));
    expect(sectionText(html, "dead-letters")).toMatch(new RegExp(`${deadLetterKind} 1 \\d{4}-\\d\\d-\\d\\d`));
    expect(sectionText(html, "maintenance")).toMatch(
      new RegExp(`${maintenanceJob} completed \\S+ \\S+ UTC \\(3 h ago\\) 50 1,200 1,150`),
    );
    expect(sectionText(html, "maintenance")).toContain("purge-scrape-jobs");
  });

  it("shows a breaker it cannot ask as unknown instead of failing", async () => {
    // A real Durable Object that has no status(): every breaker call fails as a broken one would.
    const broken = { ...withToken, PROVIDER_BREAKER: env.RATE_LIMITER as unknown as Env["PROVIDER_BREAKER"] };
    const response = await load(broken);
    expect(response.status).toBe(200);
    expect(rowText(await response.text(), `provider-${slugs.healthy}`)).toMatch(/ unknown$/);
  });

  it.each([
    { name: "no token", token: null },
    { name: "a wrong token", token: "test-admin-token-0123456789abcdeX" },
  ])("answers 401 to $name, without a page", async ({ token }) => {
    const response = await load(withToken, token);
    expect(response.status).toBe(401);
    expect(apiErrorSchema.parse(await response.json()).code).toBe("UNAUTHORIZED");
  });
});
