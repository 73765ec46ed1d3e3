import { z } from "zod";

// Bodies of the messages on our queues. Messages carry references and parameters, never payloads
// (a queue message is at most 128 KB). Every consumer validates with these before acting.

const scheduledTime = z.iso.datetime();

export const maintenanceMessageSchema = z.discriminatedUnion("job", [
  z.object({ job: z.literal("cleanup-stale-instances"), scheduledTime }),
  z.object({ job: z.literal("purge-price-history"), scheduledTime, retentionDays: z.int().min(1).default(90) }),
  z.object({ job: z.literal("purge-scrape-jobs"), scheduledTime, retentionDays: z.int().min(1).default(30) }),
]);
export type MaintenanceMessage = z.infer<typeof maintenanceMessageSchema>;
export type MaintenanceMessageInput = z.input<typeof maintenanceMessageSchema>;
export type MaintenanceJob = MaintenanceMessage["job"];
