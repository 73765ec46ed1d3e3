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
import type { Database } from "../../db/database";
import { groupAvailability } from "../../db/queries/availability";
import {
  cheapestOffers,
  gpuOfferCounts,
  offersOf,
  providerOfferCounts,
  providersSharingGpus,
} from "../../db/queries/catalog-summary";
import { compareProviders } from "../../db/queries/compare";
import { gpuModelDoc, providerDoc } from "../../db/queries/docs";
import { gpuModelHistory } from "../../db/queries/history";
import {
  activeProviders,
  allGpus,
  type BenchmarkRecord,
  benchmarksOfGpus,
  benchmarksOfWorkload,
  catalogChanges,
  type GpuRecord,
  gpusBySlug,
  priceChangesSince,
  siblingGpus,
} from "../../db/queries/pages";
import { providerRecord } from "../../db/queries/providers";
import { lastSuccessByProvider, recentScrapes } from "../../db/queries/scrape-jobs";
import { cheapestOffer, gpuCards, offerRow, offerRows, priceStats } from "./offer-rows";

// One model per page family: everything a page shows, read in a few queries and shaped for its view.

const DAY_MS = 86_400_000;

export async function homeModel(db: Database, now: Date): Promise<HomeModel> {
  const [[popular, counts, cheapest], withOffers, lastSuccess, providerRows, moves] = await Promise.all([
    gpusBySlug(db, POPULAR_GPUS).then((gpus) => {
      const scope = { gpuIds: gpus.map((gpu) => gpu.id) };
      return Promise.all([gpus, gpuOfferCounts(db, scope), cheapestOffers(db, "gpu", scope)] as const);
    }),
    providerOfferCounts(db),
    lastSuccessByProvider(db),
    activeProviders(db),
    priceMoves(db, now, 7),
  ]);
  const withOffersIds = new Set(withOffers.map((provider) => provider.id));
  const scraped = providerRows
    .filter((provider) => withOffersIds.has(provider.id) || lastSuccess.has(provider.id))
    .map((provider) => ({
      slug: provider.slug,
      name: provider.displayName,
      lastSuccessAt: lastSuccess.get(provider.id)?.toISOString() ?? null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    popular: gpuCards(popular, counts, cheapest, now),
    moves,
    freshness: {
      offers: withOffers.reduce((total, provider) => total + provider.offers, 0),
      providers: withOffers.length,
      newestScrapeAt: newestOf(withOffers.map((provider) => provider.newestScrapeAt)),
      providersScraped: scraped,
    },
  };
}

const newestOf = (times: readonly Date[]) =>
  times.length ? new Date(Math.max(...times.map((time) => time.getTime()))).toISOString() : null;

/** The largest price changes of the last `days` days, per offer: opening price against the latest. */
async function priceMoves(db: Database, now: Date, days: number, limit = 6): Promise<PriceMove[]> {
  const changes = await priceChangesSince(db, new Date(now.getTime() - days * DAY_MS));
  return changes
    .filter((change) => change.from !== change.to)
    .map((change) => ({ ...change, changePercent: Math.round(((change.to - change.from) / change.from) * 1000) / 10 }))
    .sort((a, b) => Math.abs(b.changePercent) - Math.abs(a.changePercent))
    .slice(0, limit);
}

export async function gpuHubModel(db: Database, now: Date): Promise<GpuHubModel> {
  const [gpus, counts, cheapest] = await Promise.all([allGpus(db), gpuOfferCounts(db), cheapestOffers(db, "gpu")]);
  const cards = gpuCards(gpus, counts, cheapest, now);
  // GPUs with prices first, then the rest of the catalogue.
  return { gpus: [...cards.filter((card) => card.offers > 0), ...cards.filter((card) => card.offers === 0)] };
}

function benchmarkRow(row: BenchmarkRecord): BenchmarkRow | null {
  if (row.score === null) return null;
  return {
    workload: row.workloadType as BenchmarkWorkload,
    name: row.benchmarkName,
    score: row.score,
    unit: row.scoreUnit ?? "",
    precision: row.precision,
    model: row.modelName,
    sourceUrl: row.sourceUrl,
  };
}

async function benchmarksOf(db: Database, gpuIds: readonly string[]): Promise<Map<string, BenchmarkRow[]>> {
  const byGpu = new Map<string, BenchmarkRow[]>();
  for (const row of await benchmarksOfGpus(db, gpuIds)) {
    const benchmark = benchmarkRow(row);
    if (benchmark) byGpu.set(row.gpuModelId, [...(byGpu.get(row.gpuModelId) ?? []), benchmark]);
  }
  return byGpu;
}

export async function gpuPageModel(db: Database, slug: string, now: Date): Promise<GpuPageModel | null> {
  const [gpu] = await gpusBySlug(db, [slug]);
  if (!gpu) return null;
  const [offers, history, availability, benchmarks, relatives] = await Promise.all([
    offersOf(db, { gpuIds: [gpu.id] }).then((rows) => offerRows(rows, now)),
    gpuModelHistory(db, slug, 30, now),
    groupAvailability(db, { column: "gpu_model_id", id: gpu.id }, now),
    benchmarksOf(db, [gpu.id]),
    siblingGpus(db, gpu, 4),
  ]);
  const relatedScope = { gpuIds: relatives.map((row) => row.id) };
  const [relatedCounts, relatedCheapest] = await Promise.all([
    gpuOfferCounts(db, relatedScope),
    cheapestOffers(db, "gpu", relatedScope),
  ]);
  return {
    gpu: gpuModelDoc(gpu),
    offers,
    stats: priceStats(offers),
    history: (history?.providers ?? []).map((series) => ({
      provider: { slug: series.provider.slug, name: series.provider.display_name },
      points: series.points,
    })),
    availability,
    benchmarks: benchmarks.get(gpu.id) ?? [],
    related: gpuCards(relatives, relatedCounts, relatedCheapest, now),
  };
}

export async function providerHubModel(db: Database, now: Date): Promise<ProviderHubModel> {
  const [rows, counts, cheapest, lastSuccess] = await Promise.all([
    activeProviders(db),
    providerOfferCounts(db).then((list) => new Map(list.map((entry) => [entry.id, entry]))),
    cheapestOffers(db, "provider"),
    lastSuccessByProvider(db),
  ]);
  const cards = rows.map((provider) => {
    const best = cheapest.get(provider.id);
    return {
      provider: {
        slug: provider.slug,
        name: provider.displayName,
        type: provider.providerType,
        tier: provider.reliabilityTier,
        description: provider.description,
      },
      offers: counts.get(provider.id)?.offers ?? 0,
      gpus: counts.get(provider.id)?.gpus ?? 0,
      cheapest: best ? offerRow(best, now) : null,
      lastSuccessAt: lastSuccess.get(provider.id)?.toISOString() ?? null,
    };
  });
  return { providers: [...cards.filter((card) => card.offers > 0), ...cards.filter((card) => card.offers === 0)] };
}

export async function providerPageModel(db: Database, slug: string, now: Date): Promise<ProviderPageModel | null> {
  const provider = await providerRecord(db, slug);
  if (!provider) return null;
  const [jobs, offers, shared, availability] = await Promise.all([
    recentScrapes(db, provider.id),
    offersOf(db, { providerId: provider.id }).then((rows) => offerRows(rows, now)),
    providersSharingGpus(db, provider.id),
    groupAvailability(db, { column: "provider_id", id: provider.id }, now),
  ]);
  const lastSuccess = jobs.find((job) => job.status === "completed");
  const lastFailure = jobs.find((job) => job.status !== "completed");
  return {
    provider: providerDoc(provider),
    offers,
    health: {
      lastSuccessAt: (lastSuccess?.completedAt ?? null)?.toISOString() ?? null,
      lastFailure: lastFailure ? { at: lastFailure.startedAt.toISOString(), code: lastFailure.errorCode } : null,
      recent: jobs.map((job) => ({ at: job.startedAt.toISOString(), status: job.status, offers: job.found })),
    },
    availability,
    comparisons: shared
      .sort((a, b) => b.offers - a.offers || a.slug.localeCompare(b.slug))
      .slice(0, 5)
      .map((other) => ({ slug: other.slug, name: other.name })),
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
  const [gpuA, gpuB] = gpus as [GpuRecord, GpuRecord];
  const [offers, benchmarks] = await Promise.all([
    offersOf(db, { gpuIds: [gpuA.id, gpuB.id] }).then((rows) => offerRows(rows, now)),
    benchmarksOf(db, [gpuA.id, gpuB.id]),
  ]);
  const side = (gpu: GpuRecord): GpuComparisonSide => ({
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
  const rows = await benchmarksOfWorkload(db, useCase.workload);
  const cheapestByGpu = await cheapestOffers(db, "gpu", { gpuIds: [...new Set(rows.map((row) => row.gpu.id))] });
  const ranked = rows.flatMap(({ benchmark: record, gpu }) => {
    const benchmark = benchmarkRow(record);
    if (!benchmark) return [];
    const best = cheapestByGpu.get(gpu.id);
    const cheapest = best ? offerRow(best, now) : null;
    return [
      {
        gpu: { slug: gpu.slug, name: gpu.name, vramGb: gpu.vramGb },
        benchmark,
        cheapest,
        perDollar: cheapest ? Math.round((benchmark.score / cheapest.pricePerGpuHour) * 100) / 100 : null,
      },
    ];
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
  const offers = offerRows(await offersOf(db), now).filter((offer) =>
    offer.regions.some((location) => regionOf(location) === region.slug),
  );
  const byGpu = Map.groupBy(offers, (offer) => offer.gpu.slug);
  const providerCounts = new Map<string, { name: string; offers: number }>();
  for (const offer of offers) {
    const entry = providerCounts.get(offer.provider.slug) ?? { name: offer.provider.name, offers: 0 };
    entry.offers++;
    providerCounts.set(offer.provider.slug, entry);
  }
  return {
    region,
    cheapestByGpu: [...byGpu.values()]
      .flatMap((gpuOffers) => cheapestOffer(gpuOffers) ?? [])
      .sort((a, b) => a.pricePerGpuHour - b.pricePerGpuHour),
    providers: [...providerCounts]
      .map(([slug, entry]) => ({ slug, ...entry }))
      .sort((a, b) => b.offers - a.offers || a.slug.localeCompare(b.slug)),
  };
}

const lowest = (values: (number | null)[]) => {
  const present = values.filter((value): value is number => value !== null);
  return present.length ? Math.min(...present) : null;
};

/** The GPUs with active offers, by name, each with its cheapest offer. */
async function pricedGpus(db: Database, now: Date) {
  const cheapest = await cheapestOffers(db, "gpu");
  return [...cheapest]
    .map(([id, offer]) => {
      const row = offerRow(offer, now);
      return { id, gpu: row.gpu, cheapest: row };
    })
    .sort((a, b) => a.gpu.name.localeCompare(b.gpu.name));
}

export async function costEstimatorModel(
  db: Database,
  input: CostEstimateInput | null,
  now: Date,
): Promise<CostEstimatorModel> {
  const priced = await pricedGpus(db, now);
  const chosen = input ? priced.find((candidate) => candidate.gpu.slug === input.gpu) : undefined;
  const gpu = chosen?.gpu ?? null;
  const offers = chosen ? offerRows(await offersOf(db, { gpuIds: [chosen.id] }), now) : [];
  const rows = gpu
    ? [...Map.groupBy(offers, (offer) => offer.provider.slug).values()]
        .flatMap((mine) => {
          const best = cheapestOffer(mine);
          if (!best) return [];
          return [
            {
              provider: best.provider,
              onDemand: best.pricePerGpuHour,
              spot: lowest(mine.map((offer) => offer.spotPerGpuHour)),
              reserved1y: lowest(mine.map((offer) => offer.reserved1yPerGpuHour)),
              availability: best.availability,
            },
          ];
        })
        .sort((a, b) => a.onDemand - b.onDemand)
    : [];
  return {
    gpus: priced.map(({ gpu: { slug, name } }) => ({ slug, name })),
    input,
    gpu: gpu ? { slug: gpu.slug, name: gpu.name } : null,
    rows,
    hours: input ? input.count * input.hoursPerDay * input.days : 0,
  };
}

export async function selectorModel(db: Database, input: SelectorInput | null, now: Date): Promise<SelectorModel> {
  if (!input) return { input, requiredVramGb: null, candidates: [] };
  const required = input.vramGb ?? (input.modelBillions ? requiredVramGb(input.modelBillions, input.precision) : null);
  const candidates = (await pricedGpus(db, now))
    .map(({ gpu, cheapest }) => {
      const gpusNeeded = required ? Math.max(1, Math.ceil(required / gpu.vramGb)) : 1;
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
export async function comparisonPairs(db: Database): Promise<{ providers: [Named, Named][]; gpus: [Named, Named][] }> {
  const [counts, popular] = await Promise.all([providerOfferCounts(db), gpusBySlug(db, POPULAR_GPUS)]);
  const ranked = counts
    .sort((a, b) => b.offers - a.offers || a.slug.localeCompare(b.slug))
    .map(({ slug, name }) => ({ slug, name }));
  const pairsOf = (items: Named[], limit: number) => {
    const pairs: [Named, Named][] = [];
    items.forEach((first, i) => {
      for (const second of items.slice(i + 1)) pairs.push(first.slug < second.slug ? [first, second] : [second, first]);
    });
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
): Promise<{ gpus: SitemapEntry[]; providers: SitemapEntry[]; newest: string | null }> {
  const [{ gpus, providers: providerRows }, counts] = await Promise.all([catalogChanges(db), gpuOfferCounts(db)]);
  const newestBySlug = new Map([...counts.values()].map((entry) => [entry.slug, entry.newestScrapeAt.toISOString()]));
  const later = (a: string | null, b: Date) => (a && a > b.toISOString() ? a : b.toISOString());
  return {
    gpus: gpus.map((gpu) => ({
      path: `/cloud-gpu/${gpu.slug}`,
      lastmod: later(newestBySlug.get(gpu.slug) ?? null, gpu.updatedAt),
    })),
    providers: providerRows.map((provider) => ({
      path: `/provider/${provider.slug}`,
      lastmod: later(provider.lastPriceUpdate?.toISOString() ?? null, provider.updatedAt),
    })),
    newest: newestOf([...counts.values()].map((entry) => entry.newestScrapeAt)),
  };
}
