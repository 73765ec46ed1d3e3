import { z } from "zod";

// The health answer (docs/design.md §14), as a Worker can give it: `redis` became `kv`, queue
// depths (not readable from a Worker) became whether each queue binding is present, and `memory` is
// null because a Workers isolate does not expose its memory use. Beside the infrastructure, the data:
// every scheduled provider whose last successful scrape is older than its priority's window.
//
// - `unhealthy` (503): the Worker cannot do its job: the database, KV or a queue is missing.
// - `degraded` (200): it works, but prices of an enterprise (P0) provider are past their window;
//   the reasons say which. A monitor that only reads the status code sees the service up, as it is;
//   one that reads `status` sees the late data.
// - `ok` (200).

export const healthStatuses = ["ok", "degraded", "unhealthy"] as const;
export type HealthStatus = (typeof healthStatuses)[number];

const staleProviderSchema = z.object({
  provider: z.string(),
  priority: z.enum(["P0", "P1", "P2"]),
  hoursSinceSuccess: z.number().nullable().describe("Null: never scraped successfully"),
  windowHours: z.number().describe("How old its prices may get (P0 6 h, P1 8 h, P2 12 h)"),
});
export type StaleProvider = z.infer<typeof staleProviderSchema>;

export const healthResponseSchema = z
  .object({
    status: z.enum(healthStatuses),
    timestamp: z.iso.datetime(),
    uptime: z.number().nonnegative(),
    version: z.string(),
    checks: z.object({
      database: z.boolean(),
      kv: z.boolean(),
      queues: z.record(z.string(), z.boolean()),
      freshness: z
        .object({ checked: z.int().nonnegative(), stale: z.array(staleProviderSchema) })
        .nullable()
        .describe("Scheduled providers checked, and those past their window; null when the database is down"),
    }),
    reasons: z.array(z.string()).describe("Why the status is not ok"),
    memory: z.object({ heapUsed: z.number(), heapTotal: z.number(), rss: z.number() }).nullable(),
  })
  .meta({ id: "HealthResponse" });
export type HealthResponse = z.infer<typeof healthResponseSchema>;

export function overallHealth(checks: HealthResponse["checks"]): { status: HealthStatus; reasons: string[] } {
  const reasons: string[] = [];
  if (!checks.database) reasons.push("the database does not answer");
  if (!checks.kv) reasons.push("KV does not answer");
  for (const [queue, present] of Object.entries(checks.queues))
    if (!present) reasons.push(`the ${queue} queue is not bound`);
  if (reasons.length) return { status: "unhealthy", reasons };
  for (const stale of checks.freshness?.stale ?? [])
    if (stale.priority === "P0")
      reasons.push(
        stale.hoursSinceSuccess === null
          ? `${stale.provider} (P0) has never been scraped successfully`
          : `${stale.provider} (P0) was last scraped successfully ${Math.floor(stale.hoursSinceSuccess)} h ago, past its ${stale.windowHours} h window`,
      );
  return { status: reasons.length ? "degraded" : "ok", reasons };
}
