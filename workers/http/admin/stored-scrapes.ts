import { Hono } from "hono";
import { z } from "zod";
import type { NotifyMessage } from "../../../shared/queue-messages";
import { bumpVersions } from "../../cache/versions";
import { withDb } from "../../db/client";
import { storedScrape } from "../../db/queries/scrape-jobs";
import { ApiError } from "../errors";
import type { AppEnv } from "../types";
import { slugParam } from "../validation";

// A scrape stored outside the Worker (`npm run scrape -- --store --announce <url>`, an operator's
// import) is announced here, so the Worker does what it does after storing one of its own: the
// provider's pages and prices get new data versions, and the stored offers are matched against
// subscribers' alerts (docs/design.md §9).

const bodySchema = z.strictObject({ scrape_job_id: z.uuid() });

export const storedScrapesAdmin = new Hono<AppEnv>().post("/:slug/stored", async (c) => {
  const slug = slugParam(c.req.param("slug"), "provider");
  const parsed = bodySchema.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success) throw new ApiError("VALIDATION_ERROR", 'The body must be {"scrape_job_id": "<uuid>"}.');
  const found = await withDb(c.env, "fresh", (db) => storedScrape(db, slug, parsed.data.scrape_job_id));
  if (!found) throw new ApiError("NOT_FOUND", `No completed scrape job ${parsed.data.scrape_job_id} of ${slug}`);
  const now = new Date();
  await bumpVersions(c.env.CACHE, { gpus: found.gpuModels, providers: [slug] }, now);
  await c.env.NOTIFY_QUEUE.send({
    kind: "offers-stored",
    provider: slug,
    scrapeJobId: parsed.data.scrape_job_id,
    at: now.toISOString(),
  } satisfies NotifyMessage);
  return c.json({ provider: slug, scrape_job_id: parsed.data.scrape_job_id, announced: true }, 202);
});
