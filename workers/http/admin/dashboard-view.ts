import type { BreakerPhase } from "../../../shared/breaker";
import { queueKinds } from "../../../shared/domain";
import { staleAfterHours, staleness } from "../../../shared/schedule";
import type {
  AdminDashboardView,
  DashboardJob,
  DashboardProvider,
  HealthLevel,
  StaleAlert,
} from "../../../web/pages/admin-dashboard";
import { healthLevels } from "../../../web/pages/admin-dashboard";
import { type DashboardRows, FAILURE_STREAK_CAP, type ProviderHealthRow } from "../../db/queries/admin-dashboard";

// The scraper-health dashboard's view (docs/design.md §18), from the rows the dashboard read, the
// providers' breaker phases and the time: pure, so each rule below is tested without a database.

export interface DashboardInput extends DashboardRows {
  /** Each provider's breaker phase by slug; null (or absent) when its Durable Object did not answer. */
  breakers: ReadonlyMap<string, BreakerPhase | null>;
  /** The maintenance jobs the cron starts: each is listed, run or not. */
  maintenanceJobs: readonly string[];
  unmappedDays: number;
}

const HOUR_MS = 3_600_000;
const ERROR_SUMMARY_LENGTH = 140;
const PRIORITY_ORDER = ["P0", "P1", "P2"];
const rank = (level: HealthLevel) => healthLevels.indexOf(level);
const priorityRank = (priority: string | null) => {
  const index = PRIORITY_ORDER.indexOf(priority ?? "");
  return index === -1 ? PRIORITY_ORDER.length : index;
};
/** Never succeeded counts as the oldest. */
const age = (alert: StaleAlert) => alert.hoursSinceSuccess ?? Number.MAX_VALUE;
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "en");

/** The first `length` characters of one line of text, with an ellipsis when there was more. */
export function shorten(text: string | null, length = ERROR_SUMMARY_LENGTH): string | null {
  if (text === null) return null;
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= length ? line : `${line.slice(0, length - 1).trimEnd()}…`;
}

const hoursSince = (at: Date | null, now: Date) =>
  at === null ? null : Math.max(0, (now.getTime() - at.getTime()) / HOUR_MS);
/** Hours as the page shows them: one decimal. */
const roundHours = (hours: number) => Math.round(hours * 10) / 10;

function jobView(job: NonNullable<ProviderHealthRow["lastJob"]>): DashboardJob {
  return {
    status: job.status,
    startedAt: job.startedAt.toISOString(),
    durationMs: job.durationMs,
    found: job.found,
    updated: job.updated,
    created: job.created,
    deactivated: job.deactivated,
    errorCode: job.errorCode,
    errorMessage: job.errorMessage,
    errorSummary: shorten(job.errorMessage),
  };
}

/**
 * How a provider is doing, worst reason first. Disabled or inactive providers are `off`, and
 * providers without an enabled schedule `unscheduled`: nobody expects fresh data of them. For the
 * others: no success for over 24 h (or ever) or an open breaker is critical; over 12 h, a failure
 * streak, a half-open breaker or a degraded status is a warning; past the priority's window is stale.
 */
export function providerView(row: ProviderHealthRow, breaker: BreakerPhase | null, now: Date): DashboardProvider {
  const hours = hoursSince(row.lastSuccessAt, now);
  const window = staleAfterHours(row.priority);
  const off = row.status === "disabled" || !row.isActive;
  const expected = !off && row.scheduled === true;
  const freshness = !expected ? null : (staleness(hours) ?? (hours !== null && hours > window ? "stale" : null));
  const streak = row.failureStreak >= FAILURE_STREAK_CAP ? `${FAILURE_STREAK_CAP}+` : String(row.failureStreak);

  const problems: { level: HealthLevel; text: string }[] = [];
  if (!row.isActive) problems.push({ level: "off", text: "inactive: not listed on the site" });
  if (expected) {
    if (freshness)
      problems.push({
        level: freshness,
        text:
          hours === null
            ? "no successful scrape yet"
            : `no successful scrape for ${roundHours(hours)} h (window ${window} h)`,
      });
    if (breaker === "open") problems.push({ level: "critical", text: "circuit breaker open" });
    if (breaker === "half-open") problems.push({ level: "warning", text: "circuit breaker half-open" });
    if (row.failureStreak > 0)
      problems.push({
        level: "warning",
        text: `${streak} failed scrape${row.failureStreak === 1 ? "" : "s"} in a row`,
      });
    if (row.status === "degraded") problems.push({ level: "warning", text: "marked degraded" });
  }
  problems.sort((a, b) => rank(a.level) - rank(b.level));

  return {
    slug: row.slug,
    name: row.displayName,
    status: row.status,
    statusReason: row.statusReason,
    statusSetBy: row.statusSetBy,
    priority: row.priority,
    level: off ? "off" : !expected ? "unscheduled" : (problems[0]?.level ?? "ok"),
    problems: problems.map((problem) => problem.text),
    freshness,
    lastJob: row.lastJob ? jobView(row.lastJob) : null,
    lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
    hoursSinceSuccess: hours === null ? null : roundHours(hours),
    staleAfterHours: window,
    failureStreak: streak,
    activeOffers: row.activeOffers,
    breaker: breaker ?? "unknown",
  };
}

