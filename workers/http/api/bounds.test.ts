import { describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import { apiGet } from "../../testing/factories";

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

  it("answers a long maxPrice on /api/compare-prices without a server error", async () => {
    const response = await apiGet(`/api/compare-prices?gpu=h100-sxm&maxPrice=${"9".repeat(600)}`);
    expect(response.status).toBeLessThan(500);
  });
});
