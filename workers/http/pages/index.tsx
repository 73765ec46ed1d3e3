import { type Context, Hono } from "hono";
import { z } from "zod";
import { regionBySlug } from "../../../shared/regions";
import { useCaseBySlug } from "../../../shared/use-cases";
import type { PriceSort } from "../../../web/components/price-table";
import { CostEstimatorPage, GpuSelectorPage } from "../../../web/pages/calculators";
import { GpuComparisonPage, ProviderComparisonPage } from "../../../web/pages/compare";
import { GpuPage } from "../../../web/pages/gpu";
import { HomePage } from "../../../web/pages/home";
import { CompareHubPage, GpuHubPage, ProviderHubPage, RegionHubPage, UseCaseHubPage } from "../../../web/pages/hubs";
import { ProviderPage } from "../../../web/pages/provider";
import { RegionPage } from "../../../web/pages/region";
import { UseCasePage } from "../../../web/pages/use-case";
import { cachedResponse } from "../../cache/response-cache";
import { type Database, withDb } from "../../db/client";
import { ApiError, notFoundPage } from "../errors";
import type { AppEnv } from "../types";
import { slugParam } from "../validation";
import { goToProvider } from "./go";
import {
  comparisonPairs,
  costEstimatorModel,
  gpuComparisonModel,
  gpuHubModel,
  gpuPageModel,
  homeModel,
  providerComparisonModel,
  providerHubModel,
  providerPageModel,
  regionModel,
  selectorModel,
  useCaseModel,
} from "./models";
import { robotsTxt, sitemapXml } from "./sitemap";

// The site's pages (docs/design.md §13): each route loads its data with the page loaders
// (never through the public API), renders a view from web/pages, and is cached at the edge for the
// docs/design.md §8 time under the current data version, so a stored price shows at once.

const TTL = {
  home: 300,
  gpu: 600,
  provider: 3_600,
  compare: 1_800,
  useCase: 86_400,
  region: 3_600,
  calculator: 600,
} as const;
const onPrices = [{ scope: "all" as const }];
/** A slug that names nothing answers the same 404 for a minute (or until data changes). */
const NOT_FOUND_TTL = 60;

