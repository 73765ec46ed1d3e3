import { backoffSeconds } from "../../shared/backoff";
import type { ScrapeQueueKind } from "../../shared/domain";
import {
  MAX_PRICE_CHANGES_PER_MESSAGE,
  type NotifyMessage,
  type ScrapeMessage,
  scrapeMessageSchema,
} from "../../shared/queue-messages";
import { SCRAPE_ERROR_CODES, type ScrapeErrorCode } from "../../shared/scrape-errors";
import { bumpVersions } from "../cache/versions";
import { type Database, withDb } from "../db/client";
import { databaseCause } from "../db/errors";
import { loadFxRates } from "../db/fx";
import { providerRecord } from "../db/queries/providers";
import {
  claimDispatch,
  consecutiveFailures,
  loadProviderState,
  recordFailedScrape,
  releaseDispatch,
  ScrapeAlreadyStoredError,
  storeScrape,
} from "../db/scrapes";
import { collectOffers, prepareOffers } from "../ingest/scrape";
import { errorFields, log, withLogContext } from "../log";
import { countScrape } from "../metrics/counters";
import { adapterFor, baseUrlFor, credentialFor } from "../providers";
import { type ExchangeRecord, ProviderError } from "../providers/http";
import { browserRenderingPages } from "./browser-pages";
import { saveScreenshots } from "./screenshots";

/** Attempts per message before a retryable failure is given up (docs/design.md §4). */
export const MAX_SCRAPE_ATTEMPTS = 3;
/** A page read in a browser is tried twice, 5 s apart (docs/design.md §16): sessions are scarce. */
export const MAX_BROWSER_ATTEMPTS = 2;
const BROWSER_RETRY_SECONDS = 5;
/** How long a scrape may hold its provider (workers/durable-objects/provider-breaker.ts), as a dispatch's claim. */
const SCRAPE_LEASE_MS = 10 * 60_000;
/** A provider another scrape is reading is asked again after this: scrapes take seconds. */
const BUSY_RETRY_SECONDS = 30;
/** The longest delay Cloudflare Queues accepts for `retry({ delaySeconds })`: 12 hours. */
export const MAX_RETRY_DELAY_SECONDS = 43_200;

/**
 * Consumer of `scrape` and `browser-scrape`: one message = one provider. Runs the adapter, stores
 * the result in one transaction, then bumps cache versions and tells `notify` what changed or
 * broke. Each message is acked or retried on its own; a planned scrape is stored at most once.
 */
export async function consumeScrapes(batch: MessageBatch, env: Env, queue: ScrapeQueueKind = "scrape"): Promise<void> {
  await withDb(env, "fresh", async (db) => {
    for (const message of batch.messages) {
      const parsed = scrapeMessageSchema.safeParse(message.body);
      if (!parsed.success) {
        log.error("scrape.invalid-message", { messageId: message.id, issues: parsed.error.issues });
        message.ack();
        continue;
      }
      const outcome = await withLogContext({ provider: parsed.data.provider }, () =>
        scrapeProvider(db, env, parsed.data, message.attempts, queue),
      );
      if (outcome.retryInSeconds === null) message.ack();
      else message.retry({ delaySeconds: outcome.retryInSeconds });
    }
  });
}

interface Outcome {
  retryInSeconds: number | null;
}
const done: Outcome = { retryInSeconds: null };

