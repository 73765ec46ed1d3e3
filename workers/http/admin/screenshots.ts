import { z } from "@hono/zod-openapi";
import { screenshotPrefix } from "../../queues/screenshots";
import { jsonResponse } from "../api/openapi";
import { ApiError } from "../errors";
import { uuidParam } from "../validation";
import { adminRoute, adminRoutes, errorAnswer } from "./core";

/** A page number in the path, or a 404, as for any path segment that cannot name a document. */
const pageNumber = (value: string) => {
  if (!/^[1-9]\d{0,2}$/.test(value)) throw new ApiError("NOT_FOUND", `No screenshot page "${value.slice(0, 20)}"`);
  return Number(value);
};

const listRoute = adminRoute({
  method: "get",
  path: "/scrape-jobs/{id}/screenshots",
  summary: "The screenshots a browser scrape kept of the pages it read",
  request: { params: z.object({ id: z.string() }) },
  responses: {
    200: jsonResponse(
      z.object({
        scrape_job_id: z.uuid(),
        docs: z.array(
          z.object({
            page: z.int(),
            url: z.string().nullable(),
            status: z.int().nullable(),
            bytes: z.int(),
            captured_at: z.iso.datetime(),
          }),
        ),
      }),
      "The job's screenshots, by page",
    ),
    404: errorAnswer("Not a scrape job id (code NOT_FOUND)"),
  },
});

const pageRoute = adminRoute({
  method: "get",
  path: "/scrape-jobs/{id}/screenshots/{page}",
  summary: "One screenshot (PNG)",
  request: { params: z.object({ id: z.string(), page: z.string() }) },
  responses: {
    200: { description: "The screenshot", content: { "image/png": { schema: { type: "string", format: "binary" } } } },
    404: errorAnswer("No such screenshot (code NOT_FOUND)"),
  },
});

/** The screenshots a browser scrape kept of the pages it read (workers/queues/screenshots.ts). */
export const screenshotsAdmin = adminRoutes()
  .openapi(listRoute, async (c) => {
    const id = uuidParam(c.req.valid("param").id, "scrape job id");
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
    return c.json({ scrape_job_id: id, docs }, 200);
  })
  .openapi(pageRoute, async (c) => {
    const params = c.req.valid("param");
    const id = uuidParam(params.id, "scrape job id");
    const page = pageNumber(params.page);
    const object = await c.env.SCREENSHOTS.get(`${screenshotPrefix(id)}${page}.png`);
    if (!object) throw new ApiError("NOT_FOUND", `Scrape job ${id} kept no screenshot of page ${page}.`);
    return new Response(object.body, {
      headers: { "Content-Type": "image/png", "Content-Length": String(object.size), "Cache-Control": "no-store" },
    });
  });
