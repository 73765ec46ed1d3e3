import { z } from "@hono/zod-openapi";
import { createApiKey, revokeApiKey } from "../../auth/api-keys";
import { withDb } from "../../db/client";
import { listApiKeys } from "../../db/queries/api-keys";
import { recordAudit } from "../../db/queries/audit";
import { apiKeyTiers } from "../../db/schema";
import { jsonResponse } from "../api/openapi";
import { ApiError } from "../errors";
import { uuidParam } from "../validation";
import { adminRoute, adminRoutes, errorAnswer, jsonBody } from "./core";

const toIso = (date: Date | null) => date?.toISOString() ?? null;

const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  tier: z.enum(apiKeyTiers).default("standard"),
});

const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    tier: z.enum(apiKeyTiers),
    key_prefix: z.string(),
    created_at: z.iso.datetime(),
    revoked_at: z.iso.datetime().nullable(),
    last_used_at: z.iso.datetime().nullable(),
  })
  .meta({ id: "AdminApiKey" });

const createKey = adminRoute({
  method: "post",
  path: "/api-keys",
  summary: "Issue an API key (the key is answered once and stored only as its hash)",
  request: jsonBody(createApiKeySchema),
  responses: {
    201: jsonResponse(
      apiKeySchema.pick({ id: true, name: true, tier: true, key_prefix: true, created_at: true }).extend({
        key: z.string(),
      }),
      "The key",
    ),
    400: errorAnswer("Invalid body (code VALIDATION_ERROR)"),
  },
});

const listKeys = adminRoute({
  method: "get",
  path: "/api-keys",
  summary: "List API keys",
  responses: { 200: jsonResponse(z.object({ docs: z.array(apiKeySchema) }), "Every key, revoked ones too") },
});

const revokeKey = adminRoute({
  method: "delete",
  path: "/api-keys/{id}",
  summary: "Revoke an API key",
  request: { params: z.object({ id: z.string() }) },
  responses: {
    200: jsonResponse(z.object({ id: z.uuid(), revoked_at: z.iso.datetime() }), "Revoked"),
    404: errorAnswer("No such key (code NOT_FOUND)"),
  },
});

export const apiKeysAdmin = adminRoutes()
  .openapi(createKey, async (c) => {
    const input = c.req.valid("json");
    const created = await withDb(c.env, "fresh", async (db) => {
      const key = await createApiKey(db, c.env.CACHE, input);
      await recordAudit(db, {
        actor: c.var.actor,
        action: "api-key.create",
        targetType: "api-key",
        targetId: key.id,
        after: { name: key.name, tier: key.tier, key_prefix: key.keyPrefix },
      });
      return key;
    });
    return c.json(
      {
        id: created.id,
        name: created.name,
        tier: created.tier,
        key: created.key,
        key_prefix: created.keyPrefix,
        created_at: created.createdAt.toISOString(),
      },
      201,
    );
  })
  .openapi(listKeys, async (c) => {
    const keys = await withDb(c.env, "fresh", listApiKeys);
    return c.json(
      {
        docs: keys.map((key) => ({
          id: key.id,
          name: key.name,
          tier: key.tier,
          key_prefix: key.keyPrefix,
          created_at: key.createdAt.toISOString(),
          revoked_at: toIso(key.revokedAt),
          last_used_at: toIso(key.lastUsedAt),
        })),
      },
      200,
    );
  })
  .openapi(revokeKey, async (c) => {
    const id = uuidParam(c.req.valid("param").id, "API key");
    const revoked = await withDb(c.env, "fresh", async (db) => {
      const done = await revokeApiKey(db, c.env.CACHE, id);
      if (done)
        await recordAudit(db, {
          actor: c.var.actor,
          action: "api-key.revoke",
          targetType: "api-key",
          targetId: id,
          after: { revoked_at: done.revokedAt },
        });
      return done;
    });
    if (!revoked) throw new ApiError("NOT_FOUND", `No API key ${id}`);
    return c.json({ id: revoked.id, revoked_at: revoked.revokedAt.toISOString() }, 200);
  });
