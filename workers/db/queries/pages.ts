import { and, asc, desc, eq, gte, inArray, lt, ne } from "drizzle-orm";
import type { BenchmarkWorkload } from "../../../shared/domain";
import { type RegionSlug, regionOf } from "../../../shared/regions";
import { POPULAR_GPUS, requiredVramGb } from "../../../shared/use-cases";
import type {
  BenchmarkRow,
  CostEstimateInput,
  CostEstimatorModel,
  GpuComparisonModel,
  GpuComparisonSide,
  GpuHubModel,
  GpuPageModel,
  HomeModel,
  PriceMove,
  ProviderComparisonModel,
  ProviderHubModel,
  ProviderPageModel,
  RegionModel,
  SelectorInput,
  SelectorModel,
  UseCaseModel,
} from "../../../web/models";
import type { Database } from "../database";
import { gpuBenchmarks, gpuModels, instances, priceHistory, providers } from "../schema";
import { compareProviders } from "./compare";
import { gpuModelDoc, providerDoc } from "./docs";
import { gpuModelHistory } from "./history";
import {
  cheapestOffer,
  gpuCards,
  gpusBySlug,
  lastSuccessByProvider,
  offerRows,
  priceStats,
  recentScrapes,
} from "./offers";

// One loader per page family: everything a page shows, read in a few queries, as plain data.

const DAY_MS = 86_400_000;

