import { and, desc, eq, inArray, isNull, ne, notInArray, or, sql } from "drizzle-orm";
import type { ScrapeStatus } from "../../shared/domain";
import type { ScrapeErrorCode } from "../../shared/scrape-errors";
import type { GpuNameMappings } from "../ingest/normalise";
import type { AcceptedOffer, DecidedObservation, OfferIssue, StoredOffer } from "../ingest/validate";
import { storablePrice, storableRaw, storableText } from "./columns";
import type { Database } from "./database";
import { gpuNameMappingsFor } from "./queries/gpu-mappings";
import { quarantineDecisions } from "./queries/quarantine";
import { gpuModels, instances, scrapeDispatches, scrapeJobs, scrapeOfferIssues } from "./schema";

// Storage of one scrape (docs/design.md §7), in one transaction: batched upsert of
// `instances` on (provider_id, instance_type) — history comes from the database trigger, only when a
// price or availability changed — vanished offers marked inactive (never deleted), the
// `scrape_jobs` row, every unpublished offer in `scrape_offer_issues`, and the dispatch completed.

const UPSERT_CHUNK = 500;

export interface ProviderState {
  stored: Map<string, StoredOffer>;
  quarantined: Map<string, number>;
  /** Operators' decisions on the provider's quarantined observations, per instance type, newest first. */
  decisions: Map<string, DecidedObservation[]>;
  mappings: GpuNameMappings;
}

/**
 * What the provider has in `instances`, what is waiting in quarantine since its last publish (less
 * what an operator rejected), the operators' decisions on its quarantined prices, and the GPU name
 * mappings that apply to it.
 */
export async function loadProviderState(db: Database, providerId: string): Promise<ProviderState> {
  const rows = await db
    .select({
      instanceType: instances.instanceType,
      pricePerHour: instances.pricePerHour,
      pricePerHourReserved1y: instances.pricePerHourReserved1y,
      isActive: instances.isActive,
      lastScrapedAt: instances.lastScrapedAt,
      updatedAt: instances.updatedAt,
    })
    .from(instances)
    .where(eq(instances.providerId, providerId));
  const held = await db
    .selectDistinctOn([scrapeOfferIssues.instanceType], {
      instanceType: scrapeOfferIssues.instanceType,
      pricePerHour: scrapeOfferIssues.pricePerHour,
      createdAt: scrapeOfferIssues.createdAt,
    })
    .from(scrapeOfferIssues)
    .where(
      and(
        eq(scrapeOfferIssues.providerId, providerId),
        eq(scrapeOfferIssues.kind, "quarantined"),
        or(isNull(scrapeOfferIssues.decision), ne(scrapeOfferIssues.decision, "rejected")),
      ),
    )
    .orderBy(scrapeOfferIssues.instanceType, desc(scrapeOfferIssues.createdAt));
  const decisions = await quarantineDecisions(db, providerId);
  const mappings = await gpuNameMappingsFor(db, providerId);

  const stored = new Map(
    rows.map((row) => [
      row.instanceType,
      {
        pricePerHour: row.pricePerHour,
        pricePerHourReserved1y: row.pricePerHourReserved1y,
        isActive: row.isActive,
        publishedAt: row.lastScrapedAt,
      },
    ]),
  );
  const publishedAt = new Map(rows.map((row) => [row.instanceType, row.updatedAt.getTime()]));
  const quarantined = new Map<string, number>();
  for (const row of held) {
    const since = publishedAt.get(row.instanceType ?? "");
    if (row.instanceType && row.pricePerHour !== null && (since === undefined || row.createdAt.getTime() > since)) {
      quarantined.set(row.instanceType, row.pricePerHour);
    }
  }
  return { stored, quarantined, decisions, mappings };
}

export interface ScrapeRecord {
  providerId: string;
  scraperVersion: string;
  workerId: string;
  startedAt: Date;
  completedAt: Date;
  attempt: number;
  exchanges: readonly { url: string; status: number | null; bytes: number }[];
}

export interface SuccessfulScrape extends ScrapeRecord {
  offersFound: number;
  /** The planned scrape this completes; null for manual (CLI) scrapes. */
  dispatch: { scheduledFor: Date } | null;
}

