import { env } from "cloudflare:workers";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { ProviderOffer, SkippedRecord } from "../../shared/offers";
import { createGpuModel, createProvider, gpuModelId, providerOffer } from "../testing/factories";
import { scrapeOffers } from "../testing/scrape";
import { type Database, withDb } from "./client";
import { decideQuarantined } from "./queries/quarantine";
import { gpuNameMappings, instances, priceHistory, scrapeDispatches, scrapeJobs, scrapeOfferIssues } from "./schema";
import { loadProviderState, ScrapeAlreadyStoredError } from "./scrapes";

const write = <T>(work: (db: Database) => Promise<T>) => withDb(env, "fresh", work);

const offer = providerOffer;

/** A scrape as the consumer stores it, with a recorded exchange (the job row keeps its size). */
const scrape = (
  db: Database,
  providerId: string,
  offers: ProviderOffer[],
  dispatch: { scheduledFor: Date } | null = null,
  skipped: SkippedRecord[] = [],
) =>
  scrapeOffers(db, providerId, offers, {
    dispatch,
    skipped,
    exchanges: [{ url: "https://provider.example/api", status: 200, bytes: 1234 }],
  });

const rowsOf = (db: Database, providerId: string) =>
  db.select().from(instances).where(eq(instances.providerId, providerId)).orderBy(instances.instanceType);
const historyCount = async (db: Database, providerId: string) =>
  (await db.select({ n: count() }).from(priceHistory).where(eq(priceHistory.providerId, providerId)))[0]!.n;

