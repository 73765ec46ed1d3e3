import { describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import { apiGet, apiRequest } from "../../testing/factories";

// Values the grammar's syntax accepts but the database cannot compare with (issue 12 §6, found by
// fuzzing): each must answer 400 in the envelope naming its parameter, or succeed, never 500.

const cases: [path: string, parameter: string | null][] = [
  ["/api/instances?where[gpu_count][equals]=40000", "where[gpu_count][equals]"],
  ["/api/instances?where[gpu_count][in]=1,70000", "where[gpu_count][in]"],
  ["/api/instances?where[gpu_count][greater_than]=-40000", "where[gpu_count][greater_than]"],
  ["/api/gpu-models?where[vram_gb][greater_than]=2147483648", "where[vram_gb][greater_than]"],
  ["/api/gpu-models?where[memory_bandwidth_gbps][less_than]=2147483648", "where[memory_bandwidth_gbps][less_than]"],
  ["/api/gpu-models?where[generation_year][equals]=99999", "where[generation_year][equals]"],
  ["/api/instances?where[last_scraped_at][greater_than]=0000-01-01", "where[last_scraped_at][greater_than]"],
  ["/api/instances?where[last_scraped_at][less_than]=9999-12-31T23:30:00-01:00", "where[last_scraped_at][less_than]"],
  // In range: answered, not refused.
  ["/api/instances?where[gpu_count][less_than_equal]=32767", null],
  ["/api/instances?where[price_per_hour][less_than]=1e300", null],
  ["/api/instances?where[last_scraped_at][greater_than]=0001-01-01", null],
];

describe("values the database cannot compare with", () => {
  for (const [path, parameter] of cases) {
    it(`${decodeURIComponent(path)} → ${parameter ? "400" : "200"}`, async () => {
      const response = await apiGet(path);
      if (parameter === null) {
        expect(response.status).toBe(200);
        return;
      }
      expect(response.status).toBe(400);
      const body = apiErrorSchema.parse(await response.json());
      expect(JSON.stringify(body)).toContain(parameter);
    });
  }

  it("answers a maxPrice spelled with 600 digits like the number it is (its cache key was over KV's limit)", async () => {
    const long = await apiGet(`/api/compare-prices?gpuSlug=h100-sxm&maxPrice=3.${"0".repeat(600)}1`);
    const text = await long.clone().text();
    expect(long.status, text).toBe(200);
    const short = await apiGet("/api/compare-prices?gpuSlug=h100-sxm&maxPrice=3.0000000001");
    const [a, b] = [(await long.json()) as Record<string, unknown>, (await short.json()) as Record<string, unknown>];
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect([a.gpu, a.prices]).toEqual([b.gpu, b.prices]);
  });
});

describe("a path asked with a method it does not answer", () => {
  it("answers 405 METHOD_NOT_ALLOWED in the envelope, with the methods it does answer", async () => {
    for (const path of ["/api/instances", "/api/instances/00000000-0000-4000-8000-000000000000", "/api/gpu-models"]) {
      const response = await apiRequest(path, { method: "DELETE" });
      expect(response.status, path).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD");
      expect(apiErrorSchema.parse(await response.json()).code).toBe("METHOD_NOT_ALLOWED");
    }
  });

  it("still answers 404 for a path no route has", async () => {
    const response = await apiRequest("/api/nothing-here", { method: "POST" });
    expect(response.status).toBe(404);
  });
});
