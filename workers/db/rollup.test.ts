import { and, asc, eq, lt } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { AvailabilityStatus } from "../../shared/domain";
import type { MaintenanceMessageInput } from "../../shared/queue-messages";
import { maintenanceMessageSchema } from "../../shared/queue-messages";
import { runMaintenanceJob } from "../queues/maintenance";
import { createGpuModel, createInstance, createProvider } from "../testing/factories";
import { rolledBack } from "../testing/rolled-back";
import type { Database } from "./client";
import { gpuModelAvailability, groupAvailability, instanceAvailability } from "./queries/availability";
import { gpuModelHistory, instanceHistory } from "./queries/history";
import { rollUpDay } from "./rollup";
import { instances, priceDaily, priceDailyGpuProvider, priceHistory } from "./schema";

// Each test runs in a transaction that is rolled back, on days years before any other test's data:
// the rollup and the purge work on every offer of a day, and other files run them at the same time.

const noFetch: typeof fetch = () => Promise.reject(new Error("no network in this test"));
const job = (db: Database, message: MaintenanceMessageInput) =>
  runMaintenanceJob(db, maintenanceMessageSchema.parse(message), {
    fetch: noFetch,
    ecbBaseUrl: "",
    notify: async () => {},
  });

interface Change {
  at: string;
  perGpuHour: number;
  spot?: number;
  availability: AvailabilityStatus;
}

/** An offer of 2 GPUs whose price_history is exactly `changes` (the trigger's row of today removed). */
async function offerWith(
  db: Database,
  ids: { providerId: string; gpuModelId: string },
  changes: Change[],
  overrides: { isActive?: boolean; lastScrapedAt?: Date } = {},
) {
  const offer = await createInstance(db, ids.providerId, {
    gpuModelId: ids.gpuModelId,
    gpuCount: 2,
    pricePerHour: 2 * (changes.at(-1)?.perGpuHour ?? 1),
    ...overrides,
  });
  await db.delete(priceHistory).where(eq(priceHistory.instanceId, offer.id));
  await db.insert(priceHistory).values(
    changes.map((change) => ({
      instanceId: offer.id,
      providerId: ids.providerId,
      gpuModelId: ids.gpuModelId,
      pricePerHour: 2 * change.perGpuHour,
      pricePerGpuHour: change.perGpuHour,
      pricePerHourSpot: change.spot === undefined ? null : 2 * change.spot,
      availabilityStatus: change.availability,
      gpuCount: 2,
      recordedAt: new Date(change.at),
    })),
  );
  return offer.id;
}

const rowsOf = (db: Database, instanceId: string) =>
  db
    .select({
      day: priceDaily.day,
      min: priceDaily.minPricePerGpuHour,
      avg: priceDaily.avgPricePerGpuHour,
      max: priceDaily.maxPricePerGpuHour,
      minSpot: priceDaily.minSpotPerGpuHour,
      observed: priceDaily.observedSeconds,
      inStock: priceDaily.inStockSeconds,
      share: priceDaily.inStockShare,
      samples: priceDaily.samples,
    })
    .from(priceDaily)
    .where(eq(priceDaily.instanceId, instanceId))
    .orderBy(asc(priceDaily.day));

async function catalogue(db: Database) {
  const provider = await createProvider(db);
  const gpu = await createGpuModel(db);
  return { providerId: provider.id, gpuModelId: gpu.id, gpuSlug: gpu.slug };
}

// 2018-05-10, an offer of two GPUs, per GPU-hour:
//   opening (from 2018-05-09 20:00)  $2.00, spot $1.50, available
//   09:00                            $2.40, spot $1.40, sold out
//   12:00                            $1.80, no spot,    limited
//   18:00                            $1.80,             waitlist (only the stock changed)
// min $1.80, max $2.40, avg (2.00×9 h + 2.40×3 h + 1.80×12 h) / 24 h = 46.8 / 24 = $1.95,
// in stock 9 h + 6 h = 15 h = 54 000 s of 86 400 s = 0.625, lowest spot $1.40, 4 prices in effect.
const CHANGES: Change[] = [
  { at: "2018-05-09T20:00:00Z", perGpuHour: 2, spot: 1.5, availability: "available" },
  { at: "2018-05-10T09:00:00Z", perGpuHour: 2.4, spot: 1.4, availability: "sold_out" },
  { at: "2018-05-10T12:00:00Z", perGpuHour: 1.8, availability: "limited" },
  { at: "2018-05-10T18:00:00Z", perGpuHour: 1.8, availability: "waitlist" },
];

