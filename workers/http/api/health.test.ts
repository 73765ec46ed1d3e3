import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { healthResponseSchema } from "../../../shared/health";
import { withDb } from "../../db/client";
import { providers, scrapeJobs, scrapeSchedules } from "../../db/schema";
import worker from "../../index";
import { apiGet, createProvider, WORKER_ORIGIN } from "../../testing/factories";

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

describe("GET /api/health", () => {
  it("answers 200 with every check passing against the real database", async () => {
    const response = await apiGet("/api/health");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = healthResponseSchema.parse(await response.json());
    expect(body.checks).toMatchObject({
      database: true,
      kv: true,
      queues: { scrape: true, "browser-scrape": true, notify: true, maintenance: true },
    });
    expect(body.checks.freshness?.checked).toBeGreaterThan(0);
  });

  it("is degraded, naming it, when a P0 provider's prices are past their window; later tiers and disabled ones are listed or left out", async () => {
    const made = await withDb(env, "fresh", async (db) => {
      const rows = await Promise.all([
        createProvider(db), // P0, succeeded 7 h ago: past its 6 h window
        createProvider(db), // P0, succeeded 1 h ago
        createProvider(db), // P2, succeeded 13 h ago: stale, but not a reason to degrade
        createProvider(db, { status: "disabled", statusReason: "paused", statusSetBy: "ops" }), // P0, never
      ]);
      const plan = [
        ["P0", 7],
        ["P0", 1],
        ["P2", 13],
        ["P0", null],
      ] as const;
      for (const [i, [priority, hours]] of plan.entries()) {
        const providerId = rows[i]!.id;
        await db.insert(scrapeSchedules).values({ providerId, priority, intervalHours: 4, offsetHours: 0 });
        if (hours !== null)
          await db
            .insert(scrapeJobs)
            .values({ providerId, status: "completed", startedAt: hoursAgo(hours), completedAt: hoursAgo(hours) });
      }
      return rows;
    });
    const [late, fresh, lateP2, disabled] = made.map((row) => row.slug);
    try {
      const response = await apiGet("/api/health");
      expect(response.status).toBe(200);
      const body = healthResponseSchema.parse(await response.json());
      expect(body.status).toBe("degraded");
      expect(body.reasons).toContainEqual(
        expect.stringMatching(
          new RegExp(`^${late} \\(P0\\) was last scraped successfully 7 h ago, past its 6 h window$`),
        ),
      );
      const stale = body.checks.freshness?.stale ?? [];
      expect(stale).toContainEqual({ provider: late, priority: "P0", hoursSinceSuccess: 7, windowHours: 6 });
      expect(stale).toContainEqual({ provider: lateP2, priority: "P2", hoursSinceSuccess: 13, windowHours: 12 });
      expect(stale.map((entry) => entry.provider)).not.toContain(fresh);
      expect(stale.map((entry) => entry.provider)).not.toContain(disabled);
      expect(body.reasons.join("\n")).not.toContain(lateP2);
    } finally {
      await withDb(env, "fresh", (db) =>
        db.delete(providers).where(
          inArray(
            providers.id,
            made.map((row) => row.id),
          ),
        ),
      );
    }
  });

  it("answers 503 unhealthy when the database cannot be reached", async () => {
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
    expect(body).toMatchObject({ status: "unhealthy", reasons: ["the database does not answer"] });
    expect(body.checks).toMatchObject({ database: false, kv: true, freshness: null });
  });
});
