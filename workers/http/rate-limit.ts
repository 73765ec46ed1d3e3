import type { Context, MiddlewareHandler } from "hono";
import {
  anonymousClientKey,
  isLimited,
  type LimitedTier,
  policyFor,
  policyHeader,
  type RateLimitDecision,
  type RateLimitPolicy,
} from "../../shared/rate-limit";
import { type LeaseDecision, TokenLeases } from "../../shared/token-lease";
import { bearerToken } from "../auth/admin-token";
import { API_KEY_PREFIX, type ApiKeyTier, recordApiKeyUse, resolveApiKey } from "../auth/api-keys";
import { errorFields, log } from "../log";
import { ApiError } from "./errors";
import { setHeaders } from "./response-headers";
import type { AppEnv } from "./types";

/** Who is calling: an API key's owner, or an anonymous client counted by address. */
export type Client =
  | { kind: "anonymous"; id: string; tier: "anonymous" }
  | { kind: "visitor"; id: string; tier: "visitor" }
  | { kind: "api_key"; id: string; tier: ApiKeyTier };

/** Merge into AppEnv's Variables wherever `rateLimit()` runs: it sets `c.get("client")`. */
export type RateLimitVariables = { client: Client };

type RateLimitEnv = AppEnv & { Variables: RateLimitVariables };

/** `X-API-Key: <key>`, or `Authorization: Bearer cgp_…` (other bearer tokens are not API keys). */
function presentedApiKey(c: Context): string | null {
  const header = c.req.header("X-API-Key");
  if (header !== undefined) return header.trim();
  const bearer = bearerToken(c.req.header("Authorization"));
  return bearer?.startsWith(API_KEY_PREFIX) ? bearer : null;
}

const addressClient = (c: Context): Client => ({
  kind: "anonymous",
  id: anonymousClientKey(c.req.header("CF-Connecting-IP")),
  tier: "anonymous",
});

const visitorClient = (c: Context): Client => ({
  kind: "visitor",
  id: anonymousClientKey(c.req.header("CF-Connecting-IP")),
  tier: "visitor",
});

async function identify(c: Context<RateLimitEnv>): Promise<Client> {
  const key = presentedApiKey(c);
  if (key === null) return addressClient(c);
  // A bad key is an error, not a quiet fall back to the anonymous limits the caller did not ask for.
  const owner = await resolveApiKey(c.env.CACHE, key);
  if (!owner) throw new ApiError("UNAUTHORIZED", "Invalid or revoked API key.");
  return { kind: "api_key", id: owner.id, tier: owner.tier };
}

const bucketName = (client: Client) =>
  client.kind === "api_key" ? `key:${client.id}` : client.kind === "visitor" ? `page:${client.id}` : client.id;

/** The decision of the client's RateLimiter on `wanted` tokens, or null when it cannot be reached. */
async function consumeTokens(
  env: Env,
  client: Client,
  tier: LimitedTier,
  wanted: number,
): Promise<RateLimitDecision | null> {
  try {
    return await env.RATE_LIMITER.getByName(bucketName(client)).consume(tier, wanted);
  } catch (error) {
    // Fail open: a limiter outage must not take the price API down with it; the edge WAF rules
    // remain in front of it.
    log.error("rate-limit.unavailable", { client: bucketName(client), ...errorFields(error) });
    return null;
  }
}

/** Notes the key's use after the response; without an ExecutionContext (a test's `app.request`) there is no after. */
function noteKeyUse(c: Context<RateLimitEnv>, id: string): void {
  try {
    const ctx = c.executionCtx;
    recordApiKeyUse(c.env, id, Date.now(), (task) => ctx.waitUntil(task));
  } catch {
    // Hono throws when asked for an ExecutionContext it was not given.
  }
}

/** This isolate's leases: most requests of a busy client are counted without a round trip. */
const leases = new TokenLeases();

function limitHeaders(policy: RateLimitPolicy, decision: LeaseDecision, now: number): Record<string, string> {
  return {
    "RateLimit-Limit": String(policy.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(Math.max(0, Math.ceil((decision.resetAt - now) / 1_000))),
    "RateLimit-Policy": policyHeader(policy),
  };
}

/**
 * Rate limits by client (docs/design.md §12) and sets `c.get("client")`. Every limited
 * response carries the RateLimit-* headers (draft-ietf-httpapi-ratelimit-headers); a refused
 * request is a 429 RATE_LIMIT_EXCEEDED with `Retry-After`. The `unlimited` tier is not counted.
 *
 * `byAddress` counts every request by its address under the anonymous policy and ignores any API
 * key: for /admin/*, where a key (even an unlimited one) must not buy more guesses at the admin token.
 * `visitor` counts the pages (and health, /go/) by address under the visitor policy, keys ignored.
 */
export function rateLimit({ byAddress = false, visitor = false } = {}): MiddlewareHandler<RateLimitEnv> {
  return async (c, next) => {
    const client = visitor ? visitorClient(c) : byAddress ? addressClient(c) : await identify(c);
    c.set("client", client);
    if (client.kind === "api_key") noteKeyUse(c, client.id);
    if (!isLimited(client.tier)) return next();

    const policy = policyFor(client.tier, c.env.RATE_LIMIT_MULTIPLIER);
    const now = Date.now();
    const tier = client.tier;
    const decision = await leases.take(bucketName(client), policy, now, (wanted) =>
      consumeTokens(c.env, client, tier, wanted),
    );
    if (!decision) return next();

    const headers = limitHeaders(policy, decision, now);
    if (!decision.allowed) {
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
      c.header("Retry-After", String(decision.retryAfterSeconds));
      const seconds = decision.retryAfterSeconds;
      throw new ApiError(
        "RATE_LIMIT_EXCEEDED",
        `Rate limit exceeded. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`,
        {
          limit: policy.limit,
          remaining: 0,
          resetAt: new Date(now + seconds * 1_000).toISOString(),
        },
      );
    }
    await next();
    setHeaders(c, headers);
  };
}
