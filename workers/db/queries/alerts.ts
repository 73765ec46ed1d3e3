import { and, count, eq, inArray, ne, param, sql } from "drizzle-orm";
import type { MatchOffer, MatchRule } from "../../../shared/alerts";
import type { AlertChannel, AlertEvent, AlertStatus } from "../../../shared/domain";
import type { Database } from "../database";
import { alertDeliveries, alertFirings, alertSubscriptions, gpuModels, instances, providers } from "../schema";

export type AlertSubscriptionRow = typeof alertSubscriptions.$inferSelect;
export type NewAlertSubscription = typeof alertSubscriptions.$inferInsert;

/** The ids of the GPU model and providers a rule names by slug; null for a slug nobody has. */
export async function resolveRuleSlugs(
  db: Database,
  gpu: string,
  providerSlugs: readonly string[],
): Promise<{ gpuModelId: string | null; providerIds: Map<string, string> }> {
  const [model] = await db.select({ id: gpuModels.id }).from(gpuModels).where(eq(gpuModels.slug, gpu));
  const found = providerSlugs.length
    ? await db
        .select({ id: providers.id, slug: providers.slug })
        .from(providers)
        .where(inArray(providers.slug, [...providerSlugs]))
    : [];
  return { gpuModelId: model?.id ?? null, providerIds: new Map(found.map((row) => [row.slug, row.id])) };
}

/** How many live subscriptions send to `target` on `channel`, and how many `clientKey` made. */
export async function subscriptionCounts(
  db: Database,
  channel: AlertChannel,
  target: string,
  clientKey: string,
): Promise<{ forTarget: number; forClient: number }> {
  const live = ne(alertSubscriptions.status, "disabled");
  const [[forTarget], [forClient]] = await Promise.all([
    db
      .select({ n: count() })
      .from(alertSubscriptions)
      .where(
        and(live, eq(alertSubscriptions.channel, channel), sql`lower(${alertSubscriptions.target}) = lower(${target})`),
      ),
    db
      .select({ n: count() })
      .from(alertSubscriptions)
      .where(and(live, eq(alertSubscriptions.clientKey, clientKey))),
  ]);
  return { forTarget: forTarget?.n ?? 0, forClient: forClient?.n ?? 0 };
}

export async function insertSubscription(db: Database, values: NewAlertSubscription): Promise<AlertSubscriptionRow> {
  const [row] = await db.insert(alertSubscriptions).values(values).returning();
  if (!row) throw new Error("insert returned no subscription");
  return row;
}

export async function subscriptionById(db: Database, id: string): Promise<AlertSubscriptionRow | null> {
  const [row] = await db.select().from(alertSubscriptions).where(eq(alertSubscriptions.id, id));
  return row ?? null;
}

/** A rule's names for the API: its GPU's slug and its providers' slugs. */
export async function subscriptionNames(
  db: Database,
  row: AlertSubscriptionRow,
): Promise<{ gpu: string; providers: string[] | null }> {
  const [model] = await db.select({ slug: gpuModels.slug }).from(gpuModels).where(eq(gpuModels.id, row.gpuModelId));
  const named = row.providerIds?.length
    ? await db
        .select({ slug: providers.slug })
        .from(providers)
        .where(inArray(providers.id, row.providerIds))
        .orderBy(providers.slug)
    : null;
  return { gpu: model?.slug ?? "", providers: named ? named.map((provider) => provider.slug) : null };
}

export async function setSubscriptionStatus(
  db: Database,
  id: string,
  status: AlertStatus,
  reason: string | null = null,
): Promise<AlertSubscriptionRow | null> {
  const [row] = await db
    .update(alertSubscriptions)
    .set({ status, disabledReason: reason })
    .where(eq(alertSubscriptions.id, id))
    .returning();
  return row ?? null;
}