describe("the daily rollup", () => {
  it("takes each day's min, time-weighted average, max and stock share, carrying a day without changes", async () => {
    await rolledBack(async (db) => {
      const ids = await catalogue(db);
      const offer = await offerWith(db, ids, CHANGES);
      expect(await job(db, { job: "aggregate-daily", scheduledTime: "2018-05-11T00:30:00Z" })).toBeGreaterThan(0);
      await job(db, { job: "aggregate-daily", scheduledTime: "2018-05-12T00:30:00Z" });
      expect(await rowsOf(db, offer)).toEqual([
        // The first day: listed from 20:00, 4 h in stock. A day the job never saw is rolled up too.
        {
          day: "2018-05-09",
          min: 2,
          avg: 2,
          max: 2,
          minSpot: 1.5,
          observed: 14_400,
          inStock: 14_400,
          share: 1,
          samples: 1,
        },
        {
          day: "2018-05-10",
          min: 1.8,
          avg: 1.95,
          max: 2.4,
          minSpot: 1.4,
          observed: 86_400,
          inStock: 54_000,
          share: 0.625,
          samples: 4,
        },
        // No change: the 18:00 state all day.
        {
          day: "2018-05-11",
          min: 1.8,
          avg: 1.8,
          max: 1.8,
          minSpot: null,
          observed: 86_400,
          inStock: 0,
          share: 0,
          samples: 1,
        },
        // Today, up to the job's 00:30.
        {
          day: "2018-05-12",
          min: 1.8,
          avg: 1.8,
          max: 1.8,
          minSpot: null,
          observed: 1_800,
          inStock: 0,
          share: 0,
          samples: 1,
        },
      ]);
    });
  });

  it("is idempotent: running it again writes nothing", async () => {
    await rolledBack(async (db) => {
      const offer = await offerWith(db, await catalogue(db), CHANGES);
      await job(db, { job: "aggregate-daily", scheduledTime: "2018-05-12T00:30:00Z" });
      const before = await rowsOf(db, offer);
      expect(await job(db, { job: "aggregate-daily", scheduledTime: "2018-05-12T00:30:00Z" })).toBe(0);
      expect(await rollUpDay(db, "2018-05-10", new Date("2018-05-12T00:30:00Z"))).toBe(0);
      expect(await rowsOf(db, offer)).toEqual(before);
    });
  });

  it("stops counting an offer that is no longer listed at its last scrape", async () => {
    await rolledBack(async (db) => {
      const offer = await offerWith(
        db,
        await catalogue(db),
        [{ at: "2018-05-10T00:00:00Z", perGpuHour: 3, availability: "available" }],
        { isActive: false, lastScrapedAt: new Date("2018-05-10T08:00:00Z") },
      );
      await job(db, { job: "aggregate-daily", scheduledTime: "2018-05-12T00:30:00Z" });
      expect(await rowsOf(db, offer)).toEqual([
        {
          day: "2018-05-10",
          min: 3,
          avg: 3,
          max: 3,
          minSpot: null,
          observed: 28_800,
          inStock: 28_800,
          share: 1,
          samples: 1,
        },
      ]);
    });
  });
});

const sumsOf = (db: Database, gpuModelId: string) =>
  db
    .select({
      providerId: priceDailyGpuProvider.providerId,
      day: priceDailyGpuProvider.day,
      min: priceDailyGpuProvider.minPricePerGpuHour,
      priceSeconds: priceDailyGpuProvider.priceSeconds,
      max: priceDailyGpuProvider.maxPricePerGpuHour,
      minSpot: priceDailyGpuProvider.minSpotPerGpuHour,
      observed: priceDailyGpuProvider.observedSeconds,
      inStock: priceDailyGpuProvider.inStockSeconds,
      samples: priceDailyGpuProvider.samples,
    })
    .from(priceDailyGpuProvider)
    .where(eq(priceDailyGpuProvider.gpuModelId, gpuModelId))
    .orderBy(asc(priceDailyGpuProvider.day));

