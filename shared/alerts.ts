import { z } from "zod";
import {
  type AlertEvent,
  type AvailabilityStatus,
  alertChannels,
  type PriceKind,
  priceKinds,
  reliabilityTiers,
} from "./domain";
import { blockedHostReason } from "./public-address";

// Price and stock alerts (docs/design.md §9): what a subscriber may ask for, and when a rule fires.
// Pure: the Worker validates requests with these and matches stored offers against rules with them.

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, "a slug: lower-case letters, digits and hyphens");

/** Slack incoming webhooks, and nothing else that claims to be one. */
const SLACK_WEBHOOK = /^https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+$/;

export interface TargetOptions {
  /** Development only (`ALERTS_ALLOW_LOOPBACK`): webhooks to this machine, over plain HTTP. */
  allowLoopback?: boolean;
}

/**
 * Why a webhook URL is refused, or null. HTTPS only, default port, no credentials in the URL, and a
 * host that is not an address of a private, loopback, link-local, metadata or otherwise
 * non-public range (the WHATWG URL parser has already turned `http://2130706433/` and
 * `http://0x7f.1/` into `127.0.0.1`). A name is resolved before delivery as well
 * (workers/alerts/resolve.ts); what no check here can see is a name that resolves differently
 * between that check and the request.
 */
export function webhookProblem(target: string, options: TargetOptions = {}): string | null {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return "not a URL";
  }
  const loopback = blockedHostReason(url.hostname) === "a loopback address";
  if (options.allowLoopback && loopback && (url.protocol === "http:" || url.protocol === "https:")) return null;
  if (url.protocol !== "https:") return "webhooks must use https";
  if (url.username || url.password) return "credentials in the URL are not accepted";
  if (url.port !== "") return "webhooks must use the default https port";
  const blocked = blockedHostReason(url.hostname);
  return blocked ? `the host is ${blocked}` : null;
}

export const alertRuleSchema = z
  .strictObject({
    gpu: slug.describe("The GPU model's slug, e.g. h100-sxm"),
    providers: z.array(slug).min(1).max(20).optional().describe("Only these providers (slugs); any when absent"),
    tier: z.enum(reliabilityTiers).optional().describe("Only providers of this reliability tier"),
    region: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,49}$/)
      .optional()
      .describe("Only offers listed in this region, e.g. us-east-1"),
    kind: z.enum(priceKinds).default("on_demand").describe("Which price is watched: on demand or spot"),
    max_price_per_gpu_hour: z
      .number()
      .positive()
      .max(1_000)
      .optional()
      .describe("Fire when the watched price per GPU-hour is at or under this (USD)"),
    back_in_stock: z.boolean().default(false).describe("Fire when an offer comes back in stock"),
    channel: z.enum(alertChannels),
    target: z
      .string()
      .min(3)
      .max(500)
      .describe("An email address, an https webhook URL, or a Slack incoming-webhook URL"),
    digest: z.boolean().default(false).describe("Email only: at most one mail a day"),
  })
  .meta({ id: "AlertRule" });
export type AlertRuleInput = z.input<typeof alertRuleSchema>;
export type AlertRule = z.output<typeof alertRuleSchema>;

const emailAddress = z.email();

/** The problems of a parsed rule that its shape alone does not show, as [field, message] pairs. */
export function ruleProblems(rule: AlertRule, options: TargetOptions = {}): [string, string][] {
  const problems: [string, string][] = [];
  if (rule.max_price_per_gpu_hour === undefined && !rule.back_in_stock)
    problems.push(["max_price_per_gpu_hour", "give max_price_per_gpu_hour, back_in_stock: true, or both"]);
  if (rule.digest && rule.channel !== "email") problems.push(["digest", "a digest is for email only"]);
  if (rule.channel === "email" && !emailAddress.safeParse(rule.target).success)
    problems.push(["target", "not an email address"]);
  if (rule.channel === "slack" && !SLACK_WEBHOOK.test(rule.target))
    problems.push(["target", "not a Slack incoming-webhook URL (https://hooks.slack.com/services/…)"]);
  if (rule.channel === "webhook") {
    const problem = webhookProblem(rule.target, options);
    if (problem) problems.push(["target", problem]);
  }
  return problems;
}

