import { and, countDistinct, desc, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
import type { GpuNameMappings, MappedGpu } from "../../ingest/normalise";
import type { Database } from "../database";
import { gpuModels, gpuNameMappings, providers, scrapeOfferIssues } from "../schema";

// GPU names an operator mapped to a catalog GPU (docs/design.md §6, §18), and the raw names that
// are still unmapped. Names are compared as `gpuNameKey` keeps them: trimmed and lower-cased.

/**
 * The mappings that apply to one provider's offers, by name: its own mapping of a name wins over
 * the one for every provider. A mapping to a retired GPU model no longer applies.
 */
export async function gpuNameMappingsFor(db: Database, providerId: string): Promise<GpuNameMappings> {
  const rows = await db
    .select({
      gpuNameRaw: gpuNameMappings.gpuNameRaw,
      providerId: gpuNameMappings.providerId,
      slug: gpuModels.slug,
      vramGb: gpuModels.vramGb,
    })
    .from(gpuNameMappings)
    .innerJoin(gpuModels, eq(gpuModels.id, gpuNameMappings.gpuModelId))
    .where(
      and(
        or(eq(gpuNameMappings.providerId, providerId), isNull(gpuNameMappings.providerId)),
        eq(gpuModels.isActive, true),
      ),
    );
  const mappings = new Map<string, MappedGpu>();
  for (const global of [true, false])
    for (const row of rows)
      if ((row.providerId === null) === global) mappings.set(row.gpuNameRaw, { slug: row.slug, vramGb: row.vramGb });
  return mappings;
}

export interface UnmappedGpuQuery {
  since: Date;
  providerId?: string;
  limit: number;
  page: number;
}

const nameKey = sql<string>`lower(btrim(${scrapeOfferIssues.gpuNameRaw}))`;

/**
 * Distinct raw GPU names of unmapped offers since `since`, the most widespread first (distinct
 * offers, then issues): how often each was seen, by whom, when first and last, and the latest
 * reason it could not be identified. Names that are empty cannot be mapped and are left out.
 */
export async function listUnmappedGpuNames(db: Database, query: UnmappedGpuQuery) {
  const where = and(
    eq(scrapeOfferIssues.kind, "unmapped"),
    gte(scrapeOfferIssues.createdAt, query.since),
    query.providerId ? eq(scrapeOfferIssues.providerId, query.providerId) : undefined,
    sql`btrim(${scrapeOfferIssues.gpuNameRaw}) <> ''`,
  );
  const issues = sql<number>`count(*)::int`.as("issues");
  const offers =
    sql<number>`count(DISTINCT (${scrapeOfferIssues.providerId}, ${scrapeOfferIssues.instanceType}))::int`.as("offers");
  const name = nameKey.as("name");
  const rows = await db
    .select({
      name,
      issues,
      offers,
      providerIds: sql<string[]>`array_agg(DISTINCT ${scrapeOfferIssues.providerId})`,
      providers: sql<string[]>`array_agg(DISTINCT ${providers.slug} ORDER BY ${providers.slug})`,
      spellings: sql<string[]>`(array_agg(DISTINCT ${scrapeOfferIssues.gpuNameRaw}))[1:5]`,
      firstSeen: sql<Date>`min(${scrapeOfferIssues.createdAt})`.mapWith(scrapeOfferIssues.createdAt),
      lastSeen: sql<Date>`max(${scrapeOfferIssues.createdAt})`.mapWith(scrapeOfferIssues.createdAt),
      reason: sql<string>`(array_agg(${scrapeOfferIssues.message} ORDER BY ${scrapeOfferIssues.createdAt} DESC))[1]`,
    })
    .from(scrapeOfferIssues)
    .innerJoin(providers, eq(providers.id, scrapeOfferIssues.providerId))
    .where(where)
    .groupBy(nameKey)
    .orderBy(desc(sql`offers`), desc(sql`issues`), sql`name`)
    .limit(query.limit)
    .offset((query.page - 1) * query.limit);
  const [total] = await db
    .select({ n: countDistinct(nameKey) })
    .from(scrapeOfferIssues)
    .where(where);
  return { rows, totalDocs: total?.n ?? 0 };
}

/** The mappings of these names (any provider's), each with its GPU model and provider by slug. */
export function mappingsOfNames(db: Database, names: readonly string[]) {
  if (names.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: gpuNameMappings.id,
      gpuNameRaw: gpuNameMappings.gpuNameRaw,
      providerId: gpuNameMappings.providerId,
      provider: providers.slug,
      gpuModel: gpuModels.slug,
      gpuModelActive: gpuModels.isActive,
    })
    .from(gpuNameMappings)
    .innerJoin(gpuModels, eq(gpuModels.id, gpuNameMappings.gpuModelId))
    .leftJoin(providers, eq(providers.id, gpuNameMappings.providerId))
    .where(inArray(gpuNameMappings.gpuNameRaw, [...names]));
}