export async function homeModel(db: Database, now: Date): Promise<HomeModel> {
  const [offers, popular, lastSuccess, providerRows, moves] = await Promise.all([
    offerRows(db, undefined, now),
    gpusBySlug(db, POPULAR_GPUS),
    lastSuccessByProvider(db),
    db
      .select({ id: providers.id, slug: providers.slug, name: providers.displayName })
      .from(providers)
      .where(eq(providers.isActive, true)),
    priceMoves(db, now, 7),
  ]);
  const withOffers = new Set(offers.map((offer) => offer.provider.slug));
  const scraped = providerRows
    .filter((provider) => withOffers.has(provider.slug) || lastSuccess.has(provider.id))
    .map((provider) => ({
      slug: provider.slug,
      name: provider.name,
      lastSuccessAt: lastSuccess.get(provider.id)?.toISOString() ?? null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const newest = offers.reduce<string | null>(
    (latest, offer) => (!latest || offer.lastScrapedAt > latest ? offer.lastScrapedAt : latest),
    null,
  );
  return {
    popular: gpuCards(popular, offers),
    moves,
    freshness: { offers: offers.length, providers: withOffers.size, newestScrapeAt: newest, providersScraped: scraped },
  };
}

/** The largest price changes of the last `days` days, per offer: opening price against the latest. */
async function priceMoves(db: Database, now: Date, days: number, limit = 6): Promise<PriceMove[]> {
  const since = new Date(now.getTime() - days * DAY_MS);
  const recent = await db
    .select({ instanceId: priceHistory.instanceId, price: priceHistory.pricePerGpuHour, at: priceHistory.recordedAt })
    .from(priceHistory)
    .where(gte(priceHistory.recordedAt, since))
    .orderBy(asc(priceHistory.recordedAt));
  const changed = [...new Set(recent.map((row) => row.instanceId))];
  if (changed.length === 0) return [];
  const opening = await db
    .selectDistinctOn([priceHistory.instanceId], {
      instanceId: priceHistory.instanceId,
      price: priceHistory.pricePerGpuHour,
    })
    .from(priceHistory)
    .where(and(inArray(priceHistory.instanceId, changed), lt(priceHistory.recordedAt, since)))
    .orderBy(priceHistory.instanceId, desc(priceHistory.recordedAt));
  const openingPrice = new Map(opening.map((row) => [row.instanceId, row.price]));
  const details = await db
    .select({
      id: instances.id,
      instanceType: instances.instanceType,
      gpuSlug: gpuModels.slug,
      gpuName: gpuModels.name,
      providerSlug: providers.slug,
      providerName: providers.displayName,
    })
    .from(instances)
    .innerJoin(gpuModels, eq(gpuModels.id, instances.gpuModelId))
    .innerJoin(providers, eq(providers.id, instances.providerId))
    .where(and(inArray(instances.id, changed), eq(instances.isActive, true)));
  const moves: PriceMove[] = [];
  for (const detail of details) {
    const series = recent.filter((row) => row.instanceId === detail.id);
    const from = openingPrice.get(detail.id) ?? series[0]!.price;
    const to = series.at(-1)!.price;
    if (from === to) continue;
    moves.push({
      gpu: { slug: detail.gpuSlug, name: detail.gpuName },
      provider: { slug: detail.providerSlug, name: detail.providerName },
      instanceType: detail.instanceType,
      from,
      to,
      changePercent: Math.round(((to - from) / from) * 1000) / 10,
    });
  }
  return moves.sort((a, b) => Math.abs(b.changePercent) - Math.abs(a.changePercent)).slice(0, limit);
}

export async function gpuHubModel(db: Database, now: Date): Promise<GpuHubModel> {
  const [gpus, offers] = await Promise.all([
    db.select().from(gpuModels).orderBy(desc(gpuModels.vramGb), asc(gpuModels.name)),
    offerRows(db, undefined, now),
  ]);
  const cards = gpuCards(gpus, offers);
  // GPUs with prices first, then the rest of the catalogue.
  return { gpus: [...cards.filter((card) => card.offers > 0), ...cards.filter((card) => card.offers === 0)] };
}

async function benchmarksOf(db: Database, gpuIds: readonly string[]): Promise<Map<string, BenchmarkRow[]>> {
  const rows = gpuIds.length
    ? await db
        .select()
        .from(gpuBenchmarks)
        .where(inArray(gpuBenchmarks.gpuModelId, [...gpuIds]))
    : [];
  const byGpu = new Map<string, BenchmarkRow[]>();
  for (const row of rows) {
    if (row.score === null) continue;
    const benchmark: BenchmarkRow = {
      workload: row.workloadType as BenchmarkWorkload,
      name: row.benchmarkName,
      score: row.score,
      unit: row.scoreUnit ?? "",
      precision: row.precision,
      model: row.modelName,
      sourceUrl: row.sourceUrl,
    };
    byGpu.set(row.gpuModelId, [...(byGpu.get(row.gpuModelId) ?? []), benchmark]);
  }
  return byGpu;
}

export async function gpuPageModel(db: Database, slug: string, now: Date): Promise<GpuPageModel | null> {
  const [gpu] = await db.select().from(gpuModels).where(eq(gpuModels.slug, slug));
  if (!gpu) return null;
  const [offers, history, benchmarks, relatives] = await Promise.all([
    offerRows(db, eq(instances.gpuModelId, gpu.id), now),
    gpuModelHistory(db, slug, 30, now),
    benchmarksOf(db, [gpu.id]),
    db
      .select()
      .from(gpuModels)
      .where(and(eq(gpuModels.architecture, gpu.architecture), ne(gpuModels.id, gpu.id)))
      .orderBy(desc(gpuModels.vramGb))
      .limit(4),
  ]);
  const relatedOffers = relatives.length
    ? await offerRows(
        db,
        inArray(
          instances.gpuModelId,
          relatives.map((row) => row.id),
        ),
        now,
      )
    : [];
  return {
    gpu: gpuModelDoc(gpu),
    offers,
    stats: priceStats(offers),
    history: (history?.providers ?? []).map((series) => ({
      provider: { slug: series.provider.slug, name: series.provider.display_name },
      points: series.points,
    })),
    benchmarks: benchmarks.get(gpu.id) ?? [],
    related: gpuCards(relatives, relatedOffers),
  };
}

export async function providerHubModel(db: Database, now: Date): Promise<ProviderHubModel> {
  const [rows, offers, lastSuccess] = await Promise.all([
    db.select().from(providers).where(eq(providers.isActive, true)).orderBy(asc(providers.displayName)),
    offerRows(db, undefined, now),
    lastSuccessByProvider(db),
  ]);
  const cards = rows.map((provider) => {
    const mine = offers.filter((offer) => offer.provider.slug === provider.slug);
    return {
      provider: {
        slug: provider.slug,
        name: provider.displayName,
        type: provider.providerType,
        tier: provider.reliabilityTier,
        description: provider.description,
      },
      offers: mine.length,
      gpus: new Set(mine.map((offer) => offer.gpu.slug)).size,
      cheapest: cheapestOffer(mine),
      lastSuccessAt: lastSuccess.get(provider.id)?.toISOString() ?? null,
    };
  });
  return { providers: [...cards.filter((card) => card.offers > 0), ...cards.filter((card) => card.offers === 0)] };
}

export async function providerPageModel(db: Database, slug: string, now: Date): Promise<ProviderPageModel | null> {
  const [provider] = await db.select().from(providers).where(eq(providers.slug, slug));
  if (!provider) return null;
  const [offers, jobs, allOffers] = await Promise.all([
    offerRows(db, eq(instances.providerId, provider.id), now),
    recentScrapes(db, provider.id),
    offerRows(db, undefined, now),
  ]);
  const lastSuccess = jobs.find((job) => job.status === "completed");
  const lastFailure = jobs.find((job) => job.status !== "completed");
  const myGpus = new Set(offers.map((offer) => offer.gpu.slug));
  const shared = new Map<string, { name: string; count: number }>();
  for (const offer of allOffers) {
    if (offer.provider.slug === slug || !myGpus.has(offer.gpu.slug)) continue;
    const entry = shared.get(offer.provider.slug) ?? { name: offer.provider.name, count: 0 };
    entry.count++;
    shared.set(offer.provider.slug, entry);
  }
  return {
    provider: providerDoc(provider),
    offers,
    health: {
      lastSuccessAt: (lastSuccess?.completedAt ?? null)?.toISOString() ?? null,
      lastFailure: lastFailure ? { at: lastFailure.startedAt.toISOString(), code: lastFailure.errorCode } : null,
      recent: jobs.map((job) => ({ at: job.startedAt.toISOString(), status: job.status, offers: job.found })),
    },
    comparisons: [...shared]
      .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([otherSlug, entry]) => ({ slug: otherSlug, name: entry.name })),
  };
}

export async function providerComparisonModel(
  db: Database,
  a: string,
  b: string,
  now: Date,
): Promise<ProviderComparisonModel | null> {
  const result = await compareProviders(db, [a, b], now);
  if ("missing" in result) return null;
  const common = new Set(result.commonGpus.map((gpu) => gpu.gpu.slug));
  const only = (prices: typeof result.provider1.prices) =>
    prices
      .filter((price) => !common.has(price.gpu.slug))
      .map((price) => ({ slug: price.gpu.slug, name: price.gpu.name, price: price.pricePerGpuHour }));
  const { prices: pricesA, ...docA } = result.provider1;
  const { prices: pricesB, ...docB } = result.provider2;
  return {
    a: docA,
    b: docB,
    common: result.commonGpus.map((gpu) => ({
      gpu: { slug: gpu.gpu.slug, name: gpu.gpu.name },
      a: gpu.provider1Price,
      b: gpu.provider2Price,
      cheaper: gpu.cheaper,
    })),
    onlyA: only(pricesA),
    onlyB: only(pricesB),
    verdict: result.verdict,
  };
}

const better = (a: number | null, b: number | null, slugA: string, slugB: string, higherIsBetter: boolean) => {
  if (a === null || b === null || a === b) return "tie";
  return a > b === higherIsBetter ? slugA : slugB;
};

export async function gpuComparisonModel(
  db: Database,
  a: string,
  b: string,
  now: Date,
): Promise<GpuComparisonModel | null> {
  const gpus = await gpusBySlug(db, [a, b]);
  if (gpus.length !== 2) return null;
  const [gpuA, gpuB] = gpus as [(typeof gpus)[number], (typeof gpus)[number]];
  const [offers, benchmarks] = await Promise.all([
    offerRows(db, inArray(instances.gpuModelId, [gpuA.id, gpuB.id]), now),
    benchmarksOf(db, [gpuA.id, gpuB.id]),
  ]);
  const side = (gpu: typeof gpuA): GpuComparisonSide => ({
    gpu: gpuModelDoc(gpu),
    stats: priceStats(offers.filter((offer) => offer.gpu.slug === gpu.slug)),
    benchmarks: benchmarks.get(gpu.id) ?? [],
  });
  const sideA = side(gpuA);
  const sideB = side(gpuB);
  const valueByWorkload: GpuComparisonModel["valueByWorkload"] = [];
  for (const benchmarkA of sideA.benchmarks) {
    const benchmarkB = sideB.benchmarks.find(
      (candidate) => candidate.name === benchmarkA.name && candidate.unit === benchmarkA.unit,
    );
    if (!benchmarkB || !sideA.stats.min || !sideB.stats.min) continue;
    const valueA = Math.round((benchmarkA.score / sideA.stats.min) * 100) / 100;
    const valueB = Math.round((benchmarkB.score / sideB.stats.min) * 100) / 100;
    valueByWorkload.push({
      workload: benchmarkA.workload,
      a: valueA,
      b: valueB,
      unit: `${benchmarkA.unit} per $/GPU-h`,
      winner: better(valueA, valueB, a, b, true),
    });
  }
  return {
    a: sideA,
    b: sideB,
    valueByWorkload,
    verdict: {
      cheaper: better(sideA.stats.min, sideB.stats.min, a, b, false),
      moreVram: better(gpuA.vramGb, gpuB.vramGb, a, b, true),
      fasterMemory: better(gpuA.memoryBandwidthGbps, gpuB.memoryBandwidthGbps, a, b, true),
    },
  };
}

export async function useCaseModel(db: Database, useCase: UseCaseModel["useCase"], now: Date): Promise<UseCaseModel> {
  const rows = await db
    .select({ benchmark: gpuBenchmarks, gpu: gpuModels })
    .from(gpuBenchmarks)
    .innerJoin(gpuModels, eq(gpuModels.id, gpuBenchmarks.gpuModelId))
    .where(eq(gpuBenchmarks.workloadType, useCase.workload));
  const offers = rows.length
    ? await offerRows(
        db,
        inArray(
          instances.gpuModelId,
          rows.map((row) => row.gpu.id),
        ),
        now,
      )
    : [];
  const ranked = rows
    .filter((row) => row.benchmark.score !== null)
    .map(({ benchmark, gpu }) => {
      const cheapest = cheapestOffer(offers.filter((offer) => offer.gpu.slug === gpu.slug));
      return {
        gpu: { slug: gpu.slug, name: gpu.name, vramGb: gpu.vramGb },
        benchmark: {
          workload: useCase.workload,
          name: benchmark.benchmarkName,
          score: benchmark.score!,
          unit: benchmark.scoreUnit ?? "",
          precision: benchmark.precision,
          model: benchmark.modelName,
          sourceUrl: benchmark.sourceUrl,
        },
        cheapest,
        perDollar: cheapest ? Math.round((benchmark.score! / cheapest.pricePerGpuHour) * 100) / 100 : null,
      };
    });
  // Comparable only within one benchmark: rank by benchmark, then value per dollar (priced first).
  ranked.sort((x, y) => x.benchmark.name.localeCompare(y.benchmark.name) || (y.perDollar ?? -1) - (x.perDollar ?? -1));
  return { useCase, rows: ranked };
}

export async function regionModel(
  db: Database,
  region: { slug: RegionSlug; name: string },
  now: Date,
): Promise<RegionModel> {
  const offers = (await offerRows(db, undefined, now)).filter((offer) =>
    offer.regions.some((location) => regionOf(location) === region.slug),
  );
  const byGpu = new Map<string, typeof offers>();
  for (const offer of offers) byGpu.set(offer.gpu.slug, [...(byGpu.get(offer.gpu.slug) ?? []), offer]);
  const providerCounts = new Map<string, { name: string; offers: number }>();
  for (const offer of offers) {
    const entry = providerCounts.get(offer.provider.slug) ?? { name: offer.provider.name, offers: 0 };
    entry.offers++;
    providerCounts.set(offer.provider.slug, entry);
  }
  return {
    region,
    cheapestByGpu: [...byGpu.values()]
      .map((gpuOffers) => cheapestOffer(gpuOffers)!)
      .sort((a, b) => a.pricePerGpuHour - b.pricePerGpuHour),
    providers: [...providerCounts]
      .map(([slug, entry]) => ({ slug, ...entry }))
      .sort((a, b) => b.offers - a.offers || a.slug.localeCompare(b.slug)),
  };
}

async function pricedGpus(db: Database, now: Date) {
  const offers = await offerRows(db, undefined, now);
  const gpus = new Map<string, { slug: string; name: string; vramGb: number }>();
  for (const offer of offers) gpus.set(offer.gpu.slug, offer.gpu);
  return { offers, gpus: [...gpus.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}

export async function costEstimatorModel(
  db: Database,
  input: CostEstimateInput | null,
  now: Date,
): Promise<CostEstimatorModel> {
  const { offers, gpus } = await pricedGpus(db, now);
  const gpu = input ? (gpus.find((candidate) => candidate.slug === input.gpu) ?? null) : null;
  const rows = gpu
    ? [...new Set(offers.filter((offer) => offer.gpu.slug === gpu.slug).map((offer) => offer.provider.slug))]
        .map((providerSlug) => {
          const mine = offers.filter((offer) => offer.gpu.slug === gpu.slug && offer.provider.slug === providerSlug);
          const best = cheapestOffer(mine)!;
          const lowest = (values: (number | null)[]) => {
            const present = values.filter((value): value is number => value !== null);
            return present.length ? Math.min(...present) : null;
          };
          return {
            provider: best.provider,
            onDemand: best.pricePerGpuHour,
            spot: lowest(mine.map((offer) => offer.spotPerGpuHour)),
            reserved1y: lowest(mine.map((offer) => offer.reserved1yPerGpuHour)),
            availability: best.availability,
          };
        })
        .sort((a, b) => a.onDemand - b.onDemand)
    : [];
  return {
    gpus: gpus.map(({ slug, name }) => ({ slug, name })),
    input,
    gpu: gpu ? { slug: gpu.slug, name: gpu.name } : null,
    rows,
    hours: input ? input.count * input.hoursPerDay * input.days : 0,
  };
}

export async function selectorModel(db: Database, input: SelectorInput | null, now: Date): Promise<SelectorModel> {
  if (!input) return { input, requiredVramGb: null, candidates: [] };
  const required = input.vramGb ?? (input.modelBillions ? requiredVramGb(input.modelBillions, input.precision) : null);
  const { offers, gpus } = await pricedGpus(db, now);
  const candidates = gpus
    .map((gpu) => {
      const gpusNeeded = required ? Math.max(1, Math.ceil(required / gpu.vramGb)) : 1;
      const cheapest = cheapestOffer(offers.filter((offer) => offer.gpu.slug === gpu.slug));
      return {
        gpu,
        gpusNeeded,
        cheapest,
        costPerHour: cheapest ? Math.round(cheapest.pricePerGpuHour * gpusNeeded * 100) / 100 : null,
      };
    })
    // More than 8 GPUs means more than one node: out of scope for a quick pick.
    .filter((candidate) => candidate.gpusNeeded <= 8)
    .filter(
      (candidate) =>
        input.budgetPerHour === null ||
        (candidate.costPerHour !== null && candidate.costPerHour <= input.budgetPerHour),
    )
    .sort((a, b) => (a.costPerHour ?? Infinity) - (b.costPerHour ?? Infinity));
  return { input, requiredVramGb: required, candidates };
}

type Named = { slug: string; name: string };

/**
 * The comparison pages worth having (docs/design.md §13): pairs of providers that both have
 * prices (at most 100, busiest first) and pairs of the popular GPUs (at most 20), slugs in
 * alphabetical order as the canonical URLs have them.
 */
export async function comparisonPairs(
  db: Database,
  now: Date,
): Promise<{ providers: [Named, Named][]; gpus: [Named, Named][] }> {
  const [offers, popular] = await Promise.all([offerRows(db, undefined, now), gpusBySlug(db, POPULAR_GPUS)]);
  const counts = new Map<string, { name: string; offers: number }>();
  for (const offer of offers) {
    const entry = counts.get(offer.provider.slug) ?? { name: offer.provider.name, offers: 0 };
    entry.offers++;
    counts.set(offer.provider.slug, entry);
  }
  const ranked = [...counts]
    .sort((a, b) => b[1].offers - a[1].offers || a[0].localeCompare(b[0]))
    .map(([slug, entry]) => ({ slug, name: entry.name }));
  const pairsOf = (items: Named[], limit: number) => {
    const pairs: [Named, Named][] = [];
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++)
        pairs.push([items[i]!, items[j]!].sort((x, y) => x.slug.localeCompare(y.slug)) as [Named, Named]);
    }
    return pairs.slice(0, limit);
  };
  return {
    providers: pairsOf(ranked, 100),
    gpus: pairsOf(
      popular.map((gpu) => ({ slug: gpu.slug, name: gpu.name })),
      20,
    ),
  };
}

export interface SitemapEntry {
  path: string;
  lastmod: string | null;
}

/** Every page, with the time its data last changed. */
export async function sitemapEntries(
  db: Database,
  now: Date,
): Promise<{ gpus: SitemapEntry[]; providers: SitemapEntry[]; newest: string | null }> {
  const [gpus, providerRows, offers] = await Promise.all([
    db.select({ slug: gpuModels.slug, updatedAt: gpuModels.updatedAt }).from(gpuModels),
    db
      .select({ slug: providers.slug, updatedAt: providers.updatedAt, lastPriceUpdate: providers.lastPriceUpdate })
      .from(providers)
      .where(eq(providers.isActive, true)),
    offerRows(db, undefined, now),
  ]);
  const newestFor = (match: (offer: (typeof offers)[number]) => boolean) =>
    offers
      .filter(match)
      .reduce<string | null>(
        (latest, offer) => (!latest || offer.lastScrapedAt > latest ? offer.lastScrapedAt : latest),
        null,
      );
  const later = (a: string | null, b: Date) => (a && a > b.toISOString() ? a : b.toISOString());
  return {
    gpus: gpus.map((gpu) => ({
      path: `/cloud-gpu/${gpu.slug}`,
      lastmod: later(
        newestFor((offer) => offer.gpu.slug === gpu.slug),
        gpu.updatedAt,
      ),
    })),
    providers: providerRows.map((provider) => ({
      path: `/provider/${provider.slug}`,
      lastmod: later(provider.lastPriceUpdate?.toISOString() ?? null, provider.updatedAt),
    })),
    newest: newestFor(() => true),
  };
}
