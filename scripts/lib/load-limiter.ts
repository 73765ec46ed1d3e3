import { policyHeader, type RateLimitPolicy } from "../../shared/rate-limit";
import { median } from "./load-rounds";

export interface FloodPlan {
  /** Which policy the clients fall under, e.g. "visitor (pages, by address)". */
  name: string;
  policy: RateLimitPolicy;
  path: string;
  /** One entry per client: the headers that make it that client (an address, or a key). */
  clients: readonly Record<string, string>[];
  /** Requests each client sends, all of them as fast as it can. */
  perClient: number;
  /** Requests each client keeps in flight at once. */
  inFlight: number;
}

interface ClientTally {
  allowed: number;
  refused: number;
  refusedWithRetryAfter: number;
  serverErrors: number;
  otherStatuses: number[];
  /** RateLimit-Policy headers seen that are not the plan's policy (a lifted limit, a wrong bucket). */
  foreignPolicies: Set<string>;
  startedAt: number;
  finishedAt: number;
}

async function floodOne(baseUrl: string, plan: FloodPlan, headers: Record<string, string>): Promise<ClientTally> {
  const tally: ClientTally = {
    allowed: 0,
    refused: 0,
    refusedWithRetryAfter: 0,
    serverErrors: 0,
    otherStatuses: [],
    foreignPolicies: new Set(),
    startedAt: performance.now(),
    finishedAt: 0,
  };
  const expectedPolicy = policyHeader(plan.policy);
  let sent = 0;
  const worker = async () => {
    while (sent < plan.perClient) {
      sent++;
      const response = await fetch(`${baseUrl}${plan.path}`, { headers });
      await response.arrayBuffer();
      const policy = response.headers.get("RateLimit-Policy");
      if (policy !== null && policy !== expectedPolicy) tally.foreignPolicies.add(policy);
      if (response.status >= 200 && response.status < 300) tally.allowed++;
      else if (response.status === 429) {
        tally.refused++;
        if (/^[1-9]\d*$/.test(response.headers.get("Retry-After") ?? "")) tally.refusedWithRetryAfter++;
      } else if (response.status >= 500) tally.serverErrors++;
      else tally.otherStatuses.push(response.status);
    }
  };
  await Promise.all(Array.from({ length: plan.inFlight }, worker));
  tally.finishedAt = performance.now();
  return tally;
}

export interface FloodVerdict {
  name: string;
  clients: number;
  perClient: number;
  burst: number;
  /** Whole tokens the bucket can have refilled over the longest client's run. */
  refill: number;
  seconds: number;
  allowed: { min: number; median: number; max: number };
  /** Clients let through more than burst + refill over their own run. */
  overAdmitted: number;
  /** Clients refused with fewer than a burst allowed. */
  underAdmitted: number;
  refused: number;
  refusedWithRetryAfter: number;
  serverErrors: number;
  otherStatuses: number[];
  foreignPolicies: string[];
}

/**
 * All of the plan's clients at once, each sending `perClient` requests; judged per client against
 * its bucket: a rested client gets its burst, and over its run at most the burst plus whatever the
 * bucket refilled in that time (whole tokens). Nothing else may let it through.
 */
export async function flood(baseUrl: string, plan: FloodPlan): Promise<FloodVerdict> {
  const started = performance.now();
  const tallies = await Promise.all(plan.clients.map((headers) => floodOne(baseUrl, plan, headers)));
  const seconds = (performance.now() - started) / 1_000;
  const refillOver = (ms: number) => Math.floor((ms * plan.policy.limit) / (plan.policy.windowSeconds * 1_000));
  const allowed = tallies.map((tally) => tally.allowed);
  return {
    name: plan.name,
    clients: plan.clients.length,
    perClient: plan.perClient,
    burst: plan.policy.burst,
    refill: refillOver(seconds * 1_000),
    seconds,
    allowed: { min: Math.min(...allowed), median: median(allowed), max: Math.max(...allowed) },
    overAdmitted: tallies.filter(
      (tally) => tally.allowed > plan.policy.burst + refillOver(tally.finishedAt - tally.startedAt),
    ).length,
    underAdmitted: tallies.filter((tally) => tally.allowed < Math.min(plan.policy.burst, plan.perClient)).length,
    refused: tallies.reduce((sum, tally) => sum + tally.refused, 0),
    refusedWithRetryAfter: tallies.reduce((sum, tally) => sum + tally.refusedWithRetryAfter, 0),
    serverErrors: tallies.reduce((sum, tally) => sum + tally.serverErrors, 0),
    otherStatuses: tallies.flatMap((tally) => tally.otherStatuses),
    foreignPolicies: [...new Set(tallies.flatMap((tally) => [...tally.foreignPolicies]))],
  };
}
