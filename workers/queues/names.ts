export const QUEUE_KINDS = ["scrape", "browser-scrape", "notify", "maintenance"] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

export type QueueRoute = { kind: QueueKind; deadLetter: boolean };

/**
 * Which of our queues a batch came from. Queue names are `cloudgpus-<kind>[-dlq][-<environment>]`
 * (wrangler.toml), so one Worker serves every environment without knowing its suffix.
 */
export function routeQueue(queueName: string): QueueRoute | null {
  const match = /^cloudgpus-(.+?)(-dlq)?(?:-(?:staging|production))?$/.exec(queueName);
  const kind = QUEUE_KINDS.find((candidate) => candidate === match?.[1]);
  return kind ? { kind, deadLetter: match?.[2] !== undefined } : null;
}
