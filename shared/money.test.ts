import { describe, expect, it } from "vitest";
import { perGpu, roundMoney } from "./money";

describe("roundMoney", () => {
  it("keeps four decimals, as the price columns do", () => {
    expect(roundMoney(2.345_649)).toBe(2.3456);
    expect(roundMoney(2.345_65)).toBe(2.3457);
    expect(roundMoney(0.000_04)).toBe(0);
  });
});

describe("perGpu", () => {
  it("divides a whole-instance price by its GPUs and rounds", () => {
    expect(perGpu(23.92, 8)).toBe(2.99);
    expect(perGpu(10, 3)).toBe(3.3333);
  });

  it("leaves a missing price missing", () => {
    expect(perGpu(null, 8)).toBeNull();
  });
});
