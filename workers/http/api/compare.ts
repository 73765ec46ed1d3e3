import { createRoute, z } from "@hono/zod-openapi";
import {
  comparePricesQuerySchema,
  comparePricesResponseSchema,
  compareProvidersResponseSchema,
} from "../../../shared/api-schemas";
import { availabilityStatuses } from "../../../shared/domain";
import { computedPayload } from "../../cache/computed";
import { cachedResponse } from "../../cache/response-cache";
import { readVersions } from "../../cache/versions";
import { withDb } from "../../db/client";
import { comparePrices, compareProviders } from "../../db/queries/compare";
import { ApiError } from "../errors";
import { errorResponses, type Handles, jsonResponse } from "./openapi";

// docs/design.md §8: compare payloads live 180 s in KV; the edge answers within the 1-minute price TTL.
const PAYLOAD_MAX_AGE = 180;
const EDGE_TTL = 60;

const compareProvidersQuerySchema = z.strictObject({
  providers: z
    .string()
    .describe("Exactly two provider slugs, comma-separated, e.g. runpod,lambda-labs")
    .transform((value) => value.split(",").map((slug) => slug.trim()))
    .pipe(
      z
        .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, "a provider slug"))
        .length(2, "exactly two provider slugs, comma-separated"),
    )
    .refine(([a, b]) => a !== b, "two different providers"),
});

export const comparePricesRoute = createRoute({
  method: "get",
  path: "/api/compare-prices",
  summary: "Prices of one GPU across providers",
  request: { query: comparePricesQuerySchema },
  responses: {
    200: jsonResponse(
      comparePricesResponseSchema,
      `Providers, cheapest first. availability is one of ${availabilityStatuses.join(", ")}`,
    ),
    ...errorResponses,
  },
});
export const comparePricesOf: Handles<typeof comparePricesRoute> = async (c) => {
  const query = c.req.valid("query");
  const dependsOn = [{ scope: "gpu" as const, slug: query.gpuSlug }, { scope: "all" as const }];
  // The parsed query, not its spelling: "maxPrice=3" and "maxPrice=3.000" share one payload and one key.
  const canonical = JSON.stringify([
    query.gpuSlug,
    query.tier ?? null,
    query.includeSpot === "true",
    query.maxPrice ?? null,
  ]);
  return cachedResponse(c, { ttlSeconds: EDGE_TTL, dependsOn }, `q=${encodeURIComponent(canonical)}`, async () => {
    const [version] = await readVersions(c.env.CACHE, [{ scope: "all" }]);
    const now = new Date();
    const body = await computedPayload(
      c.env.CACHE,
      `computed:compare-prices:${canonical}`,
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
};

export const compareProvidersRoute = createRoute({
  method: "get",
  path: "/api/compare-providers",
  summary: "Two providers head to head",
  request: { query: compareProvidersQuerySchema },
  responses: { 200: jsonResponse(compareProvidersResponseSchema, "Common GPUs and a verdict"), ...errorResponses },
});
export const compareProvidersOf: Handles<typeof compareProvidersRoute> = async (c) => {
  const pair = c.req.valid("query").providers as [string, string];
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
};
