import { createRoute } from "@hono/zod-openapi";
import { paginate } from "../../../shared/api-schemas";
import {
  type ChangesQuery,
  changeEvents,
  changeListSchema,
  changesQuerySchema,
  changeWindowStart,
  DEFAULT_MIN_CHANGE_PERCENT,
} from "../../../shared/changes";
import { type CachePolicy, cachedResponse } from "../../cache/response-cache";
import { type Database, withDb } from "../../db/client";
import { type ChangesPage, COUNT_AHEAD, listChanges } from "../../db/queries/changes";
import { ApiError } from "../errors";
import { invalidQuery } from "../validation";
import { errorResponses, type Handles, jsonResponse } from "./openapi";

// docs/design.md §8: a price read, 1 minute at the edge, keyed by the version every stored change bumps.
export const CHANGES_CACHE: CachePolicy = { ttlSeconds: 60, dependsOn: [{ scope: "all" }] };

/** The parsed query in one spelling (parameter order, duplicates and defaults aside): the cache key. */
export function canonicalChangesQuery(query: ChangesQuery): string {
  const sorted = (values: readonly string[] | undefined) => (values ? [...values].sort().join(",") : "");
  return new URLSearchParams({
    gpu: sorted(query.gpu),
    provider: sorted(query.provider),
    kind: query.kind,
    event: sorted(query.event),
    min_change_percent: String(query.min_change_percent),
    since: query.since ? new Date(query.since).toISOString() : "",
    limit: String(query.limit),
    page: String(query.page),
  }).toString();
}

/**
 * The changes a query asks for, read at `now`: a 400 naming `since` when the window is out of
 * bounds, a 404 naming a GPU or provider slug that matches nothing.
 */
export async function changesFor(db: Database, query: ChangesQuery, now: Date): Promise<ChangesPage> {
  const window = changeWindowStart(query.since, now);
  if ("problem" in window) throw invalidQuery([{ parameter: "since", message: window.problem }]);
  const found = await listChanges(db, {
    gpuSlugs: query.gpu,
    providerSlugs: query.provider,
    kind: query.kind,
    events: query.event ?? changeEvents,
    minChangePercent: query.min_change_percent,
    from: window.from,
    limit: query.limit,
    page: query.page,
  });
  if ("missing" in found) {
    const names = [
      ...found.missing.gpus.map((slug) => `GPU model "${slug}"`),
      ...found.missing.providers.map((slug) => `provider "${slug}"`),
    ];
    throw new ApiError("NOT_FOUND", `No ${names.join(" or ")}`);
  }
  return found;
}

export const changesRoute = createRoute({
  method: "get",
  path: "/api/changes",
  summary: "Price cuts and rises, new offers, stock changes and new providers",
  description: `Derived from the price history, newest first: price_cut / price_rise (the price per GPU-hour moved by at least min_change_percent, default ${DEFAULT_MIN_CHANGE_PERCENT} %), new_offer, sold_out (from available or limited), back_in_stock (from sold_out or waitlist to available or limited), new_provider (a provider's first offer). The same events as Atom: /feed.xml. totalDocs counts the events up to ${COUNT_AHEAD} past the page asked for and is a lower bound beyond them (hasNextPage is then true): the feed is read newest first and stops there.`,
  request: { query: changesQuerySchema },
  responses: { 200: jsonResponse(changeListSchema, "A page of changes, newest first"), ...errorResponses },
});
export const changes: Handles<typeof changesRoute> = async (c) => {
  const query = c.req.valid("query");
  return cachedResponse(c, CHANGES_CACHE, canonicalChangesQuery(query), async () => {
    const found = await withDb(c.env, "fresh", (db) => changesFor(db, query, new Date()));
    return c.json({
      ...paginate(found.docs, found.totalDocs, query.limit, query.page),
      complete_since: found.completeSince.toISOString(),
    });
  });
};
