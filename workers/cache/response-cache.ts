import type { Context } from "hono";
import { TtlMap } from "../../shared/ttl-map";
import { databaseCause } from "../db/errors";
import { ApiError } from "../http/errors";
import type { AppEnv } from "../http/types";
import { errorFields, log } from "../log";
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
  /**
   * How long a 404 the build answered may be reused (pages whose slug names nothing): without it a
   * 404 is never cached. Keyed by the same versions, so an entity that appears shows at once.
   */
  notFoundTtlSeconds?: number;
}

const CACHE_ORIGIN = "https://cache.cloudgpus.internal";
const STORED_HEADERS = ["Content-Type", "Content-Disposition"];

/**
 * The isolate's own copy of the responses it served last, in front of the Cache API: a hot read
 * then costs no cache round trip. Same key (versions included), and an entry lapses when the
 * edge copy would, at build time + TTL (its `Date`). Bounded: 128 entries of at most 128 KiB.
 * Each keeps its body gzipped too, compressed once: a client that accepts gzip (every browser and
 * HTTP library) gets those bytes as they are, instead of the edge compressing them per request.
 */
interface Stored {
  status: 200 | 404;
  body: ArrayBuffer;
  gzip?: ArrayBuffer;
  headers: [string, string][];
  /** The headers of a HIT from this entry, per encoding, worked out once (an entry serves one route). */
  hits?: { identity: [string, string][]; gzip: [string, string][] };
}
const hot = new TtlMap<string, Stored>(128);
const HOT_MAX_BYTES = 128 * 1024;

async function gzipped(body: ArrayBuffer): Promise<ArrayBuffer> {
  return new Response(new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
}

async function keptHot(
  key: string,
  status: Stored["status"],
  body: ArrayBuffer,
  headers: Headers,
  ttlSeconds: number,
  now: number,
) {
  const stored: Stored = { status, body, headers: [...headers] };
  if (body.byteLength > HOT_MAX_BYTES) return stored;
  const builtAt = Date.parse(headers.get("Date") ?? "");
  const expiresAt = (Number.isNaN(builtAt) ? now : Math.min(now, builtAt)) + ttlSeconds * 1_000;
  if (expiresAt <= now) return stored;
  stored.gzip = await gzipped(body);
  hot.set(key, stored, expiresAt);
  return stored;
}

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
 *
 * Stale if error: each answer built is also kept for a day under a key without versions, the last
 * good answer of that question. When building fails because the database cannot be reached, that
 * copy is served, marked `X-Cache: STALE` (and on a page, a notice that prices may be out of date),
 * rather than an error: a visitor during an outage sees yesterday's prices, said to be so.
 */
export async function cachedResponse(
  c: Context<AppEnv>,
  policy: CachePolicy,
  canonicalQuery: string,
  build: () => Promise<Response>,
): Promise<Response> {
  const versions = policy.dependsOn.length ? await readVersions(c.env.CACHE, policy.dependsOn) : [];
  const versionParam = `__v=${encodeURIComponent(versions.join(","))}`;
  const key = `${CACHE_ORIGIN}${c.req.path}?${canonicalQuery ? `${canonicalQuery}&` : ""}${versionParam}`;
  const now = Date.now();
  const kept = hot.get(key, now);
  if (kept) return respond(c, policy, kept, "HIT");
  const cache = caches.default;
  const fromEdge = await cache.match(key);
  if (fromEdge) {
    const status = fromEdge.status === 404 ? 404 : 200;
    const body = await fromEdge.arrayBuffer();
    const kept = await keptHot(key, status, body, fromEdge.headers, ttlOf(policy, status), now);
    return respond(c, policy, kept, "HIT");
  }
  const lastGood = `${CACHE_ORIGIN}/last-good${c.req.path}?${canonicalQuery}`;
  let built: Response;
  try {
    built = await build();
  } catch (error) {
    const stale = unreachableDatabase(error) ? await cache.match(lastGood) : undefined;
    if (!stale) throw error;
    log.warn("cache.stale-if-error", { path: c.req.path, ...errorFields(error) });
    return staleAnswer(stale);
  }
  const status = built.status === 200 ? 200 : built.status === 404 && policy.notFoundTtlSeconds ? 404 : null;
  if (status === null) return built;
  const body = await built.arrayBuffer();
  // Only what describes the body is stored: headers the request's middleware set (CORS,
  // rate limits, request id) belong to that request and must never be served to another.
  const headers = new Headers();
  for (const name of STORED_HEADERS) {
    const value = built.headers.get(name);
    if (value) headers.set(name, value);
  }
  headers.set("ETag", await etagOf(body));
  headers.set("Cache-Control", `public, max-age=${ttlOf(policy, status)}`);
  headers.set("Date", new Date(now).toUTCString());
  await cache.put(key, new Response(body, { status, headers }));
  if (status === 200) {
    const copy = new Headers(headers);
    copy.set("Cache-Control", `public, max-age=${LAST_GOOD_SECONDS}`);
    afterResponse(c, cache.put(lastGood, new Response(body, { status, headers: copy })));
  }
  return respond(c, policy, await keptHot(key, status, body, headers, ttlOf(policy, status), now), "MISS");
}

/** How long the last good answer of a question is kept for an outage. */
const LAST_GOOD_SECONDS = 86_400;

/** A failure to reach the database (not a refusal of ours, not a data error). */
function unreachableDatabase(error: unknown): boolean {
  if (error instanceof ApiError) return false;
  return databaseCause(error).transient;
}

/** Work that need not delay the answer; awaited where there is no execution context (tests). */
function afterResponse(c: Context<AppEnv>, work: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(work.catch((error) => log.warn("cache.last-good-failed", errorFields(error))));
  } catch {
    void work.catch(() => {});
  }
}