/** What validation decided (workers/ingest/scrape.ts `prepareOffers`). */
export interface ScrapeDecisions {
  accepted: readonly AcceptedOffer[];
  issues: readonly OfferIssue[];
  /** Instance types listed this time; active rows of the provider not in it are deactivated. */
  seen: ReadonlySet<string>;
  /** Set when the listing looks truncated: vanished offers are then kept active, and this says why. */
  holdDeactivation: string | null;
}

export interface PriceChange {
  instanceType: string;
  gpuModel: string;
  previousPricePerHour: number;
  pricePerHour: number;
  gpuCount: number;
}

export interface StoredScrape {
  scrapeJobId: string;
  created: number;
  updated: number;
  deactivated: number;
  priceChanges: PriceChange[];
  gpuModels: string[];
}

/** The dispatch was already completed by another delivery of the same message: nothing was written. */
export class ScrapeAlreadyStoredError extends Error {
  constructor() {
    super("this scheduled scrape was already stored by another delivery");
    this.name = "ScrapeAlreadyStoredError";
  }
}

function jobColumns(record: ScrapeRecord) {
  const first = record.exchanges[0];
  const last = record.exchanges.at(-1);
  return {
    providerId: record.providerId,
    startedAt: record.startedAt,
    completedAt: record.completedAt,
    durationMs: record.completedAt.getTime() - record.startedAt.getTime(),
    retryCount: Math.max(0, record.attempt - 1),
    requestUrl: first ? first.url.slice(0, 500) : null,
    responseStatusCode: last?.status ?? null,
    rawResponseSizeBytes: record.exchanges.reduce((sum, exchange) => sum + exchange.bytes, 0),
    scraperVersion: record.scraperVersion.slice(0, 20),
    workerId: record.workerId.slice(0, 50),
  };
}

export async function storeScrape(
  db: Database,
  scrape: SuccessfulScrape,
  decisions: ScrapeDecisions,
  before: ProviderState,
): Promise<StoredScrape> {
  const scrapeJobId = crypto.randomUUID();
  const slugs = [...new Set(decisions.accepted.map((offer) => offer.gpuModel))];
  const gpuIds = slugs.length
    ? new Map(
        (
          await db
            .select({ id: gpuModels.id, slug: gpuModels.slug })
            .from(gpuModels)
            .where(inArray(gpuModels.slug, slugs))
        ).map((row) => [row.slug, row.id]),
      )
    : new Map<string, string>();

  return db.transaction(async (tx) => {
    if (scrape.dispatch) {
      const completed = await tx
        .update(scrapeDispatches)
        .set({ completedAt: scrape.completedAt, scrapeJobId })
        .where(
          and(
            eq(scrapeDispatches.providerId, scrape.providerId),
            eq(scrapeDispatches.scheduledFor, scrape.dispatch.scheduledFor),
            isNull(scrapeDispatches.completedAt),
          ),
        )
        .returning({ providerId: scrapeDispatches.providerId });
      if (completed.length === 0) throw new ScrapeAlreadyStoredError();
    }

    const rows = decisions.accepted.map((offer) => instanceRow(scrape, offer, gpuIds, scrapeJobId));
    for (let start = 0; start < rows.length; start += UPSERT_CHUNK) {
      await tx
        .insert(instances)
        .values(rows.slice(start, start + UPSERT_CHUNK))
        .onConflictDoUpdate({ target: [instances.providerId, instances.instanceType], set: UPSERT_SET });
    }

    let deactivated = 0;
    if (decisions.holdDeactivation === null) {
      const vanished = await tx
        .update(instances)
        .set({ isActive: false })
        .where(
          and(
            eq(instances.providerId, scrape.providerId),
            eq(instances.isActive, true),
            decisions.seen.size ? notInArray(instances.instanceType, [...decisions.seen]) : undefined,
          ),
        )
        .returning({ id: instances.id });
      deactivated = vanished.length;
    }

    const created = decisions.accepted.filter((offer) => !before.stored.has(offer.offer.instanceType)).length;
    await tx.insert(scrapeJobs).values({
      id: scrapeJobId,
      ...jobColumns(scrape),
      status: "completed",
      instancesFound: scrape.offersFound,
      instancesCreated: created,
      instancesUpdated: decisions.accepted.length - created,
      instancesDeactivated: deactivated,
      errorMessage: decisions.holdDeactivation,
    });

    const issueRows = decisions.issues.map((issue) => ({
      scrapeJobId,
      providerId: scrape.providerId,
      kind: issue.kind,
      code: issue.code,
      message: storableText(issue.message) ?? "",
      instanceType: storableText(issue.instanceType, 100),
      gpuNameRaw: storableText(issue.gpuNameRaw, 150),
      gpuModelId: issue.gpuModel ? (gpuIds.get(issue.gpuModel) ?? null) : null,
      pricePerHour: storablePrice(issue.pricePerHour),
      previousPricePerHour: storablePrice(issue.previousPricePerHour),
      rawData: storableRaw(issue.raw),
    }));
    for (let start = 0; start < issueRows.length; start += UPSERT_CHUNK) {
      await tx.insert(scrapeOfferIssues).values(issueRows.slice(start, start + UPSERT_CHUNK));
    }

    const priceChanges: PriceChange[] = [];
    for (const offer of decisions.accepted) {
      const previous = before.stored.get(offer.offer.instanceType);
      if (previous && previous.pricePerHour !== offer.pricePerHour) {
        priceChanges.push({
          instanceType: offer.offer.instanceType,
          gpuModel: offer.gpuModel,
          previousPricePerHour: previous.pricePerHour,
          pricePerHour: offer.pricePerHour,
          gpuCount: offer.offer.gpuCount,
        });
      }
    }
    return {
      scrapeJobId,
      created,
      updated: decisions.accepted.length - created,
      deactivated,
      priceChanges,
      gpuModels: slugs,
    };
  });
}

