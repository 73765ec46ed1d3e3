import { env } from "cloudflare:workers";
import { and, desc, eq, gte } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { type Database, withDb } from "../db/client";
import { instances, providers, scrapeJobs } from "../db/schema";
import { MAX_BROWSER_ATTEMPTS, scrapeProvider } from "./scrape";
import { screenshotPrefix } from "./screenshots";

// A page scrape sent through the browser-scrape queue, in the real local Browser Rendering binding
// (driving Debian's chromium, workers/testing/global-setup.ts), against the recorded page served
// over loopback by the fixture server.

const fixture = (provider: string, name: string) => `${inject("fixtureServer")}/${provider}/${name}`;
const write = <T>(work: (db: Database) => Promise<T>) => withDb(env, "fresh", work);
const latestJob = async (db: Database, slug: string) => {
  const [provider] = await db.select({ id: providers.id }).from(providers).where(eq(providers.slug, slug));
  const [job] = await db
    .select()
    .from(scrapeJobs)
    .where(eq(scrapeJobs.providerId, provider?.id ?? ""))
    .orderBy(desc(scrapeJobs.startedAt))
    .limit(1);
  return { job, providerId: provider?.id ?? "" };
};

describe("browser-scrape consumer", () => {
  it("reads a pricing page in the browser, stores its offers and keeps a screenshot under the job", async () => {
    const started = new Date();
    const outcome = await write((db) => scrapeProvider(db, env, { provider: "coreweave" }, 1, "browser-scrape"));
    expect(outcome).toEqual({ retryInSeconds: null });
    const { job, providerId } = await write((db) => latestJob(db, "coreweave"));
    expect(job).toMatchObject({ status: "completed", instancesFound: 18, responseStatusCode: 200 });
    const h100 = await write(
      async (db) =>
        (
          await db
            .select()
            .from(instances)
            .where(
              and(
                eq(instances.providerId, providerId),
                eq(instances.instanceType, "hgx-h100/north-america"),
                gte(instances.lastScrapedAt, started),
              ),
            )
        )[0],
    );
    expect(h100).toMatchObject({ pricePerHour: 49.24, pricePerHourSpot: 19.71, gpuCount: 8, isActive: true });
    const shots = await env.SCREENSHOTS.list({ prefix: screenshotPrefix(job?.id ?? "") });
    expect(shots.objects.map((object) => object.key)).toEqual([`${screenshotPrefix(job?.id ?? "")}1.png`]);
    const png = await env.SCREENSHOTS.get(shots.objects[0]?.key ?? "");
    expect(new Uint8Array(await (png as R2ObjectBody).arrayBuffer()).slice(0, 4)).toEqual(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    );
  }, 60_000);

  it(`tries a failing page ${MAX_BROWSER_ATTEMPTS} times, 5 s apart, and keeps the screenshot of each failure`, async () => {
    const unavailable = { ...env, COREWEAVE_BASE_URL: fixture("coreweave", "unavailable") } as Env;
    const first = await write((db) => scrapeProvider(db, unavailable, { provider: "coreweave" }, 1, "browser-scrape"));
    expect(first).toEqual({ retryInSeconds: 5 });
    const { job } = await write((db) => latestJob(db, "coreweave"));
    expect(job).toMatchObject({ status: "failed", errorCode: "UPSTREAM_UNAVAILABLE" });
    const shots = await env.SCREENSHOTS.list({ prefix: screenshotPrefix(job?.id ?? "") });
    expect(shots.objects).toHaveLength(1);
    const last = await write((db) =>
      scrapeProvider(db, unavailable, { provider: "coreweave" }, MAX_BROWSER_ATTEMPTS, "browser-scrape"),
    );
    expect(last).toEqual({ retryInSeconds: null });
  }, 60_000);
});
