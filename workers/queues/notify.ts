import { backoffSeconds } from "../../shared/backoff";
import { type NotifyMessage, notifyMessageSchema } from "../../shared/queue-messages";
import { errorFields, log } from "../log";

/**
 * Text from a provider, made inert for Slack's message format: `&`, `<` and `>` escaped as Slack
 * asks, so an answer cannot ping the channel (`<!channel>`), mention people or show a link under a
 * label of its choosing (`<https://evil.example|status page>`).
 */
export const slackEscape = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** One line an operator can read in Slack (or any webhook that takes `{ "text": … }`). */
export function alertText(message: NotifyMessage): string | null {
  switch (message.kind) {
    case "scrape-failure":
      return `[${message.severity}] ${message.provider}: ${message.consecutiveFailures} failed scrapes in a row (${message.errorCode}) — ${slackEscape(message.message)}`;
    case "stale-provider":
      return `[${message.severity}] ${message.provider}: ${message.hoursSinceSuccess === null ? "never scraped successfully" : `no successful scrape for ${message.hoursSinceSuccess} h`} (${slackEscape(message.reason)})`;
    case "price-changes":
      return null; // for users' price alerts, not for operators
  }
}

/**
 * Consumer of `notify`. Operator alerts go to the `ALERT_WEBHOOK_URL` secret (Slack-compatible)
 * when it is set, and are logged either way. Price changes are logged here; user price alerts will
 * consume them.
 */
export async function consumeNotifications(batch: MessageBatch, env: Env): Promise<void> {
  const webhook = env.ALERT_WEBHOOK_URL;
  for (const message of batch.messages) {
    const parsed = notifyMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      log.error("notify.invalid-message", { messageId: message.id, issues: parsed.error.issues });
      message.ack();
      continue;
    }
    const text = alertText(parsed.data);
    if (text === null) {
      log.info("notify.price-changes", {
        provider: parsed.data.provider,
        changes: parsed.data.kind === "price-changes" ? parsed.data.changes.length : 0,
      });
      message.ack();
      continue;
    }
    log.warn("notify.alert", { kind: parsed.data.kind, provider: parsed.data.provider, text });
    if (!webhook) {
      message.ack();
      continue;
    }
    try {
      const response = await fetch(webhook, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
      message.ack();
    } catch (error) {
      log.error("notify.webhook-failed", { attempts: message.attempts, ...errorFields(error) });
      message.retry({ delaySeconds: backoffSeconds(message.attempts, { baseSeconds: 2, maxSeconds: 60 }) });
    }
  }
}
