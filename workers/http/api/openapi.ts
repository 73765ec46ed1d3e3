import { z } from "zod";
import packageJson from "../../../package.json";
import { apiErrorSchema } from "../../../shared/api-errors";
import {
  comparePricesResponseSchema,
  compareProvidersResponseSchema,
  gpuHistorySchema,
  gpuModelDocSchema,
  instanceDocSchema,
  instanceHistorySchema,
  paginatedSchema,
  providerDocSchema,
} from "../../../shared/api-schemas";
import { availabilityStatuses, reliabilityTiers } from "../../../shared/domain";
import { healthResponseSchema } from "../../../shared/health";
import type { CollectionSpec } from "../../../shared/query-grammar";
import { GPU_MODEL_FIELDS, PROVIDER_FIELDS } from "../../db/queries/catalog";
import { INSTANCE_FIELDS } from "../../db/queries/instances";

// The OpenAPI 3.1 document of the public API, generated from the same zod schemas the endpoints
// answer with (zod's own JSON Schema output, which is what OpenAPI 3.1 uses).

const schemas = {
  Provider: providerDocSchema,
  GpuModel: gpuModelDocSchema,
  Instance: instanceDocSchema,
  ProviderList: paginatedSchema(providerDocSchema, "ProviderList"),
  GpuModelList: paginatedSchema(gpuModelDocSchema, "GpuModelList"),
  InstanceList: paginatedSchema(instanceDocSchema, "InstanceList"),
  ComparePricesResponse: comparePricesResponseSchema,
  CompareProvidersResponse: compareProvidersResponseSchema,
  InstanceHistory: instanceHistorySchema,
  GpuModelHistory: gpuHistorySchema,
  HealthResponse: healthResponseSchema,
  ApiError: apiErrorSchema,
};

function components() {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: generated } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    io: "output",
    unrepresentable: "any",
  });
  return generated;
}

const ref = (id: keyof typeof schemas) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: keyof typeof schemas, description: string) => ({
  description,
  content: { "application/json": { schema: ref(id) } },
});
const errors = {
  "400": json("ApiError", "Invalid query: the envelope names every bad parameter (code VALIDATION_ERROR)"),
  "404": json("ApiError", "Not found (code NOT_FOUND)"),
  "429": json("ApiError", "Rate limit exceeded (code RATE_LIMIT_EXCEEDED); see Retry-After and RateLimit-* headers"),
};
const query = (
  name: string,
  description: string,
  schema: Record<string, unknown> = { type: "string" },
  required = false,
) => ({ name, in: "query", required, description, schema });
const path = (name: string, description: string) => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "string" },
});

/** One line per filterable field, from the grammar's own field specs: what the API accepts is what is documented. */
const fieldList = (spec: CollectionSpec, notes: Record<string, string> = {}) =>
  Object.entries(spec)
    .map(([field, fieldSpec]) => {
      const type =
        fieldSpec.type === "enum" ? `one of ${fieldSpec.values.join("|")}` : fieldSpec.type.replace(/_/g, " ");
      const range =
        (fieldSpec.type === "integer" || fieldSpec.type === "number") && fieldSpec.max !== undefined
          ? ` ${fieldSpec.min}–${fieldSpec.max}`
          : "";
      return `${field} (${type}${range}${fieldSpec.sortable ? ", sortable" : ""}${notes[field] ? `; ${notes[field]}` : ""})`;
    })
    .join(", ");

const listParameters = (fields: string) => [
  {
    name: "where",
    in: "query",
    style: "deepObject",
    explode: true,
    description: `Filters as where[field][operator]=value (Payload query language). Operators: equals, not_equals, less_than, less_than_equal, greater_than, greater_than_equal, like (every word, any case), not_like, contains, in, not_in, all (lists comma-separated or as a qs array), exists (true/false). Fields: ${fields}. Several filters combine with AND; where[or][0][field][operator]=… and where[and][0]… groups nest up to three deep.`,
    schema: { type: "object", additionalProperties: { type: "object", additionalProperties: { type: "string" } } },
  },
  query("sort", "Up to three comma-separated sortable fields; a leading - sorts descending, e.g. -price_per_gpu_hour"),
  query("select", "select[field]=true answers only those document fields (and id)", {
    type: "object",
    additionalProperties: { type: "string", enum: ["true", "false"] },
  }),
  query("pagination", "false: one page of at most 1 000 documents, without limit or page", {
    type: "string",
    enum: ["true", "false"],
  }),
  query("limit", "Page size, 1–100 (default 50)", { type: "integer", minimum: 1, maximum: 100 }),
  query("page", "Page number, from 1", { type: "integer", minimum: 1 }),
  query("depth", "0: relations as ids; 1–2: relations populated (default 2)", {
    type: "integer",
    minimum: 0,
    maximum: 2,
  }),
  query("format", "json (default) or csv", { type: "string", enum: ["json", "csv"] }),
];
const listResponse = (id: keyof typeof schemas, description: string) => ({
  "200": {
    description,
    content: { "application/json": { schema: ref(id) }, "text/csv": { schema: { type: "string" } } },
  },
  ...errors,
});

