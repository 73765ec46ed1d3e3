import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./types";

// Headers added to a response the handler already made. Hono's `c.header()` after the handler
// copies the whole response once per call; these change it in place, and go through `c.header()`
// only for a response whose headers are immutable (one passed through from a fetch).

export function setHeaders(c: Context, headers: Record<string, string>, { append = false } = {}): void {
  try {
    for (const [name, value] of Object.entries(headers))
      append ? c.res.headers.append(name, value) : c.res.headers.set(name, value);
  } catch {
    for (const [name, value] of Object.entries(headers)) c.header(name, value, { append });
  }
}

/** `X-Request-Id` on every response, cached ones included (hono's requestId sets `c.get("requestId")`). */
export const requestIdHeader: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  setHeaders(c, { "X-Request-Id": c.get("requestId") });
};
