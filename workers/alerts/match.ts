import { type AlertEventBody, conditionsHolding, eventsToFire, firingKey, watchedPrice } from "../../shared/alerts";
import type { AlertEvent } from "../../shared/domain";
import type { Database } from "../db/database";
import { activeRules, firings, type OfferForAlerts, offersForMatching, recordMatch } from "../db/queries/alerts";

/** A digest subscription is mailed at most once in this long. */
export const DIGEST_INTERVAL_MS = 24 * 3_600_000;

export interface StoredScrape {
  provider: string;
}

const parseKey = (key: string) => {
  const [subscriptionId = "", instanceId = "", event = ""] = key.split("|");
  return { subscriptionId, instanceId, event: event as AlertEvent };
};

/**
 * Matches one stored scrape against the rules (docs/design.md §9): the provider's offers against
 * the active rules of the GPU models they are of (an index read, never every rule). A (rule, offer, event) fires once while its condition holds and resets when it stops;
 * a digest subscription mailed within the last day has what fired held for its next digest.
 * Returns the deliveries to send.
 */
export async function matchAlerts(
  db: Database,
  scrape: StoredScrape,
  siteUrl: string,
  now: Date,
): Promise<{ deliveryId: string; subscriptionId: string }[]> {
  const offers = await offersForMatching(db, scrape.provider);
  const rules = await activeRules(db, [...new Set(offers.map((offer) => offer.gpuModelId))]);
  if (rules.length === 0 || offers.length === 0) return [];

  const offersByGpu = Map.groupBy(offers, (offer) => offer.gpuModelId);
  // What holds now, by (rule, offer, event), with what its subscriber would be told.
  const holding = new Map<string, AlertEventBody>();
  for (const rule of rules)
    for (const offer of offersByGpu.get(rule.gpuModelId) ?? [])
      for (const event of conditionsHolding(rule, offer))
        holding.set(firingKey(rule.id, offer.instanceId, event), eventBody(event, offer, rule.kind, siteUrl));

  const fired = await firings(
    db,
    rules.map((rule) => rule.id),
    offers.map((offer) => offer.instanceId),
  );
  const { fire, reset } = eventsToFire(
    new Set(holding.keys()),
    new Set(fired.map((firing) => firingKey(firing.subscriptionId, firing.instanceId, firing.event))),
  );
  const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
  return recordMatch(db, fire.map(parseKey), reset.map(parseKey), (subscriptionId, newlyFired) => {
    const events = newlyFired.flatMap(
      (firing) => holding.get(firingKey(firing.subscriptionId, firing.instanceId, firing.event)) ?? [],
    );
    const lastNotified = ruleById.get(subscriptionId)?.lastNotifiedAt ?? null;
    const held =
      (ruleById.get(subscriptionId)?.digest ?? false) &&
      lastNotified !== null &&
      now.getTime() - lastNotified.getTime() < DIGEST_INTERVAL_MS;
    return { events, held };
  });
}

function eventBody(
  event: AlertEvent,
  offer: OfferForAlerts,
  kind: "on_demand" | "spot",
  siteUrl: string,
): AlertEventBody {
  const price = watchedPrice(offer, kind);
  return {
    event,
    gpu: { slug: offer.gpuSlug, name: offer.gpuName },
    provider: { slug: offer.providerSlug, display_name: offer.providerName },
    instance_type: offer.instanceType,
    gpu_count: offer.gpuCount,
    kind,
    price_per_gpu_hour: price === null ? null : Math.round(price * 10_000) / 10_000,
    availability: offer.availability,
    url: `${siteUrl.replace(/\/$/, "")}/cloud-gpu/${offer.gpuSlug}`,
  };
}