describe("the daily sums per GPU model and provider", () => {
  it("sums the day's offer rows of each provider of a GPU, and follows them when they change", async () => {
    await rolledBack(async (db) => {
      const ids = await catalogue(db);
      await offerWith(db, ids, CHANGES);
      const other = await offerWith(
        db,
        ids,
        [{ at: "2018-05-10T00:00:00Z", perGpuHour: 3, availability: "available" }],
        {
          isActive: false,
          lastScrapedAt: new Date("2018-05-10T08:00:00Z"),
        },
      );
      await rollUpDay(db, "2018-05-10", new Date("2018-05-12T00:30:00Z"));
      // 1.95 × 86 400 s + 3 × 28 800 s; 24 h + 8 h listed, 15 h + 8 h in stock, 4 + 1 prices.
      const summed = {
        providerId: ids.providerId,
        day: "2018-05-10",
        min: 1.8,
        priceSeconds: "254880.0000",
        max: 3,
        minSpot: 1.4,
        observed: 115_200,
        inStock: 82_800,
        samples: 5,
      };
      expect(await sumsOf(db, ids.gpuModelId)).toEqual([summed]);

      // The second offer is mapped to another GPU model (an operator's GPU name mapping): the next
      // run sums the first alone, and the second under its new model.
      const remapped = await createGpuModel(db);
      await db.update(instances).set({ gpuModelId: remapped.id }).where(eq(instances.id, other));
      await rollUpDay(db, "2018-05-10", new Date("2018-05-12T00:30:00Z"));
      expect(await sumsOf(db, ids.gpuModelId)).toEqual([
        { ...summed, max: 2.4, priceSeconds: "168480.0000", observed: 86_400, inStock: 54_000, samples: 4 },
      ]);
      expect(await sumsOf(db, remapped.id)).toEqual([
        {
          ...summed,
          min: 3,
          max: 3,
          minSpot: null,
          priceSeconds: "86400.0000",
          observed: 28_800,
          inStock: 28_800,
          samples: 1,
        },
      ]);
    });
  });

  it("gives a provider the same availability as its offers' rows summed one by one", async () => {
    await rolledBack(async (db) => {
      const ids = await catalogue(db);
      const secondGpu = await createGpuModel(db);
      await offerWith(db, ids, CHANGES);
      await offerWith(db, { ...ids, gpuModelId: secondGpu.id }, [
        { at: "2018-05-09T00:00:00Z", perGpuHour: 3, availability: "sold_out" },
        { at: "2018-05-10T06:00:00Z", perGpuHour: 2.5, availability: "available" },
      ]);
      await job(db, { job: "aggregate-daily", scheduledTime: "2018-05-12T00:30:00Z" });
      const now = new Date("2018-05-12T12:00:00Z");
      const byProvider = await groupAvailability(db, { column: "provider_id", id: ids.providerId }, now);
      // 10th: (15 h + 18 h) / 48 h; 11th: 24 h / 48 h; 12th live: 12 h / 24 h.
      expect(byProvider.timeline).toEqual([
        { day: "2018-05-09", in_stock_share: 0.1429 },
        { day: "2018-05-10", in_stock_share: 0.6875 },
        { day: "2018-05-11", in_stock_share: 0.5 },
        { day: "2018-05-12", in_stock_share: 0.5 },
      ]);
    });
  });
});

