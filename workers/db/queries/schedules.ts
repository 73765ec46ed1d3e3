import { and, eq, inArray, ne } from "drizzle-orm";
import type { Database } from "../database";
import { providers, scrapeDispatches, scrapeSchedules } from "../schema";

/** The schedules the planner considers: enabled, of active providers an operator has not disabled. */
export function enabledSchedules(db: Database) {
  return db
    .select({
      providerId: providers.id,
      slug: providers.slug,
      queue: scrapeSchedules.queue,
      intervalHours: scrapeSchedules.intervalHours,
      offsetHours: scrapeSchedules.offsetHours,
    })
    .from(scrapeSchedules)
    .innerJoin(providers, eq(providers.id, scrapeSchedules.providerId))
    .where(and(eq(scrapeSchedules.enabled, true), eq(providers.isActive, true), ne(providers.status, "disabled")));
}

/**
 * Writes a dispatch row per provider for the planning slot; answers the providers that had none yet
 * (the others were planned by an earlier run of the same cron firing).
 */
export async function planDispatches(db: Database, providerIds: readonly string[], slot: Date): Promise<Set<string>> {
  if (providerIds.length === 0) return new Set();
  const inserted = await db
    .insert(scrapeDispatches)
    .values(providerIds.map((providerId) => ({ providerId, scheduledFor: slot })))
    .onConflictDoNothing()
    .returning({ providerId: scrapeDispatches.providerId });
  return new Set(inserted.map((row) => row.providerId));
}

/** Undoes `planDispatches` for these providers, so a retry of the cron plans them again. */
export async function unplanDispatches(db: Database, providerIds: readonly string[], slot: Date): Promise<void> {
  if (providerIds.length === 0) return;
  await db
    .delete(scrapeDispatches)
    .where(and(eq(scrapeDispatches.scheduledFor, slot), inArray(scrapeDispatches.providerId, [...providerIds])));
}
