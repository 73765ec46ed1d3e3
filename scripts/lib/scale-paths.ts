import qs from "qs";
import { changeEvents, DEFAULT_MIN_CHANGE_PERCENT } from "../../shared/changes";
import { parseListQuery } from "../../shared/query-grammar";
import { matchAlerts } from "../../workers/alerts/match";
import { weeklyReport } from "../../workers/alerts/weekly-report";
import type { Database } from "../../workers/db/database";
import { gpuModelAvailability, groupAvailability, instanceAvailability } from "../../workers/db/queries/availability";
import {
  GPU_MODEL_DEFAULT_SORT,
  GPU_MODEL_FIELDS,
  listGpuModels,
  listProviders,
  PROVIDER_DEFAULT_SORT,
  PROVIDER_FIELDS,
} from "../../workers/db/queries/catalog";
import { listChanges } from "../../workers/db/queries/changes";
import { comparePrices, compareProviders } from "../../workers/db/queries/compare";
import { scheduledFreshness } from "../../workers/db/queries/freshness";
import { gpuModelHistory, instanceHistory } from "../../workers/db/queries/history";
import {
  INSTANCE_DEFAULT_SORT,
  INSTANCE_FIELDS,
  instanceById,
  listInstances,
} from "../../workers/db/queries/instances";
import {
  comparisonPairs,
  gpuPageModel,
  homeModel,
  providerPageModel,
  sitemapEntries,
} from "../../workers/http/pages/models";

// Every public query path (issue 15 §5): what the API routes, the pages, the sitemap, the feed and
// alert matching call, each through the function the route calls, with the parameters a busy day
// sends: the most watched GPU, the provider with the most offers, a 30-day window.

export interface PathParameters {
  gpu: string;
  /** The two providers with the most active offers. */
  providers: [string, string];
  providerId: string;
  /** An active offer of `gpu` with the longest history. */
  instanceId: string;
  now: Date;
}

export interface QueryPath {
  name: string;
  run(db: Database): Promise<unknown>;
}

type ListSpec = Parameters<typeof parseListQuery>[1];
function listQuery(query: Record<string, unknown>, spec: ListSpec, defaultSort: typeof INSTANCE_DEFAULT_SORT) {
  const parsed = parseListQuery(new URLSearchParams(qs.stringify(query)), spec, { defaultSort });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.query;
}
const offers = (query: Record<string, unknown>) => listQuery(query, INSTANCE_FIELDS, INSTANCE_DEFAULT_SORT);