export async function gpuModelBySlug(db: Database, slug: string) {
  const [row] = await db
    .select({ id: gpuModels.id, slug: gpuModels.slug, isActive: gpuModels.isActive })
    .from(gpuModels)
    .where(eq(gpuModels.slug, slug));
  return row;
}

export interface GpuNameMappingInput {
  providerId: string | null;
  /** Already trimmed and lower-cased (`gpuNameKey`). */
  gpuNameRaw: string;
  gpuModelId: string;
  createdBy: string;
}

export type GpuNameMapping = typeof gpuNameMappings.$inferSelect;

/** The mapping of a name for one provider (or, with a null provider, for every provider), with its GPU model's slug. */
export async function gpuNameMappingOf(
  db: Database,
  key: { providerId: string | null; gpuNameRaw: string },
  { lock = false } = {},
): Promise<(GpuNameMapping & { gpuModel: string }) | undefined> {
  const query = db
    .select()
    .from(gpuNameMappings)
    .where(
      and(
        key.providerId === null ? isNull(gpuNameMappings.providerId) : eq(gpuNameMappings.providerId, key.providerId),
        eq(gpuNameMappings.gpuNameRaw, key.gpuNameRaw),
      ),
    );
  // Only the mapping is locked: a lock on its GPU model would hold up scrapes storing offers of it.
  const [mapping] = await (lock ? query.for("update") : query);
  if (!mapping) return undefined;
  const [gpu] = await db.select({ slug: gpuModels.slug }).from(gpuModels).where(eq(gpuModels.id, mapping.gpuModelId));
  if (!gpu) throw new Error(`GPU name mapping ${mapping.id} names no GPU model`);
  return { ...mapping, gpuModel: gpu.slug };
}

/**
 * Maps a name (for one provider, or for every provider with a null `providerId`): a new mapping,
 * or the existing one of that name pointed at another GPU model (it then names its new author and
 * time). Run it inside a transaction: the row it replaces is locked until the audit row is written.
 */
export async function putGpuNameMapping(
  db: Database,
  input: GpuNameMappingInput,
): Promise<{
  change: "created" | "updated" | "unchanged";
  mapping: GpuNameMapping;
  /** The mapping as it was, with its GPU model's slug; null when it is new. */
  before: (GpuNameMapping & { gpuModel: string }) | null;
}> {
  const [created] = await db.insert(gpuNameMappings).values(input).onConflictDoNothing().returning();
  if (created) return { change: "created", mapping: created, before: null };
  // Another mapping of the name exists (or was just made by a concurrent request): replace it.
  const before = await gpuNameMappingOf(db, input, { lock: true });
  if (!before) throw new Error("a conflicting GPU name mapping vanished while it was being replaced");
  if (before.gpuModelId === input.gpuModelId) return { change: "unchanged", mapping: before, before };
  const [updated] = await db
    .update(gpuNameMappings)
    .set({ gpuModelId: input.gpuModelId, createdBy: input.createdBy, createdAt: sql`now()` })
    .where(eq(gpuNameMappings.id, before.id))
    .returning();
  if (!updated) throw new Error("UPDATE … RETURNING gave no row");
  return { change: "updated", mapping: updated, before };
}
