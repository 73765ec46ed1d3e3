import { z } from "@hono/zod-openapi";
import { paginate, paginatedSchema } from "../../../shared/api-schemas";
import { quarantineDecisions } from "../../../shared/domain";
import { roundMoney } from "../../../shared/money";
import { type Database, withDb } from "../../db/client";
import { decideQuarantined, listQuarantine, quarantineEntry } from "../../db/queries/quarantine";
import { errorFields, log } from "../../log";
import { jsonResponse } from "../api/openapi";
import { ApiError } from "../errors";
import { uuidParam } from "../validation";
import { adminRoute, adminRoutes, audited, errorAnswer, jsonBody } from "./core";
import { adminPageQuery, filteredProvider, providerFilter } from "./list-query";
import { enqueueScrapeNow } from "./scrape-now";

// The quarantine queue (docs/design.md §6, §18): prices validation held back as implausible or as
// an unconfirmed jump, and an operator's approval or rejection of each. A quarantined observation
// keeps the provider's raw record, not a publishable offer, so a decision is applied by the
// provider's next scrape: an approval enqueues one at once.

const quarantinedOfferSchema = z
  .object({
    id: z.uuid(),
    provider: z.string(),
    instance_type: z.string().nullable(),
    gpu_model: z.string().nullable().describe("The catalog GPU's slug; null when the GPU was not identified"),
    gpu_name_raw: z.string().nullable().describe("The GPU as the provider named it"),
    code: z.string().describe("PRICE_IMPLAUSIBLE (outside the GPU's band) or PRICE_ANOMALY (an unconfirmed jump)"),
    message: z.string(),
    price_per_hour: z.number().nullable().describe("USD, whole instance"),
    price_per_gpu_hour: z
      .number()
      .nullable()
      .describe("USD; null while the offer was never published (GPU count unknown)"),
    previous_price_per_hour: z.number().nullable().describe("The published price it jumped from (PRICE_ANOMALY)"),
    created_at: z.iso.datetime(),
    scrape_job_id: z.uuid(),
    decision: z.enum(quarantineDecisions).nullable(),
    decided_at: z.iso.datetime().nullable(),
    decided_by: z.string().nullable(),
  })
  .meta({ id: "AdminQuarantinedOffer" });

const quarantineQuerySchema = adminPageQuery.extend({
  decided: z
    .enum(["true", "false"])
    .default("false")
    .describe("false (default): what waits for a decision; true: what was approved or rejected, latest first"),
  provider: providerFilter,
});

const listRoute = adminRoute({
  method: "get",
  path: "/quarantine",
  summary: "Prices held in quarantine, waiting for an operator",
  description:
    "Undecided: the latest quarantined observation of each offer, newest first (an older one of the same offer is superseded). With decided=true: the decided observations, latest decision first.",
  request: { query: quarantineQuerySchema },
  responses: {
    200: jsonResponse(paginatedSchema(quarantinedOfferSchema, "AdminQuarantinePage"), "A page of the queue"),
    400: errorAnswer("Invalid query (code VALIDATION_ERROR)"),
    404: errorAnswer("No provider of that slug (code NOT_FOUND)"),
  },
});

const decideRoute = adminRoute({
  method: "post",
  path: "/quarantine/{id}",
  summary: "Approve or reject a quarantined price (applied by the provider's next scrape)",
  description:
    "approve: from the provider's next scrape, that offer at a price within 2 % of this one is published even outside its band or as a jump; it is spent once the offer is published at another price. An ad-hoc scrape is enqueued. reject: a price within 2 % of this one stays in quarantine and never confirms a jump.",
  request: {
    params: z.object({ id: z.string() }),
    ...jsonBody(z.strictObject({ decision: z.enum(["approve", "reject"]) })),
  },
  responses: {
    200: jsonResponse(
      quarantinedOfferSchema.extend({
        scrape_enqueued: z
          .boolean()
          .describe(
            "Whether a scrape of the provider was enqueued: on approval, for an active provider with an adapter",
          ),
      }),
      "Decided",
    ),
    400: errorAnswer("Invalid body (code VALIDATION_ERROR)"),
    404: errorAnswer("No offer issue of that id (code NOT_FOUND)"),
    409: errorAnswer("Not a quarantined price, or one already decided (code CONFLICT)"),
  },
});