export async function deleteSubscription(db: Database, id: string): Promise<boolean> {
  const deleted = await db
    .delete(alertSubscriptions)
    .where(eq(alertSubscriptions.id, id))
    .returning({ id: alertSubscriptions.id });
  return deleted.length > 0;
}

export async function setConfirmTokenHash(db: Database, id: string, hash: string): Promise<void> {
  await db.update(alertSubscriptions).set({ confirmTokenHash: hash }).where(eq(alertSubscriptions.id, id));
}

/** Double opt-in: the subscription whose confirmation token hashes to `hash` becomes active. */
export async function confirmSubscription(db: Database, hash: string): Promise<AlertSubscriptionRow | null> {
  const [row] = await db
    .update(alertSubscriptions)
    .set({ status: "active", confirmTokenHash: null, confirmedAt: new Date() })
    .where(and(eq(alertSubscriptions.confirmTokenHash, hash), eq(alertSubscriptions.status, "pending_confirmation")))
    .returning();
  return row ?? null;
}

/** One-click unsubscribe: the subscription is deleted, with what it had fired and sent. */
export async function unsubscribe(db: Database, token: string): Promise<boolean> {
  const deleted = await db
    .delete(alertSubscriptions)
    .where(eq(alertSubscriptions.unsubscribeToken, token))
    .returning({ id: alertSubscriptions.id });
  return deleted.length > 0;
}

/**
 * When a digest last went to this row's address, from any of the address's digest alerts: a digest
 * is at most one mail a day per address, however many alerts it has.
 */
const addressLastDigest = sql`(SELECT max(o.last_notified_at) FROM ${alertSubscriptions} o
  WHERE o.digest AND o.channel = ${alertSubscriptions.channel} AND lower(o.target) = lower(${alertSubscriptions.target}))`;

/** The active rules watching any of these GPU models (idx_alert_subscriptions_match). */
export async function activeRules(
  db: Database,
  gpuModelIds: readonly string[],
): Promise<(MatchRule & { gpuModelId: string; digest: boolean; lastNotifiedAt: Date | null })[]> {
  if (gpuModelIds.length === 0) return [];
  const rows = await db
    .select({
      id: alertSubscriptions.id,
      gpuModelId: alertSubscriptions.gpuModelId,
      kind: alertSubscriptions.kind,
      providerIds: alertSubscriptions.providerIds,
      reliabilityTier: alertSubscriptions.reliabilityTier,
      region: alertSubscriptions.region,
      maxPricePerGpuHour: alertSubscriptions.maxPricePerGpuHour,
      backInStock: alertSubscriptions.backInStock,
      digest: alertSubscriptions.digest,
      // For a digest, the last digest mailed to its address by any of that address's alerts.
      lastNotifiedAt:
        sql<Date | null>`CASE WHEN ${alertSubscriptions.digest} THEN ${addressLastDigest} ELSE ${alertSubscriptions.lastNotifiedAt} END`.mapWith(
          alertSubscriptions.lastNotifiedAt,
        ),
    })
    .from(alertSubscriptions)
    .where(
      and(
        eq(alertSubscriptions.status, "active"),
        inArray(alertSubscriptions.gpuModelId, [...gpuModelIds]),
        inArray(alertSubscriptions.kind, ["on_demand", "spot"]),
      ),
    );
  return rows;
}

/** What a subscriber is told of an offer, beside what matching reads. */
export interface OfferForAlerts extends MatchOffer {
  gpuModelId: string;
  gpuSlug: string;
  gpuName: string;
  providerSlug: string;
  providerName: string;
  instanceType: string;
}

/**
 * Every offer of one provider, withdrawn ones included: a withdrawn offer resets what it fired,
 * so that its return fires again.
 */
