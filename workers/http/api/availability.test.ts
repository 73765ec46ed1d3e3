import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import { gpuAvailabilitySchema, instanceAvailabilitySchema, instanceHistorySchema } from "../../../shared/api-schemas";
import { withDb } from "../../db/client";
import { instances, priceHistory } from "../../db/schema";
import { apiGet, createGpuModel, createInstance, createProvider } from "../../testing/factories";

// A GPU model of our own with one offer in stock and one sold out since they were stored: today's
// figures are computed live from price_history (earlier days come from the rollup).
let gpuSlug: string;
let inStockId: string;
let soldOutId: string;

beforeAll(async () => {
  await withDb(env, "fresh", async (db) => {
    const gpu = await createGpuModel(db);
    gpuSlug = gpu.slug;
    const provider = await createProvider(db);
    inStockId = (await createInstance(db, provider.id, { gpuModelId: gpu.id, availabilityStatus: "limited" })).id;
    soldOutId = (await createInstance(db, provider.id, { gpuModelId: gpu.id, availabilityStatus: "sold_out" })).id;
    // Both stored at the same moment, a minute ago, so each has been listed for exactly as long.
    await db
      .update(priceHistory)
      .set({ recordedAt: new Date(Date.now() - 60_000) })
      .where(inArray(priceHistory.instanceId, [inStockId, soldOutId]));
  });
});

const today = () => new Date().toISOString().slice(0, 10);

describe("GET /api/instances/:id/availability", () => {
  it("answers an offer's shares in stock over 7, 30 and 90 days and per day", async () => {
    const response = await apiGet(`/api/instances/${inStockId}/availability`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(instanceAvailabilitySchema.parse(await response.json())).toEqual({
      instance_id: inStockId,
      windows: { "7d": 1, "30d": 1, "90d": 1 },
      timeline: [{ day: today(), in_stock_share: 1 }],
    });
    const soldOut = instanceAvailabilitySchema.parse(
      await (await apiGet(`/api/instances/${soldOutId}/availability`)).json(),
    );
    expect(soldOut.windows).toEqual({ "7d": 0, "30d": 0, "90d": 0 });
  });

  it("answers 404 for an unknown offer and 400 for a parameter it does not take", async () => {
    const missing = await apiGet(`/api/instances/${crypto.randomUUID()}/availability`);
    expect(missing.status).toBe(404);
    expect(apiErrorSchema.parse(await missing.json()).code).toBe("NOT_FOUND");
    const bad = await apiGet(`/api/instances/${inStockId}/availability?days=30`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('"parameter":"days"');
  });
});

describe("GET /api/gpu-models/:slug/availability", () => {
  it("answers the share of its offers' time in stock", async () => {
    const response = await apiGet(`/api/gpu-models/${gpuSlug}/availability`);
    expect(response.status).toBe(200);
    const body = gpuAvailabilitySchema.parse(await response.json());
    expect(body.gpu.slug).toBe(gpuSlug);
    // One offer in stock and one sold out, listed for the same time.
    expect(body.windows).toEqual({ "7d": 0.5, "30d": 0.5, "90d": 0.5 });
    expect(body.timeline.map((entry) => entry.day)).toEqual([today()]);
  });

  it("answers 404 for an unknown GPU model", async () => {
    expect((await apiGet("/api/gpu-models/no-such-gpu/availability")).status).toBe(404);
  });
});

describe("history over a year", () => {
  it("takes days=365", async () => {
    await withDb(env, "fresh", (db) =>
      db.update(instances).set({ pricePerHour: 2.25 }).where(eq(instances.id, inStockId)),
    );
    const response = await apiGet(`/api/instances/${inStockId}/history?days=365`);
    expect(response.status).toBe(200);
    const history = instanceHistorySchema.parse(await response.json());
    expect(history.days).toBe(365);
    expect(history.points).toEqual([{ date: today(), min: 2.25, avg: expect.any(Number), max: 2.5, samples: 2 }]);
  });
});
