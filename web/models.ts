import type { GpuModelDoc, ProviderDoc } from "../shared/api-schemas";
import type { Availability } from "../shared/availability";
import type { AvailabilityStatus, BenchmarkWorkload, ReliabilityTier } from "../shared/domain";
import type { DailyPoint } from "../shared/history";

// What the pages show: plain data, built by workers/http/pages/models.ts from the rows of workers/db/queries/pages.ts, rendered by web/pages.
// Prices are USD; `pricePerGpuHour` is what every comparison sorts by.

export interface OfferRow {
  id: string;
  provider: { slug: string; name: string; tier: ReliabilityTier };
  gpu: { slug: string; name: string; vramGb: number };
  instanceType: string;
  instanceName: string | null;
  gpuCount: number;
  pricePerHour: number;
  pricePerGpuHour: number;
  /** Per GPU-hour. */
  spotPerGpuHour: number | null;
  /** Per GPU-hour. */
  reserved1yPerGpuHour: number | null;
  regions: string[];
  availability: AvailabilityStatus;
  lastScrapedAt: string;
  /** Older than the provider tier's maximum staleness (docs/design.md §3). */
  stale: boolean;
  sourceUrl: string | null;
}

export interface PriceStats {
  min: number | null;
  median: number | null;
  max: number | null;
  providers: number;
  offers: number;
}

export interface ProviderSeries {
  provider: { slug: string; name: string };
  points: DailyPoint[];
}

export interface GpuCard {
  gpu: { slug: string; name: string; shortName: string; vramGb: number; architecture: string };
  cheapest: OfferRow | null;
  offers: number;
  providers: number;
}

export interface PriceMove {
  gpu: { slug: string; name: string };
  provider: { slug: string; name: string };
  instanceType: string;
  from: number;
  to: number;
  changePercent: number;
}

export interface Freshness {
  offers: number;
  providers: number;
  newestScrapeAt: string | null;
  providersScraped: { slug: string; name: string; lastSuccessAt: string | null }[];
}

export interface HomeModel {
  popular: GpuCard[];
  moves: PriceMove[];
  freshness: Freshness;
}

export interface GpuHubModel {
  gpus: GpuCard[];
}

export interface BenchmarkRow {
  workload: BenchmarkWorkload;
  name: string;
  score: number;
  unit: string;
  precision: string | null;
  model: string | null;
  sourceUrl: string | null;
}

export interface GpuPageModel {
  gpu: GpuModelDoc;
  offers: OfferRow[];
  stats: PriceStats;
  history: ProviderSeries[];
  /** All offers of the GPU together, last 90 days. */
  availability: Availability;
  benchmarks: BenchmarkRow[];
  related: GpuCard[];
}

export interface ProviderCard {
  provider: { slug: string; name: string; type: string; tier: ReliabilityTier; description: string | null };
  offers: number;
  gpus: number;
  cheapest: OfferRow | null;
  lastSuccessAt: string | null;
}

export interface ProviderHubModel {
  providers: ProviderCard[];
}

export interface ScrapeHealth {
  lastSuccessAt: string | null;
  lastFailure: { at: string; code: string | null } | null;
  recent: { at: string; status: string; offers: number | null }[];
}

export interface ProviderPageModel {
  provider: ProviderDoc;
  offers: OfferRow[];
  health: ScrapeHealth;
  /** All the provider's offers together, last 90 days. */
  availability: Availability;
  comparisons: { slug: string; name: string }[];
}

export interface ProviderComparisonModel {
  a: ProviderDoc;
  b: ProviderDoc;
  common: { gpu: { slug: string; name: string }; a: number; b: number; cheaper: string }[];
  onlyA: { slug: string; name: string; price: number }[];
  onlyB: { slug: string; name: string; price: number }[];
  verdict: { cheaper: string; moreGpus: string; betterFor: { useCase: string; provider: string }[] };
}

export interface GpuComparisonSide {
  gpu: GpuModelDoc;
  stats: PriceStats;
  benchmarks: BenchmarkRow[];
}

export interface GpuComparisonModel {
  a: GpuComparisonSide;
  b: GpuComparisonSide;
  /** Per workload both have a benchmark for: which GPU gives more throughput per dollar. */
  valueByWorkload: { workload: BenchmarkWorkload; a: number; b: number; unit: string; winner: string }[];
  verdict: { cheaper: string | "tie"; moreVram: string | "tie"; fasterMemory: string | "tie" };
}

export interface UseCaseRow {
  gpu: { slug: string; name: string; vramGb: number };
  benchmark: BenchmarkRow;
  cheapest: OfferRow | null;
  /** Benchmark units per dollar: score / (USD per GPU-hour). Null without a price. */
  perDollar: number | null;
}

export interface UseCaseModel {
  useCase: { slug: string; workload: BenchmarkWorkload; title: string; summary: string };
  rows: UseCaseRow[];
}

export interface RegionModel {
  region: { slug: string; name: string };
  cheapestByGpu: OfferRow[];
  providers: { slug: string; name: string; offers: number }[];
}

export interface CostEstimateInput {
  gpu: string;
  count: number;
  hoursPerDay: number;
  days: number;
}

export interface CostEstimateRow {
  provider: { slug: string; name: string };
  onDemand: number;
  spot: number | null;
  reserved1y: number | null;
  availability: AvailabilityStatus;
}

export interface CostEstimatorModel {
  gpus: { slug: string; name: string }[];
  input: CostEstimateInput | null;
  gpu: { slug: string; name: string } | null;
  rows: CostEstimateRow[];
  hours: number;
}

export interface SelectorInput {
  modelBillions: number | null;
  precision: "fp16" | "int8" | "int4";
  vramGb: number | null;
  budgetPerHour: number | null;
}

export interface SelectorCandidate {
  gpu: { slug: string; name: string; vramGb: number };
  gpusNeeded: number;
  cheapest: OfferRow | null;
  /** USD per hour for `gpusNeeded` GPUs at the cheapest price. */
  costPerHour: number | null;
}

export interface SelectorModel {
  input: SelectorInput | null;
  requiredVramGb: number | null;
  candidates: SelectorCandidate[];
}
