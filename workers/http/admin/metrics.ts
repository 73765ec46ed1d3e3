import { z } from "@hono/zod-openapi";
import type { BreakerPhase } from "../../../shared/breaker";
import { withDb } from "../../db/client";
import { operationsFigures } from "../../db/queries/metrics";
import { errorFields, log } from "../../log";
import { COUNTER_OBJECT, flushCounters } from "../../metrics/counters";
import { operatorMetrics, WINDOW_HOURS } from "../../metrics/families";
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from "../../metrics/prometheus";
import { adminRoute, adminRoutes } from "./core";

const metricsRoute = adminRoute({
  method: "get",
  path: "/metrics",
  summary: "Operators' metrics in the Prometheus text format (0.0.4)",
  description:
    "Counters (requests by route, method and status; cache hits and misses; queue messages and batch times; scrapes by result) " +
    `and gauges read from the database (scrape jobs and their durations over the last ${WINDOW_HOURS} h, dead letters and planned scrapes waiting, ` +
    "offers, hours since the last successful scrape, status, quarantine and unmapped names per provider) and from each circuit breaker. " +
    "Each family's HELP line says where it comes from.",
  responses: {
    200: {
      description: "Prometheus text exposition format 0.0.4",
      content: { "text/plain": { schema: z.string() } },
    },
  },
});

/** Each provider's breaker phase; one that does not answer is logged and left out, not fatal. */
async function breakerPhases(env: Env, slugs: readonly string[]): Promise<Map<string, BreakerPhase>> {
  const phases = new Map<string, BreakerPhase>();
  await Promise.all(
    slugs.map(async (slug) => {
      try {
        phases.set(slug, (await env.PROVIDER_BREAKER.getByName(slug).status()).phase);
      } catch (error) {
        log.warn("metrics.breaker-unavailable", { provider: slug, ...errorFields(error) });
      }
    }),
  );
  return phases;
}

/** GET /admin/metrics (docs/design.md §18), for a Prometheus scraper holding the admin token. */
export const metricsAdmin = adminRoutes().openapi(metricsRoute, async (c) => {
  const now = new Date();
  // This isolate's own unflushed counts first, so that they are in what it answers.
  await flushCounters(c.env);
  const since = new Date(now.getTime() - WINDOW_HOURS * 3_600_000);
  const [counters, figures] = await Promise.all([
    c.env.METRICS_COUNTER.getByName(COUNTER_OBJECT).snapshot(),
    withDb(c.env, "fresh", (db) => operationsFigures(db, since)),
  ]);
  const breakers = await breakerPhases(
    c.env,
    figures.providers.map(({ slug }) => slug),
  );
  const body = renderPrometheus(operatorMetrics({ counters, figures, breakers, now }));
  return c.text(body, 200, { "Content-Type": PROMETHEUS_CONTENT_TYPE });
});
