import type { SendOutcome } from "./channels";

// Email goes out through an HTTP mail API behind this small interface. The one we use is Postmark
// (docs/design.md §9 says why): one POST per message, and an answer whose `ErrorCode` says exactly
// which failures are the recipient's (an inactive or invalid address: the subscription is
// disabled) and which are ours or passing (a bad token, rate limits, outages: tried again).

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The one-click unsubscribe URL (RFC 8058): every alert mail carries it in its headers. */
  unsubscribeUrl?: string;
}

export interface Mailer {
  send(mail: Mail): Promise<SendOutcome>;
}

export const POSTMARK_BASE_URL = "https://api.postmarkapp.com";

/**
 * Postmark's error codes that mean the recipient cannot be mailed: 406 inactive recipient (a hard
 * bounce, a spam complaint or a manual suppression), 300 invalid email request (the address itself
 * is malformed). Everything else is about our account or the moment.
 */
const RECIPIENT_ERRORS = new Set([300, 406]);

interface PostmarkAnswer {
  ErrorCode?: number;
  Message?: string;
  MessageID?: string;
}

export function postmarkMailer(
  fetch: typeof globalThis.fetch,
  { serverToken, from, baseUrl = POSTMARK_BASE_URL }: { serverToken: string; from: string; baseUrl?: string },
): Mailer {
  return {
    async send(mail) {
      const headers = mail.unsubscribeUrl
        ? [
            { Name: "List-Unsubscribe", Value: `<${mail.unsubscribeUrl}>` },
            { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" },
          ]
        : [];
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/email`, {
          method: "POST",
          headers: {
            Accept: "application/json",
            "Content-Type": "application/json",
            "X-Postmark-Server-Token": serverToken,
          },
          body: JSON.stringify({
            From: from,
            To: mail.to,
            Subject: mail.subject,
            TextBody: mail.text,
            HtmlBody: mail.html,
            MessageStream: "outbound",
            Headers: headers,
          }),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (error) {
        return {
          ok: false,
          fatal: false,
          reason: `Postmark could not be reached: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
      let answer: PostmarkAnswer = {};
      try {
        answer = (await response.json()) as PostmarkAnswer;
      } catch {
        // An answer that is not JSON (a proxy's error page): judged by its status alone.
      }
      // Postmark answers 200 with ErrorCode 0 when it took the message; a non-zero ErrorCode can
      // come with 200 too, so both are read.
      if (response.ok && answer.ErrorCode === 0) return { ok: true };
      const code = answer.ErrorCode;
      const reason = `Postmark answered HTTP ${response.status}${code === undefined ? "" : `, ErrorCode ${code}`}${answer.Message ? `: ${answer.Message}` : ""}`;
      return { ok: false, fatal: code !== undefined && RECIPIENT_ERRORS.has(code), reason };
    },
  };
}
