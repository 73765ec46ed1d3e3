import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createInstance, createProvider } from "../../testing/factories";
import { rolledBack } from "../../testing/rolled-back";
import type { Database } from "../client";
import { type instances, priceHistory } from "../schema";
import { priceChangesSince } from "./pages";

const DAY_MS = 86_400_000;

/** A price the offer had `daysAgo` days ago, beside the row its creation wrote (now, at its current price). */
async function pricedAt(db: Database, offer: typeof instances.$inferSelect, daysAgo: number, price: number) {
  await db.insert(priceHistory).values({
    instanceId: offer.id,
    providerId: offer.providerId,
    gpuModelId: offer.gpuModelId,
    pricePerHour: price,
    pricePerGpuHour: price,
    availabilityStatus: "available",
    gpuCount: 1,
    recordedAt: new Date(Date.now() - daysAgo * DAY_MS),
  });
}

describe("priceChangesSince", () => {
  it("gives each offer that changed its price when the window opened, or its first in it, and its latest", async () => {
    await rolledBack(async (db) => {
      const provider = await createProvider(db);
      const older = await createInstance(db, provider.id, { instanceType: "older", pricePerHour: 1.2 });
      await pricedAt(db, older, 10, 2);
      await pricedAt(db, older, 3, 1.5);
      const newer = await createInstance(db, provider.id, { instanceType: "newer", pricePerHour: 2.5 });
      await db.delete(priceHistory).where(eq(priceHistory.instanceId, newer.id));
      await pricedAt(db, newer, 2, 3);
      await pricedAt(db, newer, 1, 2.5);
      const quiet = await createInstance(db, provider.id, { instanceType: "quiet" });
      await db.delete(priceHistory).where(eq(priceHistory.instanceId, quiet.id));
      await pricedAt(db, quiet, 10, 2.5);
      const withdrawn = await createInstance(db, provider.id, { instanceType: "withdrawn", isActive: false });
      await pricedAt(db, withdrawn, 10, 9);

      const changes = (await priceChangesSince(db, new Date(Date.now() - 7 * DAY_MS)))
        .filter((change) => change.provider.slug === provider.slug)
        .map(({ instanceType, from, to }) => ({ instanceType, from, to }))
        .sort((a, b) => a.instanceType.localeCompare(b.instanceType));
      expect(changes).toEqual([
        { instanceType: "newer", from: 3, to: 2.5 },
        { instanceType: "older", from: 2, to: 1.2 },
      ]);
    });
  });

  it("is empty when nothing changed in the window", async () => {
    await rolledBack(async (db) => {
      expect(await priceChangesSince(db, new Date(Date.now() + DAY_MS))).toEqual([]);
    });
  });
});
