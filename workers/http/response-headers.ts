import type { Context, MiddlewareHandler } from "hono";
import { requestId } from "hono/request-id";
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

/**
 * An id of ours for every request. Hono's requestId would take a client's `X-Request-Id` in its
 * place, and a client could then pass its requests off as another's in our logs and error
 * envelopes; `headerName: ""` makes it read no header (requestIdHeader writes ours on the answer).
 */
export const ourRequestId = requestId({
  headerName: "",
  generator: () => `req_${crypto.randomUUID().replaceAll("-", "")}`,
});

/**
 * The id a client sent, to be logged beside ours so its own traces can be matched with our
 * lines. Anything but a short plain token is dropped: it is the client's text, in every line.
 */
export function clientRequestId(header: string | undefined): string | undefined {
  return header && header.length <= 128 && /^[\w=-]+$/.test(header) ? header : undefined;
}

/** `X-Request-Id` on every response, cached ones included (ourRequestId sets `c.get("requestId")`). */
export const requestIdHeader: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  setHeaders(c, { "X-Request-Id": c.get("requestId") });
};
