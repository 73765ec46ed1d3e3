import { createRoute, z } from "@hono/zod-openapi";
import {
  type GpuModelDoc,
  gpuAvailabilitySchema,
  gpuHistorySchema,
  gpuModelDocSchema,
  historyDaysSchema,
  type ProviderDoc,
  providerDocSchema,
} from "../../../shared/api-schemas";
import { cachedResponse } from "../../cache/response-cache";
import { withDb } from "../../db/client";
import { gpuModelAvailability } from "../../db/queries/availability";
import {
  GPU_MODEL_DEFAULT_SORT,
  GPU_MODEL_FIELDS,
  gpuModelBySlug,
  listGpuModels,
  listProviders,
  PROVIDER_DEFAULT_SORT,
  PROVIDER_FIELDS,
  providerBySlug,
} from "../../db/queries/catalog";
import { gpuModelHistory } from "../../db/queries/history";
import { ApiError } from "../errors";
import { slugParam } from "../validation";
import { listEndpoint } from "./list";
import { errorResponses, type Handles, jsonResponse } from "./openapi";

// docs/design.md §8: providers 5 minutes, GPU models 1 hour.
const PROVIDER_TTL = 300;
const GPU_MODEL_TTL = 3_600;
const HISTORY_TTL = 300;

const PROVIDER_CSV = [
  "slug",
  "name",
  "display_name",
  "provider_type",
  "reliability_tier",
  "headquarters_country",
  "website_url",
  "pricing_url",
  "has_public_api",
  "sla_uptime_percent",
  "supports_spot_instances",
  "supports_reserved_instances",
  "available_regions",
  "is_active",
  "last_price_update",
] as const;
const GPU_MODEL_CSV = [
  "slug",
  "name",
  "short_name",
  "manufacturer",
  "architecture",
  "vram_gb",
  "memory_type",
  "memory_bandwidth_gbps",
  "tdp_watts",
  "fp16_tflops",
  "fp8_tflops",
  "form_factor",
  "interconnect",
  "is_datacenter",
  "is_consumer",
  "generation_year",
] as const;

const slugPath = (example: string) =>
  z.strictObject({ slug: z.string().openapi({ param: { name: "slug", in: "path" }, example }) });
const noQuery = z.strictObject({});

export const providerList = listEndpoint<ProviderDoc, "/api/providers">({
  path: "/api/providers",
  summary: "List providers",
  doc: providerDocSchema,
  listId: "ProviderList",
  description: "A page of providers",
  name: "providers",
  fields: PROVIDER_FIELDS,
  defaultSort: PROVIDER_DEFAULT_SORT,
  cache: { ttlSeconds: PROVIDER_TTL, dependsOn: [] },
  purpose: "cached",
  load: listProviders,
  csv: { columns: PROVIDER_CSV, row: (doc) => doc },
});

export const providerRoute = createRoute({
  method: "get",
  path: "/api/providers/{slug}",
  summary: "A provider",
  request: { params: slugPath("lambda-labs"), query: noQuery },
  responses: { 200: jsonResponse(providerDocSchema, "The provider"), ...errorResponses },
});
export const provider: Handles<typeof providerRoute> = async (c) => {
  const slug = slugParam(c.req.param("slug"), "provider");
  return cachedResponse(c, { ttlSeconds: PROVIDER_TTL, dependsOn: [{ scope: "provider", slug }] }, "", async () => {
    const found = await withDb(c.env, "cached", (db) => providerBySlug(db, slug));
    if (!found) throw new ApiError("NOT_FOUND", `No provider "${slug}"`);
    return c.json(found);
  });
};

export const gpuModelList = listEndpoint<GpuModelDoc, "/api/gpu-models">({
  path: "/api/gpu-models",
  summary: "List GPU models",
  doc: gpuModelDocSchema,
  listId: "GpuModelList",
  description: "A page of GPU models",
  name: "gpu-models",
  fields: GPU_MODEL_FIELDS,
  defaultSort: GPU_MODEL_DEFAULT_SORT,
  cache: { ttlSeconds: GPU_MODEL_TTL, dependsOn: [] },
  purpose: "cached",
  load: listGpuModels,
  csv: { columns: GPU_MODEL_CSV, row: (doc) => doc },
});

export const gpuModelRoute = createRoute({
  method: "get",
  path: "/api/gpu-models/{slug}",
  summary: "A GPU model",
  request: { params: slugPath("h100-sxm"), query: noQuery },
  responses: { 200: jsonResponse(gpuModelDocSchema, "The GPU model"), ...errorResponses },
});
export const gpuModel: Handles<typeof gpuModelRoute> = async (c) => {
  const slug = slugParam(c.req.param("slug"), "GPU model");
  return cachedResponse(c, { ttlSeconds: GPU_MODEL_TTL, dependsOn: [] }, "", async () => {
    const gpu = await withDb(c.env, "cached", (db) => gpuModelBySlug(db, slug));
    if (!gpu) throw new ApiError("NOT_FOUND", `No GPU model "${slug}"`);
    return c.json(gpu);
  });
};

export const gpuModelHistoryRoute = createRoute({
  method: "get",
  path: "/api/gpu-models/{slug}/history",
  summary: "Daily price history of a GPU model per provider",
  request: { params: slugPath("h100-sxm"), query: z.strictObject({ days: historyDaysSchema }) },
  responses: {
    200: jsonResponse(gpuHistorySchema, "Daily min/avg/max USD per GPU-hour per provider"),
    ...errorResponses,
  },
});
export const gpuModelHistoryOf: Handles<typeof gpuModelHistoryRoute> = async (c) => {
  const slug = slugParam(c.req.param("slug"), "GPU model");
  const { days } = c.req.valid("query");
  return cachedResponse(
    c,
    { ttlSeconds: HISTORY_TTL, dependsOn: [{ scope: "gpu", slug }] },
    `days=${days}`,
    async () => {
      const history = await withDb(c.env, "fresh", (db) => gpuModelHistory(db, slug, Number(days), new Date()));
      if (!history) throw new ApiError("NOT_FOUND", `No GPU model "${slug}"`);
      return c.json(history);
    },
  );
};

export const gpuModelAvailabilityRoute = createRoute({
  method: "get",
  path: "/api/gpu-models/{slug}/availability",
  summary: "How often a GPU model was in stock",
  description:
    "Over all offers of the GPU, the share of their listed time in stock (available or limited): the chance that an offer of it could be rented at a given moment.",
  request: { params: slugPath("h100-sxm"), query: noQuery },
  responses: {
    200: jsonResponse(gpuAvailabilitySchema, "Shares in stock over 7, 30 and 90 days, and per day"),
    ...errorResponses,
  },
});
export const gpuModelAvailabilityOf: Handles<typeof gpuModelAvailabilityRoute> = async (c) => {
  const slug = slugParam(c.req.param("slug"), "GPU model");
  return cachedResponse(c, { ttlSeconds: HISTORY_TTL, dependsOn: [{ scope: "gpu", slug }] }, "", async () => {
    const availability = await withDb(c.env, "fresh", (db) => gpuModelAvailability(db, slug, new Date()));
    if (!availability) throw new ApiError("NOT_FOUND", `No GPU model "${slug}"`);
    return c.json(availability);
  });
};