function instanceRow(
  scrape: SuccessfulScrape,
  normalised: AcceptedOffer,
  gpuIds: Map<string, string>,
  scrapeJobId: string,
) {
  const { offer } = normalised;
  const gpuModelId = gpuIds.get(normalised.gpuModel);
  if (!gpuModelId) throw new Error(`GPU model ${normalised.gpuModel} is in the catalog module but not in gpu_models`);
  const fx = normalised.fx
    ? {
        original_currency: offer.currency,
        original_price_per_hour: offer.pricePerHour,
        fx_rate: normalised.fx.usdPerUnit,
        fx_date: normalised.fx.date,
        fx_source: normalised.fx.source,
      }
    : {};
  return {
    providerId: scrape.providerId,
    gpuModelId,
    instanceType: offer.instanceType,
    instanceName: offer.instanceName?.slice(0, 150) ?? null,
    gpuCount: offer.gpuCount,
    pricePerHour: normalised.pricePerHour,
    pricePerHourSpot: normalised.pricePerHourSpot,
    pricePerMonth: normalised.pricePerMonth,
    pricePerHourReserved1y: normalised.pricePerHourReserved1y,
    pricePerHourReserved3y: normalised.pricePerHourReserved3y,
    priceIncludes: { ...offer.priceIncludes, ...fx },
    currency: "USD",
    vcpuCount: offer.vcpuCount ?? null,
    ramGb: offer.ramGb === null || offer.ramGb === undefined ? null : Math.round(offer.ramGb),
    storageType: offer.storageType ?? null,
    storageGb: offer.storageGb === null || offer.storageGb === undefined ? null : Math.round(offer.storageGb),
    hasNvlink: offer.hasNvlink ?? false,
    hasInfiniband: offer.hasInfiniband ?? false,
    availabilityStatus: offer.availability,
    availableRegions: offer.regions,
    billingIncrementSeconds: offer.billingIncrementSeconds ?? null,
    instanceUrl: offer.instanceUrl?.slice(0, 500) ?? null,
    rawData: storableRaw(offer.raw),
    sourceUrl: offer.sourceUrl.slice(0, 500),
    lastScrapedAt: scrape.completedAt,
    scrapeJobId,
    isActive: true,
  };
}

