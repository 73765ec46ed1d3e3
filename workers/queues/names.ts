import { type QueueKind, queueKinds } from "../../shared/domain";

/** The producer binding of each queue (wrangler.toml `[[queues.producers]]`). */
export const QUEUE_BINDING = {
  scrape: "SCRAPE_QUEUE",
  "browser-scrape": "BROWSER_SCRAPE_QUEUE",
  notify: "NOTIFY_QUEUE",
  maintenance: "MAINTENANCE_QUEUE",
} as const satisfies Record<QueueKind, keyof Env>;

export type QueueRoute = { kind: QueueKind; deadLetter: boolean };

/**
 * Which of our queues a batch came from. Queue names are `cloudgpus-<kind>[-dlq][-<environment>]`
 * (wrangler.toml), so one Worker serves every environment without knowing its suffix.
 */
export function routeQueue(queueName: string): QueueRoute | null {
  const match = /^cloudgpus-(.+?)(-dlq)?(?:-(?:staging|production))?$/.exec(queueName);
  const kind = queueKinds.find((candidate) => candidate === match?.[1]);
  return kind ? { kind, deadLetter: match?.[2] !== undefined } : null;
}