describe("storeScrape", () => {
  it("creates offers with USD prices, per-GPU price and a scrape_jobs row", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      const { stored } = await scrape(db, provider.id, [
        offer("gpu_8x_h100", { gpuCount: 8, pricePerHour: 23.92 }),
        offer("gpu_1x_h100"),
      ]);
      expect(stored).toMatchObject({ created: 2, updated: 0, deactivated: 0, priceChanges: [] });
      const rows = await rowsOf(db, provider.id);
      expect(rows.map((row) => [row.instanceType, row.pricePerHour, row.pricePerGpuHour, row.gpuCount])).toEqual([
        ["gpu_1x_h100", 2.99, 2.99, 1],
        ["gpu_8x_h100", 23.92, 2.99, 8],
      ]);
      const [job] = await db.select().from(scrapeJobs).where(eq(scrapeJobs.id, stored.scrapeJobId));
      expect(job).toMatchObject({
        status: "completed",
        instancesFound: 2,
        instancesCreated: 2,
        instancesUpdated: 0,
        instancesDeactivated: 0,
        requestUrl: "https://provider.example/api",
        responseStatusCode: 200,
        rawResponseSizeBytes: 1234,
        scraperVersion: "test/1",
      });
    });
  });

  it("stores the same scrape twice without a second history row", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      await scrape(db, provider.id, [offer("a"), offer("b")]);
      const before = await historyCount(db, provider.id);
      const { stored } = await scrape(db, provider.id, [offer("a"), offer("b")]);
      expect(stored).toMatchObject({ created: 0, updated: 2, priceChanges: [] });
      expect(await historyCount(db, provider.id)).toBe(before);
    });
  });

  it("records a price change once in history and reports it", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      await scrape(db, provider.id, [offer("a", { pricePerHour: 2.99 })]);
      const { stored } = await scrape(db, provider.id, [offer("a", { pricePerHour: 2.49 })]);
      expect(stored.priceChanges).toEqual([
        { instanceType: "a", gpuModel: "h100-sxm", previousPricePerHour: 2.99, pricePerHour: 2.49, gpuCount: 1 },
      ]);
      expect(await historyCount(db, provider.id)).toBe(2);
    });
  });

  it("marks offers that vanished from a complete listing inactive, and keeps their rows", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      await scrape(db, provider.id, [offer("a"), offer("b"), offer("c")]);
      const { stored } = await scrape(db, provider.id, [offer("a"), offer("b")]);
      expect(stored.deactivated).toBe(1);
      const rows = await rowsOf(db, provider.id);
      expect(rows.map((row) => [row.instanceType, row.isActive])).toEqual([
        ["a", true],
        ["b", true],
        ["c", false],
      ]);
    });
  });

  it("keeps everything active when the listing looks truncated", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      await scrape(
        db,
        provider.id,
        ["a", "b", "c", "d"].map((type) => offer(type)),
      );
      const { stored, prepared } = await scrape(db, provider.id, [offer("a")]);
      expect(stored.deactivated).toBe(0);
      expect(prepared.holdDeactivation).toMatch(/truncated/);
      const [job] = await db.select().from(scrapeJobs).where(eq(scrapeJobs.id, stored.scrapeJobId));
      expect(job!.errorMessage).toMatch(/truncated/);
      expect((await rowsOf(db, provider.id)).every((row) => row.isActive)).toBe(true);
    });
  });

  it("ends offers a provider still lists but that are now left out on purpose, without calling it truncated", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      await scrape(
        db,
        provider.id,
        ["a", "b", "c", "d"].map((type) => offer(type)),
      );
      const excluded = ["b", "c", "d"].map(
        (instanceType): SkippedRecord => ({ instanceType, cause: "excluded", reason: "first-party wins", raw: {} }),
      );
      const { stored, prepared } = await scrape(db, provider.id, [offer("a")], null, excluded);
      expect(prepared.holdDeactivation).toBeNull();
      expect(stored.deactivated).toBe(3);
      expect((await rowsOf(db, provider.id)).map((row) => [row.instanceType, row.isActive])).toEqual([
        ["a", true],
        ["b", false],
        ["c", false],
        ["d", false],
      ]);
    });
  });

  it("holds a price jump in quarantine, then publishes it when the next scrape confirms it", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      await scrape(db, provider.id, [offer("a", { pricePerHour: 2.99 })]);
      const held = await scrape(db, provider.id, [offer("a", { pricePerHour: 0.99 })]);
      expect(held.stored.updated).toBe(0);
      expect((await rowsOf(db, provider.id))[0]).toMatchObject({ pricePerHour: 2.99, isActive: true });
      const issues = await db
        .select()
        .from(scrapeOfferIssues)
        .where(eq(scrapeOfferIssues.scrapeJobId, held.stored.scrapeJobId));
      expect(issues).toMatchObject([
        { kind: "quarantined", code: "PRICE_ANOMALY", pricePerHour: 0.99, previousPricePerHour: 2.99 },
      ]);

      const confirmed = await scrape(db, provider.id, [offer("a", { pricePerHour: 0.99 })]);
      expect(confirmed.stored.priceChanges).toHaveLength(1);
      expect((await rowsOf(db, provider.id))[0]).toMatchObject({ pricePerHour: 0.99 });
    });
  });

  it("records every unpublished offer with its reason", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      const { stored } = await scrape(db, provider.id, [
        offer("ok"),
        offer("k80", { gpuNameRaw: "Tesla K80", gpuMemoryGb: 12 }),
        offer("absurd", { pricePerHour: 500 }),
        offer("fractional", { gpuNameRaw: "NVIDIA A100-SXM4-80GB", gpuMemoryGb: 4 }),
      ]);
      const issues = await db
        .select({
          kind: scrapeOfferIssues.kind,
          code: scrapeOfferIssues.code,
          instanceType: scrapeOfferIssues.instanceType,
        })
        .from(scrapeOfferIssues)
        .where(eq(scrapeOfferIssues.scrapeJobId, stored.scrapeJobId))
        .orderBy(scrapeOfferIssues.instanceType);
      expect(issues).toEqual([
        { kind: "quarantined", code: "PRICE_IMPLAUSIBLE", instanceType: "absurd" },
        { kind: "rejected", code: "VRAM_MISMATCH", instanceType: "fractional" },
        { kind: "unmapped", code: "GPU_UNMAPPED", instanceType: "k80" },
      ]);
      expect((await rowsOf(db, provider.id)).map((row) => row.instanceType)).toEqual(["ok"]);
    });
  });

  it.each([
    ["a price of 1e9", { pricePerHour: 1e9 }, "price_per_hour"],
    ["a 1-year reserved price of 1e9", { pricePerHourReserved1y: 1e9 }, "price_per_hour_reserved_1y"],
    ["RAM above 32 767 GB", { ramGb: 40_000 }, "ram_gb"],
    ["a vCPU count above 32 767", { vcpuCount: 99_999 }, "vcpu_count"],
    ["a GPU count above 32 767", { gpuCount: 40_000, pricePerHour: 40_000 * 2.5 }, "gpu_count"],
    ["storage above 2^31 GB", { storageGb: 3e9 }, "storage_gb"],
    ["a NUL byte in the name", { instanceName: "H100\u0000 box", raw: { name: "H100\u0000 box" } }, "instance_name"],
  ])("stores the rest of a scrape with %s in one record, and records that record", async (_name, hostile, field) => {
    await write(async (db) => {
      const provider = await createProvider(db);
      const { stored } = await scrape(db, provider.id, [offer("good"), offer("hostile", hostile), offer("also-good")]);
      expect((await rowsOf(db, provider.id)).map((row) => row.instanceType)).toEqual(["also-good", "good"]);
      const [issue] = await db
        .select()
        .from(scrapeOfferIssues)
        .where(eq(scrapeOfferIssues.scrapeJobId, stored.scrapeJobId));
      expect(issue).toMatchObject({ kind: "rejected", code: "VALUE_OUT_OF_RANGE", instanceType: "hostile" });
      expect(issue!.message).toContain(field);
      expect(JSON.stringify(issue!.rawData)).toContain(field);
      const [job] = await db.select().from(scrapeJobs).where(eq(scrapeJobs.id, stored.scrapeJobId));
      expect(job).toMatchObject({ status: "completed", instancesCreated: 2 });
    });
  });

  it("keeps a raw record with a NUL byte as its JSON text, and still stores the offer", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      await scrape(db, provider.id, [offer("nul-in-raw", { raw: { note: "made\u0000by a broken exporter" } })]);
      const [row] = await rowsOf(db, provider.id);
      expect(row!.rawData).toEqual({ unstorable_json: '{"note":"made\\u0000by a broken exporter"}' });
    });
  });

  it("leaves a stored offer as it was when its record cannot be read this time", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      await scrape(db, provider.id, [offer("steady"), offer("garbled")]);
      const [before] = (await rowsOf(db, provider.id)).filter((row) => row.instanceType === "garbled");
      const { stored } = await scrape(db, provider.id, [offer("steady")], null, [
        { reason: 'price "NaN" is not a number', instanceType: "garbled", raw: { price: "NaN" } },
      ]);
      expect(stored.deactivated).toBe(0);
      const [after] = (await rowsOf(db, provider.id)).filter((row) => row.instanceType === "garbled");
      expect(after).toMatchObject({ isActive: true, pricePerHour: before!.pricePerHour });
      expect(after!.lastScrapedAt).toEqual(before!.lastScrapedAt); // unconfirmed: it turns stale
    });
  });

  it("converts EUR prices with the dated rate and keeps the original", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      await scrape(db, provider.id, [
        offer("H100-1-80G", { currency: "EUR", pricePerHour: 2.73, gpuNameRaw: "H100", formFactor: "PCIe" }),
      ]);
      const [row] = await rowsOf(db, provider.id);
      expect(row).toMatchObject({ currency: "USD", pricePerHour: 3.1941 });
      expect(row!.priceIncludes).toMatchObject({
        original_currency: "EUR",
        original_price_per_hour: 2.73,
        fx_rate: 1.17,
        fx_date: "2025-09-30",
      });
    });
  });

  it("stores a planned scrape once, however often it is delivered", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      const scheduledFor = new Date("2031-01-01T06:00:00Z");
      await db.insert(scrapeDispatches).values({ providerId: provider.id, scheduledFor });
      await scrape(db, provider.id, [offer("a")], { scheduledFor });
      const jobsBefore = await db.select({ n: count() }).from(scrapeJobs).where(eq(scrapeJobs.providerId, provider.id));
      await expect(
        scrape(db, provider.id, [offer("a", { pricePerHour: 2.5 })], { scheduledFor }),
      ).rejects.toBeInstanceOf(ScrapeAlreadyStoredError);
      expect(await db.select({ n: count() }).from(scrapeJobs).where(eq(scrapeJobs.providerId, provider.id))).toEqual(
        jobsBefore,
      );
      expect((await rowsOf(db, provider.id))[0]!.pricePerHour).toBe(2.99);
      const [dispatch] = await db
        .select()
        .from(scrapeDispatches)
        .where(and(eq(scrapeDispatches.providerId, provider.id), eq(scrapeDispatches.scheduledFor, scheduledFor)));
      expect(dispatch!.completedAt).toBeInstanceOf(Date);
    });
  });

  it("upserts large scrapes in batches", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      const many = Array.from({ length: 1_234 }, (_, index) =>
        offer(`offer-${String(index).padStart(4, "0")}`, { pricePerHour: 1 + index / 1_000 }),
      );
      const { stored } = await scrape(db, provider.id, many);
      expect(stored.created).toBe(1_234);
      expect((await rowsOf(db, provider.id)).length).toBe(1_234);
    });
  });
});

