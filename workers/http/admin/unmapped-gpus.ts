import { z } from "@hono/zod-openapi";
import { paginate, paginatedSchema } from "../../../shared/api-schemas";
import { withDb } from "../../db/client";
import {
  type GpuNameMapping,
  gpuModelBySlug,
  gpuNameMappingOf,
  listUnmappedGpuNames,
  mappingsOfNames,
  putGpuNameMapping,
} from "../../db/queries/gpu-mappings";
import { providerRecord } from "../../db/queries/providers";
import { jsonResponse } from "../api/openapi";
import { ApiError } from "../errors";
import { adminRoute, adminRoutes, audited, errorAnswer, jsonBody } from "./core";
import { adminPageQuery, filteredProvider, providerFilter } from "./list-query";

// GPU names the catalog could not identify, and an operator's mapping of one to a catalog GPU
// (docs/design.md §6, §18). A mapping is kept in gpu_name_mappings and applies from the provider's
// next scrape on; the VRAM guard and the price band still judge the offer as the mapped GPU.

/**
 * How far back the list looks. Offers whose name was mapped (or fixed in the catalog) stop adding
 * issues, so their name falls off; scrape jobs, and their issues with them, are kept 30 days (§10).
 */
export const UNMAPPED_WINDOW_DAYS = 30;

const SLUG = /^[a-z0-9][a-z0-9-]{0,49}$/;

const mappingSchema = z.object({
  provider: z.string().nullable().describe("The provider it applies to; null for every provider"),
  gpu_model: z.string(),
});

const unmappedGpuSchema = z
  .object({
    gpu_name_raw: z.string().describe("The name trimmed and lower-cased, as a mapping names it"),
    spellings: z.array(z.string()).describe("Up to five spellings the providers used"),
    issues: z.int().describe("Unmapped observations in the window"),
    offers: z.int().describe("Distinct offers (provider and instance type) that named it"),
    providers: z.array(z.string()),
    first_seen: z.iso.datetime(),
    last_seen: z.iso.datetime(),
    reason: z.string().describe("Why the latest observation was not identified"),
    mapped: z.boolean().describe("Whether a mapping applies to every provider listed (from their next scrape)"),
    mappings: z.array(mappingSchema).describe("Mappings of this name that apply to one of these providers or to all"),
  })
  .meta({ id: "AdminUnmappedGpu" });

const listRoute = adminRoute({
  method: "get",
  path: "/unmapped-gpus",
  summary: `GPU names not in the catalog, seen in the last ${UNMAPPED_WINDOW_DAYS} days`,
  description: "The most widespread first: distinct offers, then observations.",
  request: { query: adminPageQuery.extend({ provider: providerFilter }) },
  responses: {
    200: jsonResponse(paginatedSchema(unmappedGpuSchema, "AdminUnmappedGpuPage"), "A page of names"),
    400: errorAnswer("Invalid query (code VALIDATION_ERROR)"),
    404: errorAnswer("No provider of that slug (code NOT_FOUND)"),
  },
});

const mapBodySchema = z.strictObject({
  gpu_name_raw: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "a GPU name")
    .max(150)
    .regex(/^[^\p{Cc}]*$/u, "no control characters")
    .describe("The provider's GPU name; matched trimmed and lower-cased"),
  gpu_model: z.string().regex(SLUG, "a GPU model slug").describe("The catalog GPU it names"),
  provider: z
    .string()
    .regex(SLUG, "a provider slug")
    .optional()
    .describe("Only this provider's offers; omitted: every provider's"),
});

const gpuMappingSchema = z
  .object({
    id: z.uuid(),
    gpu_name_raw: z.string(),
    gpu_model: z.string(),
    provider: z.string().nullable(),
    created_by: z.string(),
    created_at: z.iso.datetime(),
    change: z.enum(["created", "updated", "unchanged"]),
  })
  .meta({ id: "AdminGpuMapping" });

