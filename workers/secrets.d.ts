// Secrets are not in wrangler.toml, so `wrangler types` cannot see them; the optional ones are
// declared here (set with `wrangler secret put NAME`, or in .dev.vars locally).
interface CloudGpusSecrets {
  /** Direct-to-Neon mode: used only when no Hyperdrive binding is configured. */
  DATABASE_URL?: string;
  /** Test/dev only: WebSocket→TCP proxy (`host:port/path`) for the Neon driver against plain Postgres. */
  NEON_WS_PROXY?: string;
  /** Slack-compatible webhook (`{ "text": … }`) for operator alerts; alerts are only logged without it. */
  ALERT_WEBHOOK_URL?: string;
  /** Bearer token for the admin API (`/admin/*`); without it the admin API answers 503. */
  ADMIN_TOKEN?: string;
  /** Cloudflare Access in front of /admin: the team domain (`<team>.cloudflareaccess.com`), the JWT's issuer. */
  ACCESS_TEAM_DOMAIN?: string;
  /** The Access application's audience (AUD) tag; with ACCESS_TEAM_DOMAIN, Access JWTs are accepted. */
  ACCESS_AUD?: string;
  /** Tests only: where the Access signing keys are (default <team domain>/cdn-cgi/access/certs). */
  ACCESS_CERTS_URL?: string;
  /** The operators' mailbox: the weekly report is mailed there too (needs POSTMARK_SERVER_TOKEN). */
  OPERATOR_EMAIL?: string;
  /** Postmark server token for alert mail (docs/design.md §9); email alerts are refused without it. */
  POSTMARK_SERVER_TOKEN?: string;
  /** The From of alert mail, a sender signature of the Postmark server (default alerts@ the site). */
  ALERTS_FROM?: string;
  /** Tests only: Postmark's API origin (default https://api.postmarkapp.com). */
  POSTMARK_BASE_URL?: string;
  /** DNS-over-HTTPS JSON endpoint webhook hosts are resolved through (default Cloudflare's). */
  DNS_RESOLVER_URL?: string;
  /** Development only ("true", honoured only when ENVIRONMENT is development): webhooks to this machine. */
  ALERTS_ALLOW_LOOPBACK?: string;
  /** Load benchmarks only (`npm run bench:api`): scales every rate limit and burst; unset in production. */
  RATE_LIMIT_MULTIPLIER?: string;
}

interface Env extends CloudGpusSecrets {}
declare namespace Cloudflare {
  interface Env extends CloudGpusSecrets {}
}
