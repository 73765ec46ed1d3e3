import { and, asc, count, desc, eq, gte, sql } from "drizzle-orm";
import type { Database } from "../database";
import { gpuModels, instances, providers, scrapeJobs } from "../schema";

/** Catalogue and scrape figures of the week before `now`, for the operators' weekly report. */
export async function weekInNumbers(db: Database, now: Date) {
  const since = new Date(now.getTime() - 7 * 86_400_000);
  const [newGpus, [newOffers], health] = await Promise.all([
    db
      .select({ slug: gpuModels.slug, name: gpuModels.name })
      .from(gpuModels)
      .where(gte(gpuModels.createdAt, since))
      .orderBy(asc(gpuModels.name)),
    db.select({ n: count() }).from(instances).where(gte(instances.createdAt, since)),
    db
      .select({
        slug: providers.slug,
        name: providers.displayName,
        jobs: count(),
        failed: sql<number>`count(*) FILTER (WHERE ${scrapeJobs.status} <> 'completed')::int`,
        lastSuccess: sql<Date | null>`max(${scrapeJobs.completedAt}) FILTER (WHERE ${scrapeJobs.status} = 'completed')`,
      })
      .from(scrapeJobs)
      .innerJoin(providers, eq(providers.id, scrapeJobs.providerId))
      .where(and(gte(scrapeJobs.startedAt, since), eq(providers.isActive, true)))
      .groupBy(providers.slug, providers.displayName)
      .orderBy(desc(sql`count(*) FILTER (WHERE ${scrapeJobs.status} <> 'completed')`), asc(providers.slug)),
  ]);
  return {
    newGpus,
    newOffers: newOffers?.n ?? 0,
    providers: health.map((row) => ({ ...row, lastSuccess: row.lastSuccess ? new Date(row.lastSuccess) : null })),
  };
}