const mapRoute = adminRoute({
  method: "post",
  path: "/unmapped-gpus",
  summary: "Map a GPU name to a catalog GPU (applied from the next scrape, and kept)",
  description:
    "A provider's own mapping of a name wins over the one for every provider. Mapping a name that is mapped already points it at the given GPU (an audited update).",
  request: jsonBody(mapBodySchema),
  responses: {
    201: jsonResponse(gpuMappingSchema, "Mapped"),
    200: jsonResponse(gpuMappingSchema, "The name was mapped already: now to this GPU (or unchanged)"),
    400: errorAnswer("Invalid body (code VALIDATION_ERROR)"),
    404: errorAnswer("No GPU model or provider of that slug (code NOT_FOUND)"),
    409: errorAnswer("The GPU model is retired (code CONFLICT)"),
  },
});

const DAY_MS = 86_400_000;

export const unmappedGpusAdmin = adminRoutes()
  .openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const limit = Number(query.limit);
    const page = Number(query.page);
    const since = new Date(Date.now() - UNMAPPED_WINDOW_DAYS * DAY_MS);
    const { found, mappings } = await withDb(c.env, "fresh", async (db) => {
      const providerId = await filteredProvider(db, query.provider);
      const found = await listUnmappedGpuNames(db, { since, providerId, limit, page });
      return {
        found,
        mappings: await mappingsOfNames(
          db,
          found.rows.map((row) => row.name),
        ),
      };
    });
    const docs = found.rows.map((row) => {
      const applying = mappings.filter(
        (mapping) =>
          mapping.gpuNameRaw === row.name &&
          mapping.gpuModelActive &&
          (mapping.providerId === null || row.providerIds.includes(mapping.providerId)),
      );
      const covered = (providerId: string) =>
        applying.some((mapping) => mapping.providerId === null || mapping.providerId === providerId);
      return {
        gpu_name_raw: row.name,
        spellings: row.spellings,
        issues: row.issues,
        offers: row.offers,
        providers: row.providers,
        first_seen: row.firstSeen.toISOString(),
        last_seen: row.lastSeen.toISOString(),
        reason: row.reason,
        mapped: row.providerIds.every(covered),
        mappings: applying.map((mapping) => ({ provider: mapping.provider, gpu_model: mapping.gpuModel })),
      };
    });
    return c.json(paginate(docs, found.totalDocs, limit, page), 200);
  })
  .openapi(mapRoute, async (c) => {
    const body = c.req.valid("json");
    const { gpu, provider, existing } = await withDb(c.env, "fresh", async (db) => {
      const gpu = await gpuModelBySlug(db, body.gpu_model);
      const provider = body.provider === undefined ? null : await providerRecord(db, body.provider);
      const key = { providerId: provider?.id ?? null, gpuNameRaw: body.gpu_name_raw };
      return { gpu, provider, existing: provider === undefined ? undefined : await gpuNameMappingOf(db, key) };
    });
    if (!gpu) throw new ApiError("NOT_FOUND", `No GPU model "${body.gpu_model}"`);
    if (!gpu.isActive) throw new ApiError("CONFLICT", `GPU model "${gpu.slug}" is retired: names are not mapped to it`);
    if (provider === undefined) throw new ApiError("NOT_FOUND", `No provider "${body.provider}"`);

    const answer = (mapping: GpuNameMapping, change: "created" | "updated" | "unchanged") =>
      c.json(
        {
          id: mapping.id,
          gpu_name_raw: mapping.gpuNameRaw,
          gpu_model: gpu.slug,
          provider: provider?.slug ?? null,
          created_by: mapping.createdBy,
          created_at: mapping.createdAt.toISOString(),
          change,
        },
        change === "created" ? 201 : 200,
      );
    // Mapping a name to the GPU it already names changes nothing, and writes no audit row.
    if (existing?.gpuModelId === gpu.id) return answer(existing, "unchanged");

    const described = (gpuModel: string) => ({
      gpu_name_raw: body.gpu_name_raw,
      provider: provider?.slug ?? null,
      gpu_model: gpuModel,
    });
    const put = await audited(c.env, c.var.actor, async (db) => {
      const put = await putGpuNameMapping(db, {
        providerId: provider?.id ?? null,
        gpuNameRaw: body.gpu_name_raw,
        gpuModelId: gpu.id,
        createdBy: c.var.actor,
      });
      return {
        action: put.before ? "gpu-mapping.update" : "gpu-mapping.create",
        targetType: "gpu-mapping",
        targetId: put.mapping.id,
        before: put.before ? described(put.before.gpuModel) : null,
        after: described(gpu.slug),
        result: put,
      };
    });
    return answer(put.mapping, put.change);
  });
