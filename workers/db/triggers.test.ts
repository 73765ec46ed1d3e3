import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createInstance, createProvider } from "../testing/factories";
import { type Database, withDb } from "./client";
import { instances, priceHistory, providers } from "./schema";

const historyOf = (db: Database, instanceId: string) =>
  db.select().from(priceHistory).where(eq(priceHistory.instanceId, instanceId)).orderBy(priceHistory.recordedAt);

const write = <T>(work: (db: Database) => Promise<T>) => withDb(env, "fresh", work);

describe("database triggers (docs/database.md §4)", () => {
  it("records one history row when an instance is created", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      const instance = await createInstance(db, provider.id, { gpuCount: 8, pricePerHour: 20 });
      const history = await historyOf(db, instance.id);
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        pricePerHour: 20,
        pricePerGpuHour: 2.5,
        gpuCount: 8,
        availabilityStatus: "available",
      });
    });
  });

  it("records exactly one more history row when the price changes", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      const instance = await createInstance(db, provider.id, { pricePerHour: 3 });
      await db.update(instances).set({ pricePerHour: 2.75 }).where(eq(instances.id, instance.id));
      const history = await historyOf(db, instance.id);
      expect(history.map((row) => row.pricePerHour)).toEqual([3, 2.75]);
    });
  });

  it("records a history row when spot price or availability changes", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      const instance = await createInstance(db, provider.id);
      await db.update(instances).set({ pricePerHourSpot: 1.1 }).where(eq(instances.id, instance.id));
      await db.update(instances).set({ availabilityStatus: "sold_out" }).where(eq(instances.id, instance.id));
      expect(await historyOf(db, instance.id)).toHaveLength(3);
    });
  });

  it("records nothing when a scrape finds the same price again", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      const instance = await createInstance(db, provider.id, { pricePerHour: 4 });
      await db
        .update(instances)
        .set({ pricePerHour: 4, lastScrapedAt: new Date(), instanceName: "renamed" })
        .where(eq(instances.id, instance.id));
      expect(await historyOf(db, instance.id)).toHaveLength(1);
    });
  });

  it("moves updated_at on every update", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      const instance = await createInstance(db, provider.id);
      // updated_at is NOW() of the updating transaction; make sure a later one is visibly later.
      await db.execute(sql`SELECT pg_sleep(0.01)`);
      const [updated] = await db
        .update(instances)
        .set({ instanceName: "touched" })
        .where(eq(instances.id, instance.id))
        .returning();
      expect(updated!.updatedAt.getTime()).toBeGreaterThan(instance.updatedAt.getTime());
    });
  });

  it("computes price per VRAM GB-hour from the GPU model", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      // h100-sxm has 80 GB: $16/h for 8 GPUs = $2/GPU-h = $0.025 per GB-h.
      const instance = await createInstance(db, provider.id, { gpuSlug: "h100-sxm", gpuCount: 8, pricePerHour: 16 });
      expect(instance.pricePerVramGbHour).toBe(0.025);
      const [repriced] = await db
        .update(instances)
        .set({ pricePerHour: 32 })
        .where(eq(instances.id, instance.id))
        .returning();
      expect(repriced!.pricePerVramGbHour).toBe(0.05);
    });
  });

  it("stamps the provider's last_price_update when its instances change", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      expect(provider.lastPriceUpdate).toBeNull();
      await createInstance(db, provider.id);
      const [after] = await db.select().from(providers).where(eq(providers.id, provider.id));
      expect(after!.lastPriceUpdate).toBeInstanceOf(Date);
    });
  });

  it("rejects prices the CHECK constraints forbid", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      await expect(createInstance(db, provider.id, { pricePerHour: 0 })).rejects.toThrow();
      await expect(createInstance(db, provider.id, { gpuCount: 0 })).rejects.toThrow();
      await expect(createInstance(db, provider.id, { pricePerHourSpot: -1 })).rejects.toThrow();
    });
  });

  it("keeps one row per provider and instance type", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      await createInstance(db, provider.id, { instanceType: "gpu_1x_h100" });
      await expect(createInstance(db, provider.id, { instanceType: "gpu_1x_h100" })).rejects.toThrow();
    });
  });

  it("cleanup_stale_instances() deactivates only offers unseen for 24 hours", async () => {
    await write(async (db) => {
      const provider = await createProvider(db);
      const stale = await createInstance(db, provider.id, { lastScrapedAt: new Date(Date.now() - 25 * 3_600_000) });
      const fresh = await createInstance(db, provider.id, { lastScrapedAt: new Date(Date.now() - 3_600_000) });
      await db.execute(sql`SELECT cloudgpus.cleanup_stale_instances()`);
      const rows = await db.select().from(instances).where(eq(instances.providerId, provider.id));
      const byId = new Map(rows.map((row) => [row.id, row]));
      expect(byId.get(stale.id)).toMatchObject({ isActive: false, availabilityStatus: "deprecated" });
      expect(byId.get(fresh.id)).toMatchObject({ isActive: true, availabilityStatus: "available" });
    });
  });
});
