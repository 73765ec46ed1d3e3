// `npm run bench:alerts`: what matching one stored scrape against subscribers' rules costs
// (docs/design.md §9), against the local PostgreSQL (DATABASE_URL or the embedded one): 10 000
// active rules over the catalogue's GPU models, one provider's 500 offers. Measured in one run:
// the first match after the rules are made (many fire), the same scrape matched again (nothing new
// fires: the steady state of every scrape), and a scrape whose prices all rose (everything resets).
// Prints wall times (median of the runs), database round trips, and what fired.
import { performance } from "node:perf_hooks";
import { eq, inArray, sql } from "drizzle-orm";
import { matchAlerts } from "../workers/alerts/match";
import * as schema from "../workers/db/schema";
import { openBenchDatabase } from "./lib/counting-client";
import { seededRandom } from "./lib/seeded-random";
import { printTable } from "./lib/table";

const RULES = Number(process.env.BENCH_RULES ?? 10_000);
const OFFERS = Number(process.env.BENCH_OFFERS ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const { database, counter, db, close } = await openBenchDatabase();
const slug = `bench-alerts-${Date.now()}`;
let providerId: string | undefined;

try {
  const next = seededRandom(7);
  const gpus = await db.select({ id: schema.gpuModels.id }).from(schema.gpuModels);
  const [provider] = await db
    .insert(schema.providers)
    .values({
      slug,
      name: slug,
      displayName: slug,
      providerType: "marketplace",
      reliabilityTier: "standard",
      websiteUrl: "https://bench.example",
    })
    .returning({ id: schema.providers.id });
  providerId = provider!.id;
  const offers = Array.from({ length: OFFERS }, (_, index) => ({
    providerId: provider!.id,
    gpuModelId: gpus[index % gpus.length]!.id,
    instanceType: `bench-${index}`,
    gpuCount: [1, 2, 4, 8][index % 4]!,
    pricePerHour: Math.round((0.5 + next() * 3) * [1, 2, 4, 8][index % 4]! * 10_000) / 10_000,
    pricePerHourSpot:
      index % 3 === 0 ? Math.round((0.3 + next() * 2) * [1, 2, 4, 8][index % 4]! * 10_000) / 10_000 : null,
    availabilityStatus: index % 5 === 0 ? ("sold_out" as const) : ("available" as const),
    availableRegions: [["us-east-1", "eu-west-1", "ap-south-1"][index % 3]!],
  }));
  for (let start = 0; start < offers.length; start += 500)
    await db.insert(schema.instances).values(offers.slice(start, start + 500));
  const rules = Array.from({ length: RULES }, (_, index) => ({
    gpuModelId: gpus[Math.floor(next() * gpus.length)]!.id,
    kind: index % 4 === 0 ? ("spot" as const) : ("on_demand" as const),
    // A third of the rules name providers (this one or another), a few a region.
    providerIds: index % 3 === 0 ? [index % 2 === 0 ? provider!.id : crypto.randomUUID()] : null,
    region: index % 10 === 0 ? "eu-west-1" : null,
    maxPricePerGpuHour: index % 7 === 0 ? null : Math.round((0.5 + next() * 3) * 100) / 100,
    backInStock: index % 7 === 0 || index % 5 === 0,
    channel: "webhook" as const,
    target: `https://hooks.example.com/${index}`,
    status: "active" as const,
    tokenHash: crypto.randomUUID().replaceAll("-", "").padEnd(64, "0"),
    unsubscribeToken: crypto.randomUUID(),
    signingSecret: "whsec_bench",
    clientKey: `bench:${slug}`,
  }));
  for (let start = 0; start < rules.length; start += 1_000)
    await db.insert(schema.alertSubscriptions).values(rules.slice(start, start + 1_000));
  await db.execute(sql`ANALYZE ${schema.alertSubscriptions}`);
  await db.execute(sql`ANALYZE ${schema.instances}`);

  const now = new Date();
  const measure = async () => {
    counter.roundTrips = 0;
    const start = performance.now();
    const deliveries = await matchAlerts(db, { provider: slug }, "https://cloudgpus.io", now);
    return { ms: performance.now() - start, roundTrips: counter.roundTrips, deliveries: deliveries.length };
  };
  const firings = async () =>
    (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(schema.alertFirings)
        .innerJoin(schema.instances, eq(schema.instances.id, schema.alertFirings.instanceId))
        .where(eq(schema.instances.providerId, provider!.id))
    )[0]?.n ?? 0;

  const first = await measure();
  const firedFirst = await firings();
  const steady: Awaited<ReturnType<typeof measure>>[] = [];
  for (let run = 0; run < RUNS; run++) steady.push(await measure());
  // Every price doubled: each price firing resets.
  await db
    .update(schema.instances)
    .set({ pricePerHour: sql`${schema.instances.pricePerHour} * 4` })
    .where(eq(schema.instances.providerId, provider!.id));
  const resets = await measure();
  const firedAfter = await firings();

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const rulesOfItsGpus = (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.alertSubscriptions)
      .where(inArray(schema.alertSubscriptions.gpuModelId, [...new Set(offers.map((offer) => offer.gpuModelId))]))
  )[0]?.n;
  console.log(
    `${RULES} active rules over ${gpus.length} GPU models (${rulesOfItsGpus} on this provider's GPUs), one provider's ${OFFERS} offers, PostgreSQL at ${database.source}`,
  );
  printTable([
    ["match", "ms", "round trips", "deliveries", "firings held after"],
    [
      "first, after the rules are made",
      first.ms.toFixed(0),
      String(first.roundTrips),
      String(first.deliveries),
      String(firedFirst),
    ],
    [
      `same scrape again (median of ${RUNS})`,
      median(steady.map((run) => run.ms)).toFixed(0),
      String(median(steady.map((run) => run.roundTrips))),
      String(Math.max(...steady.map((run) => run.deliveries))),
      String(firedFirst),
    ],
    [
      "every price up 4× (resets)",
      resets.ms.toFixed(0),
      String(resets.roundTrips),
      String(resets.deliveries),
      String(firedAfter),
    ],
  ]);
} finally {
  if (providerId) {
    await db.delete(schema.alertSubscriptions).where(eq(schema.alertSubscriptions.clientKey, `bench:${slug}`));
    await db.delete(schema.providers).where(eq(schema.providers.id, providerId));
  }
  await close();
}
