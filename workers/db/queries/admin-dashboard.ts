import { and, count, desc, eq, gte, isNotNull, isNull, min, sql } from "drizzle-orm";
import type { Database } from "../database";
import {
  deadLetters,
  gpuModels,
  gpuNameMappings,
  instances,
  providers,
  scrapeJobs,
  scrapeOfferIssues,
  scrapeSchedules,
} from "../schema";
import { latestRuns } from "./maintenance-runs";

// What the scraper-health dashboard (GET /admin, docs/design.md §18) reads: a handful of queries,
// each bounded by an index or a LIMIT, so the page stays fast with every provider and a month of
// scrape jobs. The dashboard only reads; the admin routes that act on these rows are elsewhere.

/** A failure streak is counted up to this many scrapes: past it, the exact number changes nothing. */
export const FAILURE_STREAK_CAP = 50;

const FAILED_STATUSES = sql.raw(`('failed', 'timeout', 'rate_limited')`);

/**
 * Every provider with its schedule, last scrape, last successful scrape, failure streak and active
 * offers, in one query: each per-provider part is a LATERAL or correlated subquery that walks the
 * provider's own rows in `idx_scrape_jobs_provider` / `idx_instances_provider_active`.
 */
export async function providerHealth(db: Database) {
  const lastJob = db
    .select({
      status: scrapeJobs.status,
      startedAt: scrapeJobs.startedAt,
      durationMs: scrapeJobs.durationMs,
      found: scrapeJobs.instancesFound,
      updated: scrapeJobs.instancesUpdated,
      created: scrapeJobs.instancesCreated,
      deactivated: scrapeJobs.instancesDeactivated,
      errorCode: scrapeJobs.errorCode,
      errorMessage: scrapeJobs.errorMessage,
    })
    .from(scrapeJobs)
    .where(eq(scrapeJobs.providerId, providers.id))
    .orderBy(desc(scrapeJobs.startedAt))
    .limit(1)
    .as("last_job");
  const lastSuccess = db
    .select({ startedAt: scrapeJobs.startedAt, completedAt: scrapeJobs.completedAt })
    .from(scrapeJobs)
    .where(and(eq(scrapeJobs.providerId, providers.id), eq(scrapeJobs.status, "completed")))
    .orderBy(desc(scrapeJobs.startedAt))
    .limit(1)
    .as("last_success");

  const rows = await db
    .select({
      slug: providers.slug,
      displayName: providers.displayName,
      isActive: providers.isActive,
      status: providers.status,
      statusReason: providers.statusReason,
      statusSetBy: providers.statusSetBy,
      priority: scrapeSchedules.priority,
      scheduled: scrapeSchedules.enabled,
      lastJob: {
        status: lastJob.status,
        startedAt: lastJob.startedAt,
        durationMs: lastJob.durationMs,
        found: lastJob.found,
        updated: lastJob.updated,
        created: lastJob.created,
        deactivated: lastJob.deactivated,
        errorCode: lastJob.errorCode,
        errorMessage: lastJob.errorMessage,
      },
      lastSuccessAt: lastSuccess.completedAt,
      // Failed scrapes since the last completed one (all of them when none completed), newest first.
      failureStreak: sql<number>`(
        SELECT count(*)::int FROM (
          SELECT 1 FROM ${scrapeJobs} AS streak
          WHERE streak.provider_id = ${providers.id} AND streak.status IN ${FAILED_STATUSES}
            AND streak.started_at > coalesce(${lastSuccess.startedAt}, '-infinity')
          LIMIT ${FAILURE_STREAK_CAP}
        ) AS failures)`,
      activeOffers: sql<number>`(
        SELECT count(*)::int FROM ${instances} AS offer
        WHERE offer.provider_id = ${providers.id} AND offer.is_active)`,
    })
    .from(providers)
    .leftJoin(scrapeSchedules, eq(scrapeSchedules.providerId, providers.id))
    .leftJoinLateral(lastJob, sql`true`)
    .leftJoinLateral(lastSuccess, sql`true`)
    .orderBy(providers.slug);
  return rows;
}
export type ProviderHealthRow = Awaited<ReturnType<typeof providerHealth>>[number];

const undecidedQuarantine = and(eq(scrapeOfferIssues.kind, "quarantined"), isNull(scrapeOfferIssues.decision));

