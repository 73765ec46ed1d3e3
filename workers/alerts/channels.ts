import { type AlertEventBody, SIGNATURE_HEADER, signatureHeader } from "../../shared/alerts";
import { hostResolvesPublicly } from "./resolve";

// The three ways a subscriber is told (docs/design.md §9), each answering what became of one try:
// sent, worth another try later, or fatal (the target is gone or refuses us for good: the
// subscription is disabled with that reason, and nothing is sent to it again).

/**
 * Text from a provider, made inert for Slack's message format: `&`, `<` and `>` escaped as Slack
 * asks, so an answer cannot ping the channel (`<!channel>`), mention people or show a link under a
 * label of its choosing (`<https://evil.example|status page>`).
 */
export const slackEscape = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

export type SendOutcome = { ok: true } | { ok: false; fatal: boolean; reason: string };

const TIMEOUT_MS = 10_000;
const USER_AGENT = "CloudGPUs-Alerts/1 (+https://cloudgpus.io/alerts)";

export interface ChannelContext {
  fetch: typeof globalThis.fetch;
  now: Date;
  /** DNS-over-HTTPS JSON endpoint the webhook host is resolved through. */
  resolverUrl: string;
  /** Development only: webhooks to this machine are allowed (and not resolved). */
  allowLoopback: boolean;
}

/** How a failed HTTP answer is classified for a channel whose fatal answers are `fatal`. */
function failure(status: number, fatal: (status: number) => boolean, what: string): SendOutcome {
  return { ok: false, fatal: fatal(status), reason: `${what} answered HTTP ${status}` };
}

async function post(context: ChannelContext, url: string, init: RequestInit): Promise<Response | SendOutcome> {
  try {
    return await context.fetch(url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
      ...init,
    });
  } catch (error) {
    return {
      ok: false,
      fatal: false,
      reason: `could not reach it: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/**
 * A signed POST of `{ subscription, events, sent_at }`. 2xx is sent; 410 Gone disables the
 * subscription; anything else (including a redirect, which is never followed) is tried again.
 */
export async function sendWebhook(
  context: ChannelContext,
  subscription: { id: string; target: string; signingSecret: string | null },
  events: AlertEventBody[],
): Promise<SendOutcome> {
  if (!subscription.signingSecret) return { ok: false, fatal: true, reason: "no signing secret" };
  const host = new URL(subscription.target).hostname;
  if (!context.allowLoopback) {
    const resolved = await hostResolvesPublicly(context.fetch, context.resolverUrl, host);
    if (!resolved.ok) return { ok: false, fatal: resolved.fatal, reason: resolved.reason };
  }
  const body = JSON.stringify({ subscription: subscription.id, events, sent_at: context.now.toISOString() });
  const answer = await post(context, subscription.target, {
    headers: {
      "Content-Type": "application/json",
      "User-Agent": USER_AGENT,
      [SIGNATURE_HEADER]: await signatureHeader(
        subscription.signingSecret,
        Math.floor(context.now.getTime() / 1_000),
        body,
      ),
    },
    body,
  });
  if (!(answer instanceof Response)) return answer;
  await answer.body?.cancel();
  return answer.ok ? { ok: true } : failure(answer.status, (status) => status === 410, "the webhook");
}

/** One line per event, for Slack and for the plain-text mail. */
export function eventLine(event: AlertEventBody): string {
  const what = `${event.gpu.name} on ${event.provider.display_name} (${event.instance_type}, ${event.gpu_count}× GPU)`;
  const price =
    event.price_per_gpu_hour === null
      ? ""
      : ` at $${event.price_per_gpu_hour.toFixed(2)}/GPU-h${event.kind === "spot" ? " spot" : ""}`;
  return event.event === "back_in_stock"
    ? `${what} is back in stock${price}`
    : `${what} is down to${price.replace(" at", "")}`;
}

/**
 * Slack's incoming webhook: `{ text }`, provider text escaped. Slack says a webhook is gone for good
 * with 404 (`no_service`, `channel_not_found`), 410 (`channel_is_archived`) and 403
 * (`invalid_token`, `action_prohibited`); those disable the subscription, the rest is tried again.
 */
export async function sendSlack(
  context: ChannelContext,
  subscription: { target: string },
  events: AlertEventBody[],
): Promise<SendOutcome> {
  const text = events.map((event) => `• ${slackEscape(eventLine(event))} — <${event.url}|prices>`).join("\n");
  const answer = await post(context, subscription.target, {
    headers: { "Content-Type": "application/json", "User-Agent": USER_AGENT },
    body: JSON.stringify({ text: `CloudGPUs alert\n${text}` }),
  });
  if (!(answer instanceof Response)) return answer;
  const said = (await answer.text()).slice(0, 100);
  if (answer.ok) return { ok: true };
  const outcome = failure(answer.status, (status) => status === 403 || status === 404 || status === 410, "Slack");
  return outcome.ok ? outcome : { ...outcome, reason: `${outcome.reason} (${said})` };
}
