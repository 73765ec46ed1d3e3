import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { setHeaders } from "./response-headers";

/** The origins in `CORS_ORIGINS` (comma-separated, wrangler.toml per environment), docs/design.md §12. */
export function allowedOrigins(setting: string | undefined): string[] {
  return (setting ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
}

const origin = (requested: string, c: Context) =>
  allowedOrigins((c.env as Env).CORS_ORIGINS).includes(requested) ? requested : null;
const ALLOW_HEADERS = ["Content-Type", "Authorization", "X-API-Key", "X-Request-ID", "If-None-Match"];
const EXPOSE_HEADERS = [
  "X-Request-Id",
  "X-Cache",
  "ETag",
  "Retry-After",
  "RateLimit-Limit",
  "RateLimit-Remaining",
  "RateLimit-Reset",
  "RateLimit-Policy",
];

/**
 * Hono's CORS for requests that name an Origin; the others (servers, scripts, the benchmark) only
 * need `Vary: Origin` so that no cache serves their answer to a browser, which is added in place.
 */
const forBrowsers =
  (handler: MiddlewareHandler): MiddlewareHandler =>
  async (c, next) => {
    if (c.req.header("Origin") !== undefined) return handler(c, next);
    await next();
    setHeaders(c, { Vary: "Origin" }, { append: true });
  };

/** CORS for the public API: whitelisted origins only, read-only methods, our headers readable. */
export const apiCors = forBrowsers(
  cors({
    origin,
    allowMethods: ["GET", "HEAD", "OPTIONS"],
    allowHeaders: ALLOW_HEADERS,
    exposeHeaders: EXPOSE_HEADERS,
    maxAge: 86_400,
  }),
);

/**
 * CORS for /mcp: the API's origins and headers, plus the headers a streamable HTTP client sends.
 * GET and DELETE are allowed so that a browser sees their 405 rather than a failed preflight.
 */
export const mcpCors = forBrowsers(
  cors({
    origin,
    allowMethods: ["POST", "GET", "DELETE", "OPTIONS"],
    allowHeaders: [...ALLOW_HEADERS, "Mcp-Session-Id", "Mcp-Protocol-Version"],
    exposeHeaders: EXPOSE_HEADERS,
    maxAge: 86_400,
  }),
);
