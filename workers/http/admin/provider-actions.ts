import { z } from "@hono/zod-openapi";
import { scrapeQueueKinds } from "../../../shared/domain";
import { withDb } from "../../db/client";
import { providerRow } from "../../db/queries/admin-catalog";
import { recordAudit } from "../../db/queries/audit";
import { jsonResponse } from "../api/openapi";
import { ApiError } from "../errors";
import { slugParam } from "../validation";
import { adminRoute, adminRoutes, errorAnswer, jsonBody } from "./core";
import { enqueueScrapeNow } from "./scrape-now";

// What an operator does to a provider's scraping (docs/design.md §18): scrape it now (an ordinary
// ad-hoc message, see scrape-now.ts), and reset or force open its circuit breaker.

const slugParams = z.object({ slug: z.string() });

const breakerSchema = z
  .object({
    provider: z.string(),
    phase: z.enum(["closed", "open", "half-open"]),
    forced: z.boolean().describe("Opened by an operator: stays open until reset"),
    consecutive_failures: z.int(),
    opened_at: z.iso.datetime().nullable(),
    last_failure_at: z.iso.datetime().nullable(),
    last_success_at: z.iso.datetime().nullable(),
    last_error: z.string().nullable(),
  })
  .meta({ id: "AdminBreaker" });

const scrapeRoute = adminRoute({
  method: "post",
  path: "/providers/{slug}/scrape",
  summary: "Scrape a provider now (an ad-hoc message on its queue)",
  request: { params: slugParams },
  responses: {
    202: jsonResponse(
      z.object({ provider: z.string(), queue: z.enum(scrapeQueueKinds), enqueued: z.literal(true) }),
      "Enqueued",
    ),
    404: errorAnswer("No such provider (code NOT_FOUND)"),
    409: errorAnswer("Retired, disabled, without an adapter, or its breaker is open (code CONFLICT)"),
  },
});

const breakerRoute = adminRoute({
  method: "post",
  path: "/providers/{slug}/breaker",
  summary: "Reset a provider's circuit breaker, or force it open until reset",
  request: {
    params: slugParams,
    ...jsonBody(
      z.strictObject({
        action: z.enum(["reset", "open"]),
        reason: z.string().trim().min(1).max(300).optional().describe("Why it is forced open (kept as its last error)"),
      }),
    ),
  },
  responses: {
    200: jsonResponse(breakerSchema, "The breaker afterwards"),
    400: errorAnswer("Invalid body (code VALIDATION_ERROR)"),
    404: errorAnswer("No such provider (code NOT_FOUND)"),
  },
});

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

type Snapshot = Awaited<ReturnType<ReturnType<Env["PROVIDER_BREAKER"]["getByName"]>["status"]>>;
function breakerDoc(snapshot: Snapshot): z.infer<typeof breakerSchema> {
  return {
    provider: snapshot.provider,
    phase: snapshot.phase,
    forced: snapshot.forced ?? false,
    consecutive_failures: snapshot.consecutiveFailures,
    opened_at: iso(snapshot.openedAt),
    last_failure_at: iso(snapshot.lastFailureAt),
    last_success_at: iso(snapshot.lastSuccessAt),
    last_error: snapshot.lastError,
  };
}

export const providerActionsAdmin = adminRoutes()
  .openapi(scrapeRoute, async (c) => {
    const slug = slugParam(c.req.valid("param").slug, "provider");
    const sent = await withDb(c.env, "fresh", async (db) => {
      const provider = await providerRow(db, slug);
      const outcome = provider && (await enqueueScrapeNow(c.env, db, provider.id));
      if (!outcome) throw new ApiError("NOT_FOUND", `No provider "${slug}"`);
      if (!outcome.enqueued) throw new ApiError("CONFLICT", outcome.refusal);
      await recordAudit(db, {
        actor: c.var.actor,
        action: "provider.scrape",
        targetType: "provider",
        targetId: slug,
        after: { queue: outcome.queue },
      });
      return outcome;
    });
    return c.json({ provider: slug, queue: sent.queue, enqueued: true as const }, 202);
  })
  .openapi(breakerRoute, async (c) => {
    const slug = slugParam(c.req.valid("param").slug, "provider");
    const { action, reason } = c.req.valid("json");
    const snapshot = await withDb(c.env, "fresh", async (db) => {
      if (!(await providerRow(db, slug))) throw new ApiError("NOT_FOUND", `No provider "${slug}"`);
      const breaker = c.env.PROVIDER_BREAKER.getByName(slug);
      const before = breakerDoc(await breaker.status());
      const after =
        action === "reset"
          ? await breaker.reset()
          : await breaker.forceOpen(`opened by ${c.var.actor}${reason ? `: ${reason}` : ""}`);
      await recordAudit(db, {
        actor: c.var.actor,
        action: `breaker.${action}`,
        targetType: "provider",
        targetId: slug,
        before,
        after: breakerDoc(after),
      });
      return after;
    });
    return c.json(breakerDoc(snapshot), 200);
  });
