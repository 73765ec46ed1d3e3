import { and, asc, count, countDistinct, desc, eq, gte, isNotNull, isNull, notExists, or, sql } from "drizzle-orm";
import type { ProviderStatus, ScrapeStatus } from "../../../shared/domain";
import type { Database } from "../database";
import {
  deadLetters,
  gpuNameMappings,
  instances,
  maintenanceRuns,
  providers,
  scrapeDispatches,
  scrapeJobs,
  scrapeOfferIssues,
} from "../schema";
import { lastSuccessByProvider } from "./scrape-jobs";

// What /admin/metrics reads from the database (docs/design.md §18): the state of each active
// provider and of the queues, as gauges. Windowed figures count rows since `since`.

export const DURATION_QUANTILES = [0.5, 0.9, 0.99] as const;

export interface ProviderFigures {
  slug: string;
  status: ProviderStatus;
  activeOffers: number;
  lastSuccessAt: Date | null;
  /** Planned scrapes in the window not yet taken by a consumer (first delivery or a retry to come). */
  dispatchesWaiting: number;
  /** Quarantined observations no operator has decided. */
  quarantineWaiting: number;
  /** Distinct GPU names left unmapped in the window that no name mapping covers yet. */
  unmappedNames: number;
  /** Scrape jobs started in the window, by status. */
  jobs: Partial<Record<ScrapeStatus, number>>;
}

export interface OperationsFigures {
  providers: ProviderFigures[];
  /** The DURATION_QUANTILES of the duration (ms) of scrape jobs started in the window; null when none was. */
  scrapeDurationQuantiles: number[] | null;
  /** Dead letters neither replayed nor dropped, by the queue kind they died on. */
  deadLettersWaiting: { kind: string; waiting: number }[];
  /** The last completed run of each maintenance job. */
  maintenance: { job: string; completedAt: Date; durationSeconds: number }[];
}

const quantileArray = sql.raw(`ARRAY[${DURATION_QUANTILES.join(",")}]::float8[]`);
const durationQuantiles = sql<
  number[] | null
>`percentile_cont(${quantileArray}) WITHIN GROUP (ORDER BY ${scrapeJobs.durationMs})`;

export async function operationsFigures(db: Database, since: Date): Promise<OperationsFigures> {
  const [
    providerRows,
    offers,
    lastSuccess,
    dispatches,
    quarantined,
    unmapped,
    jobs,
    [durations],
    letters,
    maintenance,
  ] = await Promise.all([
    db
      .select({ id: providers.id, slug: providers.slug, status: providers.status })
      .from(providers)
      .where(eq(providers.isActive, true))
      .orderBy(asc(providers.slug)),
    db
      .select({ providerId: instances.providerId, n: count() })
      .from(instances)
      .where(eq(instances.isActive, true))
      .groupBy(instances.providerId),
    lastSuccessByProvider(db),
    db
      .select({ providerId: scrapeDispatches.providerId, n: count() })
      .from(scrapeDispatches)
      .where(
        and(
          isNull(scrapeDispatches.claimedAt),
          isNull(scrapeDispatches.completedAt),
          gte(scrapeDispatches.enqueuedAt, since),
        ),
      )
      .groupBy(scrapeDispatches.providerId),
    db
      .select({ providerId: scrapeOfferIssues.providerId, n: count() })
      .from(scrapeOfferIssues)
      .where(and(eq(scrapeOfferIssues.kind, "quarantined"), isNull(scrapeOfferIssues.decision)))
      .groupBy(scrapeOfferIssues.providerId),
    db
      .select({
        providerId: scrapeOfferIssues.providerId,
        n: countDistinct(sql`lower(btrim(${scrapeOfferIssues.gpuNameRaw}))`),
      })
      .from(scrapeOfferIssues)
      .where(
        and(
          eq(scrapeOfferIssues.kind, "unmapped"),
          gte(scrapeOfferIssues.createdAt, since),
          sql`btrim(${scrapeOfferIssues.gpuNameRaw}) <> ''`,
          notExists(
            db
              .select({ one: sql`1` })
              .from(gpuNameMappings)
              .where(
                and(
                  eq(gpuNameMappings.gpuNameRaw, sql`lower(btrim(${scrapeOfferIssues.gpuNameRaw}))`),
                  or(isNull(gpuNameMappings.providerId), eq(gpuNameMappings.providerId, scrapeOfferIssues.providerId)),
                ),
              ),
          ),
        ),
      )
      .groupBy(scrapeOfferIssues.providerId),
    db
      .select({ providerId: scrapeJobs.providerId, status: scrapeJobs.status, n: count() })
      .from(scrapeJobs)
      .where(gte(scrapeJobs.startedAt, since))
      .groupBy(scrapeJobs.providerId, scrapeJobs.status),
    db
      .select({ quantiles: durationQuantiles })
      .from(scrapeJobs)
      .where(and(gte(scrapeJobs.startedAt, since), isNotNull(scrapeJobs.durationMs))),
    db
      .select({ kind: deadLetters.kind, waiting: count() })
      .from(deadLetters)
      .where(isNull(deadLetters.replayedAt))
      .groupBy(deadLetters.kind)
      .orderBy(asc(deadLetters.kind)),
    db
      .selectDistinctOn([maintenanceRuns.job], {
        job: maintenanceRuns.job,
        startedAt: maintenanceRuns.startedAt,
        completedAt: maintenanceRuns.completedAt,
      })
      .from(maintenanceRuns)
      .where(and(eq(maintenanceRuns.status, "completed"), isNotNull(maintenanceRuns.completedAt)))
      .orderBy(asc(maintenanceRuns.job), desc(maintenanceRuns.startedAt)),
  ]);

  const byProvider = (rows: { providerId: string; n: number }[]) => new Map(rows.map((row) => [row.providerId, row.n]));
  const offerCounts = byProvider(offers);
  const dispatchCounts = byProvider(dispatches);
  const quarantineCounts = byProvider(quarantined);
  const unmappedCounts = byProvider(unmapped);
  const jobsOf = new Map<string, Partial<Record<ScrapeStatus, number>>>();
  for (const row of jobs) jobsOf.set(row.providerId, { ...jobsOf.get(row.providerId), [row.status]: row.n });

  return {
    providers: providerRows.map((provider) => ({
      slug: provider.slug,
      status: provider.status,
      activeOffers: offerCounts.get(provider.id) ?? 0,
      lastSuccessAt: lastSuccess.get(provider.id) ?? null,
      dispatchesWaiting: dispatchCounts.get(provider.id) ?? 0,
      quarantineWaiting: quarantineCounts.get(provider.id) ?? 0,
      unmappedNames: unmappedCounts.get(provider.id) ?? 0,
      jobs: jobsOf.get(provider.id) ?? {},
    })),
    scrapeDurationQuantiles: durations?.quantiles?.map(Number) ?? null,
    deadLettersWaiting: letters,
    maintenance: maintenance.flatMap(({ job, startedAt, completedAt }) =>
      completedAt ? [{ job, completedAt, durationSeconds: (completedAt.getTime() - startedAt.getTime()) / 1_000 }] : [],
    ),
  };
}
