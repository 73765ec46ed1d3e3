import { describe, expect, it } from "vitest";
import { dailySeries } from "./history";

const at = (iso: string) => new Date(iso);

describe("dailySeries", () => {
  it("carries the last recorded price through days without changes", () => {
    const points = dailySeries(
      [{ key: "a", at: at("2026-11-01T10:00:00Z"), pricePerGpuHour: 2 }],
      at("2026-11-02T00:00:00Z"),
      at("2026-11-04T12:00:00Z"),
    );
    expect(points).toEqual([
      { date: "2026-11-02", min: 2, avg: 2, max: 2, samples: 1 },
      { date: "2026-11-03", min: 2, avg: 2, max: 2, samples: 1 },
      { date: "2026-11-04", min: 2, avg: 2, max: 2, samples: 1 },
    ]);
  });

  it("counts both the old and the new price on the day of a change", () => {
    const points = dailySeries(
      [
        { key: "a", at: at("2026-11-01T10:00:00Z"), pricePerGpuHour: 3 },
        { key: "a", at: at("2026-11-02T15:00:00Z"), pricePerGpuHour: 2 },
      ],
      at("2026-11-02T00:00:00Z"),
      at("2026-11-03T00:00:00Z"),
    );
    expect(points[0]).toEqual({ date: "2026-11-02", min: 2, avg: 2.5, max: 3, samples: 2 });
    expect(points[1]).toEqual({ date: "2026-11-03", min: 2, avg: 2, max: 2, samples: 1 });
  });

  it("aggregates several offers of a provider and drops an offer after it ended", () => {
    const points = dailySeries(
      [
        { key: "a", at: at("2026-11-01T00:00:00Z"), pricePerGpuHour: 2 },
        { key: "b", at: at("2026-11-01T00:00:00Z"), pricePerGpuHour: 4 },
      ],
      at("2026-11-01T00:00:00Z"),
      at("2026-11-03T00:00:00Z"),
      new Map([["b", at("2026-11-01T20:00:00Z")]]),
    );
    expect(points.map((point) => [point.date, point.avg])).toEqual([
      ["2026-11-01", 3],
      ["2026-11-02", 2],
      ["2026-11-03", 2],
    ]);
  });

  it("has no points before the first price", () => {
    expect(
      dailySeries(
        [{ key: "a", at: at("2026-11-03T09:00:00Z"), pricePerGpuHour: 1 }],
        at("2026-11-01T00:00:00Z"),
        at("2026-11-03T23:00:00Z"),
      ).map((point) => point.date),
    ).toEqual(["2026-11-03"]);
  });
});
