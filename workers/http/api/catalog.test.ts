import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import { gpuHistorySchema, gpuModelDocSchema, paginatedSchema, providerDocSchema } from "../../../shared/api-schemas";
import { withDb } from "../../db/client";
import { instances } from "../../db/schema";
import { apiGet, createInstance, createProvider } from "../../testing/factories";

const providerList = paginatedSchema(providerDocSchema, "ProviderList");
const gpuList = paginatedSchema(gpuModelDocSchema, "GpuModelList");

describe("GET /api/providers", () => {
  it("lists the seeded providers in the documented shape, by name", async () => {
    const response = await apiGet("/api/providers?where[provider_type][equals]=hyperscaler");
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    const page = providerList.parse(await response.json());
    expect(page.docs.map((doc) => doc.slug)).toEqual(["aws", "gcp", "azure", "oci"]);
    expect(page.totalDocs).toBe(4);
  });

  it("filters by tier and sorts by SLA", async () => {
    const page = providerList.parse(
      await (
        await apiGet(
          "/api/providers?where[reliability_tier][equals]=enterprise&where[provider_type][in]=specialized_neocloud&sort=-sla_uptime_percent,slug",
        )
      ).json(),
    );
    expect(page.docs.map((doc) => [doc.slug, doc.sla_uptime_percent])).toEqual([
      ["coreweave", 99.99],
      ["crusoe", 99.9],
      ["lambda-labs", 99.9],
      ["voltage-park", null], // no published SLA: 0012 cleared the seed's 99.9
    ]);
  });

  it("answers one provider by slug", async () => {
    const provider = providerDocSchema.parse(await (await apiGet("/api/providers/lambda-labs")).json());
    expect(provider).toMatchObject({
      slug: "lambda-labs",
      display_name: "Lambda",
      reliability_tier: "enterprise",
      pros: expect.arrayContaining(["Simple REST API"]),
    });
  });

  it.each([
    "/api/providers/no-such-provider",
    "/api/providers/..%2F..%2Fetc%2Fpasswd",
    "/api/providers/%3Cscript%3E",
    "/api/providers/lambda-labs%27%20OR%201=1",
  ])("answers 404 in the envelope for %s", async (path) => {
    const response = await apiGet(path);
    expect(response.status).toBe(404);
    expect(apiErrorSchema.parse(await response.json()).code).toBe("NOT_FOUND");
  });

  it("exports CSV", async () => {
    const response = await apiGet("/api/providers?where[slug][equals]=runpod&format=csv");
    expect(response.headers.get("content-disposition")).toMatch(
      /attachment; filename="cloudgpus-providers-page-1.csv"/,
    );
    const [header, row] = (await response.text()).trim().split("\r\n");
    expect(header!.split(",").slice(0, 3)).toEqual(["slug", "name", "display_name"]);
    expect(row!.startsWith("runpod,RunPod,RunPod,marketplace,standard,USA")).toBe(true);
  });
});

describe("GET /api/gpu-models", () => {
  it("lists GPU models with a one-hour cache", async () => {
    const response = await apiGet("/api/gpu-models?where[vram_gb][greater_than_equal]=141&sort=-vram_gb,slug");
    expect(response.headers.get("cache-control")).toBe("public, max-age=3600");
    const page = gpuList.parse(await response.json());
    expect(page.docs.map((doc) => doc.slug)).toEqual([
      "b300-sxm",
      "gb300-nvl",
      "mi355x",
      "mi325x",
      "b200-sxm",
      "gb200-nvl",
      "mi300x",
      "h200-nvl",
      "h200-sxm",
    ]);
  });

  it("answers one GPU model with its specs", async () => {
    const gpu = gpuModelDocSchema.parse(await (await apiGet("/api/gpu-models/h100-sxm")).json());
    expect(gpu).toMatchObject({ slug: "h100-sxm", vram_gb: 80, memory_bandwidth_gbps: 3350, architecture: "hopper" });
  });

  it("answers 404 for an unknown GPU model and 400 for an unknown parameter", async () => {
    expect((await apiGet("/api/gpu-models/h999")).status).toBe(404);
    expect((await apiGet("/api/gpu-models/h100-sxm?depth=1")).status).toBe(400);
    expect((await apiGet("/api/gpu-models/h100-sxm/history?days=366")).status).toBe(400);
  });
});

describe("GET /api/gpu-models/:slug/history", () => {
  it("gives daily min/avg/max per provider, carrying prices through days without changes", async () => {
    // Only our own provider's series is asserted on, whatever else stores RTX 4000 Ada offers.
    const slug = await withDb(env, "fresh", async (db) => {
      const provider = await createProvider(db);
      const offer = await createInstance(db, provider.id, { gpuSlug: "rtx-4000-ada", pricePerHour: 0.4 });
      await db.update(instances).set({ pricePerHour: 0.36 }).where(eq(instances.id, offer.id));
      return provider.slug;
    });
    const history = gpuHistorySchema.parse(await (await apiGet("/api/gpu-models/rtx-4000-ada/history?days=90")).json());
    expect(history).toMatchObject({ gpu: { slug: "rtx-4000-ada" }, days: 90 });
    const series = history.providers.find((entry) => entry.provider.slug === slug)!;
    // The average is weighted by time: $0.40 held for a moment, $0.36 ever since.
    expect(series.points).toEqual([
      { date: new Date().toISOString().slice(0, 10), min: 0.36, avg: expect.any(Number), max: 0.4, samples: 2 },
    ]);
    expect(series.points[0]!.avg).toBeGreaterThanOrEqual(0.36);
    expect(series.points[0]!.avg).toBeLessThan(0.4);
  });
});

describe("GET /api/openapi.json and /api/docs", () => {
  it("publishes an OpenAPI 3.1 document generated from the response schemas", async () => {
    const document = (await (await apiGet("/api/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/api/providers",
        "/api/providers/{slug}",
        "/api/gpu-models",
        "/api/instances",
        "/api/compare-prices",
        "/api/compare-providers",
        "/api/health",
      ]),
    );
    expect(Object.keys(document.components.schemas.Instance!.properties!)).toEqual(
      expect.arrayContaining(["price_per_gpu_hour", "provenance"]),
    );
    expect(Object.keys(document.components.schemas.ApiError!.properties!)).toEqual([
      "status",
      "error",
      "message",
      "code",
      "details",
      "timestamp",
      "requestId",
    ]);
  });

  it("renders a reference page from it", async () => {
    const html = await (await apiGet("/api/docs")).text();
    expect(html).toContain("GET /api/compare-prices");
    expect(html).toContain('href="/api/openapi.json"');
  });
});
