import { describe, expect, it } from "vitest";
import { apiGet } from "../../testing/factories";

// Calculator inputs are normalised before they become a cache key: the same question asked in
// another spelling is answered from the cache, and a spelling that is not a plain decimal is a 400.
// (Each miss costs a database query, and anybody can vary a query string for ever.)

const get = (path: string) => apiGet(path);
const unique = () => String(100 + Math.floor(Math.random() * 800));

describe("calculator inputs", () => {
  it("answers the same estimate in another spelling from the cache", async () => {
    const days = unique(); // a question no other test asks, so the first answer is a miss
    const first = await get(`/calculator/cost-estimator?gpu=h100-sxm&count=2&hours=8&days=${days}`);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-cache")).toBe("MISS");
    for (const spelling of [`count=2.0&hours=8&days=${days}`, `count=02&hours=8.00&days=${days}.0`]) {
      const again = await get(`/calculator/cost-estimator?gpu=h100-sxm&${spelling}`);
      expect(again.status, spelling).toBe(200);
      expect(again.headers.get("x-cache"), spelling).toBe("HIT");
    }
  });

  it("rounds the selector's figures to what they mean: cents of budget, tenths of a billion parameters", async () => {
    const vram = unique();
    const first = await get(`/calculator/gpu-selector?model=7&vram=${vram}&budget=2.5`);
    expect(first.headers.get("x-cache")).toBe("MISS");
    const again = await get(`/calculator/gpu-selector?model=7.0000001&vram=${vram}.0&budget=2.500001`);
    expect(again.status).toBe(200);
    expect(again.headers.get("x-cache")).toBe("HIT");
  });

  it("refuses numbers that are not plain decimals with a 400", async () => {
    for (const query of [
      "cost-estimator?gpu=h100-sxm&count=0x2&hours=8&days=30",
      "cost-estimator?gpu=h100-sxm&count=2&hours=1e1&days=30",
      "cost-estimator?gpu=h100-sxm&count=2.5&hours=8&days=30",
      "cost-estimator?gpu=h100-sxm&count=%202&hours=8&days=30",
      "gpu-selector?model=0x7",
      "gpu-selector?budget=Infinity",
      "gpu-selector?vram=1e3",
    ]) {
      const response = await get(`/calculator/${query}`);
      expect(response.status, query).toBe(400);
    }
  });
});
