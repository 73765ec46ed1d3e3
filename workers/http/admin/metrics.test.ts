import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import { breakerPolicyFor } from "../../../shared/breaker";
import { withDb } from "../../db/client";
import {
  deadLetters,
  gpuNameMappings,
  maintenanceRuns,
  scrapeDispatches,
  scrapeJobs,
  scrapeOfferIssues,
} from "../../db/schema";
import {
  COUNTER_OBJECT,
  counters,
  httpSeries,
  queueBatchesSeries,
  queueMessagesSeries,
  queueSecondsSeries,
  scrapesSeries,
} from "../../metrics/counters";
import { createInstance, createProvider, gpuModelId } from "../../testing/factories";
import { parseExposition, sampleValue } from "../../testing/prometheus";
import { adminApp } from "./testing";

// The whole admin API, as production mounts it.
const app = adminApp;

const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
const HOUR_MS = 3_600_000;

const scrapeMetrics = (token: string | null = ADMIN_TOKEN) =>
  app.request(
    "/admin/metrics",
    { headers: token === null ? {} : { Authorization: `Bearer ${token}` } },
    { ...env, ADMIN_TOKEN },
  );

async function readMetrics() {
  const response = await scrapeMetrics();
  expect(response.status).toBe(200);
  return parseExposition(await response.text());
}

/**
 * Two providers of the test's own: one scraped (offers, jobs in and out of the window, a planned
 * scrape waiting and one taken, quarantined and unmapped offers, an open breaker), one never
 * scraped and disabled. Labels are their slugs, so the figures are this test's alone.
 */
async function seedProviders() {
  const now = Date.now();
  const ago = (ms: number) => new Date(now - ms);
  const seeded = await withDb(env, "fresh", async (db) => {
    const busy = await createProvider(db);
    const idle = await createProvider(db, { status: "disabled", statusReason: "test" });
    await createInstance(db, busy.id);
    await createInstance(db, busy.id);
    await createInstance(db, busy.id, { isActive: false });
    const job = (startedAgo: number, status: "completed" | "failed", durationMs: number) => ({
      providerId: busy.id,
      status,
      startedAt: ago(startedAgo),
      completedAt: ago(startedAgo - durationMs),
      durationMs,
    });
    const [recent] = await db
      .insert(scrapeJobs)
      .values([
        job(3 * HOUR_MS, "completed", 1_000),
        job(2 * HOUR_MS, "failed", 500),
        job(30 * HOUR_MS, "completed", 2_000),
      ])
      .returning({ id: scrapeJobs.id });
    await db.insert(scrapeDispatches).values([
      { providerId: busy.id, scheduledFor: ago(HOUR_MS), enqueuedAt: ago(HOUR_MS) },
      { providerId: busy.id, scheduledFor: ago(2 * HOUR_MS), enqueuedAt: ago(2 * HOUR_MS), claimedAt: ago(HOUR_MS) },
      { providerId: busy.id, scheduledFor: ago(48 * HOUR_MS), enqueuedAt: ago(48 * HOUR_MS) },
    ]);
    const issue = (kind: "quarantined" | "unmapped", extra: Partial<typeof scrapeOfferIssues.$inferInsert> = {}) => ({
      scrapeJobId: recent!.id,
      providerId: busy.id,
      kind,
      code: kind === "quarantined" ? "PRICE_ANOMALY" : "UNKNOWN_GPU",
      message: "test",
      ...extra,
    });
    await db
      .insert(scrapeOfferIssues)
      .values([
        issue("quarantined"),
        issue("quarantined"),
        issue("quarantined", { decision: "rejected", decidedAt: new Date(), decidedBy: "test" }),
        issue("unmapped", { gpuNameRaw: "Mystery GPU" }),
        issue("unmapped", { gpuNameRaw: "  mystery gpu " }),
        issue("unmapped", { gpuNameRaw: "Mapped GPU" }),
        issue("unmapped", { gpuNameRaw: "Old GPU", createdAt: ago(30 * HOUR_MS) }),
      ]);
    await db.insert(gpuNameMappings).values({
      providerId: busy.id,
      gpuNameRaw: "mapped gpu",
      gpuModelId: await gpuModelId(db, "h100-sxm"),
      createdBy: "test",
    });
    return { busy: busy.slug, idle: idle.slug };
  });
  const breaker = env.PROVIDER_BREAKER.getByName(seeded.busy);
  for (let i = 0; i < breakerPolicyFor(seeded.busy).failureThreshold; i++) await breaker.recordFailure("test");
  return seeded;
}

