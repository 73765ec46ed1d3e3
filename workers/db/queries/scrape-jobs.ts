import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../database";
import { gpuModels, instances, providers, scrapeJobs } from "../schema";

/**
 * When the provider of the row being selected (from `providers`) last completed a scrape, as a
 * correlated sub-select: PostgreSQL answers a max() like this with one probe of
 * idx_scrape_jobs_last_success, where a max() per group over a join reads every completed job.
 * The provider's id is written out in full: in a select from one table drizzle leaves its
 * columns unqualified, and a bare "id" here would be the job's.
 */
export const lastSuccessAt = () =>
  sql<Date | null>`(SELECT max(j.completed_at) FROM ${scrapeJobs} j WHERE j.provider_id = ${providers}.id AND j.status = 'completed')`.mapWith(
    scrapeJobs.completedAt,
  );

/** When each provider last completed a scrape (providers that never did are absent). */
export async function lastSuccessByProvider(db: Database): Promise<Map<string, Date>> {
  const rows = await db.select({ providerId: providers.id, at: lastSuccessAt() }).from(providers);
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