describe("availability history", () => {
  const now = new Date("2018-05-12T12:00:00Z");

  it("gives an offer's and a GPU's shares in stock over 7, 30 and 90 days and per day", async () => {
    await rolledBack(async (db) => {
      const ids = await catalogue(db);
      const listed = await offerWith(db, ids, CHANGES);
      const ended = await offerWith(
        db,
        ids,
        [{ at: "2018-05-10T00:00:00Z", perGpuHour: 3, availability: "available" }],
        {
          isActive: false,
          lastScrapedAt: new Date("2018-05-10T08:00:00Z"),
        },
      );
      await job(db, { job: "aggregate-daily", scheduledTime: "2018-05-12T00:30:00Z" });

      // In stock 4 h (9th) + 15 h (10th) + 0 (11th) + 0 (12th, live up to 12:00) of 4 + 24 + 24 + 12 h.
      expect(await instanceAvailability(db, listed, now)).toEqual({
        windows: { "7d": 0.2969, "30d": 0.2969, "90d": 0.2969 },
        timeline: [
          { day: "2018-05-09", in_stock_share: 1 },
          { day: "2018-05-10", in_stock_share: 0.625 },
          { day: "2018-05-11", in_stock_share: 0 },
          { day: "2018-05-12", in_stock_share: 0 },
        ],
      });
      // In stock 00:00–08:00 on the 10th, then gone, which counts as out of stock: 8 h of 60 h.
      expect(await instanceAvailability(db, ended, now)).toEqual({
        windows: { "7d": 0.1333, "30d": 0.1333, "90d": 0.1333 },
        timeline: [
          { day: "2018-05-10", in_stock_share: 0.3333 },
          { day: "2018-05-11", in_stock_share: 0 },
          { day: "2018-05-12", in_stock_share: 0 },
        ],
      });
      // The GPU: offer-seconds in stock over offer-seconds listed; 10th: (15 h + 8 h) / (24 h + 8 h).
      expect(await gpuModelAvailability(db, ids.gpuSlug, now)).toMatchObject({
        windows: { "7d": 0.375, "30d": 0.375, "90d": 0.375 },
        timeline: [
          { day: "2018-05-09", in_stock_share: 1 },
          { day: "2018-05-10", in_stock_share: 0.7188 },
          { day: "2018-05-11", in_stock_share: 0 },
          { day: "2018-05-12", in_stock_share: 0 },
        ],
      });
      expect(await instanceAvailability(db, crypto.randomUUID(), now)).toBeNull();
    });
  });

  it("sums a provider's offers of a GPU into one daily series, weighted by the time each was listed", async () => {
    await rolledBack(async (db) => {
      const ids = await catalogue(db);
      await offerWith(db, ids, CHANGES);
      await offerWith(db, ids, [{ at: "2018-05-10T00:00:00Z", perGpuHour: 3, availability: "available" }], {
        isActive: false,
        lastScrapedAt: new Date("2018-05-10T08:00:00Z"),
      });
      await job(db, { job: "aggregate-daily", scheduledTime: "2018-05-12T00:30:00Z" });
      const history = await gpuModelHistory(db, ids.gpuSlug, 30, now);
      // 10th: (1.95 × 24 h + 3 × 8 h) / 32 h = 2.2125; today comes live from the raw rows.
      expect(history?.providers[0]?.points).toEqual([
        { date: "2018-05-09", min: 2, avg: 2, max: 2, samples: 1 },
        { date: "2018-05-10", min: 1.8, avg: 2.2125, max: 3, samples: 5 },
        { date: "2018-05-11", min: 1.8, avg: 1.8, max: 1.8, samples: 1 },
        { date: "2018-05-12", min: 1.8, avg: 1.8, max: 1.8, samples: 1 },
      ]);
    });
  });
});

