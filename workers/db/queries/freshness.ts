import { and, eq, ne } from "drizzle-orm";
import type { Database } from "../database";
import { providers, scrapeSchedules } from "../schema";
import { lastSuccessAt } from "./scrape-jobs";

/**
 * Every provider the planner schedules (enabled schedule, active, not disabled) with its priority
 * and its last successful scrape: what health judges freshness by (docs/design.md §14).
 */
export function scheduledFreshness(db: Database) {
  return db
    .select({ slug: providers.slug, priority: scrapeSchedules.priority, lastSuccessAt: lastSuccessAt() })
    .from(scrapeSchedules)
    .innerJoin(providers, eq(providers.id, scrapeSchedules.providerId))
    .where(and(eq(scrapeSchedules.enabled, true), eq(providers.isActive, true), ne(providers.status, "disabled")));
}