describe("loadProviderState", () => {
  it("loads the operators' decisions, and never holds a rejected observation as one a repeat confirms", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      await scrape(db, provider.id, [offer("a", { pricePerHour: 2.99 })]);
      const { stored } = await scrape(db, provider.id, [offer("a", { pricePerHour: 0.99 })]);
      expect((await loadProviderState(db, provider.id)).quarantined.get("a")).toBe(0.99);
      const [held] = await db
        .select()
        .from(scrapeOfferIssues)
        .where(eq(scrapeOfferIssues.scrapeJobId, stored.scrapeJobId));
      await decideQuarantined(db, held!.id, "rejected", "tester");

      const state = await loadProviderState(db, provider.id);
      expect(state.quarantined.has("a")).toBe(false);
      expect(state.decisions.get("a")).toEqual([
        { decision: "rejected", pricePerHour: 0.99, decidedAt: expect.any(Date) },
      ]);
      expect(state.stored.get("a")).toMatchObject({ pricePerHour: 2.99, publishedAt: expect.any(Date) });
    });
  });

  it("loads the GPU name mappings that apply to the provider, its own before the ones for every provider", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      const other = await createProvider(db);
      const retired = await createGpuModel(db, { isActive: false });
      const name = (label: string) => `${label} ${crypto.randomUUID().slice(0, 8)}`;
      const [both, global, othersOnly, toRetired] = [name("both"), name("global"), name("other"), name("retired")];
      const h100 = await gpuModelId(db, "h100-sxm");
      await db.insert(gpuNameMappings).values([
        { gpuNameRaw: both, gpuModelId: h100, providerId: null, createdBy: "tester" },
        {
          gpuNameRaw: both,
          gpuModelId: await gpuModelId(db, "a100-80gb"),
          providerId: provider.id,
          createdBy: "tester",
        },
        { gpuNameRaw: global, gpuModelId: h100, providerId: null, createdBy: "tester" },
        { gpuNameRaw: othersOnly, gpuModelId: h100, providerId: other.id, createdBy: "tester" },
        { gpuNameRaw: toRetired, gpuModelId: retired.id, providerId: null, createdBy: "tester" },
      ]);
      const { mappings } = await loadProviderState(db, provider.id);
      expect(mappings.get(both)).toEqual({ slug: "a100-80gb", vramGb: 80 });
      expect(mappings.get(global)).toEqual({ slug: "h100-sxm", vramGb: 80 });
      expect(mappings.has(othersOnly)).toBe(false);
      expect(mappings.has(toRetired)).toBe(false);
    });
  });
});