type Entry = NonNullable<Awaited<ReturnType<typeof quarantineEntry>>>;

const iso = (date: Date | null) => date?.toISOString() ?? null;

const entryDoc = (row: Entry) => ({
  id: row.id,
  provider: row.provider,
  instance_type: row.instanceType,
  gpu_model: row.gpuModel,
  gpu_name_raw: row.gpuNameRaw,
  code: row.code,
  message: row.message,
  price_per_hour: row.pricePerHour,
  price_per_gpu_hour: row.pricePerHour !== null && row.gpuCount ? roundMoney(row.pricePerHour / row.gpuCount) : null,
  previous_price_per_hour: row.previousPricePerHour,
  created_at: row.createdAt.toISOString(),
  scrape_job_id: row.scrapeJobId,
  decision: row.decision,
  decided_at: iso(row.decidedAt),
  decided_by: row.decidedBy,
});

/** An approval applies at the next scrape: ask for one now. The decision stands whether it is sent or not. */
async function enqueueScrape(env: Env, db: Database, providerId: string): Promise<boolean> {
  try {
    const sent = await enqueueScrapeNow(env, db, providerId);
    return sent?.enqueued ?? false;
  } catch (error) {
    // The next planned scrape applies it.
    log.error("quarantine.enqueue-failed", { providerId, ...errorFields(error) });
    return false;
  }
}

export const quarantineAdmin = adminRoutes()
  .openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const limit = Number(query.limit);
    const page = Number(query.page);
    const found = await withDb(c.env, "fresh", async (db) =>
      listQuarantine(db, {
        decided: query.decided === "true",
        providerId: await filteredProvider(db, query.provider),
        limit,
        page,
      }),
    );
    return c.json(paginate(found.rows.map(entryDoc), found.totalDocs, limit, page), 200);
  })
  .openapi(decideRoute, async (c) => {
    const id = uuidParam(c.req.valid("param").id, "offer issue");
    const { decision } = c.req.valid("json");
    const verdict = decision === "approve" ? "approved" : "rejected";
    const decided = await audited(c.env, c.var.actor, async (db) => {
      const outcome = await decideQuarantined(db, id, verdict, c.var.actor);
      if ("unknown" in outcome) throw new ApiError("NOT_FOUND", `No offer issue ${id}`);
      if ("refused" in outcome) {
        const { kind, decision: earlier, decidedBy, decidedAt } = outcome.refused;
        throw new ApiError(
          "CONFLICT",
          earlier
            ? `Offer issue ${id} was already ${earlier} by ${decidedBy} at ${iso(decidedAt)}`
            : `Offer issue ${id} is ${kind}, not quarantined: only quarantined prices are approved or rejected`,
        );
      }
      const { decided: done } = outcome;
      return {
        action: `quarantine.${decision}`,
        targetType: "offer-issue",
        targetId: id,
        before: { decision: null, decided_at: null, decided_by: null },
        after: { decision: done.decision, decided_at: done.decidedAt, decided_by: done.decidedBy },
        result: done,
      };
    });
    return withDb(c.env, "fresh", async (db) => {
      const enqueued = verdict === "approved" && (await enqueueScrape(c.env, db, decided.providerId));
      const entry = await quarantineEntry(db, id);
      if (!entry) throw new ApiError("NOT_FOUND", `Offer issue ${id} was deleted as it was decided`);
      return c.json({ ...entryDoc(entry), scrape_enqueued: enqueued }, 200);
    });
  });
