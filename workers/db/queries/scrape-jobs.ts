import { and, desc, eq, max } from "drizzle-orm";
import type { Database } from "../database";
import { gpuModels, instances, providers, scrapeJobs } from "../schema";

/** When each provider last completed a scrape (providers that never did are absent). */
export async function lastSuccessByProvider(db: Database): Promise<Map<string, Date>> {
  const rows = await db
    .select({ providerId: scrapeJobs.providerId, at: max(scrapeJobs.completedAt) })
    .from(scrapeJobs)
    .where(eq(scrapeJobs.status, "completed"))
    .groupBy(scrapeJobs.providerId);
  return new Map(rows.flatMap((row) => (row.at ? [[row.providerId, row.at] as const] : [])));
}

export function recentScrapes(db: Database, providerId: string, limit = 10) {
  return db
    .select({
      startedAt: scrapeJobs.startedAt,
      completedAt: scrapeJobs.completedAt,
      status: scrapeJobs.status,
      found: scrapeJobs.instancesFound,
      errorCode: scrapeJobs.errorCode,
    })
    .from(scrapeJobs)
    .where(eq(scrapeJobs.providerId, providerId))
    .orderBy(desc(scrapeJobs.startedAt))
    .limit(limit);
}

/**
 * A completed scrape job of the provider `providerSlug`, with the GPU models it lists offers of,
 * or null when there is no such job.
 */
export async function storedScrape(
  db: Database,
  providerSlug: string,
  scrapeJobId: string,
): Promise<{ gpuModels: string[] } | null> {
  const [job] = await db
    .select({ id: scrapeJobs.id })
    .from(scrapeJobs)
    .innerJoin(providers, eq(providers.id, scrapeJobs.providerId))
    .where(and(eq(scrapeJobs.id, scrapeJobId), eq(providers.slug, providerSlug), eq(scrapeJobs.status, "completed")));
  if (!job) return null;
  const gpus = await db
    .selectDistinct({ slug: gpuModels.slug })
    .from(instances)
    .innerJoin(providers, eq(providers.id, instances.providerId))
    .innerJoin(gpuModels, eq(gpuModels.id, instances.gpuModelId))
    .where(eq(providers.slug, providerSlug));
  return { gpuModels: gpus.map((gpu) => gpu.slug) };
}