export async function offersForMatching(db: Database, providerSlug: string): Promise<OfferForAlerts[]> {
  const rows = await db
    .select({
      instanceId: instances.id,
      providerId: instances.providerId,
      gpuModelId: instances.gpuModelId,
      reliabilityTier: providers.reliabilityTier,
      regions: instances.availableRegions,
      gpuCount: instances.gpuCount,
      pricePerGpuHour: instances.pricePerGpuHour,
      pricePerHourSpot: instances.pricePerHourSpot,
      availability: instances.availabilityStatus,
      isActive: instances.isActive,
      gpuSlug: gpuModels.slug,
      gpuName: gpuModels.name,
      providerSlug: providers.slug,
      providerName: providers.displayName,
      instanceType: instances.instanceType,
    })
    .from(instances)
    .innerJoin(providers, eq(providers.id, instances.providerId))
    .innerJoin(gpuModels, eq(gpuModels.id, instances.gpuModelId))
    .where(eq(providers.slug, providerSlug));
  return rows.map((row) => ({ ...row, pricePerGpuHour: row.pricePerGpuHour ?? Number.POSITIVE_INFINITY }));
}

/** What has fired and not reset, for these rules on these offers (two array parameters, however many). */
export async function firings(
  db: Database,
  subscriptionIds: readonly string[],
  instanceIds: readonly string[],
): Promise<{ subscriptionId: string; instanceId: string; event: AlertEvent }[]> {
  if (subscriptionIds.length === 0 || instanceIds.length === 0) return [];
  return db
    .select({
      subscriptionId: alertFirings.subscriptionId,
      instanceId: alertFirings.instanceId,
      event: alertFirings.event,
    })
    .from(alertFirings)
    .where(
      and(
        sql`${alertFirings.subscriptionId} = ANY(${param([...subscriptionIds])}::uuid[])`,
        sql`${alertFirings.instanceId} = ANY(${param([...instanceIds])}::uuid[])`,
      ),
    );
}

type Firing = { subscriptionId: string; instanceId: string; event: AlertEvent };

/** Rows per multi-row INSERT: PostgreSQL's protocol takes at most 32 767 parameters a statement. */
const ROWS_PER_INSERT = 5_000;
const chunks = <T>(rows: readonly T[]) =>
  Array.from({ length: Math.ceil(rows.length / ROWS_PER_INSERT) }, (_, i) =>
    rows.slice(i * ROWS_PER_INSERT, (i + 1) * ROWS_PER_INSERT),
  );

/**
 * Records a match in one transaction, in a handful of statements whatever its size: the resets
 * (one DELETE over arrays), the new firings (a firing that another delivery of the same message
 * recorded first is skipped, and so is its notification), and a delivery per subscription for
 * what newly fired. Returns the deliveries to send.
 */
export async function recordMatch(
  db: Database,
  fire: readonly Firing[],
  reset: readonly Firing[],
  eventsOf: (subscriptionId: string, fired: readonly Firing[]) => { events: unknown[]; held: boolean },
): Promise<{ deliveryId: string; subscriptionId: string }[]> {
  if (fire.length === 0 && reset.length === 0) return [];
  return db.transaction(async (tx) => {
    if (reset.length)
      await tx.execute(sql`
        DELETE FROM ${alertFirings} f
        USING unnest(${param(reset.map((r) => r.subscriptionId))}::uuid[], ${param(reset.map((r) => r.instanceId))}::uuid[],
                     ${param(reset.map((r) => r.event))}::text[]) AS r(subscription_id, instance_id, event)
        WHERE f.subscription_id = r.subscription_id AND f.instance_id = r.instance_id AND f.event = r.event`);
    const inserted: Firing[] = [];
    for (const rows of chunks(fire))
      inserted.push(
        ...(await tx
          .insert(alertFirings)
          .values([...rows])
          .onConflictDoNothing()
          .returning({
            subscriptionId: alertFirings.subscriptionId,
            instanceId: alertFirings.instanceId,
            event: alertFirings.event,
          })),
      );
    const owed = [...Map.groupBy(inserted, (firing) => firing.subscriptionId)].map(([subscriptionId, fired]) => {
      const { events, held } = eventsOf(subscriptionId, fired);
      return { subscriptionId, events, status: held ? ("digest" as const) : ("queued" as const) };
    });
    const deliveries: { deliveryId: string; subscriptionId: string }[] = [];
    for (const rows of chunks(owed)) {
      const made = await tx.insert(alertDeliveries).values(rows).returning({
        id: alertDeliveries.id,
        subscriptionId: alertDeliveries.subscriptionId,
        status: alertDeliveries.status,
      });
      for (const row of made)
        if (row.status === "queued") deliveries.push({ deliveryId: row.id, subscriptionId: row.subscriptionId });
    }
    return deliveries;
  });
}

