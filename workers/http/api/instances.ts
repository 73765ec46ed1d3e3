import { Hono } from "hono";
import { z } from "zod";
import { historyDaysSchema, type InstanceDoc, instanceDocSchema } from "../../../shared/api-schemas";
import { cachedResponse, sortedQuery } from "../../cache/response-cache";
import { withDb } from "../../db/client";
import { instanceHistory } from "../../db/queries/history";
import { INSTANCE_DEFAULT_SORT, INSTANCE_FIELDS, instanceById, listInstances } from "../../db/queries/instances";
import { ApiError } from "../errors";
import type { AppEnv } from "../types";
import { parseQueryParams, uuidParam } from "../validation";
import { listEndpoint } from "./list";

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

export const instancesApi = new Hono<AppEnv>()
  .get(
    "/",
    listEndpoint<InstanceDoc>({
      docFields: Object.keys(instanceDocSchema.shape),
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
    }),
  )
  .get("/:id", async (c) => {
    const id = uuidParam(c.req.param("id"), "instance");
    const { depth } = parseQueryParams(c.req.url, z.object({ depth: z.enum(["0", "1", "2"]).default("2") }));
    return cachedResponse(c, { ttlSeconds: INSTANCE_TTL, dependsOn: everything }, `depth=${depth}`, async () => {
      const instance = await withDb(c.env, "fresh", (db) => instanceById(db, id, Number(depth)));
      if (!instance) throw new ApiError("NOT_FOUND", `No instance "${id}"`);
      return c.json(instance);
    });
  })
  .get("/:id/history", async (c) => {
    const id = uuidParam(c.req.param("id"), "instance");
    const { days } = parseQueryParams(c.req.url, z.object({ days: historyDaysSchema }));
    return cachedResponse(
      c,
      { ttlSeconds: HISTORY_TTL, dependsOn: everything },
      sortedQuery(new URL(c.req.url)),
      async () => {
        const history = await withDb(c.env, "fresh", (db) => instanceHistory(db, id, Number(days), new Date()));
        if (!history.found) throw new ApiError("NOT_FOUND", `No instance "${id}"`);
        return c.json({ instance_id: id, days: Number(days), points: history.points });
      },
    );
  });
