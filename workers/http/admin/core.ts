import { createRoute, OpenAPIHono, type RouteConfig, type z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { apiErrorSchema } from "../../../shared/api-errors";
import { accessConfig, verifyAccessJwt } from "../../auth/access";
import { bearerToken, tokensEqual } from "../../auth/admin-token";
import { type Database, withDb } from "../../db/client";
import { databaseCause } from "../../db/errors";
import { type AuditEntry, recordAudit } from "../../db/queries/audit";
import { jsonResponse } from "../api/openapi";
import { ApiError } from "../errors";
import type { AppEnv } from "../types";
import { requestProblems } from "../validation";

// What every admin route shares (docs/design.md §18): the two ways in, the declaration helpers that
// put each route in the OpenAPI document under the `admin` tag, and the audited write.

export type AdminEnv = { Bindings: Env; Variables: AppEnv["Variables"] & { actor: string } };

/** The admin token's holder, as the audit trail names them: the token does not say who it is. */
export const TOKEN_ACTOR = "admin-token";

/**
 * Two ways in: the bearer ADMIN_TOKEN (compared in constant time), or a Cloudflare Access JWT
 * (`Cf-Access-Jwt-Assertion`) when ACCESS_TEAM_DOMAIN and ACCESS_AUD are set. Fails closed: with
 * neither configured the admin API is switched off, never open.
 */
export const requireAdmin: MiddlewareHandler<AdminEnv> = async (c, next) => {
  const token = c.env.ADMIN_TOKEN;
  const access = accessConfig(c.env);
  if (!token && !access)
    throw new ApiError(
      "SERVICE_UNAVAILABLE",
      "The admin API is disabled: neither ADMIN_TOKEN nor Cloudflare Access (ACCESS_TEAM_DOMAIN, ACCESS_AUD) is configured.",
    );
  const presented = bearerToken(c.req.header("Authorization"));
  const assertion = c.req.header("Cf-Access-Jwt-Assertion");
  if (token && presented !== null && (await tokensEqual(presented, token))) c.set("actor", TOKEN_ACTOR);
  else if (access && assertion) {
    const verdict = await verifyAccessJwt(assertion, access);
    if (!verdict.ok) throw new ApiError("UNAUTHORIZED", `Cloudflare Access refused: ${verdict.reason}.`);
    c.set("actor", verdict.identity);
  } else
    throw new ApiError(
      "UNAUTHORIZED",
      access
        ? "Sign in through Cloudflare Access, or send the admin token (Authorization: Bearer <token>)."
        : "A valid admin token is required (Authorization: Bearer <token>).",
    );
  await next();
  c.header("Cache-Control", "no-store");
};

/** An OpenAPIHono for admin routes: a request its declaration refuses is a 400 naming each field. */
export const adminRoutes = () =>
  new OpenAPIHono<AdminEnv>({
    defaultHook: (result) => {
      const problem = requestProblems(result);
      if (problem) throw problem;
    },
  });

const adminErrors = {
  401: jsonResponse(apiErrorSchema, "No admin token or Access identity, or a wrong one (code UNAUTHORIZED)"),
  503: jsonResponse(apiErrorSchema, "The admin API is not configured (code SERVICE_UNAVAILABLE)"),
};

const ADMIN_SECURITY: Record<string, string[]>[] = [{ adminToken: [] }, { cloudflareAccess: [] }];

/** An admin route's declaration: tagged `admin`, behind the admin token or Access, with their errors. */
export const adminRoute = <R extends RouteConfig>(config: R) =>
  createRoute<
    R["path"],
    R & { tags: string[]; security: typeof ADMIN_SECURITY; responses: R["responses"] & typeof adminErrors }
  >({
    ...config,
    tags: ["admin"],
    security: ADMIN_SECURITY,
    responses: { ...config.responses, ...adminErrors },
  });

/** A JSON request body, validated by its (strict) schema: an unknown field is refused, not ignored. */
export const jsonBody = <S extends z.ZodType>(schema: S, description?: string) => ({
  body: { required: true, description, content: { "application/json": { schema } } },
});

export const errorAnswer = (description: string) => jsonResponse(apiErrorSchema, description);

/**
 * What the database refused of an operator's values, as the client error it is: a taken slug is a
 * 409, a value a constraint or a type refuses is a 400 in PostgreSQL's words (never the SQL).
 * Anything else is not the client's doing and is thrown on.
 */
function clientError(error: unknown): ApiError | null {
  const cause = databaseCause(error);
  if (cause.sqlState === "23505") return new ApiError("CONFLICT", `Already exists: ${cause.message}`);
  if (cause.sqlState?.startsWith("23") || cause.sqlState?.startsWith("22"))
    return new ApiError("VALIDATION_ERROR", `The database refused a value: ${cause.message}`);
  return null;
}

/**
 * A change and its audit row in one transaction: `change` makes it (throwing an ApiError when it
 * cannot) and answers the audit entry with what the row was and became, and the result.
 */
export async function audited<T>(
  env: Env,
  actor: string,
  change: (db: Database) => Promise<Omit<AuditEntry, "actor"> & { result: T }>,
): Promise<T> {
  try {
    return await withDb(env, "fresh", (db) =>
      db.transaction(async (tx) => {
        const { result, ...entry } = await change(tx);
        await recordAudit(tx, { actor, ...entry });
        return result;
      }),
    );
  } catch (error) {
    throw clientError(error) ?? error;
  }
}
