import { Hono, type MiddlewareHandler } from "hono";
import { bearerToken, tokensEqual } from "../../auth/admin-token";
import { ApiError } from "../errors";
import type { AppEnv } from "../types";
import { apiKeysAdmin } from "./api-keys";
import { screenshotsAdmin } from "./screenshots";
import { storedScrapesAdmin } from "./stored-scrapes";

/** Fails closed: without an ADMIN_TOKEN secret the admin API is switched off, never open. */
const requireAdminToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.env.ADMIN_TOKEN;
  if (!expected) throw new ApiError("SERVICE_UNAVAILABLE", "The admin API is disabled: no ADMIN_TOKEN is configured.");
  const presented = bearerToken(c.req.header("Authorization"));
  if (presented === null || !(await tokensEqual(presented, expected))) {
    throw new ApiError("UNAUTHORIZED", "A valid admin token is required (Authorization: Bearer <token>).");
  }
  await next();
  c.header("Cache-Control", "no-store");
};

export const admin = new Hono<AppEnv>()
  .use(requireAdminToken)
  .route("/api-keys", apiKeysAdmin)
  .route("/scrape-jobs", screenshotsAdmin)
  .route("/providers", storedScrapesAdmin);
