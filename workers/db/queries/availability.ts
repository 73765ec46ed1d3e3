import { eq } from "drizzle-orm";
import { AVAILABILITY_WINDOWS, type Availability, availabilityOf } from "../../../shared/availability";
import type { Database } from "../database";
import { gpuModels, instances } from "../schema";
import { dailyTotals, firstDayOf, type OfferScope } from "./history";

// Availability history (docs/design.md §7): the share of the time in stock over 7, 30 and 90 days,
// and per day, from the same daily totals as the price series.

const DAYS = AVAILABILITY_WINDOWS.at(-1) ?? 90;

/** All offers of a GPU model or a provider together: their offer-seconds in stock over their offer-seconds listed. */
export async function groupAvailability(db: Database, scope: OfferScope, now: Date): Promise<Availability> {
  return availabilityOf(await dailyTotals(db, scope, scope.column, firstDayOf(DAYS, now), now), now);
}

/** One offer; once it is no longer listed it counts as out of stock from its last scrape on. */
export async function instanceAvailability(db: Database, instanceId: string, now: Date): Promise<Availability | null> {
  const [instance] = await db
    .select({ isActive: instances.isActive, lastScrapedAt: instances.lastScrapedAt })
    .from(instances)
    .where(eq(instances.id, instanceId));
  if (!instance) return null;
  const totals = await dailyTotals(
    db,
    { column: "instance_id", id: instanceId },
    "instance_id",
    firstDayOf(DAYS, now),
    now,
  );
  return availabilityOf(totals, now, instance.isActive ? null : instance.lastScrapedAt);
}

export async function gpuModelAvailability(db: Database, gpuSlug: string, now: Date) {
  const [gpu] = await db
    .select({ id: gpuModels.id, slug: gpuModels.slug, name: gpuModels.name })
    .from(gpuModels)
    .where(eq(gpuModels.slug, gpuSlug));
  if (!gpu) return null;
  const availability = await groupAvailability(db, { column: "gpu_model_id", id: gpu.id }, now);
  return { gpu: { slug: gpu.slug, name: gpu.name }, ...availability };
}
