import { asc, desc, eq } from "drizzle-orm";
import type { Database } from "../database";
import { gpuModels, providers, scrapeSchedules } from "../schema";

// The catalog as operators change it (docs/design.md §18): whole rows, inactive ones too. The
// public reads are in catalog.ts; these answer what the admin API shows before and after a change.

export type ProviderRow = typeof providers.$inferSelect;

/** The one row an INSERT or UPDATE … RETURNING wrote (an UPDATE of an id that was just read). */
function written<T>([row]: T[]): T {
  if (!row) throw new Error("the statement wrote no row");
  return row;
}
export type GpuModelRow = typeof gpuModels.$inferSelect;

export async function providerRow(db: Database, slug: string): Promise<ProviderRow | null> {
  const [row] = await db.select().from(providers).where(eq(providers.slug, slug));
  return row ?? null;
}

const withSchedule = (db: Database) =>
  db
    .select({ provider: providers, priority: scrapeSchedules.priority, queue: scrapeSchedules.queue })
    .from(providers)
    .leftJoin(scrapeSchedules, eq(scrapeSchedules.providerId, providers.id));
export type ProviderWithSchedule = Awaited<ReturnType<typeof withSchedule>>[number];

/** Every provider with its scrape schedule's priority and queue (null without a schedule), active first. */
export function providerRows(db: Database): Promise<ProviderWithSchedule[]> {
  return withSchedule(db).orderBy(desc(providers.isActive), asc(providers.slug));
}

export async function providerRowWithSchedule(db: Database, slug: string): Promise<ProviderWithSchedule | null> {
  const [row] = await withSchedule(db).where(eq(providers.slug, slug));
  return row ?? null;
}

export async function insertProvider(db: Database, values: typeof providers.$inferInsert): Promise<ProviderRow> {
  return written(await db.insert(providers).values(values).returning());
}

export async function updateProvider(
  db: Database,
  id: string,
  values: Partial<typeof providers.$inferInsert>,
): Promise<ProviderRow> {
  return written(await db.update(providers).set(values).where(eq(providers.id, id)).returning());
}

/**
 * Where an ad-hoc scrape of the provider goes (the queue its schedule names, `scrape` without a
 * schedule), and what decides whether it may be scraped at all.
 */
export async function scrapeTarget(db: Database, providerId: string) {
  const [row] = await db
    .select({
      slug: providers.slug,
      isActive: providers.isActive,
      status: providers.status,
      statusReason: providers.statusReason,
      queue: scrapeSchedules.queue,
    })
    .from(providers)
    .leftJoin(scrapeSchedules, eq(scrapeSchedules.providerId, providers.id))
    .where(eq(providers.id, providerId));
  return row ? { ...row, queue: row.queue ?? "scrape" } : null;
}

export async function gpuModelRow(db: Database, slug: string): Promise<GpuModelRow | null> {
  const [row] = await db.select().from(gpuModels).where(eq(gpuModels.slug, slug));
  return row ?? null;
}

export function gpuModelRows(db: Database) {
  return db.select().from(gpuModels).orderBy(desc(gpuModels.isActive), asc(gpuModels.slug));
}

export async function insertGpuModel(db: Database, values: typeof gpuModels.$inferInsert): Promise<GpuModelRow> {
  return written(await db.insert(gpuModels).values(values).returning());
}

export async function updateGpuModel(
  db: Database,
  id: string,
  values: Partial<typeof gpuModels.$inferInsert>,
): Promise<GpuModelRow> {
  return written(await db.update(gpuModels).set(values).where(eq(gpuModels.id, id)).returning());
}