export async function scrapeProvider(
  db: Database,
  env: Env,
  message: ScrapeMessage,
  attempt: number,
  queue: ScrapeQueueKind = "scrape",
): Promise<Outcome> {
  const startedAt = new Date();
  const provider = await providerRecord(db, message.provider);
  if (!provider) {
    log.error("scrape.unknown-provider", { provider: message.provider });
    return done;
  }
  const scheduledFor = message.scheduledFor ? new Date(message.scheduledFor) : null;
  if (scheduledFor && !(await claimDispatch(db, provider.id, scheduledFor, startedAt))) {
    log.info("scrape.duplicate-delivery", { provider: provider.slug, scheduledFor: message.scheduledFor });
    return done;
  }

  const vars = env as unknown as Record<string, unknown>;
  const adapter = adapterFor(provider.slug);
  const record = (exchanges: readonly ExchangeRecord[] = []) => ({
    providerId: provider.id,
    scraperVersion: adapter?.version ?? "none",
    workerId: `queue:${message.scheduledFor ? "planned" : "ad-hoc"}`,
    startedAt,
    completedAt: new Date(),
    attempt,
    exchanges,
  });
  const fail = async (code: ScrapeErrorCode, text: string, exchanges?: readonly ExchangeRecord[]) => {
    const scrapeJobId = await recordFailedScrape(db, { ...record(exchanges), code, message: text });
    countScrape(provider.slug, code);
    log.warn("scrape.failed", { provider: provider.slug, code, message: text, attempt, scrapeJobId });
    await alertOnFailureStreak(db, env, provider, code, text, scrapeJobId);
    return scrapeJobId;
  };

  if (!adapter) {
    await fail("NO_ADAPTER", `no adapter is registered for ${provider.slug}`);
    return done;
  }
  const credential = credentialFor(adapter, vars);
  if (adapter.credential?.required && !credential) {
    await fail(
      "MISSING_CREDENTIALS",
      `the ${adapter.credential.secret} secret is not set; skipped without calling the provider`,
    );
    return done;
  }

  const breaker = env.PROVIDER_BREAKER.getByName(provider.slug);
  // One scrape of a provider at a time: of two in flight, the one asked first could store last.
  const lease = await breaker.claimScrape(SCRAPE_LEASE_MS);
  if (!("token" in lease)) {
    log.info("scrape.provider-busy", { provider: provider.slug, attempt, heldUntil: lease.heldUntil });
    if (scheduledFor) await releaseDispatch(db, provider.id, scheduledFor);
    // A scrape takes seconds; a lease still held after a few tries belongs to a consumer that died
    // holding it, and the message waits for it to run out rather than being dropped.
    const untilFree = Math.ceil((lease.heldUntil - Date.now()) / 1_000) + 1;
    return {
      retryInSeconds: attempt < MAX_SCRAPE_ATTEMPTS ? BUSY_RETRY_SECONDS : Math.max(BUSY_RETRY_SECONDS, untilFree),
    };
  }
  try {
    const permission = await breaker.allow();
    if (!permission.allowed) {
      const until = permission.retryAt ? ` until ${new Date(permission.retryAt).toISOString()}` : "";
      await fail("CIRCUIT_OPEN", `circuit breaker open${until}; provider not called`);
      return done;
    }

    // A browser adapter always needs the browser; a page adapter uses it when its schedule sends it
    // to the browser-scrape queue (docs/design.md §16).
    const pages =
      adapter.method === "browser" || (adapter.method === "html" && queue === "browser-scrape")
        ? browserRenderingPages(env.BROWSER)
        : undefined;
    const inBrowser = pages !== undefined;
    const maxAttempts = inBrowser ? MAX_BROWSER_ATTEMPTS : MAX_SCRAPE_ATTEMPTS;
    const retryDelay = (error: ProviderError | null) =>
      inBrowser
        ? BROWSER_RETRY_SECONDS
        : // Queues delay a retry by at most 12 hours, whatever the provider's Retry-After asks.
          Math.min(
            MAX_RETRY_DELAY_SECONDS,
            error?.details.retryAfterSeconds ?? backoffSeconds(attempt, { baseSeconds: 30, maxSeconds: 1_800 }),
          );
    // Screenshots of the pages read, kept for audit under the scrape job that read them.
    const keepScreenshots = (scrapeJobId: string) =>
      pages ? saveScreenshots(env.SCREENSHOTS, scrapeJobId, pages.visits) : Promise.resolve();

    let collected: Awaited<ReturnType<typeof collectOffers>>;
    try {
      collected = await collectOffers(adapter, {
        fetch: (input, init) => fetch(input, init),
        baseUrl: baseUrlFor(adapter, vars),
        credential,
        now: startedAt,
        pages,
      });
    } catch (error) {
      const providerError =
        error instanceof ProviderError
          ? error
          : new ProviderError("INVALID_RESPONSE", `adapter failed: ${(error as Error)?.message ?? String(error)}`);
      const exchanges = (error as { exchanges?: readonly ExchangeRecord[] }).exchanges;
      if (SCRAPE_ERROR_CODES[providerError.code].countsAgainstProvider)
        await breaker.recordFailure(`${providerError.code}: ${providerError.message}`);
      else await breaker.recordSuccess(); // the provider answered; our side failed
      await keepScreenshots(await fail(providerError.code, providerError.message, exchanges));
      if (providerError.retryable && attempt < maxAttempts) {
        if (scheduledFor) await releaseDispatch(db, provider.id, scheduledFor);
        return { retryInSeconds: retryDelay(providerError) };
      }
      return done;
    } finally {
      await pages?.release();
    }
    await breaker.recordSuccess();

    try {
      const [rates, state] = await Promise.all([loadFxRates(db), loadProviderState(db, provider.id)]);
      const prepared = prepareOffers(provider.slug, collected, { rates, state, now: startedAt });
      const stored = await storeScrape(
        db,
        {
          ...record(collected.exchanges),
          offersFound: collected.offers.length,
          dispatch: scheduledFor ? { scheduledFor } : null,
        },
        prepared,
        state,
      );
      log.info("scrape.stored", {
        provider: provider.slug,
        found: collected.offers.length,
        accepted: prepared.accepted.length,
        issues: prepared.issues.length,
        created: stored.created,
        updated: stored.updated,
        deactivated: stored.deactivated,
        priceChanges: stored.priceChanges.length,
      });
      countScrape(provider.slug, "completed");
      await keepScreenshots(stored.scrapeJobId);
      await afterStore(env, provider.slug, stored, startedAt);
      return done;
    } catch (error) {
      if (error instanceof ScrapeAlreadyStoredError) {
        log.info("scrape.duplicate-delivery", { provider: provider.slug, scheduledFor: message.scheduledFor });
        return done;
      }
      // PostgreSQL's reason only: drizzle's own message quotes the SQL and every parameter.
      const cause = databaseCause(error);
      log.error("scrape.store-failed", { provider: provider.slug, cause: cause.message, transient: cause.transient });
      const recorded = await fail(
        "STORE_FAILED",
        `storing the scrape failed: ${cause.message}`,
        collected.exchanges,
      ).then(
        () => true,
        () => false,
      );
      if (scheduledFor) await releaseDispatch(db, provider.id, scheduledFor).catch(() => undefined);
      // Unrecorded, an acknowledged message would leave no trace but a log line: kept, it is retried
      // and, past the queue's last retry, dead-lettered where an operator sees it.
      if (!recorded) return { retryInSeconds: retryDelay(null) };
      // A data error fails the same way every time: retrying would only repeat it.
      return cause.transient && attempt < maxAttempts ? { retryInSeconds: retryDelay(null) } : done;
    }
  } finally {
    // Not released, the lease runs out by itself: no reason to fail a scrape that is done.
    await breaker
      .releaseScrape(lease.token)
      .catch((error: unknown) => log.warn("scrape.lease-release-failed", errorFields(error)));
  }
}

