import { z } from "zod";

// The health answer (docs/design.md §14), as a Worker can give it: `redis` became
// `kv`, queue depths (not readable from a Worker) became whether each queue binding is present, and
// `memory` is null because a Workers isolate does not expose its memory use.

export const healthStatuses = ["ok", "degraded", "unhealthy"] as const;

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
    }),
    memory: z.object({ heapUsed: z.number(), heapTotal: z.number(), rss: z.number() }).nullable(),
  })
  .meta({ id: "HealthResponse" });
export type HealthResponse = z.infer<typeof healthResponseSchema>;

export function overallHealth(checks: HealthResponse["checks"]): HealthResponse["status"] {
  const results = [checks.database, checks.kv, ...Object.values(checks.queues)];
  if (results.every(Boolean)) return "ok";
  return results.some(Boolean) ? "degraded" : "unhealthy";
}
