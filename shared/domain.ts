// The closed vocabularies of the database (docs/database.md §1). The database enums, the drizzle schema and the
// zod schemas of the API are all built from these tuples, so they cannot drift apart.

export const reliabilityTiers = ["enterprise", "standard", "community"] as const;
export type ReliabilityTier = (typeof reliabilityTiers)[number];

export const providerTypes = [
  "specialized_neocloud",
  "hyperscaler",
  "regional_cloud",
  "marketplace",
  "depin",
  "bare_metal",
] as const;
export type ProviderType = (typeof providerTypes)[number];

export const gpuArchitectures = [
  "blackwell",
  "hopper",
  "ada_lovelace",
  "ampere",
  "turing",
  "volta",
  "consumer_blackwell",
  "cdna3",
  "pascal",
  "cdna4",
] as const;
export type GpuArchitecture = (typeof gpuArchitectures)[number];

export const availabilityStatuses = [
  "available",
  "limited",
  "waitlist",
  "sold_out",
  "contact_sales",
  "deprecated",
] as const;
export type AvailabilityStatus = (typeof availabilityStatuses)[number];

export const scrapeStatuses = ["pending", "running", "completed", "failed", "timeout", "rate_limited"] as const;
export type ScrapeStatus = (typeof scrapeStatuses)[number];

export const benchmarkWorkloads = [
  "llm_training",
  "llm_inference",
  "image_generation",
  "video_generation",
  "fine_tuning",
  "embedding",
  "scientific_computing",
] as const;
export type BenchmarkWorkload = (typeof benchmarkWorkloads)[number];

/** The queues a provider scrape can go to: plain HTTP adapters, or those that need a browser. */
export const scrapeQueueKinds = ["scrape", "browser-scrape"] as const;
export type ScrapeQueueKind = (typeof scrapeQueueKinds)[number];

/** Every queue of the Worker; wrangler.toml names each `cloudgpus-<kind>[-dlq][-<environment>]`. */
export const queueKinds = [...scrapeQueueKinds, "notify", "maintenance"] as const;
export type QueueKind = (typeof queueKinds)[number];

/** What became of an offer a scrape did not publish (`scrape_offer_issues.kind`). */
export const offerIssueKinds = ["skipped", "unmapped", "rejected", "quarantined"] as const;
export type OfferIssueKind = (typeof offerIssueKinds)[number];

/**
 * Operations (docs/design.md §18). A provider's status: `active` and `degraded` follow its scrape
 * health; `disabled` is an operator's, and a disabled provider is not scheduled.
 */
export const providerStatuses = ["active", "degraded", "disabled"] as const;
export type ProviderStatus = (typeof providerStatuses)[number];
/** An operator's decision on a quarantined observation. */
export const quarantineDecisions = ["approved", "rejected"] as const;
export type QuarantineDecision = (typeof quarantineDecisions)[number];
/** How a maintenance job's run ended. */
export const maintenanceRunStatuses = ["running", "completed", "failed"] as const;
export type MaintenanceRunStatus = (typeof maintenanceRunStatuses)[number];

/** Price alerts (docs/design.md §9): how a subscriber is told, and what a subscription is doing. */
export const alertChannels = ["email", "webhook", "slack"] as const;
export type AlertChannel = (typeof alertChannels)[number];
export const alertStatuses = ["pending_confirmation", "active", "paused", "disabled"] as const;
export type AlertStatus = (typeof alertStatuses)[number];
/** Which price a rule watches: the on-demand price per GPU-hour, or the spot one. */
export const priceKinds = ["on_demand", "spot"] as const;
export type PriceKind = (typeof priceKinds)[number];
/** What fires: the watched price at or under the rule's bound, or an offer back in stock. */
export const alertEvents = ["price_below", "back_in_stock"] as const;
export type AlertEvent = (typeof alertEvents)[number];
export const alertDeliveryStatuses = ["queued", "digest", "sent", "failed", "dead"] as const;
export type AlertDeliveryStatus = (typeof alertDeliveryStatuses)[number];
