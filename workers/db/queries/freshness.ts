import { and, eq, max, ne } from "drizzle-orm";
import type { Database } from "../database";
import { providers, scrapeJobs, scrapeSchedules } from "../schema";

/**
 * Every provider the planner schedules (enabled schedule, active, not disabled) with its priority
 * and its last successful scrape: what health judges freshness by (docs/design.md §14).
 */
export function scheduledFreshness(db: Database) {
  return db
    .select({ slug: providers.slug, priority: scrapeSchedules.priority, lastSuccessAt: max(scrapeJobs.completedAt) })
    .from(scrapeSchedules)
    .innerJoin(providers, eq(providers.id, scrapeSchedules.providerId))
    .leftJoin(scrapeJobs, and(eq(scrapeJobs.providerId, providers.id), eq(scrapeJobs.status, "completed")))
    .where(and(eq(scrapeSchedules.enabled, true), eq(providers.isActive, true), ne(providers.status, "disabled")))
    .groupBy(providers.slug, scrapeSchedules.priority);
}
