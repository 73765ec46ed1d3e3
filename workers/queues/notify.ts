import { backoffSeconds } from "../../shared/backoff";
import { type NotifyMessage, notifyMessageSchema } from "../../shared/queue-messages";
import { slackEscape } from "../alerts/channels";
import { deliverAlert, sendConfirmation } from "../alerts/deliver";
import { deliveryContext } from "../alerts/env";
import { matchAlerts } from "../alerts/match";
import { withDb } from "../db/client";
import { errorFields, log } from "../log";

/** One line an operator can read in Slack (or any webhook that takes `{ "text": … }`). */
export function alertText(message: OperatorAlert): string {
  switch (message.kind) {
    case "scrape-failure":
      return `[${message.severity}] ${message.provider}: ${message.consecutiveFailures} failed scrapes in a row (${message.errorCode}) — ${slackEscape(message.message)}`;
    case "stale-provider":
      return `[${message.severity}] ${message.provider}: ${message.hoursSinceSuccess === null ? "never scraped successfully" : `no successful scrape for ${message.hoursSinceSuccess} h`} (${slackEscape(message.reason)})`;
    case "operator-report":
      return `*${slackEscape(message.title)}*\n${message.text}`;
  }
}

type OperatorAlert = Extract<NotifyMessage, { kind: "scrape-failure" | "stale-provider" | "operator-report" }>;
type SubscriberWork = Extract<NotifyMessage, { kind: "offers-stored" | "alert-delivery" | "alert-confirmation" }>;

/**
 * Consumer of `notify`. Operator alerts go to the `ALERT_WEBHOOK_URL` secret (Slack-compatible)
 * when it is set, and are logged either way. Subscribers' alerts (docs/design.md §9): a stored
 * scrape is matched against the rules, and each resulting delivery goes back on this queue as a
 * message of its own, so that one slow or failing target retries alone.
 */
export async function consumeNotifications(batch: MessageBatch, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const parsed = notifyMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      log.error("notify.invalid-message", { messageId: message.id, issues: parsed.error.issues });
      message.ack();
      continue;
    }
    const body = parsed.data;
    switch (body.kind) {
      case "price-changes":
        log.info("notify.price-changes", { provider: body.provider, changes: body.changes.length });
        message.ack();
        break;
      case "scrape-failure":
      case "stale-provider":
      case "operator-report":
        await operatorAlert(env, message, body);
        break;
      default:
        await subscriberWork(env, message, body);
    }
  }
}

async function operatorAlert(env: Env, message: Message, body: OperatorAlert): Promise<void> {
  const text = alertText(body);
  log.warn("notify.alert", { kind: body.kind, provider: "provider" in body ? body.provider : null, text });
  const webhook = env.ALERT_WEBHOOK_URL;
  try {
    if (webhook) {
      const response = await fetch(webhook, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
    }
    // The weekly report goes to the operators' mailbox too, when there is one and a mail API.
    const mailer = deliveryContext(env, new Date()).mailer;
    if (body.kind === "operator-report" && env.OPERATOR_EMAIL && mailer) {
      const sent = await mailer.send({
        to: env.OPERATOR_EMAIL,
        subject: body.title,
        text: body.text.replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">"),
        html: `<pre>${body.text}</pre>`,
      });
      if (!sent.ok) throw new Error(sent.reason);
    }
    message.ack();
  } catch (error) {
    log.error("notify.webhook-failed", { attempts: message.attempts, ...errorFields(error) });
    message.retry({ delaySeconds: retryDelay(message.attempts) });
  }
}

/** Email's retry class (docs/design.md §4, §9): from 2 s to at most a minute. */
const retryDelay = (attempts: number) => backoffSeconds(attempts, { baseSeconds: 2, maxSeconds: 60 });

async function subscriberWork(env: Env, message: Message, body: SubscriberWork): Promise<void> {
  try {
    const context = deliveryContext(env, new Date());
    const result = await withDb(env, "fresh", async (db) => {
      switch (body.kind) {
        case "offers-stored": {
          const deliveries = await matchAlerts(db, body, env.SITE_URL, context.now);
          // A queue takes at most 100 messages a batch.
          for (let start = 0; start < deliveries.length; start += 100)
            await env.NOTIFY_QUEUE.sendBatch(
              deliveries.slice(start, start + 100).map(({ deliveryId }) => ({
                body: { kind: "alert-delivery", deliveryId } satisfies NotifyMessage,
              })),
            );
          log.info("alerts.matched", { provider: body.provider, deliveries: deliveries.length });
          return "done";
        }
        case "alert-delivery":
          return deliverAlert(db, context, body.deliveryId, message.attempts);
        case "alert-confirmation":
          return sendConfirmation(db, context, body.subscriptionId);
      }
    });
    if (result === "done") message.ack();
    else message.retry({ delaySeconds: retryDelay(message.attempts) });
  } catch (error) {
    log.error("alerts.failed", { kind: body.kind, attempts: message.attempts, ...errorFields(error) });
    message.retry({ delaySeconds: retryDelay(message.attempts) });
  }
}
