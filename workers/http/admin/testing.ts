import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { handleError, handleNotFound } from "../errors";
import type { AppEnv } from "../types";
import { admin } from "./index";

// The admin API as its tests call it: mounted at /admin on a bare app with the production error
// handler, so every refusal comes back in the JSON envelope.

export const adminApp = new Hono<AppEnv>()
  .use(requestId())
  .route("/admin", admin)
  .notFound(handleNotFound)
  .onError(handleError);

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
export const adminBindings: Env = { ...env, ADMIN_TOKEN };

export function adminCall(
  method: string,
  path: string,
  {
    body,
    token = ADMIN_TOKEN,
    headers = {},
    bindings = adminBindings,
  }: { body?: unknown; token?: string | null; headers?: Record<string, string>; bindings?: Env } = {},
) {
  const all: Record<string, string> = { "Content-Type": "application/json", ...headers };
  if (token !== null) all.Authorization = `Bearer ${token}`;
  return adminApp.request(
    `/admin${path}`,
    {
      method,
      headers: all,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    },
    bindings,
  );
}

/** The audit trail of one target, newest first, through the API itself. */
export async function auditOf(targetType: string, targetId: string) {
  const response = await adminCall(
    "GET",
    `/audit?target_type=${encodeURIComponent(targetType)}&target_id=${encodeURIComponent(targetId)}`,
  );
  return ((await response.json()) as { docs: { actor: string; action: string; before: unknown; after: unknown }[] })
    .docs;
}