const STALE_NOTICE =
  '<p class="stale-notice" role="status">We cannot reach our price database right now: these prices are the last we served and may be out of date.</p>';

/** The last good answer, marked stale; a page also says so at the top of its content. */
function staleAnswer(stale: Response): Response {
  const headers = new Headers(stale.headers);
  headers.set("X-Cache", "STALE");
  headers.set("Cache-Control", "no-store");
  headers.set("Warning", '110 - "Response is Stale"');
  headers.delete("ETag");
  const answer = new Response(stale.body, { status: 200, headers });
  if (!headers.get("Content-Type")?.startsWith("text/html")) return answer;
  return new HTMLRewriter()
    .on("main", { element: (main) => void main.prepend(STALE_NOTICE, { html: true }) })
    .transform(answer);
}

const ttlOf = (policy: CachePolicy, status: Stored["status"]) =>
  status === 404 ? (policy.notFoundTtlSeconds ?? 0) : policy.ttlSeconds;
/** How long a browser may keep the answer: never longer than the edge. */
const browserTtlOf = (policy: CachePolicy, status: Stored["status"]) =>
  Math.min(policy.browserTtlSeconds ?? policy.ttlSeconds, ttlOf(policy, status));

/**
 * What the client itself accepts. Cloudflare replaces `Accept-Encoding` on the way to a Worker
 * (it says "br, gzip" whatever the client sent) and keeps the client's own value in
 * `request.cf.clientAcceptEncoding` (empty when it sent none): answering by the header would hand
 * gzip to a client that never asked for it, and make the platform undo it.
 */
function clientAcceptEncoding(request: Request): string | undefined {
  const cf = (request as Request & { cf?: { clientAcceptEncoding?: string } }).cf;
  return cf?.clientAcceptEncoding ?? request.headers.get("Accept-Encoding") ?? undefined;
}

/** `Accept-Encoding` names gzip with a weight above 0. */
function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return (acceptEncoding ?? "").split(",").some((part) => {
    const [coding = "", ...parameters] = part.split(";").map((piece) => piece.trim().toLowerCase());
    const weight = parameters.find((parameter) => parameter.startsWith("q="));
    return coding === "gzip" && (weight === undefined || Number(weight.slice(2)) > 0);
  });
}

/** What an answer from `stored` carries: what describes its body, and how long it may be kept. */
function answerHeaders(stored: Stored, policy: CachePolicy, state: "HIT" | "MISS", gzip: boolean): [string, string][] {
  const headers = new Headers(stored.headers);
  headers.set("Cache-Control", `public, max-age=${browserTtlOf(policy, stored.status)}`);
  headers.set("X-Cache", state);
  if (stored.gzip) headers.set("Vary", "Accept-Encoding");
  if (gzip) {
    // The same content, another encoding: a weak validator, as the edge gives a body it compressed.
    const etag = headers.get("ETag");
    if (etag) headers.set("ETag", `W/${etag}`);
    headers.set("Content-Encoding", "gzip");
  }
  return [...headers];
}

function respond(c: Context<AppEnv>, policy: CachePolicy, stored: Stored, state: "HIT" | "MISS"): Response {
  const etag = stored.headers.find(([name]) => name === "etag")?.[1];
  if (stored.status === 200 && etag && matchesEtag(c.req.header("If-None-Match"), etag))
    return new Response(null, {
      status: 304,
      headers: {
        ETag: etag,
        "Cache-Control": `public, max-age=${browserTtlOf(policy, stored.status)}`,
        "X-Cache": state,
      },
    });
  const gzip = stored.gzip !== undefined && acceptsGzip(clientAcceptEncoding(c.req.raw));
  let headers: [string, string][];
  if (state === "HIT") {
    stored.hits ??= {
      identity: answerHeaders(stored, policy, "HIT", false),
      gzip: answerHeaders(stored, policy, "HIT", stored.gzip !== undefined),
    };
    headers = gzip ? stored.hits.gzip : stored.hits.identity;
  } else headers = answerHeaders(stored, policy, state, gzip);
  if (gzip && stored.gzip) return new Response(stored.gzip, { status: stored.status, headers, encodeBody: "manual" });
  return new Response(stored.body, { status: stored.status, headers });
}
