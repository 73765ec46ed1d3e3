import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { describe, expect, it } from "vitest";
import { saveScreenshots } from "../../queues/screenshots";
import { handleError, handleNotFound } from "../errors";
import type { AppEnv } from "../types";
import { admin } from "./index";

const app = new Hono<AppEnv>().use(requestId()).route("/admin", admin).notFound(handleNotFound).onError(handleError);
const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
const get = (path: string, token: string | null = ADMIN_TOKEN) =>
  app.request(`/admin${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} }, { ...env, ADMIN_TOKEN });

// The first bytes of a PNG, and enough after them to tell two apart.
const png = (marker: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, marker]);

describe("screenshots of browser scrapes", () => {
  const job = crypto.randomUUID();

  it("keeps one PNG per page read under its scrape job, and lists them for an operator", async () => {
    await saveScreenshots(env.SCREENSHOTS, job, [
      { url: "https://www.gmicloud.ai/pricing", status: 200, bytes: 1000, durationMs: 900, screenshot: png(1) },
      {
        url: "https://www.gmicloud.ai/pricing?tab=reserved",
        status: 200,
        bytes: 900,
        durationMs: 800,
        screenshot: null,
      },
      { url: "https://www.gmicloud.ai/gpus", status: 200, bytes: 800, durationMs: 700, screenshot: png(3) },
    ]);
    const response = await get(`/scrape-jobs/${job}/screenshots`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { docs: Record<string, unknown>[] };
    expect(body.docs.map(({ page, url, status, bytes }) => ({ page, url, status, bytes }))).toEqual([
      { page: 1, url: "https://www.gmicloud.ai/pricing", status: 200, bytes: 9 },
      { page: 3, url: "https://www.gmicloud.ai/gpus", status: 200, bytes: 9 },
    ]);
  });

  it("serves a screenshot as image/png, byte for byte", async () => {
    const response = await get(`/scrape-jobs/${job}/screenshots/3`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(png(3));
  });

  it("answers 404 for a page it kept nothing of or a path that names none, 401 without the token", async () => {
    expect((await get(`/scrape-jobs/${job}/screenshots/2`)).status).toBe(404);
    expect((await get(`/scrape-jobs/not-a-uuid/screenshots`)).status).toBe(404);
    expect((await get(`/scrape-jobs/${job}/screenshots/0`)).status).toBe(404);
    expect((await get(`/scrape-jobs/${job}/screenshots`, null)).status).toBe(401);
  });
});
