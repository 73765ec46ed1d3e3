import { Hono } from "hono";
import { screenshotPrefix } from "../../queues/screenshots";
import { ApiError } from "../errors";
import type { AppEnv } from "../types";
import { uuidParam } from "../validation";

/** A page number in the path, or a 404, as for any path segment that cannot name a document. */
const pageNumber = (value: string) => {
  if (!/^[1-9]\d{0,2}$/.test(value)) throw new ApiError("NOT_FOUND", `No screenshot page "${value.slice(0, 20)}"`);
  return Number(value);
};

/** The screenshots a browser scrape kept of the pages it read (workers/queues/screenshots.ts). */
export const screenshotsAdmin = new Hono<AppEnv>()
  .get("/:id/screenshots", async (c) => {
    const id = uuidParam(c.req.param("id"), "scrape job id");
    const listed = await c.env.SCREENSHOTS.list({ prefix: screenshotPrefix(id), include: ["customMetadata"] });
    const docs = listed.objects
      .map((object) => ({
        page: Number(object.key.slice(screenshotPrefix(id).length).replace(/\.png$/, "")),
        url: object.customMetadata?.url ?? null,
        status: object.customMetadata?.status ? Number(object.customMetadata.status) : null,
        bytes: object.size,
        captured_at: object.uploaded.toISOString(),
      }))
      .sort((a, b) => a.page - b.page);
    return c.json({ scrape_job_id: id, docs });
  })
  .get("/:id/screenshots/:page", async (c) => {
    const id = uuidParam(c.req.param("id"), "scrape job id");
    const page = pageNumber(c.req.param("page"));
    const object = await c.env.SCREENSHOTS.get(`${screenshotPrefix(id)}${page}.png`);
    if (!object) throw new ApiError("NOT_FOUND", `Scrape job ${id} kept no screenshot of page ${page}.`);
    return new Response(object.body, {
      headers: { "Content-Type": "image/png", "Content-Length": String(object.size), "Cache-Control": "no-store" },
    });
  });
