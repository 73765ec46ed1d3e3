import { describe, expect, it } from "vitest";
import { backoffSeconds } from "./backoff";

const limits = { baseSeconds: 30, maxSeconds: 3_600 };

describe("backoffSeconds", () => {
  it("doubles the ceiling with each attempt", () => {
    const top = () => 1;
    expect([1, 2, 3, 4].map((attempt) => backoffSeconds(attempt, limits, top))).toEqual([30, 60, 120, 240]);
  });

  it("never exceeds the cap, however many attempts", () => {
    expect(backoffSeconds(40, limits, () => 1)).toBe(3_600);
  });

  it("spreads retries with jitter but waits at least a second", () => {
    expect(backoffSeconds(3, limits, () => 0.5)).toBe(60);
    expect(backoffSeconds(3, limits, () => 0)).toBe(1);
  });
});
