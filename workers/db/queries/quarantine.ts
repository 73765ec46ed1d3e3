import { and, count, desc, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { QuarantineDecision } from "../../../shared/domain";
import type { DecidedObservation } from "../../ingest/validate";
import type { Database } from "../database";
import { gpuModels, instances, providers, scrapeOfferIssues } from "../schema";

// The quarantine queue (docs/design.md §6, §18): offers whose price validation held back, and the
// operators' decisions on them. A decision is read by the provider's next scrape.

/** The operators' decisions on a provider's quarantined observations, per instance type, newest first. */
export async function quarantineDecisions(
  db: Database,
  providerId: string,
): Promise<Map<string, DecidedObservation[]>> {
  const rows = await db
    .select({
      instanceType: scrapeOfferIssues.instanceType,
      decision: scrapeOfferIssues.decision,
      pricePerHour: scrapeOfferIssues.pricePerHour,
      decidedAt: scrapeOfferIssues.decidedAt,
    })
    .from(scrapeOfferIssues)
    .where(
      and(
        eq(scrapeOfferIssues.providerId, providerId),
        eq(scrapeOfferIssues.kind, "quarantined"),
        isNotNull(scrapeOfferIssues.decision),
      ),
    )
    .orderBy(desc(scrapeOfferIssues.decidedAt), desc(scrapeOfferIssues.createdAt));
  const decisions = new Map<string, DecidedObservation[]>();
  for (const row of rows) {
    if (!row.instanceType || !row.decision || row.pricePerHour === null || !row.decidedAt) continue;
    const list = decisions.get(row.instanceType) ?? [];
    list.push({ decision: row.decision, pricePerHour: row.pricePerHour, decidedAt: row.decidedAt });
    decisions.set(row.instanceType, list);
  }
  return decisions;
}

export interface QuarantineQuery {
  /** false: what waits for a decision, the latest observation of each offer; true: what was decided. */
  decided: boolean;
  providerId?: string;
  limit: number;
  page: number;
}

const listed = {
  id: scrapeOfferIssues.id,
  provider: providers.slug,
  instanceType: scrapeOfferIssues.instanceType,
  gpuModel: gpuModels.slug,
  gpuNameRaw: scrapeOfferIssues.gpuNameRaw,
  code: scrapeOfferIssues.code,
  message: scrapeOfferIssues.message,
  pricePerHour: scrapeOfferIssues.pricePerHour,
  previousPricePerHour: scrapeOfferIssues.previousPricePerHour,
  /** The published offer's GPU count: the observation itself keeps only the whole-instance price. */
  gpuCount: instances.gpuCount,
  createdAt: scrapeOfferIssues.createdAt,
  scrapeJobId: scrapeOfferIssues.scrapeJobId,
  decision: scrapeOfferIssues.decision,
  decidedAt: scrapeOfferIssues.decidedAt,
  decidedBy: scrapeOfferIssues.decidedBy,
};

const ofIssue = {
  provider: eq(providers.id, scrapeOfferIssues.providerId),
  gpuModel: eq(gpuModels.id, scrapeOfferIssues.gpuModelId),
  offer: and(
    eq(instances.providerId, scrapeOfferIssues.providerId),
    eq(instances.instanceType, scrapeOfferIssues.instanceType),
  ),
};

/**
 * One page of the queue. Undecided: for each offer only its latest quarantined observation, newest
 * first, while nobody decided on it and the offer was not published again since (an older
 * observation is superseded by a later one, and by a publish). Decided: every decided observation,
 * the latest decision first.
 */
export async function listQuarantine(db: Database, query: QuarantineQuery) {
  const ofProvider = query.providerId ? eq(scrapeOfferIssues.providerId, query.providerId) : undefined;
  const offset = (query.page - 1) * query.limit;
  if (query.decided) {
    const where = and(eq(scrapeOfferIssues.kind, "quarantined"), isNotNull(scrapeOfferIssues.decision), ofProvider);
    const rows = await db
      .select(listed)
      .from(scrapeOfferIssues)
      .innerJoin(providers, ofIssue.provider)
      .leftJoin(gpuModels, ofIssue.gpuModel)
      .leftJoin(instances, ofIssue.offer)
      .where(where)
      .orderBy(desc(scrapeOfferIssues.decidedAt), desc(scrapeOfferIssues.id))
      .limit(query.limit)
      .offset(offset);
    const [total] = await db.select({ n: count() }).from(scrapeOfferIssues).where(where);
    return { rows, totalDocs: total?.n ?? 0 };
  }

  const latest = db.$with("latest").as(
    db
      .selectDistinctOn([scrapeOfferIssues.providerId, scrapeOfferIssues.instanceType], {
        latestId: sql<string>`${scrapeOfferIssues.id}`.as("latest_id"),
        latestDecision: sql<string | null>`${scrapeOfferIssues.decision}`.as("latest_decision"),
      })
      .from(scrapeOfferIssues)
      .where(and(eq(scrapeOfferIssues.kind, "quarantined"), ofProvider))
      .orderBy(
        scrapeOfferIssues.providerId,
        scrapeOfferIssues.instanceType,
        desc(scrapeOfferIssues.createdAt),
        desc(scrapeOfferIssues.id),
      ),
  );
  // Still waiting: nobody decided on it, and the offer was not published again since.
  const waiting = and(
    isNull(latest.latestDecision),
    or(isNull(instances.lastScrapedAt), lt(instances.lastScrapedAt, scrapeOfferIssues.createdAt)),
  );
  const rows = await db
    .with(latest)
    .select(listed)
    .from(latest)
    .innerJoin(scrapeOfferIssues, eq(scrapeOfferIssues.id, latest.latestId))
    .innerJoin(providers, ofIssue.provider)
    .leftJoin(gpuModels, ofIssue.gpuModel)
    .leftJoin(instances, ofIssue.offer)
    .where(waiting)
    .orderBy(desc(scrapeOfferIssues.createdAt), desc(scrapeOfferIssues.id))
    .limit(query.limit)
    .offset(offset);
  const [total] = await db
    .with(latest)
    .select({ n: count() })
    .from(latest)
    .innerJoin(scrapeOfferIssues, eq(scrapeOfferIssues.id, latest.latestId))
    .leftJoin(instances, ofIssue.offer)
    .where(waiting);
  return { rows, totalDocs: total?.n ?? 0 };
}

/** One observation as the queue lists it; undefined when no offer issue has that id. */
export async function quarantineEntry(db: Database, id: string) {
  const [row] = await db
    .select(listed)
    .from(scrapeOfferIssues)
    .innerJoin(providers, ofIssue.provider)
    .leftJoin(gpuModels, ofIssue.gpuModel)
    .leftJoin(instances, ofIssue.offer)
    .where(eq(scrapeOfferIssues.id, id));
  return row;
}

export type DecisionOutcome =
  | { decided: { providerId: string; decision: QuarantineDecision; decidedAt: Date; decidedBy: string } }
  | { unknown: true }
  | {
      refused: { kind: string; decision: QuarantineDecision | null; decidedAt: Date | null; decidedBy: string | null };
    };

/**
 * Records an operator's decision on an undecided quarantined observation, in one statement so that
 * two operators deciding at once cannot both win. Otherwise says why not: no such issue, or one that
 * is not quarantined or already decided.
 */
export async function decideQuarantined(
  db: Database,
  id: string,
  decision: QuarantineDecision,
  decidedBy: string,
): Promise<DecisionOutcome> {
  const [decided] = await db
    .update(scrapeOfferIssues)
    .set({ decision, decidedAt: sql`now()`, decidedBy })
    .where(
      and(eq(scrapeOfferIssues.id, id), eq(scrapeOfferIssues.kind, "quarantined"), isNull(scrapeOfferIssues.decision)),
    )
    .returning({ providerId: scrapeOfferIssues.providerId, decidedAt: scrapeOfferIssues.decidedAt });
  if (decided?.decidedAt)
    return { decided: { providerId: decided.providerId, decision, decidedAt: decided.decidedAt, decidedBy } };
  const [found] = await db
    .select({
      kind: scrapeOfferIssues.kind,
      decision: scrapeOfferIssues.decision,
      decidedAt: scrapeOfferIssues.decidedAt,
      decidedBy: scrapeOfferIssues.decidedBy,
    })
    .from(scrapeOfferIssues)
    .where(eq(scrapeOfferIssues.id, id));
  return found ? { refused: found } : { unknown: true };
}
