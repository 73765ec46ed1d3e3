import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { api } from "./api";
import { apiCors } from "./cors";
import { handleError, handleNotFound } from "./errors";
import type { AppEnv } from "./types";

export const app = new Hono<AppEnv>()
  .use(requestId({ generator: () => `req_${crypto.randomUUID().replaceAll("-", "")}` }))
  .use(secureHeaders())
  .use("/api/*", apiCors)
  .route("/api", api)
  .notFound(handleNotFound)
  .onError(handleError);
