import { Hono } from "hono";
import { z } from "zod";
import {
  type GpuModelDoc,
  gpuModelDocSchema,
  historyDaysSchema,
  type ProviderDoc,
  providerDocSchema,
} from "../../../shared/api-schemas";
import { cachedResponse, sortedQuery } from "../../cache/response-cache";
import { withDb } from "../../db/client";
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
import type { AppEnv } from "../types";
import { parseQueryParams, slugParam } from "../validation";
import { listEndpoint } from "./list";

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

export const providersApi = new Hono<AppEnv>()
  .get(
    "/",
    listEndpoint<ProviderDoc>({
      docFields: Object.keys(providerDocSchema.shape),
      name: "providers",
      fields: PROVIDER_FIELDS,
      defaultSort: PROVIDER_DEFAULT_SORT,
      cache: { ttlSeconds: PROVIDER_TTL, dependsOn: [] },
      purpose: "cached",
      load: listProviders,
      csv: { columns: PROVIDER_CSV, row: (doc) => doc },
    }),
  )
  .get("/:slug", async (c) => {
    const slug = slugParam(c.req.param("slug"), "provider");
    parseQueryParams(c.req.url, z.object({}));
    return cachedResponse(c, { ttlSeconds: PROVIDER_TTL, dependsOn: [{ scope: "provider", slug }] }, "", async () => {
      const provider = await withDb(c.env, "cached", (db) => providerBySlug(db, slug));
      if (!provider) throw new ApiError("NOT_FOUND", `No provider "${slug}"`);
      return c.json(provider);
    });
  });

export const gpuModelsApi = new Hono<AppEnv>()
  .get(
    "/",
    listEndpoint<GpuModelDoc>({
      docFields: Object.keys(gpuModelDocSchema.shape),
      name: "gpu-models",
      fields: GPU_MODEL_FIELDS,
      defaultSort: GPU_MODEL_DEFAULT_SORT,
      cache: { ttlSeconds: GPU_MODEL_TTL, dependsOn: [] },
      purpose: "cached",
      load: listGpuModels,
      csv: { columns: GPU_MODEL_CSV, row: (doc) => doc },
    }),
  )
  .get("/:slug", async (c) => {
    const slug = slugParam(c.req.param("slug"), "GPU model");
    parseQueryParams(c.req.url, z.object({}));
    return cachedResponse(c, { ttlSeconds: GPU_MODEL_TTL, dependsOn: [] }, "", async () => {
      const gpu = await withDb(c.env, "cached", (db) => gpuModelBySlug(db, slug));
      if (!gpu) throw new ApiError("NOT_FOUND", `No GPU model "${slug}"`);
      return c.json(gpu);
    });
  })
  .get("/:slug/history", async (c) => {
    const slug = slugParam(c.req.param("slug"), "GPU model");
    const { days } = parseQueryParams(c.req.url, z.object({ days: historyDaysSchema }));
    return cachedResponse(
      c,
      { ttlSeconds: HISTORY_TTL, dependsOn: [{ scope: "gpu", slug }] },
      sortedQuery(new URL(c.req.url)),
      async () => {
        const history = await withDb(c.env, "fresh", (db) => gpuModelHistory(db, slug, Number(days), new Date()));
        if (!history) throw new ApiError("NOT_FOUND", `No GPU model "${slug}"`);
        return c.json(history);
      },
    );
  });
