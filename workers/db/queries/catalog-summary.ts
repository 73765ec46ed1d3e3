import { and, asc, count, countDistinct, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Database } from "../database";
import { gpuModels, instances, providers, scrapeSchedules } from "../schema";
import type { GpuRecord, OfferScope } from "./pages";
import type { ProviderRecord } from "./providers";

// The catalogue as the pages summarise it: per-GPU and per-provider aggregates, and offers with only
// the columns a page renders. Reading every offer with its full provider and GPU rows to count them
// in the Worker costs ~190 ms at 10× the design's volumes; these read a few hundred rows.

type InstanceRecord = typeof instances.$inferSelect;

/** An active offer with what its row on a page shows, and its provider's scrape priority (for staleness). */
export interface OfferFacts {
  instance: Pick<
    InstanceRecord,
    | "id"
    | "instanceType"
    | "instanceName"
    | "gpuCount"
    | "pricePerHour"
    | "pricePerGpuHour"
    | "pricePerHourSpot"
    | "pricePerHourReserved1y"
    | "availableRegions"
    | "availabilityStatus"
    | "lastScrapedAt"
    | "sourceUrl"
  >;
  provider: Pick<ProviderRecord, "slug" | "displayName" | "reliabilityTier">;
  gpu: Pick<GpuRecord, "slug" | "name" | "vramGb">;
  priority: string | null;
}

const offerColumns = {
  instance: {
    id: instances.id,
    instanceType: instances.instanceType,
    instanceName: instances.instanceName,
    gpuCount: instances.gpuCount,
    pricePerHour: instances.pricePerHour,
    pricePerGpuHour: instances.pricePerGpuHour,
    pricePerHourSpot: instances.pricePerHourSpot,
    pricePerHourReserved1y: instances.pricePerHourReserved1y,
    availableRegions: instances.availableRegions,
    availabilityStatus: instances.availabilityStatus,
    lastScrapedAt: instances.lastScrapedAt,
    sourceUrl: instances.sourceUrl,
  },
  provider: { slug: providers.slug, displayName: providers.displayName, reliabilityTier: providers.reliabilityTier },
  gpu: { slug: gpuModels.slug, name: gpuModels.name, vramGb: gpuModels.vramGb },
  priority: scrapeSchedules.priority,
};

// Never null: every group holds at least one offer, and last_scraped_at is NOT NULL.
const newestScrape = sql<Date>`max(${instances.lastScrapedAt})`.mapWith(instances.lastScrapedAt);

/** Active offers of active providers, in `scope`. */
function inScope({ gpuIds, providerId }: OfferScope) {
  return and(
    eq(instances.isActive, true),
    eq(providers.isActive, true),
    gpuIds ? inArray(instances.gpuModelId, [...gpuIds]) : undefined,
    providerId ? eq(instances.providerId, providerId) : undefined,
  );
}

/** Cheapest per GPU-hour first, then provider, then instance type (unique per provider: a total order). */
export async function offersOf(db: Database, scope: OfferScope = {}): Promise<OfferFacts[]> {
  if (scope.gpuIds?.length === 0) return [];
  return db
    .select(offerColumns)
    .from(instances)
    .innerJoin(providers, eq(providers.id, instances.providerId))
    .innerJoin(gpuModels, eq(gpuModels.id, instances.gpuModelId))
    .leftJoin(scrapeSchedules, eq(scrapeSchedules.providerId, providers.id))
    .where(inScope(scope))
    .orderBy(asc(instances.pricePerGpuHour), asc(providers.slug), asc(instances.instanceType));
}

/**
 * Per GPU (by id) or per provider (by id), the offer a visitor can rent now at the lowest price per
 * GPU-hour: in stock (available or limited) first, then anything listed; ties go to the first in
 * `offersOf`'s order, as `cheapestOffer` over that list would pick.
 */
export async function cheapestOffers(
  db: Database,
  per: "gpu" | "provider",
  scope: OfferScope = {},
): Promise<Map<string, OfferFacts>> {
  if (scope.gpuIds?.length === 0) return new Map();
  const key = per === "gpu" ? instances.gpuModelId : instances.providerId;
  const rows = await db
    .selectDistinctOn([key], { key, ...offerColumns })
    .from(instances)
    .innerJoin(providers, eq(providers.id, instances.providerId))
    .innerJoin(gpuModels, eq(gpuModels.id, instances.gpuModelId))
    .leftJoin(scrapeSchedules, eq(scrapeSchedules.providerId, providers.id))
    .where(inScope(scope))
    .orderBy(
      key,
      desc(inArray(instances.availabilityStatus, ["available", "limited"])),
      asc(instances.pricePerGpuHour),
      asc(providers.slug),
      asc(instances.instanceType),
    );
  return new Map(rows.map(({ key, ...offer }) => [key, offer]));
}

export interface GpuOffers {
  slug: string;
  offers: number;
  providers: number;
  newestScrapeAt: Date;
}

/** Per GPU id with active offers: how many, from how many providers, and the newest scrape among them. */
export async function gpuOfferCounts(db: Database, scope: OfferScope = {}): Promise<Map<string, GpuOffers>> {
  if (scope.gpuIds?.length === 0) return new Map();
  const rows = await db
    .select({
      gpuId: gpuModels.id,
      slug: gpuModels.slug,
      offers: count(),
      providers: countDistinct(instances.providerId),
      newestScrapeAt: newestScrape,
    })
    .from(instances)
    .innerJoin(providers, eq(providers.id, instances.providerId))
    .innerJoin(gpuModels, eq(gpuModels.id, instances.gpuModelId))
    .where(inScope(scope))
    .groupBy(gpuModels.id);
  return new Map(rows.map(({ gpuId, newestScrapeAt, ...counts }) => [gpuId, { ...counts, newestScrapeAt }]));
}

export interface ProviderOffers {
  id: string;
  slug: string;
  name: string;
  offers: number;
  gpus: number;
  newestScrapeAt: Date;
}

/** Every active provider with active offers: how many, of how many GPUs, and its newest scrape. */
export async function providerOfferCounts(db: Database): Promise<ProviderOffers[]> {
  const rows = await db
    .select({
      id: providers.id,
      slug: providers.slug,
      name: providers.displayName,
      offers: count(),
      gpus: countDistinct(instances.gpuModelId),
      newestScrapeAt: newestScrape,
    })
    .from(instances)
    .innerJoin(providers, eq(providers.id, instances.providerId))
    .where(inScope({}))
    .groupBy(providers.id);
  return rows.map(({ newestScrapeAt, ...row }) => ({ ...row, newestScrapeAt }));
}

/**
 * The other active providers selling a GPU that `providerId` has an active offer of, with how many
 * of their active offers are of those GPUs.
 */
export async function providersSharingGpus(
  db: Database,
  providerId: string,
): Promise<{ slug: string; name: string; offers: number }[]> {
  const mine = db
    .select({ gpuId: instances.gpuModelId })
    .from(instances)
    .innerJoin(providers, eq(providers.id, instances.providerId))
    .where(inScope({ providerId }));
  return db
    .select({ slug: providers.slug, name: providers.displayName, offers: count() })
    .from(instances)
    .innerJoin(providers, eq(providers.id, instances.providerId))
    .where(and(inScope({}), ne(instances.providerId, providerId), inArray(instances.gpuModelId, mine)))
    .groupBy(providers.id);
}