export type AlertDeliveryRow = typeof alertDeliveries.$inferSelect;

export async function deliveryWithSubscription(
  db: Database,
  deliveryId: string,
): Promise<{ delivery: AlertDeliveryRow; subscription: AlertSubscriptionRow } | null> {
  const [row] = await db
    .select({ delivery: alertDeliveries, subscription: alertSubscriptions })
    .from(alertDeliveries)
    .innerJoin(alertSubscriptions, eq(alertSubscriptions.id, alertDeliveries.subscriptionId))
    .where(eq(alertDeliveries.id, deliveryId));
  return row ?? null;
}

/** The outcome of one attempt at a delivery. */
export async function recordAttempt(
  db: Database,
  deliveryId: string,
  outcome: { status: "sent" | "failed" | "dead"; error?: string; attempts: number },
): Promise<void> {
  await db
    .update(alertDeliveries)
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      lastError: outcome.error?.slice(0, 500) ?? null,
      sentAt: outcome.status === "sent" ? new Date() : null,
    })
    .where(eq(alertDeliveries.id, deliveryId));
}

export async function markNotified(db: Database, subscriptionId: string, at: Date): Promise<void> {
  await db.update(alertSubscriptions).set({ lastNotifiedAt: at }).where(eq(alertSubscriptions.id, subscriptionId));
}

/**
 * Digests owed their mail: held events of active digest alerts whose address has had no digest for
 * `interval`. Each address gets one queued delivery of all its alerts' held events (oldest first),
 * sent through the first of them; the held rows it replaces are deleted in the same transaction.
 * Returns the deliveries to send.
 */
export async function flushDigests(
  db: Database,
  now: Date,
  intervalMs: number,
): Promise<{ deliveryId: string; subscriptionId: string }[]> {
  const due = new Date(now.getTime() - intervalMs);
  return db.transaction(async (tx) => {
    const held = await tx
      .select({
        id: alertDeliveries.id,
        subscriptionId: alertDeliveries.subscriptionId,
        address: sql<string>`lower(${alertSubscriptions.target})`,
        events: alertDeliveries.events,
      })
      .from(alertDeliveries)
      .innerJoin(alertSubscriptions, eq(alertSubscriptions.id, alertDeliveries.subscriptionId))
      .where(
        and(
          eq(alertDeliveries.status, "digest"),
          eq(alertSubscriptions.status, "active"),
          sql`coalesce(${addressLastDigest} <= ${due.toISOString()}::timestamptz, true)`,
        ),
      )
      .orderBy(alertDeliveries.createdAt)
      .for("update", { skipLocked: true });
    const deliveries: { deliveryId: string; subscriptionId: string }[] = [];
    for (const rows of Map.groupBy(held, (row) => row.address).values()) {
      const subscriptionId = rows[0]?.subscriptionId;
      if (!subscriptionId) continue;
      const [made] = await tx
        .insert(alertDeliveries)
        .values({ subscriptionId, events: rows.flatMap((row) => row.events as unknown[]), status: "queued" })
        .returning({ id: alertDeliveries.id });
      await tx.delete(alertDeliveries).where(
        inArray(
          alertDeliveries.id,
          rows.map((row) => row.id),
        ),
      );
      if (made) deliveries.push({ deliveryId: made.id, subscriptionId });
    }
    return deliveries;
  });
}
