import { z } from "zod";

// Bodies of the messages on our queues. Messages carry references and parameters, never payloads
// (a queue message is at most 128 KB). Every consumer validates with these before acting.

const scheduledTime = z.iso.datetime();

export const maintenanceMessageSchema = z.discriminatedUnion("job", [
  z.object({ job: z.literal("cleanup-stale-instances"), scheduledTime }),
  z.object({ job: z.literal("purge-price-history"), scheduledTime, retentionDays: z.int().min(1).default(90) }),
  z.object({ job: z.literal("purge-scrape-jobs"), scheduledTime, retentionDays: z.int().min(1).default(30) }),
  z.object({ job: z.literal("refresh-fx-rates"), scheduledTime }),
  z.object({ job: z.literal("aggregate-daily"), scheduledTime }),
  z.object({ job: z.literal("flush-alert-digests"), scheduledTime }),
  z.object({ job: z.literal("weekly-report"), scheduledTime }),
]);
export type MaintenanceMessage = z.infer<typeof maintenanceMessageSchema>;
export type MaintenanceMessageInput = z.input<typeof maintenanceMessageSchema>;
export type MaintenanceJob = MaintenanceMessage["job"];

/**
 * One provider to scrape. `scheduledFor` (the planned hour) identifies a planned scrape: a second
 * delivery of it stores nothing. Without it the scrape is ad hoc (an operator's request).
 */
export const scrapeMessageSchema = z.object({
  provider: z.string().regex(/^[a-z0-9-]{1,50}$/),
  scheduledFor: z.iso.datetime().optional(),
});
export type ScrapeMessage = z.infer<typeof scrapeMessageSchema>;

const severity = z.enum(["warning", "critical"]);
const at = z.iso.datetime();

export const MAX_PRICE_CHANGES_PER_MESSAGE = 200;

/**
 * Alerts for operators (scrape health, docs/design.md §9), price changes, and subscribers' alerts:
 * a stored scrape to match against the rules, a delivery to send, a confirmation to mail.
 */
export const notifyMessageSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("offers-stored"),
    provider: z.string(),
    scrapeJobId: z.string(),
    at,
  }),
  z.object({ kind: z.literal("alert-delivery"), deliveryId: z.uuid() }),
  z.object({ kind: z.literal("alert-confirmation"), subscriptionId: z.uuid() }),
  z.object({ kind: z.literal("operator-report"), title: z.string().max(200), text: z.string().max(20_000), at }),
  z.object({
    kind: z.literal("scrape-failure"),
    provider: z.string(),
    severity,
    consecutiveFailures: z.int().positive(),
    errorCode: z.string(),
    message: z.string(),
    scrapeJobId: z.string(),
    at,
  }),
  z.object({
    kind: z.literal("stale-provider"),
    provider: z.string(),
    severity,
    hoursSinceSuccess: z.number().nullable(),
    reason: z.string(),
    at,
  }),
  z.object({
    kind: z.literal("price-changes"),
    provider: z.string(),
    scrapeJobId: z.string(),
    changes: z
      .array(
        z.object({
          instanceType: z.string(),
          gpuModel: z.string(),
          gpuCount: z.int().positive(),
          previousPricePerHour: z.number(),
          pricePerHour: z.number(),
        }),
      )
      .max(MAX_PRICE_CHANGES_PER_MESSAGE),
    at,
  }),
]);
export type NotifyMessage = z.infer<typeof notifyMessageSchema>;