/** What a stored rule needs for matching (ids resolved). */
export interface MatchRule {
  id: string;
  kind: PriceKind;
  providerIds: readonly string[] | null;
  reliabilityTier: string | null;
  region: string | null;
  maxPricePerGpuHour: number | null;
  backInStock: boolean;
}

/** An offer as stored after a scrape, with what rules narrow on. */
export interface MatchOffer {
  instanceId: string;
  providerId: string;
  reliabilityTier: string;
  regions: readonly string[] | null;
  gpuCount: number;
  pricePerGpuHour: number;
  pricePerHourSpot: number | null;
  availability: AvailabilityStatus;
  isActive: boolean;
}

/** Statuses in which an offer can be rented now. */
export const IN_STOCK: ReadonlySet<AvailabilityStatus> = new Set(["available", "limited"]);

/** The watched price per GPU-hour of `offer` for a rule of `kind`, or null when it has none. */
export function watchedPrice(offer: MatchOffer, kind: PriceKind): number | null {
  if (kind === "on_demand") return offer.pricePerGpuHour;
  return offer.pricePerHourSpot === null ? null : offer.pricePerHourSpot / offer.gpuCount;
}

/** Whether `rule` concerns `offer` at all (provider, tier, region). */
export function ruleCovers(rule: MatchRule, offer: MatchOffer): boolean {
  if (rule.providerIds && !rule.providerIds.includes(offer.providerId)) return false;
  if (rule.reliabilityTier && rule.reliabilityTier !== offer.reliabilityTier) return false;
  if (rule.region && !(offer.regions ?? []).includes(rule.region)) return false;
  return true;
}

/**
 * The events whose condition holds for `offer` now. A price alert holds while the watched price is
 * at or under the bound and the offer can be rented; "back in stock" holds while it is in stock.
 * Firing is on the edge: an event fires when it holds and held not at the last match
 * (`eventsToFire`), and resets when it stops holding.
 */
export function conditionsHolding(rule: MatchRule, offer: MatchOffer): AlertEvent[] {
  if (!offer.isActive || !ruleCovers(rule, offer)) return [];
  const inStock = IN_STOCK.has(offer.availability);
  const events: AlertEvent[] = [];
  const price = watchedPrice(offer, rule.kind);
  if (rule.maxPricePerGpuHour !== null && inStock && price !== null && price <= rule.maxPricePerGpuHour)
    events.push("price_below");
  if (rule.backInStock && inStock) events.push("back_in_stock");
  return events;
}

/** A (rule, offer, event) triple as a key. */
export const firingKey = (subscriptionId: string, instanceId: string, event: AlertEvent) =>
  `${subscriptionId}|${instanceId}|${event}`;

/**
 * Against what had fired (`fired`, keys of held conditions), what fires now and what resets: each
 * triple fires once until its condition stops holding.
 */
export function eventsToFire(
  holding: ReadonlySet<string>,
  fired: ReadonlySet<string>,
): { fire: string[]; reset: string[] } {
  return {
    fire: [...holding].filter((key) => !fired.has(key)),
    reset: [...fired].filter((key) => !holding.has(key)),
  };
}

/** What a subscriber is told about one event. */
export const alertEventSchema = z.object({
  event: z.enum(["price_below", "back_in_stock"]),
  gpu: z.object({ slug: z.string(), name: z.string() }),
  provider: z.object({ slug: z.string(), display_name: z.string() }),
  instance_type: z.string(),
  gpu_count: z.int(),
  kind: z.enum(priceKinds),
  price_per_gpu_hour: z.number().nullable(),
  availability: z.string(),
  url: z.string(),
});
export type AlertEventBody = z.infer<typeof alertEventSchema>;

const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, "0")).join("");

/** The header a webhook delivery carries: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const SIGNATURE_HEADER = "X-CloudGPUs-Signature";

/** `t=…,v1=…` for `body` sent at `unixSeconds` with `secret` (the recipe is in the README). */
export async function signatureHeader(secret: string, unixSeconds: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${unixSeconds}.${body}`));
  return `t=${unixSeconds},v1=${hex(mac)}`;
}
