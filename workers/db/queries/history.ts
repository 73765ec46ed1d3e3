import { and, desc, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import { type DailyPoint, dailySeries, type PriceChange } from "../../../shared/history";
import type { Database } from "../database";
import { gpuModels, instances, priceHistory, providers } from "../schema";

const DAY_MS = 86_400_000;

/** Changes inside the window, plus the last one before it for each instance (the price in effect when the window opens). */
async function changesOf(db: Database, filter: SQL, from: Date) {
  const inWindow = await db
    .select({
      instanceId: priceHistory.instanceId,
      providerId: priceHistory.providerId,
      at: priceHistory.recordedAt,
      price: priceHistory.pricePerGpuHour,
    })
    .from(priceHistory)
    .where(and(filter, gte(priceHistory.recordedAt, from)));
  const opening = await db
    .selectDistinctOn([priceHistory.instanceId], {
      instanceId: priceHistory.instanceId,
      providerId: priceHistory.providerId,
      at: priceHistory.recordedAt,
      price: priceHistory.pricePerGpuHour,
    })
    .from(priceHistory)
    .where(and(filter, lt(priceHistory.recordedAt, from)))
    .orderBy(priceHistory.instanceId, desc(priceHistory.recordedAt));
  return [...opening, ...inWindow];
}

/** When offers stopped being offered, so they leave the series from then on. */
async function endings(db: Database, instanceIds: string[]): Promise<Map<string, Date>> {
  if (instanceIds.length === 0) return new Map();
  const rows = await db
    .select({ id: instances.id, updatedAt: instances.updatedAt })
    .from(instances)
    .where(and(inArray(instances.id, instanceIds), eq(instances.isActive, false)));
  return new Map(rows.map((row) => [row.id, row.updatedAt]));
}

export async function instanceHistory(
  db: Database,
  instanceId: string,
  days: number,
  now: Date,
): Promise<{ found: boolean; points: DailyPoint[] }> {
  const [instance] = await db.select({ id: instances.id }).from(instances).where(eq(instances.id, instanceId));
  if (!instance) return { found: false, points: [] };
  const from = new Date(now.getTime() - (days - 1) * DAY_MS);
  const changes = await changesOf(db, eq(priceHistory.instanceId, instanceId), from);
  const series: PriceChange[] = changes.map((change) => ({
    key: change.instanceId,
    at: change.at,
    pricePerGpuHour: change.price,
  }));
  return { found: true, points: dailySeries(series, from, now, await endings(db, [instanceId])) };
}

export async function gpuModelHistory(db: Database, gpuSlug: string, days: number, now: Date) {
  const [gpu] = await db
    .select({ id: gpuModels.id, slug: gpuModels.slug, name: gpuModels.name })
    .from(gpuModels)
    .where(eq(gpuModels.slug, gpuSlug));
  if (!gpu) return null;
  const from = new Date(now.getTime() - (days - 1) * DAY_MS);
  const changes = await changesOf(db, eq(priceHistory.gpuModelId, gpu.id), from);
  const providerIds = [...new Set(changes.map((change) => change.providerId))];
  const providerRows = providerIds.length
    ? await db
        .select({ id: providers.id, slug: providers.slug, displayName: providers.displayName })
        .from(providers)
        .where(inArray(providers.id, providerIds))
    : [];
  const ended = await endings(db, [...new Set(changes.map((change) => change.instanceId))]);
  return {
    gpu: { slug: gpu.slug, name: gpu.name },
    days,
    providers: providerRows
      .map((provider) => ({
        provider: { slug: provider.slug, display_name: provider.displayName },
        points: dailySeries(
          changes
            .filter((change) => change.providerId === provider.id)
            .map((change) => ({ key: change.instanceId, at: change.at, pricePerGpuHour: change.price })),
          from,
          now,
          ended,
        ),
      }))
      .sort((a, b) => a.provider.slug.localeCompare(b.provider.slug)),
  };
}
