import { Hono } from "hono";
import { validator } from "hono/validator";
import { apiErrorBody } from "../../shared/api-errors";
import { type AtomEntry, atomFeed } from "../../shared/atom";
import {
  type ChangeEvent,
  type ChangesQuery,
  changesQuerySchema,
  DEFAULT_MIN_CHANGE_PERCENT,
} from "../../shared/changes";
import { formatPrice } from "../../web/components/format";
import { cachedResponse } from "../cache/response-cache";
import { withDb } from "../db/client";
import type { ChangesPage } from "../db/queries/changes";
import { CHANGES_CACHE, canonicalChangesQuery, changesFor } from "./api/changes";
import { ApiError, handleError } from "./errors";
import type { AppEnv } from "./types";
import { requestProblems } from "./validation";

// /feed.xml: the change feed (docs/design.md §11) as Atom, for feed readers. The filters of
// /api/changes but the page: a feed is its latest entries.

const FEED_ENTRIES = 50;
const ATOM = "application/atom+xml; charset=utf-8";
/** Entry ids are tag URIs (RFC 4151) of ours, whatever host serves them, so a reader never sees one twice. */
const TAG = "tag:cloudgpus.io,2026:change:";

const feedQuerySchema = changesQuerySchema.omit({ limit: true, page: true });

/** `−12%`, `+8.5%`. */
function percent(change: number): string {
  return `${change < 0 ? "−" : "+"}${Number(Math.abs(change).toFixed(1))}%`;
}

function entryTitle(change: ChangeEvent): string {
  const gpu = change.gpu.short_name;
  const provider = change.provider.display_name;
  const unit = change.kind === "spot" ? "per GPU-hour (spot)" : "per GPU-hour";
  const price = `${formatPrice(change.price_per_gpu_hour)} ${unit}`;
  switch (change.event) {
    case "price_cut":
    case "price_rise":
      return `${gpu} on ${provider}: ${formatPrice(change.previous_price_per_gpu_hour)} → ${price} (${percent(change.change_percent ?? 0)})`;
    case "new_offer":
      return `New on ${provider}: ${gpu} at ${price}`;
    case "sold_out":
      return `${gpu} on ${provider}: sold out`;
    case "back_in_stock":
      return `${gpu} on ${provider}: back in stock at ${price}`;
    case "new_provider":
      return `New provider: ${provider}, first offer ${gpu}${change.price_per_gpu_hour === null ? "" : ` at ${price}`}`;
  }
}

function entrySummary(change: ChangeEvent): string {
  const availability = change.previous_availability
    ? `${change.previous_availability} → ${change.availability}`
    : change.availability;
  return `${change.gpu.name} × ${change.gpu_count}, ${change.instance_type} at ${change.provider.display_name}. Price per GPU-hour${change.kind === "spot" ? " (spot)" : ""}: ${change.previous_price_per_gpu_hour === null ? "" : `${formatPrice(change.previous_price_per_gpu_hour)} → `}${formatPrice(change.price_per_gpu_hour)}. Availability: ${availability.replaceAll("_", " ")}.`;
}

/** The feed's own address: the filters it was asked with, in one order, defaults left out. */
function selfUrl(site: string, query: Omit<ChangesQuery, "limit" | "page">): string {
  const params = new URLSearchParams();
  if (query.gpu) params.set("gpu", [...query.gpu].sort().join(","));
  if (query.provider) params.set("provider", [...query.provider].sort().join(","));
  if (query.kind !== "on_demand") params.set("kind", query.kind);
  if (query.event) params.set("event", [...query.event].sort().join(","));
  if (query.min_change_percent !== DEFAULT_MIN_CHANGE_PERCENT)
    params.set("min_change_percent", String(query.min_change_percent));
  if (query.since) params.set("since", query.since);
  const search = params.toString().replaceAll("%2C", ",");
  return `${site}/feed.xml${search ? `?${search}` : ""}`;
}

/** The Atom document of a page of changes, read at `now`, with links on `site`. */
export function changesFeed(
  found: ChangesPage,
  query: Omit<ChangesQuery, "limit" | "page">,
  site: string,
  now: Date,
): string {
  const { gpus, providers } = found.named;
  const about = [
    gpus.length ? gpus.map((gpu) => gpu.name).join(", ") : "",
    providers.length ? `on ${providers.map((provider) => provider.display_name).join(", ")}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  const alternate =
    gpus.length === 1 && !providers.length
      ? `/cloud-gpu/${gpus[0]?.slug}`
      : providers.length === 1 && !gpus.length
        ? `/provider/${providers[0]?.slug}`
        : "/";
  const self = selfUrl(site, query);
  const entries: AtomEntry[] = found.docs.map((change) => ({
    id: `${TAG}${change.id}`,
    title: entryTitle(change),
    updated: new Date(change.at),
    link: `${site}${change.url}`,
    categories: [change.event],
    summary: entrySummary(change),
  }));
  return atomFeed({
    id: self,
    title: `CloudGPUs price changes${about ? `: ${about}` : ""}`,
    subtitle: "Price cuts and rises, new offers, sold-out and back-in-stock offers, and new providers.",
    updated: entries[0]?.updated ?? now,
    self,
    alternate: `${site}${alternate}`,
    author: { name: "CloudGPUs", uri: site },
    entries,
  });
}

export const feed = new Hono<AppEnv>()
  // A feed is read by programs: a refusal is the API's JSON envelope, not an HTML error page.
  .onError((error, c) =>
    error instanceof ApiError
      ? c.json(
          apiErrorBody(error.code, error.message, {
            requestId: c.get("requestId"),
            now: new Date(),
            details: error.details,
          }),
          error.status as 400,
          { "Cache-Control": "no-store" },
        )
      : handleError(error, c),
  )
  .get(
    "/feed.xml",
    validator("query", (value) => {
      const result = feedQuerySchema.safeParse(value);
      const problem = requestProblems(result.success ? result : { success: false, error: result.error, data: value });
      if (problem || !result.success) throw problem;
      return result.data;
    }),
    (c) => {
      const query = c.req.valid("query");
      const asked = { ...query, limit: FEED_ENTRIES, page: 1 };
      return cachedResponse(c, CHANGES_CACHE, canonicalChangesQuery(asked), async () => {
        const now = new Date();
        const found = await withDb(c.env, "fresh", (db) => changesFor(db, asked, now));
        return c.body(changesFeed(found, query, c.env.SITE_URL.replace(/\/+$/, ""), now), 200, {
          "Content-Type": ATOM,
        });
      });
    },
  );
