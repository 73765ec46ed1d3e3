import type { Context } from "hono";
import type { AppEnv } from "../http/types";
import { readVersions, type VersionScope } from "./versions";

export interface CachePolicy {
  /** How long a response may be reused (docs/design.md §8). */
  ttlSeconds: number;
  /** The data versions the response is built from; a bump of any of them is a new cache key. */
  dependsOn: readonly { scope: VersionScope; slug?: string }[];
  /**
   * How long browsers may keep it, when shorter than the edge: pages are re-keyed at the edge the
   * moment prices change, but a browser's copy cannot be recalled.
   */
  browserTtlSeconds?: number;
}

const CACHE_ORIGIN = "https://cache.cloudgpus.internal";
const STORED_HEADERS = ["Content-Type", "Content-Disposition"];

async function etagOf(body: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  return `"${[...digest.slice(0, 16)].map((byte) => byte.toString(16).padStart(2, "0")).join("")}"`;
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string | null): boolean {
  if (!ifNoneMatch || !etag) return false;
  return ifNoneMatch.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}

/**
 * The one edge-cache helper (Cache API, per colo). The key is the path, the caller's canonical form
 * of the query (so parameter order does not matter) and the current versions of the data it depends
 * on (workers/cache/versions.ts), so stored prices show as soon as the version moves, without a
 * purge. Successful responses get an ETag and `Cache-Control`; `If-None-Match` gets a 304; every
 * answer says `X-Cache: HIT` or `MISS`. Errors are never cached.
 */
export async function cachedResponse(
  c: Context<AppEnv>,
  policy: CachePolicy,
  canonicalQuery: string,
  build: () => Promise<Response>,
): Promise<Response> {
  const versions = policy.dependsOn.length ? await readVersions(c.env.CACHE, policy.dependsOn) : [];
  const versionParam = `__v=${encodeURIComponent(versions.join(","))}`;
  const key = new Request(`${CACHE_ORIGIN}${c.req.path}?${canonicalQuery ? `${canonicalQuery}&` : ""}${versionParam}`);
  const cache = caches.default;
  let stored = await cache.match(key);
  const state = stored ? "HIT" : "MISS";
  if (!stored) {
    const built = await build();
    if (built.status !== 200) return built;
    const body = await built.arrayBuffer();
    // Only what describes the body is stored: headers the request's middleware set (CORS,
    // rate limits, request id) belong to that request and must never be served to another.
    const headers = new Headers();
    for (const name of STORED_HEADERS) {
      const value = built.headers.get(name);
      if (value) headers.set(name, value);
    }
    headers.set("ETag", await etagOf(body));
    headers.set("Cache-Control", `public, max-age=${policy.ttlSeconds}`);
    stored = new Response(body, { status: 200, headers });
    await cache.put(key, stored.clone());
  }
  const etag = stored.headers.get("ETag");
  const cacheControl = `public, max-age=${policy.browserTtlSeconds ?? policy.ttlSeconds}`;
  const response =
    etag && matchesEtag(c.req.header("If-None-Match"), etag)
      ? new Response(null, { status: 304, headers: { ETag: etag } })
      : new Response(stored.body, stored);
  response.headers.set("Cache-Control", cacheControl);
  response.headers.set("X-Cache", state);
  return response;
}

/** Search params in a stable order, for endpoints without a grammar of their own. */
export function sortedQuery(url: URL): string {
  return [...url.searchParams]
    .sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join("&");
}
