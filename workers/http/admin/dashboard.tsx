import { z } from "@hono/zod-openapi";
import type { BreakerPhase } from "../../../shared/breaker";
import { AdminDashboardPage } from "../../../web/pages/admin-dashboard";
import { CRON_JOBS } from "../../cron/schedule";
import { withDb } from "../../db/client";
import { dashboardRows } from "../../db/queries/admin-dashboard";
import { errorFields, log } from "../../log";
import { adminRoute, adminRoutes } from "./core";
import { dashboardView } from "./dashboard-view";

// The scraper-health dashboard (docs/design.md §18): one server-rendered page behind the admin
// token or Cloudflare Access, read from the database and each provider's breaker on every load.

const UNMAPPED_DAYS = 30;
const BREAKER_TIMEOUT_MS = 2_000;
const MAINTENANCE_JOBS = [...new Set(Object.values(CRON_JOBS).flat())].filter((job) => job !== "plan-scrapes");

// The page loads nothing but our own stylesheet and icon: a provider's error text that slipped
// past escaping still could not run or send anything.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Each provider's breaker phase, asked of its Durable Object in parallel. One that fails or does
 * not answer in time is null ("unknown"): the page is for finding trouble, so it must not fail on it.
 */
async function breakerPhases(env: Env, slugs: readonly string[]): Promise<Map<string, BreakerPhase | null>> {
  const failed: { provider: string; error: unknown }[] = [];
  const phases = await Promise.all(
    slugs.map(async (slug): Promise<[string, BreakerPhase | null]> => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${BREAKER_TIMEOUT_MS} ms`)), BREAKER_TIMEOUT_MS);
      });
      try {
        const snapshot = await Promise.race([env.PROVIDER_BREAKER.getByName(slug).status(), timeout]);
        return [slug, snapshot.phase];
      } catch (error) {
        failed.push({ provider: slug, error });
        return [slug, null];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  // One line per page load, not one per provider: when the namespace is down, all of them fail.
  if (failed[0])
    log.warn("admin.dashboard.breakers-unknown", {
      providers: failed.map((failure) => failure.provider),
      ...errorFields(failed[0].error),
    });
  return new Map(phases);
}

const dashboardRoute = adminRoute({
  method: "get",
  path: "/",
  summary:
    "Scraper-health dashboard (HTML): providers' last scrapes, freshness and breakers, stale-data alerts, queues",
  responses: {
    200: { description: "The dashboard page", content: { "text/html": { schema: z.string() } } },
  },
});

export const dashboardAdmin = adminRoutes().openapi(dashboardRoute, async (c) => {
  const now = new Date();
  const rows = await withDb(c.env, "fresh", (db) => dashboardRows(db, now, { unmappedDays: UNMAPPED_DAYS }));
  const breakers = await breakerPhases(
    c.env,
    rows.providers.map((provider) => provider.slug),
  );
  const view = dashboardView(
    { ...rows, breakers, maintenanceJobs: MAINTENANCE_JOBS, unmappedDays: UNMAPPED_DAYS },
    now,
  );
  return c.html(<AdminDashboardPage view={view} />, 200, { "Content-Security-Policy": CONTENT_SECURITY_POLICY });
});