export function queryPaths({ gpu, providers, providerId, instanceId, now }: PathParameters): QueryPath[] {
  const [provider, other] = providers;
  const since = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const changes = { kind: "on_demand" as const, events: changeEvents, minChangePercent: DEFAULT_MIN_CHANGE_PERCENT };
  const list = (name: string, query: Record<string, unknown>): QueryPath => ({
    name: `instances ${name}`,
    run: (db) => listInstances(db, offers(query)),
  });
  return [
    list("(default: cheapest first)", {}),
    list(`gpu=${gpu}`, { where: { gpu_model_id: { equals: gpu } } }),
    list(`provider=${provider}`, { where: { provider_id: { equals: provider } } }),
    list(`gpu=${gpu} & provider=${provider}`, {
      where: { and: [{ gpu_model_id: { equals: gpu } }, { provider_id: { equals: provider } }] },
    }),
    list("price_per_gpu_hour<1, limit 20", { where: { price_per_gpu_hour: { less_than: 1 } }, limit: 20 }),
    list("spot, cheapest spot first", {
      where: { price_per_hour_spot: { exists: true } },
      sort: "price_per_hour_spot",
      limit: 20,
    }),
    list("gpu_count=8", { where: { gpu_count: { equals: 8 } }, limit: 20 }),
    list("region=eu-west-1", { where: { available_regions: { equals: "eu-west-1" } }, limit: 20 }),
    list("tier=enterprise", { where: { "provider.reliability_tier": { equals: "enterprise" } }, limit: 20 }),
    list("vram>=80, by vram desc", {
      where: { "gpu_model.vram_gb": { greater_than_equal: 80 } },
      sort: "-gpu_model.vram_gb",
      limit: 20,
    }),
    list("newest scrape first", { sort: "-last_scraped_at", limit: 20 }),
    list("page 50 of 20", { limit: 20, page: 50 }),
    { name: "instance by id", run: (db) => instanceById(db, instanceId, 1) },
    { name: `compare-prices gpu=${gpu}`, run: (db) => comparePrices(db, { gpuSlug: gpu, includeSpot: true, now }) },
    { name: `compare-providers ${provider} vs ${other}`, run: (db) => compareProviders(db, [provider, other], now) },
    { name: `gpu history ${gpu} 30 days (trend)`, run: (db) => gpuModelHistory(db, gpu, 30, now) },
    { name: `gpu history ${gpu} 365 days`, run: (db) => gpuModelHistory(db, gpu, 365, now) },
    { name: "instance history 30 days", run: (db) => instanceHistory(db, instanceId, 30, now) },
    { name: "instance history 365 days", run: (db) => instanceHistory(db, instanceId, 365, now) },
    { name: `gpu availability ${gpu} (90 days)`, run: (db) => gpuModelAvailability(db, gpu, now) },
    {
      name: `provider availability ${provider} (90 days)`,
      run: (db) => groupAvailability(db, { column: "provider_id", id: providerId }, now),
    },
    { name: "instance availability (90 days)", run: (db) => instanceAvailability(db, instanceId, now) },
    {
      name: "changes feed (30 days, all)",
      run: (db) => listChanges(db, { ...changes, from: since(30), limit: 50, page: 1 }),
    },
    {
      name: `changes feed gpu=${gpu}`,
      run: (db) => listChanges(db, { ...changes, gpuSlugs: [gpu], from: since(30), limit: 50, page: 1 }),
    },
    {
      name: `changes feed provider=${provider}`,
      run: (db) => listChanges(db, { ...changes, providerSlugs: [provider], from: since(30), limit: 50, page: 1 }),
    },
    {
      name: "changes feed page 20 (90 days)",
      run: (db) => listChanges(db, { ...changes, from: since(90), limit: 50, page: 20 }),
    },
    // Rare events over the longest window: the read finds few and so stops late.
    {
      name: "changes feed new offers only (90 days)",
      run: (db) => listChanges(db, { ...changes, events: ["new_offer"], from: since(90), limit: 50, page: 1 }),
    },
    {
      name: "changes feed sold out only (90 days)",
      run: (db) => listChanges(db, { ...changes, events: ["sold_out"], from: since(90), limit: 50, page: 1 }),
    },
    {
      name: "changes feed new providers only (90 days)",
      run: (db) => listChanges(db, { ...changes, events: ["new_provider"], from: since(90), limit: 50, page: 1 }),
    },
    {
      name: "changes feed moves of 50 % or more (90 days)",
      run: (db) => listChanges(db, { ...changes, minChangePercent: 50, from: since(90), limit: 50, page: 1 }),
    },
    {
      name: "changes feed nothing matches (90 days)",
      run: (db) =>
        listChanges(db, {
          ...changes,
          events: ["price_cut"],
          minChangePercent: 100,
          from: since(90),
          limit: 50,
          page: 1,
        }),
    },
    { name: "sitemap", run: async (db) => [await sitemapEntries(db), await comparisonPairs(db)] },
    { name: "home page", run: (db) => homeModel(db, now) },
    { name: `gpu page ${gpu}`, run: (db) => gpuPageModel(db, gpu, now) },
    { name: `provider page ${provider}`, run: (db) => providerPageModel(db, provider, now) },
    { name: `alert matching ${provider}`, run: (db) => matchAlerts(db, { provider }, "https://cloudgpus.io", now) },
    { name: "weekly report", run: (db) => weeklyReport(db, now) },
    { name: "health freshness", run: (db) => scheduledFreshness(db) },
    {
      name: "providers list",
      run: (db) => listProviders(db, listQuery({}, PROVIDER_FIELDS, PROVIDER_DEFAULT_SORT)),
    },
    {
      name: "gpu-models list",
      run: (db) => listGpuModels(db, listQuery({}, GPU_MODEL_FIELDS, GPU_MODEL_DEFAULT_SORT)),
    },
  ];
}
