import { createRoute, z } from "@hono/zod-openapi";
import {
  historyDaysSchema,
  type InstanceDoc,
  instanceAvailabilitySchema,
  instanceDocSchema,
  instanceHistorySchema,
} from "../../../shared/api-schemas";
import { cachedResponse } from "../../cache/response-cache";
import { withDb } from "../../db/client";
import { instanceAvailability } from "../../db/queries/availability";
import { instanceHistory } from "../../db/queries/history";
import { INSTANCE_DEFAULT_SORT, INSTANCE_FIELDS, instanceById, listInstances } from "../../db/queries/instances";
import { ApiError } from "../errors";
import { uuidParam } from "../validation";
import { listEndpoint } from "./list";
import { errorResponses, type Handles, jsonResponse } from "./openapi";

// docs/design.md §8: instances 1 minute. Misses read through the uncached Hyperdrive
// config, so a stored price shows as soon as the cache version moves.
const INSTANCE_TTL = 60;
const HISTORY_TTL = 300;
const everything = [{ scope: "all" as const }];

const slugOf = (value: InstanceDoc["provider_id"] | InstanceDoc["gpu_model_id"]) =>
  typeof value === "string" ? value : value.slug;
const INSTANCE_CSV = [
  "id",
  "provider",
  "gpu_model",
  "instance_type",
  "instance_name",
  "gpu_count",
  "price_per_hour",
  "price_per_gpu_hour",
  "price_per_hour_spot",
  "price_per_hour_reserved_1y",
  "availability_status",
  "available_regions",
  "source_url",
  "last_scraped_at",
] as const;

export const instanceList = listEndpoint<InstanceDoc, "/api/instances">({
  path: "/api/instances",
  summary: "List GPU instance offers with prices",
  doc: instanceDocSchema,
  listId: "InstanceList",
  description: "A page of offers",
  notes: { is_active: "default: only active offers", provider_id: "UUID or slug" },
  name: "instances",
  fields: INSTANCE_FIELDS,
  defaultSort: INSTANCE_DEFAULT_SORT,
  cache: { ttlSeconds: INSTANCE_TTL, dependsOn: everything },
  purpose: "fresh",
  load: listInstances,
  csv: {
    columns: INSTANCE_CSV,
    row: (doc) => ({ ...doc, provider: slugOf(doc.provider_id), gpu_model: slugOf(doc.gpu_model_id) }),
  },
});

const idPath = z.strictObject({
  id: z.string().openapi({ param: { name: "id", in: "path" }, description: "Instance id (UUID)" }),
});

export const instanceRoute = createRoute({
  method: "get",
  path: "/api/instances/{id}",
  summary: "An offer",
  request: {
    params: idPath,
    query: z.strictObject({
      depth: z.enum(["0", "1", "2"]).default("2").describe("0: relations as ids; 1–2: relations populated"),
    }),
  },
  responses: { 200: jsonResponse(instanceDocSchema, "The offer"), ...errorResponses },
});
export const instance: Handles<typeof instanceRoute> = async (c) => {
  const id = uuidParam(c.req.param("id"), "instance");
  const { depth } = c.req.valid("query");
  return cachedResponse(c, { ttlSeconds: INSTANCE_TTL, dependsOn: everything }, `depth=${depth}`, async () => {
    const found = await withDb(c.env, "fresh", (db) => instanceById(db, id, Number(depth)));
    if (!found) throw new ApiError("NOT_FOUND", `No instance "${id}"`);
    return c.json(found);
  });
};

export const instanceHistoryRoute = createRoute({
  method: "get",
  path: "/api/instances/{id}/history",
  summary: "Daily price history of an offer",
  request: { params: idPath, query: z.strictObject({ days: historyDaysSchema }) },
  responses: { 200: jsonResponse(instanceHistorySchema, "Daily min/avg/max USD per GPU-hour"), ...errorResponses },
});
export const instanceHistoryOf: Handles<typeof instanceHistoryRoute> = async (c) => {
  const id = uuidParam(c.req.param("id"), "instance");
  const { days } = c.req.valid("query");
  return cachedResponse(c, { ttlSeconds: HISTORY_TTL, dependsOn: everything }, `days=${days}`, async () => {
    const history = await withDb(c.env, "fresh", (db) => instanceHistory(db, id, Number(days), new Date()));
    if (!history.found) throw new ApiError("NOT_FOUND", `No instance "${id}"`);
    return c.json({ instance_id: id, days: Number(days), points: history.points });
  });
};

export const instanceAvailabilityRoute = createRoute({
  method: "get",
  path: "/api/instances/{id}/availability",
  summary: "How often an offer was in stock",
  description:
    "The share of the time the offer was available or limited; once it is no longer listed, it counts as out of stock from its last scrape on.",
  request: { params: idPath, query: z.strictObject({}) },
  responses: {
    200: jsonResponse(instanceAvailabilitySchema, "Shares in stock over 7, 30 and 90 days, and per day"),
    ...errorResponses,
  },
});
export const instanceAvailabilityOf: Handles<typeof instanceAvailabilityRoute> = async (c) => {
  const id = uuidParam(c.req.param("id"), "instance");
  return cachedResponse(c, { ttlSeconds: HISTORY_TTL, dependsOn: everything }, "", async () => {
    const availability = await withDb(c.env, "fresh", (db) => instanceAvailability(db, id, new Date()));
    if (!availability) throw new ApiError("NOT_FOUND", `No instance "${id}"`);
    return c.json({ instance_id: id, ...availability });
  });
};
