import type { Context } from "hono";
import { anonymousClientKey } from "../../../shared/rate-limit";
import { TtlMap } from "../../../shared/ttl-map";
import { sha256Hex } from "../../auth/tokens";
import { withDb } from "../../db/client";
import { databaseCause } from "../../db/errors";
import { providerRecord, recordAffiliateClick } from "../../db/queries/providers";
import { errorFields, log } from "../../log";
import { ApiError } from "../errors";
import type { AppEnv } from "../types";
import { slugParam } from "../validation";

const HOUR_MS = 3_600_000;

/**
 * Which of our pages a click came from: the path of a Referer on one of `ownOrigins`, or nothing.
 * A Referer from anywhere else is whatever its sender chose to write, so it is not recorded.
 */
export function sourcePath(referer: string | undefined, ownOrigins: readonly string[]): string | null {
  if (!referer || !URL.canParse(referer)) return null;
  const url = new URL(referer);
  return ownOrigins.includes(url.origin) ? url.pathname.slice(0, 200) : null;
}

/**
 * The KV key that marks a click as counted: one per client, provider and clock hour. Hashed so that
 * KV holds no address; the hour in it lets the mark lapse with it.
 */
export async function countedClickKey(clientAddress: string | undefined, providerId: string, now: number) {
  const hour = Math.floor(now / HOUR_MS);
  return `click:${await sha256Hex(`${anonymousClientKey(clientAddress)}|${providerId}|${hour}`)}`;
}

type Click = Parameters<typeof recordAffiliateClick>[1];

/** Inserts the click unless this client's click on this provider was counted this hour. Never rejects. */
async function countClick(env: Env, markKey: string, click: Click): Promise<void> {
  try {
    if ((await env.CACHE.get(markKey)) !== null) return;
  } catch (error) {
    // Counting a click twice is better than losing every click while KV is unreachable.
    log.warn("go.click-mark-unreadable", errorFields(error));
  }
  try {
    await withDb(env, "fresh", (db) => recordAffiliateClick(db, click));
  } catch (error) {
    log.warn("go.click-not-recorded", { providerId: click.providerId, ...errorFields(error) });
    return;
  }
  await env.CACHE.put(markKey, "1", { expirationTtl: HOUR_MS / 1_000 }).catch((error) =>
    log.warn("go.click-mark-not-written", errorFields(error)),
  );
}

/**
 * GET /go/:provider — redirects to the provider's affiliate link (or its website) and counts the
 * click after the response, at most once per client, provider and hour. The destination only ever
 * comes from our providers table: nothing in the request can choose it, so this is no open redirect.
 * Recorded: provider, our page, country, time; nothing else.
 */
export async function goToProvider(c: Context<AppEnv>): Promise<Response> {
  const slug = slugParam(c.req.param("provider") ?? "", "provider");
  let provider: Awaited<ReturnType<typeof providerRecord>>;
  try {
    provider = await withDb(c.env, "fresh", (db) => providerRecord(db, slug));
  } catch (error) {
    // The database is down: the visitor still goes to the provider, by the destination kept last
    // time (the click goes uncounted).
    const kept = databaseCause(error).transient ? await c.env.CACHE.get(destinationKey(slug)) : null;
    if (!kept) throw error;
    log.warn("go.database-unreachable", { provider: slug, ...errorFields(error) });
    return redirectTo(c, kept);
  }
  if (!provider) throw new ApiError("NOT_FOUND", `No provider "${slug}"`);
  const destination = provider.affiliateUrl ?? provider.websiteUrl;
  keepDestination(c, slug, destination);

  const country = (c.req.raw as Request & { cf?: { country?: string } }).cf?.country;
  const ownOrigins = [new URL(c.req.url).origin, new URL(c.env.SITE_URL).origin];
  const click: Click = {
    providerId: provider.id,
    sourcePath: sourcePath(c.req.header("Referer"), ownOrigins),
    country: typeof country === "string" && /^[A-Z]{2}$/.test(country) ? country : null,
  };
  const markKey = await countedClickKey(c.req.header("CF-Connecting-IP"), provider.id, Date.now());
  // The visitor goes on at once: the bookkeeping is ours, and losing it must never keep them from the provider.
  c.executionCtx.waitUntil(countClick(c.env, markKey, click));

  return redirectTo(c, destination);
}

function redirectTo(c: Context<AppEnv>, destination: string): Response {
  const response = c.redirect(destination, 302);
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("X-Robots-Tag", "noindex");
  return response;
}

/** Where /go/<slug> sent visitors last, for when the database cannot say (a week; refreshed hourly). */
const destinationKey = (slug: string) => `go:${slug}`;
const DESTINATION_SECONDS = 7 * 86_400;
// What this isolate wrote lately, so a busy link costs one KV write an hour, not one per click.
const keptDestinations = new TtlMap<string, string>(1_000);

function keepDestination(c: Context<AppEnv>, slug: string, destination: string): void {
  const now = Date.now();
  if (keptDestinations.get(slug, now) === destination) return;
  keptDestinations.set(slug, destination, now + HOUR_MS);
  c.executionCtx.waitUntil(
    c.env.CACHE.put(destinationKey(slug), destination, { expirationTtl: DESTINATION_SECONDS }).catch((error) =>
      log.warn("go.destination-not-kept", { provider: slug, ...errorFields(error) }),
    ),
  );
}
