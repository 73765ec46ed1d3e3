import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { type AlertRule, alertRuleSchema, ruleProblems } from "../../../shared/alerts";
import { apiErrorSchema } from "../../../shared/api-errors";
import { alertChannels, alertStatuses, priceKinds, reliabilityTiers } from "../../../shared/domain";
import type { NotifyMessage } from "../../../shared/queue-messages";
import { MANAGEMENT_TOKEN_PREFIX } from "../../alerts/deliver";
import { allowsLoopback, resolverUrl } from "../../alerts/env";
import { hostResolvesPublicly } from "../../alerts/resolve";
import { bearerToken, tokensEqual } from "../../auth/admin-token";
import { randomToken, sha256Hex } from "../../auth/tokens";
import { type Database, withDb } from "../../db/client";
import {
  type AlertSubscriptionRow,
  deleteSubscription,
  insertSubscription,
  resolveRuleSlugs,
  setSubscriptionStatus,
  subscriptionById,
  subscriptionCounts,
  subscriptionNames,
} from "../../db/queries/alerts";
import { ApiError } from "../errors";
import type { RateLimitVariables } from "../rate-limit";
import type { AppEnv } from "../types";
import { invalidQuery, uuidParam } from "../validation";
import { errorResponses, type Handles, jsonResponse } from "./openapi";

// Price and stock alerts, managed by API (docs/design.md §9). A subscription is answered once with
// its management token (and a webhook's signing secret); afterwards GET, PATCH and DELETE take
// that token as `Authorization: Bearer cga_…`.

/** Live subscriptions one address may receive, and one client (API key or address) may make. */
export const MAX_ALERTS_PER_TARGET = 10;
export const MAX_ALERTS_PER_CLIENT = 50;

export const alertSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(alertStatuses),
    gpu: z.string(),
    providers: z.array(z.string()).nullable(),
    tier: z.enum(reliabilityTiers).nullable(),
    region: z.string().nullable(),
    kind: z.enum(priceKinds),
    max_price_per_gpu_hour: z.number().nullable(),
    back_in_stock: z.boolean(),
    channel: z.enum(alertChannels),
    target: z.string(),
    digest: z.boolean(),
    disabled_reason: z.string().nullable(),
    created_at: z.iso.datetime(),
    last_notified_at: z.iso.datetime().nullable(),
    manage_url: z.url().describe("The page where the alert is paused, resumed or deleted (with its token)"),
  })
  .meta({ id: "Alert" });

const createdSchema = z
  .object({
    alert: alertSchema,
    token: z.string().describe("The management token: shown once, needed for GET, PATCH and DELETE"),
    signing_secret: z
      .string()
      .optional()
      .describe("Webhooks only: the HMAC-SHA256 key of the X-CloudGPUs-Signature header; shown once"),
  })
  .meta({ id: "AlertCreated" });

async function alertDoc(
  db: Database,
  row: AlertSubscriptionRow,
  siteUrl: string,
): Promise<z.infer<typeof alertSchema>> {
  const names = await subscriptionNames(db, row);
  return {
    id: row.id,
    status: row.status,
    gpu: names.gpu,
    providers: names.providers,
    tier: row.reliabilityTier,
    region: row.region,
    kind: row.kind,
    max_price_per_gpu_hour: row.maxPricePerGpuHour,
    back_in_stock: row.backInStock,
    channel: row.channel,
    target: row.target,
    digest: row.digest,
    disabled_reason: row.disabledReason,
    created_at: row.createdAt.toISOString(),
    last_notified_at: row.lastNotifiedAt?.toISOString() ?? null,
    manage_url: `${siteUrl.replace(/\/$/, "")}/alerts/${row.id}`,
  };
}

type AlertsEnv = AppEnv & { Variables: RateLimitVariables };

/**
 * Makes a subscription from a rule the caller already parsed: the checks no schema can make (a GPU
 * or provider that exists, a target we may send to, the limits), then the row, then for email the
 * confirmation mail on the notify queue. Used by the API and by the site's form.
 */
