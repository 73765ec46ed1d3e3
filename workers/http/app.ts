import { Hono } from "hono";
import { except } from "hono/combine";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { admin } from "./admin";
import { api } from "./api";
import { apiCors } from "./cors";
import { handleError, handleNotFound } from "./errors";
import { pages } from "./pages";
import { rateLimit } from "./rate-limit";
import type { AppEnv } from "./types";

export const app = new Hono<AppEnv>()
  .use(requestId({ generator: () => `req_${crypto.randomUUID().replaceAll("-", "")}` }))
  .use(secureHeaders())
  // CORS first: preflights cost no token, and 429s still carry CORS headers.
  .use("/api/*", apiCors)
  .use("/api/*", except(["/api/health", "/api/openapi.json", "/api/docs"], rateLimit()))
  // Counted too, so guessing the admin token is as slow as any other abuse.
  .use("/admin/*", rateLimit())
  .route("/api", api)
  .route("/admin", admin)
  .route("/", pages)
  .notFound(handleNotFound)
  .onError(handleError);
