import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { METHOD_NAME_ALL } from "hono/router";
import { withLogContext } from "../log";
import { requestDataPoint } from "../metrics/analytics";
import { type CacheResult, type CounterBatch, counters, flushCounters, httpSeries } from "../metrics/counters";
import { clientRequestId } from "./response-headers";
import type { AppEnv } from "./types";

/** The route label of a request no route answers (a 404, a 405, a preflight answered by CORS). */
export const UNMATCHED = "unmatched";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * The pattern of the route that answered (`/api/instances/:id`), never the path asked, which would
 * make a label value per URL. When a middleware answered first (a 429, a 401), the route it stood in
 * front of; when there is none, UNMATCHED. Middleware is registered for every method, routes are not.
 */
export function routeLabel(c: Context): string {
  const routes = matchedRoutes(c);
  for (let index = c.req.routeIndex; index < routes.length; index++) {
    const route = routes[index];
    if (route && route.method !== METHOD_NAME_ALL) return route.path;
  }
  return UNMATCHED;
}

/** Ours, and beside it the id the client sent, if any (never in its place: ourRequestId). */
function logContext(c: Context<AppEnv>): Record<string, string> {
  const client = clientRequestId(c.req.header("X-Request-Id"));
  return client ? { requestId: c.get("requestId"), clientRequestId: client } : { requestId: c.get("requestId") };
}

function cacheResult(header: string | null): CacheResult {
  return header === "HIT" || header === "MISS" ? header : null;
}

/**
 * What every request leaves behind (docs/design.md §18): its log lines carry its `requestId`, and it
 * is counted by route, method, status and cache result, in this isolate's batch and as an Analytics
 * Engine data point. Neither costs a round trip: the data point is sent after the response, and
 * the batch goes to the counter object in `waitUntil`, once per isolate every 10 s or 1,000
 * requests (FLUSH_POLICY). Registered right after ourRequestId.
 */
export function observe(batch: CounterBatch = counters): MiddlewareHandler<AppEnv> {
  return (c, next) =>
    withLogContext(logContext(c), async () => {
      const startedAt = Date.now();
      await next();
      const now = Date.now();
      const method = METHODS.has(c.req.method) ? c.req.method : "OTHER";
      const route = routeLabel(c);
      const status = c.res.status;
      const cache = cacheResult(c.res.headers.get("X-Cache"));
      // Optional chaining although the binding is declared: metrics must never turn an answer into a 500.
      c.env.METRICS?.writeDataPoint(requestDataPoint({ method, route, status, cache, durationMs: now - startedAt }));
      if (batch.add(httpSeries(method, status, cache, route), now)) flushSoon(c, batch);
    });
}

function flushSoon(c: Context<AppEnv>, batch: CounterBatch): void {
  try {
    c.executionCtx.waitUntil(flushCounters(c.env, batch));
  } catch {
    // No ExecutionContext (a test handing a request to `app.request`): the counts wait for a request that has one.
  }
}
