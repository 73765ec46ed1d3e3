import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withDb } from "../db/client";
import { log } from "../log";
import { CounterBatch } from "../metrics/counters";
import { apiGet, createGpuModel } from "../testing/factories";
import { app } from "./app";
import { observe } from "./observe";
import { clientRequestId, ourRequestId, requestIdHeader } from "./response-headers";
import type { AppEnv } from "./types";

// What every answer says about itself: an id of ours (a client's may be logged beside it, never
// in its place, or a client could make its requests look like someone else's in our logs), and on
// pages the headers that keep a browser from running, framing or granting anything we did not mean.

const OUR_ID = /^req_[0-9a-f]{32}$/;
const CLIENT_ID = "client-abc-123";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("request ids", () => {
  it("answers with an id of ours, not the one the client sent", async () => {
    const response = await apiGet("/api/no-such-thing", { "X-Request-Id": CLIENT_ID });
    expect(response.status).toBe(404);
    const id = response.headers.get("X-Request-Id");
    expect(id).toMatch(OUR_ID);
    expect(((await response.json()) as { requestId: string }).requestId).toBe(id);
  });

  it("logs the client's id beside ours", async () => {
    const lines: Record<string, unknown>[] = [];
    vi.spyOn(console, "log").mockImplementation((line: Record<string, unknown>) => void lines.push(line));
    const logging = new Hono<AppEnv>()
      .use(ourRequestId)
      .use(observe(new CounterBatch()))
      .use(requestIdHeader)
      .get("/logged", (c) => {
        log.info("test.logged");
        return c.text("ok");
      });
    const ctx = createExecutionContext();
    const response = await logging.request("/logged", { headers: { "X-Request-Id": CLIENT_ID } }, env, ctx);
    await waitOnExecutionContext(ctx);
    const id = response.headers.get("X-Request-Id");
    expect(id).toMatch(OUR_ID);
    expect(lines.filter((line) => line.event === "test.logged")).toEqual([
      { level: "info", event: "test.logged", requestId: id, clientRequestId: CLIENT_ID },
    ]);
  });

  it("logs no client id that is not a short plain token", () => {
    expect(clientRequestId(CLIENT_ID)).toBe(CLIENT_ID);
    expect(clientRequestId(undefined)).toBeUndefined();
    expect(clientRequestId("")).toBeUndefined();
    expect(clientRequestId("two words")).toBeUndefined();
    expect(clientRequestId('x", "admin": true')).toBeUndefined();
    expect(clientRequestId("a".repeat(129))).toBeUndefined();
  });

  it("gives each cached answer a fresh id of its own, never the stored one or the client's", async () => {
    const slug = `request-id-gpu-${crypto.randomUUID().slice(0, 8)}`;
    await withDb(env, "fresh", (db) => createGpuModel(db, { slug }));
    const answers = [];
    for (let index = 0; index < 3; index++)
      answers.push(await apiGet(`/api/gpu-models/${slug}`, { "X-Request-Id": CLIENT_ID }));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers.map((answer) => answer.headers.get("X-Cache"))).toEqual(["MISS", "HIT", "HIT"]);
    const ids = answers.map((answer) => answer.headers.get("X-Request-Id"));
    for (const id of ids) expect(id).toMatch(OUR_ID);
    expect(new Set(ids).size).toBe(3);
  });

  it("gives a cached page a fresh id too", async () => {
    const first = await apiGet("/cloud-gpu", { "X-Request-Id": CLIENT_ID });
    const again = await apiGet("/cloud-gpu", { "X-Request-Id": CLIENT_ID });
    expect(again.headers.get("X-Cache")).toBe("HIT");
    expect(again.headers.get("X-Request-Id")).toMatch(OUR_ID);
    expect(again.headers.get("X-Request-Id")).not.toBe(first.headers.get("X-Request-Id"));
  });
});

const permissions = (response: Response) =>
  new Map(
    (response.headers.get("Permissions-Policy") ?? "")
      .split(",")
      .map((entry) => entry.trim().split("=") as [string, string]),
  );
const directives = (response: Response) =>
  new Map(
    (response.headers.get("Content-Security-Policy") ?? "")
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name = "", ...sources]) => [name, sources.join(" ")]),
  );

describe("page security headers", () => {
  it("lets a page load only our own script, stylesheet and images", async () => {
    const response = await apiGet("/");
    expect(response.status).toBe(200);
    const csp = directives(response);
    expect(Object.fromEntries(csp)).toMatchObject({
      "default-src": "'self'",
      "script-src": "'self'",
      "style-src": "'self'",
      "img-src": "'self'",
      "object-src": "'none'",
      "base-uri": "'none'",
      "frame-ancestors": "'none'",
      "form-action": "'self'",
    });
    expect(response.headers.get("X-Frame-Options")).toBe("DENY");
  });

  it("tells our own pages which page a visitor came from, and other sites nothing", async () => {
    // /go/ records the page a click came from, read from the Referer (workers/http/pages/go.ts).
    expect((await apiGet("/")).headers.get("Referrer-Policy")).toBe("same-origin");
    expect((await apiGet("/api/gpu-models/h100-sxm")).headers.get("Referrer-Policy")).toBe("no-referrer");
  });

  it("allows nothing inline, and pages have nothing inline the policy would block", async () => {
    for (const path of ["/", "/cloud-gpu", "/api/docs", "/alerts", "/calculator/cost-estimator"]) {
      const response = await apiGet(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("Content-Security-Policy"), path).not.toMatch(/unsafe|nonce|sha256/);
      const html = await response.text();
      // Inline JSON-LD is a data block, not script: CSP leaves it alone. Anything else inline would be blocked.
      const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((match) => match[1]);
      for (const attributes of inlineScripts) expect(attributes, path).toContain('type="application/ld+json"');
      expect(html, path).not.toMatch(/\sstyle=|<style|\son[a-z]+=|javascript:/i);
    }
  });

  it("denies every powerful browser feature", async () => {
    const policy = permissions(await apiGet("/cloud-gpu"));
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb", "serial", "display-capture"])
      expect(policy.get(feature), feature).toBe("()");
  });

  it("sends the same headers on a page answered from the cache and on a page's 404", async () => {
    await apiGet("/cloud-gpu");
    const cached = await apiGet("/cloud-gpu");
    expect(cached.headers.get("X-Cache")).toBe("HIT");
    const missing = await apiGet(`/cloud-gpu/no-such-gpu-${crypto.randomUUID().slice(0, 8)}`);
    expect(missing.status).toBe(404);
    for (const response of [cached, missing]) {
      expect(directives(response).get("default-src")).toBe("'self'");
      expect(permissions(response).get("camera")).toBe("()");
    }
  });

  it("leaves the admin dashboard its own stricter policy", async () => {
    const token = "test-admin-token-0123456789abcdef";
    const ctx = createExecutionContext();
    const response = await app.request(
      "/admin",
      { headers: { Authorization: `Bearer ${token}` } },
      { ...env, ADMIN_TOKEN: token },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(200);
    expect(directives(response).get("default-src")).toBe("'none'");
    expect(directives(response).get("form-action")).toBe("'none'");
    expect(permissions(response).get("camera")).toBe("()");
  });

  it("keeps page-only headers off JSON answers", async () => {
    const response = await apiGet("/api/gpu-models");
    expect(response.headers.get("Content-Security-Policy")).toBeNull();
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});