describe("history right across a purge", () => {
  it("answers a year of history with the same figures once raw rows older than 90 days are gone", async () => {
    await rolledBack(async (db) => {
      const ids = await catalogue(db);
      // 120 days, 2019-02-01 to 2019-05-31: a price step every 10 days and a sell-out on the 5th of
      // each month, 06:00–18:00; rows only where something changed, as the trigger writes them.
      const changes: Change[] = [];
      for (let day = 0; day < 120; day++) {
        const date = new Date(Date.UTC(2019, 1, 1 + day));
        const price = 2 + Math.floor(day / 10) / 10;
        if (day % 10 === 0) changes.push({ at: date.toISOString(), perGpuHour: price, availability: "available" });
        if (date.getUTCDate() === 5) {
          const at = (hours: number) => new Date(date.getTime() + hours * 3_600_000).toISOString();
          changes.push({ at: at(6), perGpuHour: price, availability: "sold_out" });
          changes.push({ at: at(18), perGpuHour: price, availability: "available" });
        }
      }
      const offer = await offerWith(db, ids, changes);
      const now = new Date("2019-06-02T04:00:00Z");
      await job(db, { job: "aggregate-daily", scheduledTime: "2019-06-02T00:30:00Z" });
      const before = await instanceHistory(db, offer, 365, now);
      const gpuBefore = await gpuModelHistory(db, ids.gpuSlug, 365, now);
      const stockBefore = await instanceAvailability(db, offer, now);

      // Sunday 2019-06-02 04:00: the cut-off is the start of 2019-03-04.
      // Rows of 02-01, 02-05 (two), 02-11, 02-21 and 03-03 are older; all but the last go.
      expect(await job(db, { job: "purge-price-history", scheduledTime: now.toISOString() })).toBe(5);
      const raw = await db
        .select({ at: priceHistory.recordedAt })
        .from(priceHistory)
        .where(and(eq(priceHistory.instanceId, offer), lt(priceHistory.recordedAt, new Date("2019-03-04T00:00:00Z"))));
      // Only the state in effect at the cut-off is left of what is older.
      expect(raw).toEqual([{ at: new Date("2019-03-03T00:00:00Z") }]);

      const after = await instanceHistory(db, offer, 365, now);
      expect(after).toEqual(before);
      expect(await gpuModelHistory(db, ids.gpuSlug, 365, now)).toEqual(gpuBefore);
      expect(await instanceAvailability(db, offer, now)).toEqual(stockBefore);
      expect(after.points).toHaveLength(122); // 2019-02-01 to 2019-06-02
      expect(after.points.slice(0, 5)).toEqual([
        { date: "2019-02-01", min: 2, avg: 2, max: 2, samples: 1 },
        { date: "2019-02-02", min: 2, avg: 2, max: 2, samples: 1 },
        { date: "2019-02-03", min: 2, avg: 2, max: 2, samples: 1 },
        { date: "2019-02-04", min: 2, avg: 2, max: 2, samples: 1 },
        { date: "2019-02-05", min: 2, avg: 2, max: 2, samples: 3 },
      ]);
      // 2019-02-11: the price stepped to $2.10 at midnight, so that is the day's only price.
      expect(after.points[10]).toEqual({ date: "2019-02-11", min: 2.1, avg: 2.1, max: 2.1, samples: 1 });
      const rolled = await rowsOf(db, offer);
      expect(rolled.find((row) => row.day === "2019-02-05")).toMatchObject({ inStock: 43_200, share: 0.5 });
      // Nothing after 2019-05-31 changed: the last price, $3.10, carries into June.
      expect(after.points.at(-1)).toEqual({ date: "2019-06-02", min: 3.1, avg: 3.1, max: 3.1, samples: 1 });
    });
  });
  it("rolls up a day nobody has rolled up before it deletes the rows behind it", async () => {
    await rolledBack(async (db) => {
      const offer = await offerWith(db, await catalogue(db), CHANGES);
      // No aggregate job ran: the purge of 2018-08-12 (cut-off 2018-05-14) rolls 05-09 to 05-13 up first.
      expect(await job(db, { job: "purge-price-history", scheduledTime: "2018-08-12T04:00:00Z" })).toBe(5 + 3);
      const rows = await rowsOf(db, offer);
      expect(rows.map((row) => row.day)).toEqual([
        "2018-05-09",
        "2018-05-10",
        "2018-05-11",
        "2018-05-12",
        "2018-05-13",
      ]);
      expect(rows[1]).toMatchObject({ min: 1.8, avg: 1.95, max: 2.4, share: 0.625 });
      const raw = await db
        .select({ at: priceHistory.recordedAt })
        .from(priceHistory)
        .where(eq(priceHistory.instanceId, offer));
      expect(raw).toEqual([{ at: new Date("2018-05-10T18:00:00Z") }]);
    });
  });
});
