import type { ScrapeMessage } from "../../../shared/queue-messages";
import type { Database } from "../../db/client";
import { scrapeTarget } from "../../db/queries/admin-catalog";
import { adapterFor } from "../../providers";
import { QUEUE_BINDING } from "../../queues/names";

// An ad-hoc scrape asked for by an operator (POST /admin/providers/{slug}/scrape) or by an approved
// quarantine decision: one message, without a planning hour, on the queue the provider's schedule
// names. A provider that could only fail is not sent: retired, disabled, without an adapter, or
// behind an open breaker (the consumer would record CIRCUIT_OPEN and call nobody).

export type ScrapeNow =
  | { enqueued: true; slug: string; queue: keyof typeof QUEUE_BINDING & ("scrape" | "browser-scrape") }
  | { enqueued: false; slug: string; refusal: string };

export async function enqueueScrapeNow(env: Env, db: Database, providerId: string): Promise<ScrapeNow | null> {
  const target = await scrapeTarget(db, providerId);
  if (!target) return null;
  const { slug } = target;
  const refuse = (refusal: string): ScrapeNow => ({ enqueued: false, slug, refusal });
  if (!target.isActive) return refuse(`${slug} is retired (is_active is false).`);
  if (target.status === "disabled") return refuse(`${slug} is disabled (${target.statusReason ?? "no reason given"}).`);
  if (!adapterFor(slug)) return refuse(`${slug} has no adapter: there is nothing to scrape.`);
  if ((await env.PROVIDER_BREAKER.getByName(slug).status()).phase === "open")
    return refuse(`${slug}'s circuit breaker is open; reset it first (POST /admin/providers/${slug}/breaker).`);
  await env[QUEUE_BINDING[target.queue]].send({ provider: slug } satisfies ScrapeMessage);
  return { enqueued: true, slug, queue: target.queue };
}
