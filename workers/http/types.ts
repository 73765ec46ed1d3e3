import type { RequestIdVariables } from "hono/request-id";
import type { RateLimitVariables } from "./rate-limit";

export type AppEnv = {
  Bindings: Env;
  Variables: RequestIdVariables & RateLimitVariables;
};
