import { DurableObject } from "cloudflare:workers";
import {
  advance,
  type BreakerPolicy,
  type BreakerState,
  breakerPolicyFor,
  forceOpen,
  INITIAL_BREAKER_STATE,
  type PermissionDecision,
  recordFailure,
  recordSuccess,
  reopensAt,
  requestPermission,
} from "../../shared/breaker";

const STATE_KEY = "breaker";
const LEASE_KEY = "scrape-lease";

interface ScrapeLease {
  token: string;
  until: number;
}

export interface BreakerSnapshot extends BreakerState {
  provider: string;
  policy: BreakerPolicy;
}

/**
 * One circuit breaker per provider, addressed as `env.PROVIDER_BREAKER.getByName(providerSlug)`.
 * It only keeps state: callers ask `allow()`, make the provider call themselves, then report the
 * outcome. (A provider call inside the object would let other requests interleave mid-call.)
 * Open → half-open happens by alarm, and also lazily on the next call should the alarm be late.
 */
export class ProviderBreaker extends DurableObject<Env> {
  private get provider(): string {
    return this.ctx.id.name ?? "default";
  }

  private get policy(): BreakerPolicy {
    return breakerPolicyFor(this.provider);
  }

  /** May the caller make one provider call now? Counts a half-open probe when granted. */
  async allow(): Promise<PermissionDecision> {
    const decision = requestPermission(this.load(), this.policy, Date.now());
    this.save(decision.state);
    return decision;
  }

  async recordSuccess(): Promise<BreakerSnapshot> {
    return this.update((state, now) => recordSuccess(state, this.policy, now));
  }

  async recordFailure(error: string): Promise<BreakerSnapshot> {
    const snapshot = this.update((state, now) => recordFailure(state, this.policy, now, error));
    const at = reopensAt(snapshot, this.policy);
    if (at !== null) await this.ctx.storage.setAlarm(at);
    return snapshot;
  }

  async status(): Promise<BreakerSnapshot> {
    return this.snapshot(advance(this.load(), this.policy, Date.now()));
  }

  /**
   * Claims the provider for one scrape, until `releaseScrape(token)` or `ttlMs` from now (a
   * consumer that dies holding it blocks the provider no longer than that). While another scrape
   * holds it, says until when: of two scrapes in flight, the one asked first could store last,
   * its older prices over the newer ones.
   */
  async claimScrape(ttlMs: number): Promise<{ token: string } | { heldUntil: number }> {
    const now = Date.now();
    const held = this.ctx.storage.kv.get<ScrapeLease>(LEASE_KEY);
    if (held && held.until > now) return { heldUntil: held.until };
    const token = crypto.randomUUID();
    this.ctx.storage.kv.put(LEASE_KEY, { token, until: now + ttlMs } satisfies ScrapeLease);
    return { token };
  }

  /** Ends the lease `token` names; a lease since expired and claimed by another scrape is left alone. */
  async releaseScrape(token: string): Promise<void> {
    if (this.ctx.storage.kv.get<ScrapeLease>(LEASE_KEY)?.token === token) this.ctx.storage.kv.delete(LEASE_KEY);
  }

  /** Closes the breaker by hand (admin), keeping the failure history fields. */
  async reset(): Promise<BreakerSnapshot> {
    await this.ctx.storage.deleteAlarm();
    const { lastFailureAt, lastSuccessAt, lastError } = this.load();
    return this.update(() => ({ ...INITIAL_BREAKER_STATE, lastFailureAt, lastSuccessAt, lastError }));
  }

  /** Opens the breaker by hand (admin) until `reset()`: the provider is not called meanwhile. */
  async forceOpen(reason: string): Promise<BreakerSnapshot> {
    await this.ctx.storage.deleteAlarm();
    return this.update((state, now) => forceOpen(state, now, reason));
  }

  /** Scheduled for the end of the open period: that moment has come, whatever the clock says. */
  override async alarm(): Promise<void> {
    this.update((state) => {
      const at = reopensAt(state, this.policy);
      return at === null ? state : advance(state, this.policy, at);
    });
  }

  private update(change: (state: BreakerState, now: number) => BreakerState): BreakerSnapshot {
    const next = change(this.load(), Date.now());
    this.save(next);
    return this.snapshot(next);
  }

  private load(): BreakerState {
    return this.ctx.storage.kv.get<BreakerState>(STATE_KEY) ?? INITIAL_BREAKER_STATE;
  }

  private save(state: BreakerState): void {
    this.ctx.storage.kv.put(STATE_KEY, state);
  }

  private snapshot(state: BreakerState): BreakerSnapshot {
    return { ...state, provider: this.provider, policy: this.policy };
  }
}
