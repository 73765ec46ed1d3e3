import { Hono, type MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { REQUEST_DATABASE_DEADLINE_MS, withDatabaseDeadline } from "../db/deadline";
import { alertPages } from "./alerts";
import { api } from "./api";
import { apiCors, mcpCors } from "./cors";
import { ApiError, handleError, handleNotFound } from "./errors";
import { feed } from "./feed";
import { llms } from "./llms";
import { mcp } from "./mcp";
import { observe } from "./observe";
import { pages } from "./pages";
import { rateLimit } from "./rate-limit";
import { ourRequestId, requestIdHeader } from "./response-headers";
import type { AppEnv } from "./types";

/**
 * Paths under /api/* that the API's limit does not count: they are counted as pages. (A set, not
 * hono's `except`: this runs on every request.)
 */
const NOT_API_COUNTED = new Set(["/api/health", "/api/openapi.json", "/api/docs"]);
const unlessUnlimited =
  (limit: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> =>
  (c, next) =>
    NOT_API_COUNTED.has(c.req.path) ? next() : limit(c, next);
/** What the visitor limit counts: every path the API, /mcp and /admin limits do not. */
const countedAsPage = (path: string) =>
  path.startsWith("/api/")
    ? NOT_API_COUNTED.has(path)
    : path !== "/mcp" && path !== "/admin" && !path.startsWith("/admin/");
const visitorLimit = rateLimit({ visitor: true });

// Features no page uses, denied so nothing on one (an injected script, a frame) can ask for them.
// Only names Chromium knows: an unknown one is a console error on every page.
// web/public/_headers gives static assets the same list.
const PERMISSIONS_DENIED = Object.fromEntries(
  [
    "accelerometer",
    "camera",
    "displayCapture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickeyCredentialsGet",
    "screenWakeLock",
    "serial",
    "usb",
    "xrSpatialTracking",
  ].map((feature) => [feature, false]),
);

// Security headers: pages get hono's whole set, plus a Content-Security-Policy and a
// Permissions-Policy. A page loads our stylesheet, our one script and the favicon, and nothing
// inline but JSON-LD data blocks (CSP does not treat those as script), so 'self' is all it allows.
// `overwrite: false` leaves a handler's own policy as it set it (the admin dashboard's stricter one).
// Machine answers (the JSON API and /mcp) get the set OWASP's REST Security Cheat Sheet names for
// APIs (HSTS, nosniff, no framing, no referrer, CORP); the rest (CSP, XSS auditor, IE downloads,
// Flash policies, DNS prefetch, COOP, origin-agent clusters) only act on a document a browser
// renders, and each header is paid for on every answer.
const pageSecurityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
  },
  permissionsPolicy: PERMISSIONS_DENIED,
  xFrameOptions: "DENY",
  // Our own pages only: a click on a page's "rent at" link tells /go/ which page it came from
  // (recorded as its path); other sites are told nothing.
  referrerPolicy: "same-origin",
  overwrite: false,
});
const apiSecurityHeaders = secureHeaders({
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  xFrameOptions: "DENY",
});
const isMachinePath = (path: string) => (path.startsWith("/api/") && path !== "/api/docs") || path === "/mcp";

export const app = new Hono<AppEnv>()
  .use(ourRequestId)
  .use(observe())
  // A hung database delays no answer by more than this: the last good copy or a 503 instead (§8).
  .use((_, next) => withDatabaseDeadline(REQUEST_DATABASE_DEADLINE_MS, next))
  .use(requestIdHeader)
  .use((c, next) => (isMachinePath(c.req.path) ? apiSecurityHeaders : pageSecurityHeaders)(c, next))
  // CORS first: preflights cost no token, and 429s still carry CORS headers.
  .use("/api/*", apiCors)
  .use("/api/*", unlessUnlimited(rateLimit()))
  // The MCP server answers the API's questions, so it is counted and opened to browsers like the API.
  .use("/mcp", mcpCors)
  .use("/mcp", rateLimit())
  // Counted too, so guessing the admin token is as slow as any other abuse.
  .use("/admin/*", rateLimit({ byAddress: true }))
  // Pages, /go/ and health each cost a query on a miss: counted per address too, more loosely (§12).
  .use((c, next) => (countedAsPage(c.req.path) ? visitorLimit(c, next) : next()))
  .route("/", api)
  .route("/mcp", mcp)
  .route("/", alertPages)
  .route("/", llms)
  .route("/", feed)
  .route("/", pages)
  .notFound((c) => {
    // A path that exists, asked with a method it does not answer: 405 naming the methods it does.
    const allowed = methodsFor(c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      c.header("Allow", allowed.join(", "));
      return handleError(
        new ApiError("METHOD_NOT_ALLOWED", `${c.req.path} answers ${allowed.join(", ")}, not ${c.req.method}`),
        c,
      );
    }
    return handleNotFound(c);
  })
  .onError(handleError);

/** A route path as a pattern: `/api/instances/:id` matches `/api/instances/<anything but a slash>`. */
const patternOf = (path: string) =>
  new RegExp(
    `^${path
      .split("/")
      .map((part) =>
        part.startsWith(":") ? "[^/]+" : part === "*" ? ".*" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
      )
      .join("/")}$`,
  );

let routeMethods: { pattern: RegExp; method: string }[] | null = null;
/** The methods some route answers on `path` (HEAD wherever GET is), in a stable order. */
function methodsFor(path: string): string[] {
  routeMethods ??= app.routes
    .filter((route) => route.method !== "ALL")
    .map((route) => ({ pattern: patternOf(route.path), method: route.method }));
  const methods = new Set(routeMethods.filter((route) => route.pattern.test(path)).map((route) => route.method));
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}
