import type { Context } from "hono";
import { REGIONS } from "../../../shared/regions";
import { USE_CASES } from "../../../shared/use-cases";
import { cachedResponse } from "../../cache/response-cache";
import { withDb } from "../../db/client";
import type { AppEnv } from "../types";
import { comparisonPairs, sitemapEntries } from "./models";

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);

/** /sitemap.xml: every page, `lastmod` from when its data last changed (sitemaps.org protocol). */
export function sitemapXml(c: Context<AppEnv>) {
  return cachedResponse(c, { ttlSeconds: 3_600, dependsOn: [{ scope: "all" }] }, "", async () => {
    const site = c.env.SITE_URL.replace(/\/+$/, "");
    const { entries, pairs } = await withDb(c.env, "fresh", async (db) => ({
      entries: await sitemapEntries(db),
      pairs: await comparisonPairs(db),
    }));
    const newest = entries.newest;
    const urls = [
      { path: "/", lastmod: newest },
      { path: "/cloud-gpu", lastmod: newest },
      ...entries.gpus,
      { path: "/provider", lastmod: newest },
      ...entries.providers,
      { path: "/compare", lastmod: newest },
      ...[...pairs.providers, ...pairs.gpus].map(([a, b]) => ({
        path: `/compare/${a.slug}-vs-${b.slug}`,
        lastmod: newest,
      })),
      { path: "/best-gpu-for", lastmod: null },
      ...USE_CASES.map((useCase) => ({ path: `/best-gpu-for/${useCase.slug}`, lastmod: newest })),
      { path: "/region", lastmod: null },
      ...REGIONS.map((region) => ({ path: `/region/${region.slug}`, lastmod: newest })),
      { path: "/calculator/cost-estimator", lastmod: null },
      { path: "/calculator/gpu-selector", lastmod: null },
      { path: "/api/docs", lastmod: null },
    ];
    const body = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      ...urls.map(
        ({ path, lastmod }) =>
          `<url><loc>${escapeXml(`${site}${path}`)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ""}</url>`,
      ),
      "</urlset>",
    ].join("\n");
    return new Response(body, { headers: { "Content-Type": "application/xml; charset=utf-8" } });
  });
}

export function robotsTxt(c: Context<AppEnv>) {
  const site = c.env.SITE_URL.replace(/\/+$/, "");
  const body = [
    "User-agent: *",
    "Allow: /",
    "Disallow: /go/",
    "Disallow: /admin/",
    "Disallow: /api/",
    "Allow: /api/docs",
    "",
    `Sitemap: ${site}/sitemap.xml`,
    "",
  ].join("\n");
  return c.text(body, 200, { "Cache-Control": "public, max-age=86400" });
}
