import { Hono } from "hono";
import { z } from "zod";
import { comparePricesQuerySchema } from "../../../shared/api-schemas";
import { computedPayload } from "../../cache/computed";
import { cachedResponse, sortedQuery } from "../../cache/response-cache";
import { readVersions } from "../../cache/versions";
import { withDb } from "../../db/client";
import { comparePrices, compareProviders } from "../../db/queries/compare";
import { ApiError } from "../errors";
import type { AppEnv } from "../types";
import { parseQueryParams } from "../validation";

// docs/design.md §8: compare payloads live 180 s in KV; the edge answers within the 1-minute price TTL.
const PAYLOAD_MAX_AGE = 180;
const EDGE_TTL = 60;

const compareProvidersQuerySchema = z.object({
  providers: z
    .string()
    .transform((value) => value.split(",").map((slug) => slug.trim()))
    .pipe(
      z
        .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, "a provider slug"))
        .length(2, "exactly two provider slugs, comma-separated"),
    )
    .refine(([a, b]) => a !== b, "two different providers"),
});

export const compare = new Hono<AppEnv>()
  .get("/compare-prices", async (c) => {
    const query = parseQueryParams(c.req.url, comparePricesQuerySchema);
    const dependsOn = [{ scope: "gpu" as const, slug: query.gpuSlug }, { scope: "all" as const }];
    return cachedResponse(c, { ttlSeconds: EDGE_TTL, dependsOn }, sortedQuery(new URL(c.req.url)), async () => {
      const [version] = await readVersions(c.env.CACHE, [{ scope: "all" }]);
      const now = new Date();
      const body = await computedPayload(
        c.env.CACHE,
        // The parsed query, not its spelling: "maxPrice=3" and "maxPrice=3.000" share one payload.
        `computed:compare-prices:${JSON.stringify([query.gpuSlug, query.tier ?? null, query.includeSpot === "true", query.maxPrice ?? null])}`,
        { version: version ?? "0", maxAgeSeconds: PAYLOAD_MAX_AGE, now },
        () =>
          withDb(c.env, "fresh", (db) =>
            comparePrices(db, {
              gpuSlug: query.gpuSlug,
              tier: query.tier,
              includeSpot: query.includeSpot === "true",
              maxPrice: query.maxPrice,
              now,
            }),
          ),
      );
      if (!body) throw new ApiError("NOT_FOUND", `No GPU model "${query.gpuSlug}"`);
      return c.json(body);
    });
  })
  .get("/compare-providers", async (c) => {
    const { providers } = parseQueryParams(c.req.url, compareProvidersQuerySchema);
    const pair = providers as [string, string];
    const dependsOn = pair.map((slug) => ({ scope: "provider" as const, slug }));
    return cachedResponse(c, { ttlSeconds: EDGE_TTL, dependsOn }, `providers=${pair.join(",")}`, async () => {
      const versions = await readVersions(c.env.CACHE, dependsOn);
      const now = new Date();
      const body = await computedPayload(
        c.env.CACHE,
        `computed:compare-providers:${pair.join(",")}`,
        { version: versions.join(","), maxAgeSeconds: PAYLOAD_MAX_AGE, now },
        () => withDb(c.env, "fresh", (db) => compareProviders(db, pair, now)),
      );
      if ("missing" in body)
        throw new ApiError("NOT_FOUND", `No provider ${body.missing.map((slug) => `"${slug}"`).join(" or ")}`);
      return c.json(body);
    });
  });
