import { z } from "@hono/zod-openapi";
import type { NotifyMessage } from "../../../shared/queue-messages";
import { bumpVersions } from "../../cache/versions";
import { withDb } from "../../db/client";
import { recordAudit } from "../../db/queries/audit";
import { storedScrape } from "../../db/queries/scrape-jobs";
import { jsonResponse } from "../api/openapi";
import { ApiError } from "../errors";
import { slugParam } from "../validation";
import { adminRoute, adminRoutes, errorAnswer, jsonBody } from "./core";

// A scrape stored outside the Worker (`npm run scrape -- --store --announce <url>`, an operator's
// import) is announced here, so the Worker does what it does after storing one of its own: the
// provider's pages and prices get new data versions, and the stored offers are matched against
// subscribers' alerts (docs/design.md §9).

const storedRoute = adminRoute({
  method: "post",
  path: "/providers/{slug}/stored",
  summary: "Announce a scrape stored outside the Worker (new data versions, alert matching)",
  request: { params: z.object({ slug: z.string() }), ...jsonBody(z.strictObject({ scrape_job_id: z.uuid() })) },
  responses: {
    202: jsonResponse(
      z.object({ provider: z.string(), scrape_job_id: z.uuid(), announced: z.literal(true) }),
      "Announced",
    ),
    400: errorAnswer("Invalid body (code VALIDATION_ERROR)"),
    404: errorAnswer("No completed scrape job of that id and provider (code NOT_FOUND)"),
  },
});

export const storedScrapesAdmin = adminRoutes().openapi(storedRoute, async (c) => {
  const slug = slugParam(c.req.valid("param").slug, "provider");
  const { scrape_job_id: scrapeJobId } = c.req.valid("json");
  const found = await withDb(c.env, "fresh", async (db) => {
    const job = await storedScrape(db, slug, scrapeJobId);
    if (job)
      await recordAudit(db, {
        actor: c.var.actor,
        action: "provider.announce-stored",
        targetType: "provider",
        targetId: slug,
        after: { scrape_job_id: scrapeJobId, gpu_models: job.gpuModels },
      });
    return job;
  });
  if (!found) throw new ApiError("NOT_FOUND", `No completed scrape job ${scrapeJobId} of ${slug}`);
  const now = new Date();
  await bumpVersions(c.env.CACHE, { gpus: found.gpuModels, providers: [slug] }, now);
  await c.env.NOTIFY_QUEUE.send({
    kind: "offers-stored",
    provider: slug,
    scrapeJobId,
    at: now.toISOString(),
  } satisfies NotifyMessage);
  return c.json({ provider: slug, scrape_job_id: scrapeJobId, announced: true as const }, 202);
});
