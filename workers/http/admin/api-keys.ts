import { type Context, Hono } from "hono";
import { z } from "zod";
import { createApiKey, revokeApiKey } from "../../auth/api-keys";
import { withDb } from "../../db/client";
import { listApiKeys } from "../../db/queries/api-keys";
import { apiKeyTiers } from "../../db/schema";
import { ApiError } from "../errors";
import type { AppEnv } from "../types";
import { uuidParam } from "../validation";

const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  tier: z.enum(apiKeyTiers).default("standard"),
});

const toIso = (date: Date | null) => date?.toISOString() ?? null;

function invalid(error: z.ZodError): ApiError {
  const issues = error.issues.map((issue) => ({ field: issue.path.join(".") || "(body)", message: issue.message }));
  return new ApiError("VALIDATION_ERROR", issues.map((issue) => `${issue.field}: ${issue.message}`).join("; "), {
    issues,
  });
}

async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new ApiError("VALIDATION_ERROR", "The body must be a JSON object.");
  }
}

export const apiKeysAdmin = new Hono<AppEnv>()
  .post("/", async (c) => {
    const input = createApiKeySchema.safeParse(await jsonBody(c));
    if (!input.success) throw invalid(input.error);
    const created = await withDb(c.env, "fresh", (db) => createApiKey(db, c.env.CACHE, input.data));
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
  .get("/", async (c) => {
    const keys = await withDb(c.env, "fresh", listApiKeys);
    return c.json({
      docs: keys.map((key) => ({
        id: key.id,
        name: key.name,
        tier: key.tier,
        key_prefix: key.keyPrefix,
        created_at: key.createdAt.toISOString(),
        revoked_at: toIso(key.revokedAt),
        last_used_at: toIso(key.lastUsedAt),
      })),
    });
  })
  .delete("/:id", async (c) => {
    const id = uuidParam(c.req.param("id"), "API key");
    const revoked = await withDb(c.env, "fresh", (db) => revokeApiKey(db, c.env.CACHE, id));
    if (!revoked) throw new ApiError("NOT_FOUND", `No API key ${id}`);
    return c.json({ id: revoked.id, revoked_at: revoked.revokedAt.toISOString() });
  });
