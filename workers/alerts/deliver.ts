import { type AlertEventBody, alertEventSchema } from "../../shared/alerts";
import { escapeXml as escapeHtml } from "../../shared/atom";
import { randomToken, sha256Hex } from "../auth/tokens";
import type { Database } from "../db/database";
import {
  type AlertSubscriptionRow,
  deliveryWithSubscription,
  markNotified,
  recordAttempt,
  setConfirmTokenHash,
  setSubscriptionStatus,
  subscriptionById,
} from "../db/queries/alerts";
import { log } from "../log";
import { type ChannelContext, eventLine, type SendOutcome, sendSlack, sendWebhook } from "./channels";
import type { Mailer } from "./mail";

/** Prefixes of the tokens a subscription has: management (shown once) and confirmation (mailed). */
export const MANAGEMENT_TOKEN_PREFIX = "cga_";
export const CONFIRM_TOKEN_PREFIX = "cgc_";

/** An email alert is tried this many times (docs/design.md §9), then dead-lettered. */
export const MAX_DELIVERY_ATTEMPTS = 5;

export interface DeliveryContext extends ChannelContext {
  /** Null when no mail API is configured: mail is then tried again until it is, or dead-lettered. */
  mailer: Mailer | null;
  siteUrl: string;
}

export type DeliveryResult = "done" | "retry";

const site = (context: DeliveryContext) => context.siteUrl.replace(/\/$/, "");
const unsubscribeUrl = (context: DeliveryContext, row: AlertSubscriptionRow) =>
  `${site(context)}/alerts/unsubscribe?token=${row.unsubscribeToken}`;

function alertMail(context: DeliveryContext, row: AlertSubscriptionRow, events: AlertEventBody[]) {
  const [first] = events;
  const subject =
    events.length === 1 && first ? `CloudGPUs: ${eventLine(first)}` : `CloudGPUs: ${events.length} GPU price alerts`;
  const manage = `${site(context)}/alerts/${row.id}`;
  const text = [
    ...events.map((event) => `- ${eventLine(event)}\n  ${event.url}`),
    "",
    `Manage this alert: ${manage} (with the token you were given)`,
    `Unsubscribe: ${unsubscribeUrl(context, row)}`,
  ].join("\n");
  const html = `<ul>${events
    .map((event) => `<li>${escapeHtml(eventLine(event))} — <a href="${escapeHtml(event.url)}">prices</a></li>`)
    .join("")}</ul><p><a href="${escapeHtml(manage)}">Manage this alert</a> · <a href="${escapeHtml(
    unsubscribeUrl(context, row),
  )}">Unsubscribe</a></p>`;
  return { to: row.target, subject, text, html, unsubscribeUrl: unsubscribeUrl(context, row) };
}

async function send(
  context: DeliveryContext,
  row: AlertSubscriptionRow,
  events: AlertEventBody[],
): Promise<SendOutcome> {
  switch (row.channel) {
    case "webhook":
      return sendWebhook(context, row, events);
    case "slack":
      return sendSlack(context, row, events);
    case "email":
      if (!context.mailer)
        return { ok: false, fatal: false, reason: "no mail API is configured (POSTMARK_SERVER_TOKEN)" };
      return context.mailer.send(alertMail(context, row, events));
  }
}

/**
 * One attempt at a delivery. Sent: recorded, done. Fatal: the subscription is disabled with the
 * reason, done. Otherwise tried again, and on the last attempt recorded as dead and handed to
 * the dead-letter queue. A delivery whose subscription was paused, disabled or deleted meanwhile
 * is dropped.
 */
export async function deliverAlert(
  db: Database,
  context: DeliveryContext,
  deliveryId: string,
  attempt: number,
): Promise<DeliveryResult> {
  const found = await deliveryWithSubscription(db, deliveryId);
  if (!found || found.delivery.status === "sent") return "done";
  const { delivery, subscription } = found;
  if (subscription.status !== "active") return "done";
  const events = alertEventSchema.array().parse(delivery.events);
  const outcome = await send(context, subscription, events);
  if (outcome.ok) {
    await recordAttempt(db, deliveryId, { status: "sent", attempts: attempt });
    await markNotified(db, subscription.id, context.now);
    return "done";
  }
  log.warn("alerts.delivery-failed", { deliveryId, channel: subscription.channel, attempt, reason: outcome.reason });
  if (outcome.fatal) {
    await recordAttempt(db, deliveryId, { status: "failed", attempts: attempt, error: outcome.reason });
    await setSubscriptionStatus(db, subscription.id, "disabled", outcome.reason.slice(0, 300));
    return "done";
  }
  const last = attempt >= MAX_DELIVERY_ATTEMPTS;
  await recordAttempt(db, deliveryId, { status: last ? "dead" : "failed", attempts: attempt, error: outcome.reason });
  return "retry";
}

/**
 * The double opt-in mail: a fresh confirmation token (only its hash is kept) and the link that
 * activates the subscription. Nothing else is ever sent to an address before it is followed.
 */
export async function sendConfirmation(
  db: Database,
  context: DeliveryContext,
  subscriptionId: string,
): Promise<DeliveryResult> {
  const row = await subscriptionById(db, subscriptionId);
  if (row?.status !== "pending_confirmation") return "done";
  if (!context.mailer) return "retry";
  const token = randomToken(CONFIRM_TOKEN_PREFIX);
  await setConfirmTokenHash(db, row.id, await sha256Hex(token));
  const confirm = `${site(context)}/alerts/confirm?token=${token}`;
  const outcome = await context.mailer.send({
    to: row.target,
    subject: "Confirm your CloudGPUs price alert",
    text: `Someone (we hope you) asked for GPU price alerts at this address.\n\nConfirm: ${confirm}\n\nIf it was not you, ignore this mail: nothing will be sent without the confirmation.`,
    html: `<p>Someone (we hope you) asked for GPU price alerts at this address.</p><p><a href="${escapeHtml(confirm)}">Confirm the alert</a></p><p>If it was not you, ignore this mail: nothing will be sent without the confirmation.</p>`,
  });
  if (outcome.ok) return "done";
  if (outcome.fatal) {
    await setSubscriptionStatus(db, row.id, "disabled", outcome.reason.slice(0, 300));
    return "done";
  }
  return "retry";
}
