import { describe, expect, it } from "vitest";
import { gpuModelDocSchema, instanceDocSchema, providerDocSchema } from "../../../shared/api-schemas";
import type { CollectionSpec } from "../../../shared/query-grammar";
import { GPU_MODEL_FIELDS, PROVIDER_FIELDS } from "../../db/queries/catalog";
import { INSTANCE_FIELDS } from "../../db/queries/instances";
import { apiGet } from "../../testing/factories";
import { app } from "../app";
import { openApiDocument } from ".";

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

describe("routes are declared once", () => {
  it("documents every route the API answers, and answers every route it documents", () => {
    const answered = app.routes
      .filter((route) => route.method !== "ALL" && /^\/(api\/|admin(\/|$))/.test(route.path))
      .filter((route) => route.path !== "/api/openapi.json" && route.path !== "/api/docs")
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`);
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect([...new Set(answered)].sort()).toEqual(documented.sort());
  });

  it("validates a declared query by its declaration: unknown, repeated and bad values name the parameter", async () => {
    const problems = async (path: string) => {
      const response = await apiGet(path);
      expect(response.status, path).toBe(400);
      const body = (await response.json()) as {
        code: string;
        details: { issues: { parameter: string; message: string }[] };
      };
      expect(body.code).toBe("VALIDATION_ERROR");
      return body.details.issues;
    };
    expect(await problems("/api/compare-prices?gpuSlug=h100-sxm&maxprice=2")).toEqual([
      { parameter: "maxprice", message: "unknown parameter" },
    ]);
    expect(await problems("/api/compare-prices?gpuSlug=h100-sxm&gpuSlug=a100-80gb")).toEqual([
      { parameter: "gpuSlug", message: "given more than once" },
    ]);
    expect(await problems("/api/instances/00000000-0000-4000-8000-000000000000?depth=3")).toEqual([
      expect.objectContaining({ parameter: "depth" }),
    ]);
  });
});