async function afterStore(
  env: Env,
  provider: string,
  stored: Awaited<ReturnType<typeof storeScrape>>,
  now: Date,
): Promise<void> {
  const changedGpus = [...new Set(stored.priceChanges.map((change) => change.gpuModel))];
  const anythingChanged = stored.created > 0 || stored.deactivated > 0 || stored.priceChanges.length > 0;
  if (anythingChanged) {
    // New or vanished offers change every page of the provider and of the GPUs it lists.
    const gpus = stored.created > 0 || stored.deactivated > 0 ? stored.gpuModels : changedGpus;
    await bumpVersions(env.CACHE, { gpus, providers: [provider] }, now);
  }
  // Every stored scrape is matched against subscribers' rules (docs/design.md §9): a rule made
  // since the last scrape, or an offer back in stock, fires without any price having moved.
  const messages: { body: NotifyMessage }[] = [
    {
      body: {
        kind: "offers-stored",
        provider,
        scrapeJobId: stored.scrapeJobId,
        at: now.toISOString(),
      },
    },
  ];
  if (stored.priceChanges.length > 0) {
    for (let start = 0; start < stored.priceChanges.length; start += MAX_PRICE_CHANGES_PER_MESSAGE) {
      messages.push({
        body: {
          kind: "price-changes",
          provider,
          scrapeJobId: stored.scrapeJobId,
          changes: stored.priceChanges.slice(start, start + MAX_PRICE_CHANGES_PER_MESSAGE),
          at: now.toISOString(),
        },
      });
    }
  }
  await env.NOTIFY_QUEUE.sendBatch(messages);
}

/** docs/design.md §9: 2 consecutive failures warn, 3 are critical (sent once each). */
async function alertOnFailureStreak(
  db: Database,
  env: Env,
  provider: { id: string; slug: string },
  code: ScrapeErrorCode,
  text: string,
  scrapeJobId: string,
): Promise<void> {
  const streak = await consecutiveFailures(db, provider.id);
  const severity = streak === 2 ? "warning" : streak === 3 ? "critical" : null;
  if (!severity) return;
  await env.NOTIFY_QUEUE.send({
    kind: "scrape-failure",
    provider: provider.slug,
    severity,
    consecutiveFailures: streak,
    errorCode: code,
    message: text,
    scrapeJobId,
    at: new Date().toISOString(),
  } satisfies NotifyMessage);
}