describe("GET /admin/metrics", () => {
  it("answers Prometheus text a parser reads, not cached, behind the admin token", async () => {
    const response = await scrapeMetrics();
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const families = parseExposition(await response.text());
    for (const [name, family] of families) {
      expect(name).toMatch(/^cloudgpus_/);
      expect(name.endsWith("_total")).toBe(family.type === "COUNTER");
    }
    expect(families.get("cloudgpus_http_requests_total")?.type).toBe("COUNTER");
    expect(families.get("cloudgpus_scrape_jobs_24h")?.type).toBe("GAUGE");
    expect(families.get("cloudgpus_queue_batch_duration_seconds")?.type).toBe("SUMMARY");
  });

  it("shows each provider's offers, jobs in the window, waiting work, status and breaker", async () => {
    const { busy, idle } = await seedProviders();
    const families = await readMetrics();
    const value = (family: string, labels: Record<string, string>) => sampleValue(families, family, labels);

    expect(value("cloudgpus_provider_active_offers", { provider: busy })).toBe(2);
    expect(value("cloudgpus_provider_active_offers", { provider: idle })).toBe(0);
    expect(value("cloudgpus_scrape_jobs_24h", { provider: busy, status: "completed" })).toBe(1);
    expect(value("cloudgpus_scrape_jobs_24h", { provider: busy, status: "failed" })).toBe(1);
    expect(value("cloudgpus_scrape_jobs_24h", { provider: idle, status: "completed" })).toBeUndefined();
    const hours = value("cloudgpus_provider_hours_since_success", { provider: busy });
    expect(hours).toBeGreaterThan(2.9);
    expect(hours).toBeLessThan(3.1);
    expect(value("cloudgpus_provider_hours_since_success", { provider: idle })).toBe(Number.POSITIVE_INFINITY);
    expect(value("cloudgpus_scrape_dispatches_waiting", { provider: busy })).toBe(1);
    expect(value("cloudgpus_quarantine_waiting", { provider: busy })).toBe(2);
    expect(value("cloudgpus_unmapped_gpu_names", { provider: busy })).toBe(1);
    expect(value("cloudgpus_provider_status", { provider: busy, status: "active" })).toBe(1);
    expect(value("cloudgpus_provider_status", { provider: idle, status: "disabled" })).toBe(1);
    expect(value("cloudgpus_provider_status", { provider: idle, status: "active" })).toBe(0);
    expect(value("cloudgpus_circuit_breaker_state", { provider: busy })).toBe(2);
    expect(value("cloudgpus_circuit_breaker_state", { provider: idle })).toBe(0);

    const quantiles = families.get("cloudgpus_scrape_job_duration_seconds")?.metrics ?? [];
    expect(quantiles.map((sample) => sample.labels?.quantile)).toEqual(["0.5", "0.9", "0.99"]);
  });

  it("shows dead letters waiting by queue and each maintenance job's last completed run", async () => {
    const kind = `test-${crypto.randomUUID().slice(0, 8)}`;
    const job = `test-job-${crypto.randomUUID().slice(0, 8)}`;
    const completedAt = new Date(Date.now() - HOUR_MS);
    await withDb(env, "fresh", async (db) => {
      await db.insert(deadLetters).values(
        ["a", "b", "c"].map((id) => ({
          queue: `cloudgpus-${kind}-dlq`,
          kind,
          messageId: `${kind}-${id}`,
          body: { id },
          attempts: 4,
          replayedAt: id === "c" ? new Date() : null,
        })),
      );
      await db.insert(maintenanceRuns).values([
        {
          job,
          scheduledFor: completedAt,
          startedAt: new Date(completedAt.getTime() - 90_000),
          completedAt,
          status: "completed",
        },
        { job, scheduledFor: new Date(), startedAt: new Date(), status: "failed" },
      ]);
    });
    const families = await readMetrics();
    expect(sampleValue(families, "cloudgpus_dead_letters_waiting", { queue: kind })).toBe(2);
    expect(sampleValue(families, "cloudgpus_maintenance_last_success_timestamp_seconds", { job })).toBe(
      completedAt.getTime() / 1_000,
    );
    expect(sampleValue(families, "cloudgpus_maintenance_last_duration_seconds", { job })).toBe(90);
  });

  it("shows the counter object's counts, this isolate's unflushed ones included", async () => {
    const route = `/test-${crypto.randomUUID().slice(0, 8)}/:id`;
    const queue = `test-${crypto.randomUUID().slice(0, 8)}`;
    await env.METRICS_COUNTER.getByName(COUNTER_OBJECT).add({
      [httpSeries("GET", 200, "HIT", route)]: 3,
      [httpSeries("GET", 200, "MISS", route)]: 1,
      [httpSeries("HEAD", 304, "HIT", route)]: 2,
      [queueMessagesSeries(queue, "acked")]: 9,
      [queueMessagesSeries(queue, "retried")]: 1,
      [queueBatchesSeries(queue)]: 2,
      [queueSecondsSeries(queue)]: 1.5,
      [scrapesSeries(`${queue}-provider`, "ETIMEDOUT")]: 4,
    });
    counters.add(httpSeries("GET", 404, null, route), Date.now());

    const families = await readMetrics();
    const value = (family: string, labels: Record<string, string>) => sampleValue(families, family, labels);
    expect(value("cloudgpus_http_requests_total", { route, method: "GET", status: "200" })).toBe(4);
    expect(value("cloudgpus_http_requests_total", { route, method: "HEAD", status: "304" })).toBe(2);
    expect(value("cloudgpus_http_requests_total", { route, method: "GET", status: "404" })).toBe(1);
    expect(value("cloudgpus_cache_responses_total", { route, result: "hit" })).toBe(5);
    expect(value("cloudgpus_cache_responses_total", { route, result: "miss" })).toBe(1);
    expect(value("cloudgpus_queue_messages_total", { queue, outcome: "acked" })).toBe(9);
    expect(value("cloudgpus_queue_messages_total", { queue, outcome: "retried" })).toBe(1);
    expect(
      families.get("cloudgpus_queue_batch_duration_seconds")?.metrics.find((sample) => sample.labels?.queue === queue),
    ).toEqual({ labels: { queue }, sum: "1.5", count: "2" });
    expect(value("cloudgpus_scrapes_total", { provider: `${queue}-provider`, result: "ETIMEDOUT" })).toBe(4);
    const ratio = value("cloudgpus_cache_hit_ratio", {});
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThanOrEqual(1);
  });

  it.each([
    { name: "no token", token: null },
    { name: "a wrong token", token: "wrong-token" },
  ])("answers 401 to $name, with no metrics", async ({ token }) => {
    const response = await scrapeMetrics(token);
    expect(response.status).toBe(401);
    expect(apiErrorSchema.parse(await response.json()).code).toBe("UNAUTHORIZED");
  });
});
