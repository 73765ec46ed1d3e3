import { createRoute } from "@hono/zod-openapi";
import packageJson from "../../../package.json";
import { queueKinds } from "../../../shared/domain";
import { type HealthResponse, healthResponseSchema, overallHealth } from "../../../shared/health";
import { pingDatabase, withDb } from "../../db/client";
import { errorFields, log } from "../../log";
import { QUEUE_BINDING } from "../../queues/names";
import { type Handles, jsonResponse } from "./openapi";

const CHECK_TIMEOUT_MS = 3_000;
let firstRequestAt: number | undefined;

async function check(name: string, probe: () => Promise<unknown>): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name} check timed out after ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([probe(), timeout]);
    return true;
  } catch (error) {
    log.warn("health.check-failed", { check: name, ...errorFields(error) });
    return false;
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
    200: jsonResponse(healthResponseSchema, "Everything works"),
    503: jsonResponse(healthResponseSchema, "Degraded or unhealthy"),
  },
});
export const health: Handles<typeof healthRoute> = async (c) => {
  const now = Date.now();
  firstRequestAt ??= now;
  const env = c.env;
  const [database, kv] = await Promise.all([
    // The uncached Hyperdrive config: a cached `SELECT 1` would answer even with the database down.
    check("database", () => withDb(env, "fresh", pingDatabase)),
    check("kv", () => env.CACHE.get("health:probe")),
  ]);
  const queues = Object.fromEntries(queueKinds.map((kind) => [kind, Boolean(env[QUEUE_BINDING[kind]])]));
  const checks = { database, kv, queues };
  const body: HealthResponse = {
    status: overallHealth(checks),
    timestamp: new Date(now).toISOString(),
    uptime: (now - firstRequestAt) / 1000,
    version: packageJson.version,
    checks,
    memory: null,
  };
  return c.json(body, body.status === "ok" ? 200 : 503, { "Cache-Control": "no-store" });
};