/** Providers whose data is past their window: P0 first, then the worst, then the oldest. */
export function staleAlerts(providers: readonly DashboardProvider[]): StaleAlert[] {
  return providers
    .flatMap(({ slug, name, priority, freshness, hoursSinceSuccess, staleAfterHours }): StaleAlert[] =>
      freshness ? [{ slug, name, priority, level: freshness, hoursSinceSuccess, staleAfterHours }] : [],
    )
    .sort(
      (a, b) =>
        priorityRank(a.priority) - priorityRank(b.priority) ||
        rank(a.level) - rank(b.level) ||
        age(b) - age(a) ||
        byName(a, b),
    );
}

export function dashboardView(input: DashboardInput, now: Date): AdminDashboardView {
  const providers = input.providers
    .map((row) => providerView(row, input.breakers.get(row.slug) ?? null, now))
    .sort((a, b) => rank(a.level) - rank(b.level) || byName(a, b));
  const levelCounts = Object.fromEntries(healthLevels.map((level) => [level, 0])) as Record<HealthLevel, number>;
  for (const provider of providers) levelCounts[provider.level] += 1;

  // Every queue is listed, empty ones too, and a kind we do not know (an old queue's) after them.
  const waiting = new Map(input.deadLetters.map((row) => [row.kind, row]));
  const known: readonly string[] = queueKinds;
  const kinds = [...known, ...[...waiting.keys()].filter((kind) => !known.includes(kind)).sort()];
  const runs = new Map(input.maintenance.map((run) => [run.job, run]));
  const jobs = [...new Set([...input.maintenanceJobs, ...runs.keys()])].sort();

  return {
    generatedAt: now.toISOString(),
    levelCounts,
    alerts: staleAlerts(providers),
    providers,
    quarantine: {
      waiting: input.quarantine.waiting,
      latest: input.quarantine.latest.map((observation) => ({
        provider: observation.provider,
        instanceType: observation.instanceType,
        gpu: observation.gpu ?? observation.gpuNameRaw,
        code: observation.code,
        message: shorten(observation.message) ?? "",
        pricePerHour: observation.pricePerHour,
        previousPricePerHour: observation.previousPricePerHour,
        createdAt: observation.createdAt.toISOString(),
      })),
    },
    unmapped: {
      days: input.unmappedDays,
      total: input.unmapped.total,
      names: input.unmapped.names.map((name) => ({ ...name, lastSeenAt: name.lastSeenAt.toISOString() })),
    },
    deadLetters: {
      waiting: input.deadLetters.reduce((sum, row) => sum + row.waiting, 0),
      queues: kinds.map((kind) => ({
        kind,
        waiting: waiting.get(kind)?.waiting ?? 0,
        oldestAt: waiting.get(kind)?.oldestAt?.toISOString() ?? null,
      })),
    },
    maintenance: jobs.map((job) => {
      const run = runs.get(job);
      return {
        job,
        run: run
          ? {
              status: run.status,
              startedAt: run.startedAt.toISOString(),
              affected: run.affected,
              rowsBefore: run.rowsBefore,
              rowsAfter: run.rowsAfter,
              errorMessage: shorten(run.errorMessage),
            }
          : null,
      };
    }),
  };
}