export async function subscribe(c: Context<AlertsEnv>, rule: AlertRule) {
  const problems = ruleProblems(rule, { allowLoopback: allowsLoopback(c.env) });
  if (problems.length) throw invalidQuery(problems.map(([parameter, message]) => ({ parameter, message })));
  if (rule.channel === "email" && !c.env.POSTMARK_SERVER_TOKEN)
    throw new ApiError("SERVICE_UNAVAILABLE", "Email alerts are not configured here; use a webhook or Slack.");
  if (rule.channel === "webhook" && !allowsLoopback(c.env)) {
    // The host now, as well as before every delivery; a resolver that cannot answer now is asked again then.
    const resolved = await hostResolvesPublicly(fetch, resolverUrl(c.env), new URL(rule.target).hostname);
    if (!resolved.ok && resolved.fatal) throw invalidQuery([{ parameter: "target", message: resolved.reason }]);
  }
  const client = c.get("client");
  const clientKey = client.kind === "api_key" ? `key:${client.id}` : client.id;
  return withDb(c.env, "fresh", async (db) => {
    const { gpuModelId, providerIds } = await resolveRuleSlugs(db, rule.gpu, rule.providers ?? []);
    const unknown = (rule.providers ?? []).filter((slug) => !providerIds.has(slug));
    if (!gpuModelId) throw invalidQuery([{ parameter: "gpu", message: `no GPU model "${rule.gpu}"` }]);
    if (unknown.length) throw invalidQuery([{ parameter: "providers", message: `no provider ${unknown.join(", ")}` }]);
    const counts = await subscriptionCounts(db, rule.channel, rule.target, clientKey);
    if (counts.forTarget >= MAX_ALERTS_PER_TARGET)
      throw new ApiError(
        "CONFLICT",
        `${rule.target} already receives ${MAX_ALERTS_PER_TARGET} alerts; delete one first.`,
      );
    if (counts.forClient >= MAX_ALERTS_PER_CLIENT)
      throw new ApiError("CONFLICT", `This client has made ${MAX_ALERTS_PER_CLIENT} alerts; delete one first.`);

    const token = randomToken(MANAGEMENT_TOKEN_PREFIX);
    const signingSecret = rule.channel === "webhook" ? randomToken("whsec_") : undefined;
    const row = await insertSubscription(db, {
      gpuModelId,
      providerIds: rule.providers?.map((slug) => providerIds.get(slug) ?? "") ?? null,
      reliabilityTier: rule.tier ?? null,
      region: rule.region ?? null,
      kind: rule.kind,
      maxPricePerGpuHour: rule.max_price_per_gpu_hour ?? null,
      backInStock: rule.back_in_stock,
      channel: rule.channel,
      target: rule.target,
      digest: rule.digest,
      // Double opt-in: nothing but the confirmation goes to an address before it is confirmed.
      status: rule.channel === "email" ? "pending_confirmation" : "active",
      tokenHash: await sha256Hex(token),
      unsubscribeToken: randomToken("cgu_"),
      signingSecret: signingSecret ?? null,
      clientKey,
    });
    if (row.channel === "email")
      await c.env.NOTIFY_QUEUE.send({ kind: "alert-confirmation", subscriptionId: row.id } satisfies NotifyMessage);
    return { alert: await alertDoc(db, row, c.env.SITE_URL), token, signing_secret: signingSecret };
  });
}

/** The subscription `id` if `token` is its management token; 401 without a token, 404 otherwise. */
export async function authorised(db: Database, id: string, token: string | null): Promise<AlertSubscriptionRow> {
  if (!token?.startsWith(MANAGEMENT_TOKEN_PREFIX))
    throw new ApiError("UNAUTHORIZED", "Give the alert's management token: Authorization: Bearer cga_…");
  const row = await subscriptionById(db, id);
  // The same answer for an unknown id and a wrong token: a token is never checked against a guess.
  if (!row || !(await tokensEqual(await sha256Hex(token), row.tokenHash)))
    throw new ApiError("NOT_FOUND", `No alert "${id}" with that token`);
  return row;
}

