import type { RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { ParameterObject, SchemaObject } from "openapi3-ts/oas31";
import type { z } from "zod";
import packageJson from "../../../package.json";
import { apiErrorSchema } from "../../../shared/api-errors";
import type { CollectionSpec } from "../../../shared/query-grammar";
import type { AppEnv } from "../types";

// What every route declaration (createRoute, next to its handler) shares: responses, the list
// parameters of the query grammar, and the document's own header. The OpenAPI 3.1 document at
// /api/openapi.json is generated from those declarations (workers/http/api/index.tsx), so what is
// validated and what is documented are one thing.

type Responses = RouteConfig["responses"];

/**
 * A handler of a declared route that answers a Response of its own making: the cached ones answer
 * stored bytes (workers/cache/response-cache.ts), which were built by `c.json` from the declared
 * schema's type but cannot carry that type themselves.
 */
export type Handles<R extends RouteConfig> = (c: Parameters<RouteHandler<R, AppEnv>>[0]) => Promise<Response>;

/** A route with its handler, ready for `openapi()`. */
export const served = <R extends RouteConfig>(route: R, handler: Handles<R>) =>
  [route, handler as unknown as RouteHandler<R, AppEnv>] as const;

export const jsonResponse = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** The errors every public route can answer, in the envelope. */
export const errorResponses = {
  400: jsonResponse(apiErrorSchema, "Invalid query: the envelope names every bad parameter (code VALIDATION_ERROR)"),
  404: jsonResponse(apiErrorSchema, "Not found (code NOT_FOUND)"),
  429: jsonResponse(
    apiErrorSchema,
    "Rate limit exceeded (code RATE_LIMIT_EXCEEDED); see Retry-After and RateLimit-* headers",
  ),
} satisfies Responses;

/** A list's 200: the page as JSON, or as CSV with `format=csv`. */
export const listResponses = (schema: z.ZodType, description: string) =>
  ({
    200: { description, content: { "application/json": { schema }, "text/csv": { schema: { type: "string" } } } },
    ...errorResponses,
  }) satisfies Responses;

/** One line per filterable field, from the grammar's own field specs: what the API accepts is what is documented. */
function fieldList(spec: CollectionSpec, notes: Record<string, string>) {
  return Object.entries(spec)
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
}

const query = (name: string, description: string, schema: SchemaObject): ParameterObject => ({
  name,
  in: "query",
  required: false,
  description,
  schema,
});

/**
 * The parameters of a Payload-style list. They are read by the query grammar (shared/query-grammar.ts),
 * which answers 400 naming each bad one, so they are declared as OpenAPI parameters, not as a zod
 * schema that would validate them a second time.
 */
export const listParameters = (spec: CollectionSpec, notes: Record<string, string> = {}): ParameterObject[] => [
  {
    name: "where",
    in: "query",
    style: "deepObject",
    explode: true,
    description: `Filters as where[field][operator]=value (Payload query language). Operators: equals, not_equals, less_than, less_than_equal, greater_than, greater_than_equal, like (every word, any case), not_like, contains, in, not_in, all (lists comma-separated or as a qs array), exists (true/false). Fields: ${fieldList(spec, notes)}. Several filters combine with AND; where[or][0][field][operator]=… and where[and][0]… groups nest up to three deep.`,
    schema: { type: "object", additionalProperties: { type: "object", additionalProperties: { type: "string" } } },
  },
  query("sort", "Up to three comma-separated sortable fields; a leading - sorts descending, e.g. -price_per_gpu_hour", {
    type: "string",
  }),
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

export const DOCUMENT_CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "CloudGPUs API",
    version: packageJson.version,
    description:
      "GPU cloud prices from many providers, normalised to USD per GPU-hour. Every price carries its provenance (source URL, scrape time, method). Anonymous clients: 100 requests/hour, burst 20; API keys (X-API-Key): 1000/hour, burst 100.",
  },
  servers: [{ url: "/" }],
  security: [{}, { apiKey: [] }] as Record<string, string[]>[],
};
