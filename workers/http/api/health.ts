import { createRoute } from "@hono/zod-openapi";
import packageJson from "../../../package.json";
import { queueKinds } from "../../../shared/domain";
import { type HealthResponse, healthResponseSchema, overallHealth, type StaleProvider } from "../../../shared/health";
import { staleAfterHours } from "../../../shared/schedule";
import { pingDatabase, withDb } from "../../db/client";
import { scheduledFreshness } from "../../db/queries/freshness";
import { errorFields, log } from "../../log";
import { QUEUE_BINDING } from "../../queues/names";
import { type Handles, jsonResponse } from "./openapi";

const CHECK_TIMEOUT_MS = 3_000;
let firstRequestAt: number | undefined;

async function check<T>(name: string, probe: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name} check timed out after ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    return { ok: true, value: await Promise.race([probe(), timeout]) };
  } catch (error) {
    log.warn("health.check-failed", { check: name, ...errorFields(error) });
    return { ok: false };
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoute = createRoute({
  method: "get",
  path: "/api/health",
  summary: "Health of the service",
  security: [{}],
  responses: {
    200: jsonResponse(
      healthResponseSchema,
      "It works (`ok`), or works with an enterprise provider's prices late (`degraded`)",
    ),
    503: jsonResponse(healthResponseSchema, "Unhealthy: the database, KV or a queue is missing"),
  },
});
export const health: Handles<typeof healthRoute> = async (c) => {
  const now = Date.now();
  firstRequestAt ??= now;
  const env = c.env;
  const [database, kv] = await Promise.all([
    // The uncached Hyperdrive config: a cached `SELECT 1` would answer even with the database down.
    check("database", () =>
      withDb(env, "fresh", async (db) => {
        await pingDatabase(db);
        return scheduledFreshness(db);
      }),
    ),
    check("kv", () => env.CACHE.get("health:probe")),
  ]);
  const queues = Object.fromEntries(queueKinds.map((kind) => [kind, Boolean(env[QUEUE_BINDING[kind]])]));
  const checks: HealthResponse["checks"] = {
    database: database.ok,
    kv: kv.ok,
    queues,
    freshness: database.ok ? freshness(database.value, now) : null,
  };
  const { status, reasons } = overallHealth(checks);
  const body: HealthResponse = {
    status,
    reasons,
    timestamp: new Date(now).toISOString(),
    uptime: (now - firstRequestAt) / 1000,
    version: packageJson.version,
    checks,
    memory: null,
  };
  return c.json(body, body.status === "unhealthy" ? 503 : 200, { "Cache-Control": "no-store" });
};

/** The scheduled providers past their priority's window (docs/design.md §3), oldest first. */
function freshness(rows: Awaited<ReturnType<typeof scheduledFreshness>>, now: number) {
  const stale: StaleProvider[] = [];
  for (const row of rows) {
    const hoursSinceSuccess = row.lastSuccessAt ? (now - row.lastSuccessAt.getTime()) / 3_600_000 : null;
    const windowHours = staleAfterHours(row.priority);
    if (hoursSinceSuccess === null || hoursSinceSuccess > windowHours)
      stale.push({
        provider: row.slug,
        priority: row.priority,
        hoursSinceSuccess: hoursSinceSuccess === null ? null : Math.round(hoursSinceSuccess * 10) / 10,
        windowHours,
      });
  }
  stale.sort((a, b) => (b.hoursSinceSuccess ?? Infinity) - (a.hoursSinceSuccess ?? Infinity));
  return { checked: rows.length, stale };
}