const sortSchema = z.object({
  sort: z.enum(["price", "total", "provider", "gpus", "updated"]).catch("price"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
});

/** Sorting a page's table by query string (no JavaScript needed); anything else in the query is ignored. */
function tableSort(c: Context<AppEnv>): { sort: PriceSort; cacheKey: string } {
  const { sort, dir } = sortSchema.parse({ sort: c.req.query("sort"), dir: c.req.query("dir") });
  return { sort: { key: sort, dir }, cacheKey: `sort=${sort}&dir=${dir}` };
}

type Html = Parameters<Context<AppEnv>["html"]>[0];

function page(
  c: Context<AppEnv>,
  ttlSeconds: number,
  cacheKey: string,
  render: (db: Database, now: Date) => Promise<Html | null>,
) {
  const policy = { ttlSeconds, dependsOn: onPrices, browserTtlSeconds: 60, notFoundTtlSeconds: NOT_FOUND_TTL };
  return cachedResponse(c, policy, cacheKey, async () => {
    const element = await withDb(c.env, "fresh", (db) => render(db, new Date()));
    return element ? c.html(element) : notFoundPage(c);
  });
}

const siteUrl = (c: Context<AppEnv>) => c.env.SITE_URL.replace(/\/+$/, "");

export const pages = new Hono<AppEnv>()
  .get("/", (c) =>
    page(c, TTL.home, "", async (db, now) => (
      <HomePage model={await homeModel(db, now)} siteUrl={siteUrl(c)} now={now} />
    )),
  )
  .get("/cloud-gpu", (c) =>
    page(c, TTL.gpu, "", async (db, now) => <GpuHubPage model={await gpuHubModel(db, now)} siteUrl={siteUrl(c)} />),
  )
  .get("/cloud-gpu/:slug", (c) => {
    const slug = slugParam(c.req.param("slug"), "GPU");
    const { sort, cacheKey } = tableSort(c);
    return page(c, TTL.gpu, cacheKey, async (db, now) => {
      const model = await gpuPageModel(db, slug, now);
      return model && <GpuPage model={model} siteUrl={siteUrl(c)} now={now} sort={sort} />;
    });
  })
  .get("/provider", (c) =>
    page(c, TTL.provider, "", async (db, now) => (
      <ProviderHubPage model={await providerHubModel(db, now)} siteUrl={siteUrl(c)} now={now} />
    )),
  )
  .get("/provider/:slug", (c) => {
    const slug = slugParam(c.req.param("slug"), "provider");
    const { sort, cacheKey } = tableSort(c);
    return page(c, TTL.provider, cacheKey, async (db, now) => {
      const model = await providerPageModel(db, slug, now);
      return model && <ProviderPage model={model} siteUrl={siteUrl(c)} now={now} sort={sort} />;
    });
  })
  .get("/compare", (c) =>
    page(c, TTL.compare, "", async (db) => {
      const pairs = await comparisonPairs(db);
      return <CompareHubPage siteUrl={siteUrl(c)} providerPairs={pairs.providers} gpuPairs={pairs.gpus} />;
    }),
  )
  .get("/compare/:pair", async (c) => {
    const [, a, b] = /^([a-z0-9][a-z0-9-]*?)-vs-([a-z0-9][a-z0-9-]*)$/.exec(c.req.param("pair")) ?? [];
    if (!a || !b || a === b) throw new ApiError("NOT_FOUND", "No such comparison");
    // One URL per pair: b-vs-a redirects to a-vs-b, so the two never compete as duplicates.
    if (a > b) return c.redirect(`/compare/${b}-vs-${a}`, 301);
    return page(c, TTL.compare, "", async (db, now) => {
      const providers = await providerComparisonModel(db, a, b, now);
      if (providers) return <ProviderComparisonPage model={providers} siteUrl={siteUrl(c)} />;
      const gpus = await gpuComparisonModel(db, a, b, now);
      return gpus && <GpuComparisonPage model={gpus} siteUrl={siteUrl(c)} />;
    });
  })
  .get("/best-gpu-for", (c) => page(c, TTL.useCase, "", async () => <UseCaseHubPage siteUrl={siteUrl(c)} />))
  .get("/best-gpu-for/:useCase", (c) => {
    const useCase = useCaseBySlug(c.req.param("useCase"));
    if (!useCase) throw new ApiError("NOT_FOUND", "No such use case");
    return page(c, TTL.useCase, "", async (db, now) => (
      <UseCasePage model={await useCaseModel(db, useCase, now)} siteUrl={siteUrl(c)} now={now} />
    ));
  })
  .get("/region", (c) => page(c, TTL.region, "", async () => <RegionHubPage siteUrl={siteUrl(c)} />))
  .get("/region/:region", (c) => {
    const region = regionBySlug(c.req.param("region"));
    if (!region) throw new ApiError("NOT_FOUND", "No such region");
    return page(c, TTL.region, "", async (db, now) => (
      <RegionPage model={await regionModel(db, region, now)} siteUrl={siteUrl(c)} now={now} />
    ));
  })
  .get("/calculator", (c) => c.redirect("/calculator/cost-estimator", 301))
  .get("/calculator/cost-estimator", (c) => {
    const input = estimateInput(c);
    const key = input ? `gpu=${input.gpu}&count=${input.count}&hours=${input.hoursPerDay}&days=${input.days}` : "";
    return page(c, TTL.calculator, key, async (db, now) => (
      <CostEstimatorPage model={await costEstimatorModel(db, input, now)} siteUrl={siteUrl(c)} />
    ));
  })
  .get("/calculator/gpu-selector", (c) => {
    const input = selectorInput(c);
    const key = input
      ? `model=${input.modelBillions ?? ""}&precision=${input.precision}&vram=${input.vramGb ?? ""}&budget=${input.budgetPerHour ?? ""}`
      : "";
    return page(c, TTL.calculator, key, async (db, now) => (
      <GpuSelectorPage model={await selectorModel(db, input, now)} siteUrl={siteUrl(c)} />
    ));
  })
  .get("/go/:provider", goToProvider)
  .get("/sitemap.xml", sitemapXml)
  .get("/robots.txt", robotsTxt);

// Calculator inputs become cache keys, so each is read as a plain decimal and rounded to what it
// means (a whole count, cents of budget, tenths of a billion parameters): "2", "2.0" and "02" are one
// key, and "0x2", "1e1", " 2" or "Infinity" are a 400, not a new miss each.
const DECIMAL = /^\d{1,7}(\.\d{1,12})?$/;
const decimal = (min: number, max: number, places: number) =>
  z
    .string()
    .regex(DECIMAL, "a plain decimal number")
    .transform((text) => Math.round(Number(text) * 10 ** places) / 10 ** places)
    .pipe(z.number().min(min).max(max));
const count = (max: number) => decimal(1, max, 12).pipe(z.number().int("a whole number"));
const optionalNumber = (min: number, max: number, places: number) =>
  z.preprocess((value) => (value === "" || value === undefined ? null : value), decimal(min, max, places).nullable());

function invalid(error: z.ZodError): ApiError {
  return new ApiError(
    "VALIDATION_ERROR",
    error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "),
  );
}

function estimateInput(c: Context<AppEnv>) {
  if (!c.req.query("gpu")) return null;
  const parsed = z
    .object({
      gpu: z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/),
      count: count(1024),
      hours: count(24),
      days: count(3650),
    })
    .safeParse({
      gpu: c.req.query("gpu"),
      count: c.req.query("count"),
      hours: c.req.query("hours"),
      days: c.req.query("days"),
    });
  if (!parsed.success) throw invalid(parsed.error);
  return { gpu: parsed.data.gpu, count: parsed.data.count, hoursPerDay: parsed.data.hours, days: parsed.data.days };
}

function selectorInput(c: Context<AppEnv>) {
  const given = ["model", "vram", "budget"].some((name) => c.req.query(name));
  if (!given) return null;
  const parsed = z
    .object({
      model: optionalNumber(0.1, 2000, 1),
      precision: z.enum(["fp16", "int8", "int4"]).catch("fp16"),
      vram: optionalNumber(1, 10_000, 0),
      budget: optionalNumber(0.01, 10_000, 2),
    })
    .safeParse({
      model: c.req.query("model"),
      precision: c.req.query("precision"),
      vram: c.req.query("vram"),
      budget: c.req.query("budget"),
    });
  if (!parsed.success) throw invalid(parsed.error);
  return {
    modelBillions: parsed.data.model,
    precision: parsed.data.precision,
    vramGb: parsed.data.vram,
    budgetPerHour: parsed.data.budget,
  };
}
