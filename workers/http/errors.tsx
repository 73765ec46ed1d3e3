import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { API_ERROR_CODES, type ApiErrorCode, apiErrorBody } from "../../shared/api-errors";
import { ErrorPage } from "../../web/pages/error-page";
import { DatabaseUnavailableError } from "../db/deadline";
import { databaseCause } from "../db/errors";
import { errorFields, log } from "../log";
import type { AppEnv } from "./types";

/** The one error type of the HTTP layer: throw it anywhere and the client gets the envelope. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get status(): number {
    return API_ERROR_CODES[this.code];
  }
}

const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  429: "RATE_LIMIT_EXCEEDED",
  503: "SERVICE_UNAVAILABLE",
};

const isApiPath = (path: string) => /^\/(api|admin|mcp)(\/|$)/.test(path);

// SQLSTATE classes that mean the database is not there for us: connection exception (08) and
// operator intervention (57: shutting down, restarting).
const UNAVAILABLE_CLASSES = new Set(["08", "57"]);

/** The database is down, restarting or hung: a 503 to retry, never a 500 that blames the request or us. */
const databaseUnavailable = (error: unknown) =>
  error instanceof DatabaseUnavailableError ||
  UNAVAILABLE_CLASSES.has(databaseCause(error).sqlState?.slice(0, 2) ?? "");

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (databaseUnavailable(error))
    return new ApiError(
      "SERVICE_UNAVAILABLE",
      "The price database cannot be reached right now. Please try again shortly.",
    );
  if (error instanceof HTTPException) {
    const code = CODE_BY_STATUS[error.status] ?? "INTERNAL_ERROR";
    return new ApiError(code, code === "INTERNAL_ERROR" ? "An unexpected error occurred." : error.message || code);
  }
  return new ApiError("INTERNAL_ERROR", "An unexpected error occurred.");
}

/** What a 503 asks a client to wait: about the time a database restart or failover takes. */
const RETRY_UNAVAILABLE_SECONDS = 30;

function respond(c: Context<AppEnv>, error: ApiError): Response | Promise<Response> {
  const requestId = c.get("requestId");
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (error.code === "SERVICE_UNAVAILABLE") headers["Retry-After"] = String(RETRY_UNAVAILABLE_SECONDS);
  if (isApiPath(c.req.path)) {
    const body = apiErrorBody(error.code, error.message, { requestId, now: new Date(), details: error.details });
    return c.json(body, error.status as 400, headers);
  }
  const [title, message] =
    error.code === "NOT_FOUND"
      ? ["Page not found", "There is no page at this address."]
      : error.status < 500
        ? ["This request cannot be answered", error.message]
        : ["Something went wrong", "We could not show this page. Please try again shortly."];
  return c.html(
    <ErrorPage status={error.status} title={title} message={message} requestId={requestId} />,
    error.status as 400,
    headers,
  );
}

export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  const apiError = toApiError(error);
  if (apiError.status >= 500) {
    log.error("http.unhandled", {
      requestId: c.get("requestId"),
      path: c.req.path,
      stack: (error as Error)?.stack,
      ...errorFields(error),
    });
  }
  return respond(c, apiError);
};

/**
 * The page of a page route whose slug names nothing: the same for everybody (no request id in the
 * body), so the route can cache it briefly and a stream of unknown slugs costs one query each, not
 * one per request.
 */
export const notFoundPage = (c: Context<AppEnv>) =>
  c.html(<ErrorPage status={404} title="Page not found" message="There is no page at this address." />, 404);

export const handleNotFound: NotFoundHandler<AppEnv> = (c) =>
  respond(c, new ApiError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`));