/** How many quarantined observations wait for an operator, and the newest `limit` of them. */
export async function quarantineQueue(db: Database, limit = 10) {
  const [waiting] = await db.select({ count: count() }).from(scrapeOfferIssues).where(undecidedQuarantine);
  const latest = await db
    .select({
      provider: providers.displayName,
      providerSlug: providers.slug,
      instanceType: scrapeOfferIssues.instanceType,
      gpu: gpuModels.name,
      gpuNameRaw: scrapeOfferIssues.gpuNameRaw,
      code: scrapeOfferIssues.code,
      message: scrapeOfferIssues.message,
      pricePerHour: scrapeOfferIssues.pricePerHour,
      previousPricePerHour: scrapeOfferIssues.previousPricePerHour,
      createdAt: scrapeOfferIssues.createdAt,
    })
    .from(scrapeOfferIssues)
    .innerJoin(providers, eq(providers.id, scrapeOfferIssues.providerId))
    .leftJoin(gpuModels, eq(gpuModels.id, scrapeOfferIssues.gpuModelId))
    .where(undecidedQuarantine)
    .orderBy(desc(scrapeOfferIssues.createdAt))
    .limit(limit);
  return { waiting: waiting?.count ?? 0, latest };
}
export type QuarantineQueue = Awaited<ReturnType<typeof quarantineQueue>>;

/**
 * The GPU names scrapes could not identify since `since`, most seen first, as mappings match them
 * (trimmed, lower-case): a name an operator has mapped since (for its provider or for every
 * provider) is no longer waiting, though its old issues remain.
 */
export async function unmappedGpuNames(db: Database, since: Date, limit = 10) {
  const name = sql<string>`lower(btrim(${scrapeOfferIssues.gpuNameRaw}))`;
  const mapped = db
    .select({ one: sql`1` })
    .from(gpuNameMappings)
    .where(
      and(
        eq(gpuNameMappings.gpuNameRaw, name),
        sql`(${gpuNameMappings.providerId} IS NULL OR ${gpuNameMappings.providerId} = ${scrapeOfferIssues.providerId})`,
      ),
    );
  const rows = await db
    .select({
      name,
      observations: sql<number>`count(*)::int`,
      providers: sql<string[]>`array_agg(DISTINCT ${providers.displayName} ORDER BY ${providers.displayName})`,
      lastSeenAt: sql<Date>`max(${scrapeOfferIssues.createdAt})`.mapWith(scrapeOfferIssues.createdAt),
      // How many names there are in all, for "the first 10 of 42".
      names: sql<number>`(count(*) OVER ())::int`,
    })
    .from(scrapeOfferIssues)
    .innerJoin(providers, eq(providers.id, scrapeOfferIssues.providerId))
    .where(
      and(
        eq(scrapeOfferIssues.kind, "unmapped"),
        gte(scrapeOfferIssues.createdAt, since),
        isNotNull(scrapeOfferIssues.gpuNameRaw),
        sql`btrim(${scrapeOfferIssues.gpuNameRaw}) <> ''`,
        sql`NOT EXISTS ${mapped}`,
      ),
    )
    .groupBy(name)
    .orderBy(desc(sql`count(*)`), name)
    .limit(limit);
  return { total: rows[0]?.names ?? 0, names: rows.map(({ names: _total, ...row }) => row) };
}
export type UnmappedGpuNames = Awaited<ReturnType<typeof unmappedGpuNames>>;

/** Dead letters not replayed yet, per queue kind, with the oldest one's arrival. */
export function waitingDeadLetters(db: Database) {
  return db
    .select({ kind: deadLetters.kind, waiting: count(), oldestAt: min(deadLetters.receivedAt) })
    .from(deadLetters)
    .where(isNull(deadLetters.replayedAt))
    .groupBy(deadLetters.kind)
    .orderBy(deadLetters.kind);
}
export type WaitingDeadLetters = Awaited<ReturnType<typeof waitingDeadLetters>>;

export type LatestMaintenanceRuns = Awaited<ReturnType<typeof latestRuns>>;

/**
 * Everything the dashboard shows from the database. One after the other: they share one
 * connection, and a pg client runs one query at a time anyway.
 */
export async function dashboardRows(db: Database, now: Date, { unmappedDays = 30 } = {}) {
  const since = new Date(now.getTime() - unmappedDays * 86_400_000);
  return {
    providers: await providerHealth(db),
    quarantine: await quarantineQueue(db),
    unmapped: await unmappedGpuNames(db, since),
    deadLetters: await waitingDeadLetters(db),
    maintenance: await latestRuns(db),
  };
}
export type DashboardRows = Awaited<ReturnType<typeof dashboardRows>>;