let document: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  document ??= {
    openapi: "3.1.0",
    info: {
      title: "CloudGPUs API",
      version: packageJson.version,
      description:
        "GPU cloud prices from many providers, normalised to USD per GPU-hour. Every price carries its provenance (source URL, scrape time, method). Anonymous clients: 100 requests/hour, burst 20; API keys (X-API-Key): 1000/hour, burst 100.",
    },
    servers: [{ url: "/" }],
    components: {
      schemas: components(),
      securitySchemes: { apiKey: { type: "apiKey", in: "header", name: "X-API-Key" } },
    },
    security: [{}, { apiKey: [] }],
    paths: {
      "/api/providers": {
        get: {
          summary: "List providers",
          parameters: listParameters(fieldList(PROVIDER_FIELDS)),
          responses: listResponse("ProviderList", "A page of providers"),
        },
      },
      "/api/providers/{slug}": {
        get: {
          summary: "A provider",
          parameters: [path("slug", "Provider slug, e.g. lambda-labs")],
          responses: { "200": json("Provider", "The provider"), ...errors },
        },
      },
      "/api/gpu-models": {
        get: {
          summary: "List GPU models",
          parameters: listParameters(fieldList(GPU_MODEL_FIELDS)),
          responses: listResponse("GpuModelList", "A page of GPU models"),
        },
      },
      "/api/gpu-models/{slug}": {
        get: {
          summary: "A GPU model",
          parameters: [path("slug", "GPU model slug, e.g. h100-sxm")],
          responses: { "200": json("GpuModel", "The GPU model"), ...errors },
        },
      },
      "/api/gpu-models/{slug}/history": {
        get: {
          summary: "Daily price history of a GPU model per provider",
          parameters: [
            path("slug", "GPU model slug"),
            query("days", "30 (default) or 90", { type: "string", enum: ["30", "90"] }),
          ],
          responses: { "200": json("GpuModelHistory", "Daily min/avg/max USD per GPU-hour per provider"), ...errors },
        },
      },
      "/api/instances": {
        get: {
          summary: "List GPU instance offers with prices",
          parameters: listParameters(
            fieldList(INSTANCE_FIELDS, { is_active: "default: only active offers", provider_id: "UUID or slug" }),
          ),
          responses: listResponse("InstanceList", "A page of offers"),
        },
      },
      "/api/instances/{id}": {
        get: {
          summary: "An offer",
          parameters: [path("id", "Instance id (UUID)"), query("depth", "0–2", { type: "integer" })],
          responses: { "200": json("Instance", "The offer"), ...errors },
        },
      },
      "/api/instances/{id}/history": {
        get: {
          summary: "Daily price history of an offer",
          parameters: [
            path("id", "Instance id"),
            query("days", "30 (default) or 90", { type: "string", enum: ["30", "90"] }),
          ],
          responses: { "200": json("InstanceHistory", "Daily min/avg/max USD per GPU-hour"), ...errors },
        },
      },
      "/api/compare-prices": {
        get: {
          summary: "Prices of one GPU across providers",
          parameters: [
            query("gpuSlug", "GPU model slug", { type: "string" }, true),
            query("tier", "Provider reliability tier", { type: "string", enum: [...reliabilityTiers] }),
            query("includeSpot", "Include spot prices", { type: "string", enum: ["true", "false"] }),
            query("maxPrice", "Only providers at or below this USD per GPU-hour", { type: "number" }),
          ],
          responses: {
            "200": json(
              "ComparePricesResponse",
              `Providers, cheapest first. availability is one of ${availabilityStatuses.join(", ")}`,
            ),
            ...errors,
          },
        },
      },
      "/api/compare-providers": {
        get: {
          summary: "Two providers head to head",
          parameters: [query("providers", "Exactly two provider slugs, comma-separated", { type: "string" }, true)],
          responses: { "200": json("CompareProvidersResponse", "Common GPUs and a verdict"), ...errors },
        },
      },
      "/api/health": {
        get: {
          summary: "Health of the service",
          security: [{}],
          responses: {
            "200": json("HealthResponse", "Everything works"),
            "503": json("HealthResponse", "Degraded or unhealthy"),
          },
        },
      },
    },
  };
  return document;
}