/** Pauses or resumes. A subscription waiting for its confirmation, or disabled, cannot be resumed here. */
export async function changeStatus(db: Database, row: AlertSubscriptionRow, status: "paused" | "active") {
  if (row.status === "pending_confirmation" || row.status === "disabled")
    throw new ApiError(
      "CONFLICT",
      row.status === "disabled"
        ? `The alert was disabled (${row.disabledReason ?? "no reason recorded"}); make a new one.`
        : "The alert waits for its confirmation mail to be followed.",
    );
  return (await setSubscriptionStatus(db, row.id, status)) ?? row;
}

const idPath = z.strictObject({
  id: z.string().openapi({ param: { name: "id", in: "path" }, description: "Alert id (UUID)" }),
});
const tokenSecurity = [{ alertToken: [] }];
const alertErrors = {
  ...errorResponses,
  401: jsonResponse(apiErrorSchema, "No management token (code UNAUTHORIZED)"),
  409: jsonResponse(apiErrorSchema, "A limit reached, or a state that does not allow it (code CONFLICT)"),
};

export const createAlertRoute = createRoute({
  method: "post",
  path: "/api/alerts",
  summary: "Subscribe to a price or stock alert",
  description: `Email is confirmed first (double opt-in: status pending_confirmation until the mailed link is followed); webhooks and Slack are active at once. At most ${MAX_ALERTS_PER_TARGET} live alerts per address and ${MAX_ALERTS_PER_CLIENT} per client. Webhooks: https, public hosts only; each POST carries X-CloudGPUs-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the signing secret>.`,
  request: { body: { required: true, content: { "application/json": { schema: alertRuleSchema } } } },
  responses: {
    201: jsonResponse(createdSchema, "The alert, its management token and (webhooks) its signing secret"),
    ...alertErrors,
    503: jsonResponse(apiErrorSchema, "Email alerts not configured (code SERVICE_UNAVAILABLE)"),
  },
});
export const createAlert: Handles<typeof createAlertRoute> = async (c) =>
  c.json(await subscribe(c as unknown as Context<AlertsEnv>, c.req.valid("json")), 201);

export const alertRoute = createRoute({
  method: "get",
  path: "/api/alerts/{id}",
  summary: "An alert (with its management token)",
  security: tokenSecurity,
  request: { params: idPath },
  responses: { 200: jsonResponse(alertSchema, "The alert"), ...alertErrors },
});
export const alert: Handles<typeof alertRoute> = async (c) => {
  const id = uuidParam(c.req.param("id"), "alert");
  return withDb(c.env, "fresh", async (db) => {
    const row = await authorised(db, id, bearerToken(c.req.header("Authorization")));
    return c.json(await alertDoc(db, row, c.env.SITE_URL));
  });
};

export const updateAlertRoute = createRoute({
  method: "patch",
  path: "/api/alerts/{id}",
  summary: "Pause or resume an alert",
  security: tokenSecurity,
  request: {
    params: idPath,
    body: {
      required: true,
      content: { "application/json": { schema: z.strictObject({ status: z.enum(["paused", "active"]) }) } },
    },
  },
  responses: { 200: jsonResponse(alertSchema, "The alert"), ...alertErrors },
});
export const updateAlert: Handles<typeof updateAlertRoute> = async (c) => {
  const id = uuidParam(c.req.param("id"), "alert");
  const { status } = c.req.valid("json");
  return withDb(c.env, "fresh", async (db) => {
    const row = await authorised(db, id, bearerToken(c.req.header("Authorization")));
    return c.json(await alertDoc(db, await changeStatus(db, row, status), c.env.SITE_URL));
  });
};

export const deleteAlertRoute = createRoute({
  method: "delete",
  path: "/api/alerts/{id}",
  summary: "Delete an alert",
  security: tokenSecurity,
  request: { params: idPath },
  responses: { 204: { description: "Deleted" }, ...alertErrors },
});
export const removeAlert: Handles<typeof deleteAlertRoute> = async (c) => {
  const id = uuidParam(c.req.param("id"), "alert");
  return withDb(c.env, "fresh", async (db) => {
    const row = await authorised(db, id, bearerToken(c.req.header("Authorization")));
    await deleteSubscription(db, row.id);
    return c.body(null, 204);
  });
};
