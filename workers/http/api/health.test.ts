import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { healthResponseSchema } from "../../../shared/health";
import worker from "../../index";
import { apiGet, WORKER_ORIGIN } from "../../testing/factories";

describe("GET /api/health", () => {
  it("answers 200 with every check passing against the real database", async () => {
    const response = await apiGet("/api/health");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = healthResponseSchema.parse(await response.json());
    expect(body.status).toBe("ok");
    expect(body.checks).toEqual({
      database: true,
      kv: true,
      queues: { scrape: true, "browser-scrape": true, notify: true, maintenance: true },
    });
  });

  it("answers 503 degraded when the database cannot be reached", async () => {
    // Same Worker, same KV and queues, but Hyperdrive pointing at a port nobody listens on.
    const deadDatabase = { connectionString: "postgresql://postgres:postgres@127.0.0.1:1/cloudgpus" } as Hyperdrive;
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request(`${WORKER_ORIGIN}/api/health`),
      { ...env, HYPERDRIVE: deadDatabase, HYPERDRIVE_UNCACHED: deadDatabase },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(503);
    const body = healthResponseSchema.parse(await response.json());
    expect(body.status).toBe("degraded");
    expect(body.checks.database).toBe(false);
    expect(body.checks.kv).toBe(true);
  });
});
