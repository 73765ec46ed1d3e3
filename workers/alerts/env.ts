import type { DeliveryContext } from "./deliver";
import { postmarkMailer } from "./mail";
import { DEFAULT_RESOLVER_URL } from "./resolve";

/** Whether webhooks to this machine are allowed: development only, and only when asked for. */
export const allowsLoopback = (env: Env) => env.ENVIRONMENT === "development" && env.ALERTS_ALLOW_LOOPBACK === "true";

/** The DNS-over-HTTPS endpoint webhook hosts are resolved through. */
export const resolverUrl = (env: Env) => env.DNS_RESOLVER_URL || DEFAULT_RESOLVER_URL;

/** How alerts are sent from this environment: its mail API, resolver and site. */
export function deliveryContext(env: Env, now: Date): DeliveryContext {
  const fetcher: typeof fetch = (input, init) => fetch(input, init);
  const site = new URL(env.SITE_URL);
  return {
    fetch: fetcher,
    now,
    resolverUrl: resolverUrl(env),
    allowLoopback: allowsLoopback(env),
    siteUrl: env.SITE_URL,
    mailer: env.POSTMARK_SERVER_TOKEN
      ? postmarkMailer(fetcher, {
          serverToken: env.POSTMARK_SERVER_TOKEN,
          from: env.ALERTS_FROM || `CloudGPUs alerts <alerts@${site.hostname}>`,
          baseUrl: env.POSTMARK_BASE_URL || undefined,
        })
      : null,
  };
}