const excluded = (column: string) => sql.raw(`excluded.${column}`);
const UPSERT_SET = {
  gpuModelId: excluded("gpu_model_id"),
  instanceName: excluded("instance_name"),
  gpuCount: excluded("gpu_count"),
  pricePerHour: excluded("price_per_hour"),
  pricePerHourSpot: excluded("price_per_hour_spot"),
  pricePerMonth: excluded("price_per_month"),
  pricePerHourReserved1y: excluded("price_per_hour_reserved_1y"),
  pricePerHourReserved3y: excluded("price_per_hour_reserved_3y"),
  priceIncludes: excluded("price_includes"),
  currency: excluded("currency"),
  vcpuCount: excluded("vcpu_count"),
  ramGb: excluded("ram_gb"),
  storageType: excluded("storage_type"),
  storageGb: excluded("storage_gb"),
  hasNvlink: excluded("has_nvlink"),
  hasInfiniband: excluded("has_infiniband"),
  availabilityStatus: excluded("availability_status"),
  availableRegions: excluded("available_regions"),
  billingIncrementSeconds: excluded("billing_increment_seconds"),
  instanceUrl: excluded("instance_url"),
  rawData: excluded("raw_data"),
  sourceUrl: excluded("source_url"),
  lastScrapedAt: excluded("last_scraped_at"),
  scrapeJobId: excluded("scrape_job_id"),
  isActive: excluded("is_active"),
};

export interface FailedScrape extends ScrapeRecord {
  code: ScrapeErrorCode;
  message: string;
}

const STATUS_FOR: Partial<Record<ScrapeErrorCode, ScrapeStatus>> = {
  ETIMEDOUT: "timeout",
  RATE_LIMITED: "rate_limited",
};

/** A `scrape_jobs` row for a scrape that stored nothing. */
export async function recordFailedScrape(db: Database, failure: FailedScrape): Promise<string> {
  const [row] = await db
    .insert(scrapeJobs)
    .values({
      ...jobColumns(failure),
      status: STATUS_FOR[failure.code] ?? "failed",
      errorCode: failure.code,
      errorMessage: failure.message,
    })
    .returning({ id: scrapeJobs.id });
  if (!row) throw new Error("INSERT … RETURNING gave no row");
  return row.id;
}

/** Consecutive failed scrapes of the provider, newest first, up to the last completed one. */
export async function consecutiveFailures(db: Database, providerId: string, limit = 10): Promise<number> {
  const recent = await db
    .select({ status: scrapeJobs.status })
    .from(scrapeJobs)
    .where(eq(scrapeJobs.providerId, providerId))
    .orderBy(desc(scrapeJobs.startedAt))
    .limit(limit);
  const streak = recent.findIndex((job) => job.status === "completed");
  return streak === -1 ? recent.length : streak;
}

/**
 * Claims a planned scrape for this delivery. Null when it is already completed, or another
 * delivery claimed it in the last `leaseMs` (it is probably still running).
 */
export async function claimDispatch(
  db: Database,
  providerId: string,
  scheduledFor: Date,
  now: Date,
  leaseMs = 10 * 60_000,
) {
  const [claimed] = await db
    .update(scrapeDispatches)
    .set({ claimedAt: now, attempts: sql`${scrapeDispatches.attempts} + 1` })
    .where(
      and(
        eq(scrapeDispatches.providerId, providerId),
        eq(scrapeDispatches.scheduledFor, scheduledFor),
        isNull(scrapeDispatches.completedAt),
        sql`(${scrapeDispatches.claimedAt} IS NULL OR ${scrapeDispatches.claimedAt} < ${new Date(now.getTime() - leaseMs)})`,
      ),
    )
    .returning({ attempts: scrapeDispatches.attempts });
  return claimed ?? null;
}

/** Lets a failed delivery's retry claim the dispatch again at once. */
export async function releaseDispatch(db: Database, providerId: string, scheduledFor: Date): Promise<void> {
  await db
    .update(scrapeDispatches)
    .set({ claimedAt: null })
    .where(
      and(
        eq(scrapeDispatches.providerId, providerId),
        eq(scrapeDispatches.scheduledFor, scheduledFor),
        isNull(scrapeDispatches.completedAt),
      ),
    );
}
