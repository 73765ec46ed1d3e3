import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../shared/api-errors";
import { apiGet } from "../testing/factories";
import { ApiError, handleError, handleNotFound } from "./errors";
import type { AppEnv } from "./types";

// A tiny app wired with the production error handlers, with routes that fail on purpose.
const failing = new Hono<AppEnv>()
  .use(requestId())
  .get("/api/crash", () => {
    throw new TypeError("secret internal detail at db.ts:42");
  })
  .get("/api/invalid", () => {
    throw new ApiError("VALIDATION_ERROR", "limit must be between 1 and 100", { field: "limit" });
  })
  .get("/api/too-large", () => {
    throw new HTTPException(413, { message: "Body too large" });
  })
  .get("/page-crash", () => {
    throw new Error("secret page detail");
  })
  .notFound(handleNotFound)
  .onError(handleError);

describe("API error envelope", () => {
  it("answers an unknown /api path with a 404 envelope carrying the request id", async () => {
    const response = await apiGet("/api/no-such-thing");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    const body = apiErrorSchema.parse(await response.json());
    expect(body).toMatchObject({ status: 404, error: "Not Found", code: "NOT_FOUND" });
    expect(body.requestId).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get("x-request-id")).toBe(body.requestId);
    expect(Date.parse(body.timestamp)).not.toBeNaN();
  });

  it("puts our own request id in the envelope, never one the client sent", async () => {
    const response = await apiGet("/api/nope", { "X-Request-Id": "client-abc-123" });
    expect(apiErrorSchema.parse(await response.json()).requestId).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it("turns an unexpected exception into a 500 without leaking its message or stack", async () => {
    const response = await failing.request("/api/crash");
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/secret|db\.ts|TypeError|at /);
    expect(apiErrorSchema.parse(JSON.parse(text))).toMatchObject({
      code: "INTERNAL_ERROR",
      message: "An unexpected error occurred.",
    });
  });

  it("passes an ApiError's code, message and details through", async () => {
    const response = await failing.request("/api/invalid");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: "VALIDATION_ERROR",
      message: "limit must be between 1 and 100",
      details: { field: "limit" },
    });
  });

  it("maps Hono's HTTP exceptions onto the closed list of codes", async () => {
    const response = await failing.request("/api/too-large");
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });
});

describe("HTML error pages", () => {
  it("answers an unknown page with a 404 HTML page that is not indexed", async () => {
    const response = await apiGet("/no/such/page");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain("Page not found");
    expect(html).toContain('<meta name="robots" content="noindex"/>');
  });

  it("shows a generic 500 page without internals", async () => {
    const response = await failing.request("/page-crash");
    expect(response.status).toBe(500);
    const html = await response.text();
    expect(html).toContain("Something went wrong");
    expect(html).not.toContain("secret page detail");
  });

  it("sends security headers on every response", async () => {
    const response = await apiGet("/no/such/page");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("sends the API the headers an API needs, and not those only a rendered document uses", async () => {
    for (const path of ["/api/gpu-models/h100-sxm", "/api/no-such-thing"]) {
      const response = await apiGet(path);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("strict-transport-security"), path).toContain("max-age=");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(response.headers.get("x-xss-protection"), path).toBeNull();
      expect(response.headers.get("x-download-options"), path).toBeNull();
    }
    expect((await apiGet("/api/docs")).headers.get("cross-origin-opener-policy")).toBe("same-origin");
  });
});
