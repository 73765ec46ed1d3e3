import { describe, expect, it } from "vitest";
import { gpuModelDocSchema, instanceDocSchema, providerDocSchema } from "../../../shared/api-schemas";
import type { CollectionSpec } from "../../../shared/query-grammar";
import { GPU_MODEL_FIELDS, PROVIDER_FIELDS } from "../../db/queries/catalog";
import { INSTANCE_FIELDS } from "../../db/queries/instances";
import { openApiDocument } from "./openapi";

// What the API accepts is what the OpenAPI document says: every field a list takes in `where` and
// `sort` is named in that path's `where` parameter, and every field `select` may name is a property
// of the documents the path answers with.

interface Parameter {
  name: string;
  description?: string;
}
const document = openApiDocument() as {
  paths: Record<string, { get: { parameters: Parameter[] } }>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};

describe("the OpenAPI document is complete", () => {
  for (const [path, fields, schema, component] of [
    ["/api/instances", INSTANCE_FIELDS, instanceDocSchema, "Instance"],
    ["/api/providers", PROVIDER_FIELDS, providerDocSchema, "Provider"],
    ["/api/gpu-models", GPU_MODEL_FIELDS, gpuModelDocSchema, "GpuModel"],
  ] as [string, CollectionSpec, { shape: Record<string, unknown> }, string][]) {
    it(`names every filter and sort field of ${path}`, () => {
      const where = document.paths[path]?.get.parameters.find((parameter) => parameter.name === "where");
      for (const field of Object.keys(fields)) expect(where?.description, field).toContain(`${field} (`);
      const names = document.paths[path]?.get.parameters.map((parameter) => parameter.name);
      expect(names).toEqual(
        expect.arrayContaining(["where", "sort", "limit", "page", "select", "pagination", "depth"]),
      );
    });

    it(`describes every field select may name on ${path}`, () => {
      const properties = Object.keys(document.components.schemas[component]?.properties ?? {});
      expect(properties.sort()).toEqual(Object.keys(schema.shape).sort());
    });
  }
});
