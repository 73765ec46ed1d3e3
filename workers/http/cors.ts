import { cors } from "hono/cors";

/** The origins in `CORS_ORIGINS` (comma-separated, wrangler.toml per environment), docs/design.md §12. */
export function allowedOrigins(setting: string | undefined): string[] {
  return (setting ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
}

/** CORS for the public API: whitelisted origins only, read-only methods, our headers readable. */
export const apiCors = cors({
  origin: (origin, c) => (allowedOrigins((c.env as Env).CORS_ORIGINS).includes(origin) ? origin : null),
  allowMethods: ["GET", "HEAD", "OPTIONS"],
  allowHeaders: ["Content-Type", "Authorization", "X-API-Key", "X-Request-ID", "If-None-Match"],
  exposeHeaders: [
    "X-Request-Id",
    "X-Cache",
    "ETag",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
  ],
  maxAge: 86_400,
});
