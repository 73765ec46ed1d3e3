import { and, eq, isNull, sql } from "drizzle-orm";
import type { ProviderStatus } from "../../../shared/domain";
import { type DerivedStatus, derivedStatus } from "../../../shared/provider-status";
import type { Database } from "../database";
import { providers, scrapeSchedules } from "../schema";

// Provider status kept in step with scrape health (docs/design.md §18), once an hour by the planner.

type HealthRow = {
  id: string;
  slug: string;
  status: ProviderStatus;
  hours_since_success: number | null;
  failures_since_success: number;
  last_error_code: string | null;
};

/**
 * Works out the status of every scheduled, active provider whose status is not an operator's (or of
 * one), and writes those that changed. Answers the changes (slug, from, to, reason).
 */
export async function refreshProviderStatuses(
  db: Database,
  now: Date,
  /** Only this provider (an operator just handed its status back to scrape health). */
  providerId?: string,
): Promise<{ slug: string; from: ProviderStatus; to: DerivedStatus }[]> {
  const at = now.toISOString();
  const result = await db.execute<HealthRow>(sql`
    SELECT p.id, p.slug, p.status,
      extract(epoch FROM (${at}::timestamptz - last.completed_at)) / 3600 AS hours_since_success,
      (SELECT count(*)::int FROM cloudgpus.scrape_jobs f
        WHERE f.provider_id = p.id AND f.status IN ('failed', 'timeout', 'rate_limited')
          AND f.started_at > coalesce(last.completed_at, '-infinity')) AS failures_since_success,
      (SELECT j.error_code FROM cloudgpus.scrape_jobs j
        WHERE j.provider_id = p.id ORDER BY j.started_at DESC LIMIT 1) AS last_error_code
    FROM ${providers} p
    JOIN ${scrapeSchedules} s ON s.provider_id = p.id AND s.enabled
    LEFT JOIN LATERAL (
      SELECT max(j.completed_at) AS completed_at FROM cloudgpus.scrape_jobs j
      WHERE j.provider_id = p.id AND j.status = 'completed') last ON true
    WHERE p.is_active AND p.status_set_by IS NULL ${providerId ? sql`AND p.id = ${providerId}` : sql``}`);
  const changes: { slug: string; from: ProviderStatus; to: DerivedStatus }[] = [];
  for (const row of result.rows) {
    const derived = derivedStatus({
      hoursSinceSuccess: row.hours_since_success === null ? null : Number(row.hours_since_success),
      failuresSinceSuccess: Number(row.failures_since_success),
      lastErrorCode: row.last_error_code,
    });
    if (derived.status === row.status) continue;
    // Guarded by "still not an operator's": an operator's change made meanwhile wins.
    const updated = await db
      .update(providers)
      .set({ status: derived.status, statusReason: derived.reason, statusChangedAt: now })
      .where(and(eq(providers.id, row.id), isNull(providers.statusSetBy)))
      .returning({ id: providers.id });
    if (updated.length) changes.push({ slug: row.slug, from: row.status, to: derived });
  }
  return changes;
}
