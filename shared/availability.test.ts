import { describe, expect, it } from "vitest";
import { availabilityOf } from "./availability";

const NOW = new Date("2026-11-20T12:00:00Z");
const HOUR = 3_600;

describe("availabilityOf", () => {
  it("weights each window by the seconds observed, today so far included", () => {
    const availability = availabilityOf(
      [
        { date: "2026-11-10", observedSeconds: 24 * HOUR, inStockSeconds: 0 }, // only in the 30 and 90 days
        { date: "2026-11-19", observedSeconds: 24 * HOUR, inStockSeconds: 18 * HOUR },
        { date: "2026-11-20", observedSeconds: 12 * HOUR, inStockSeconds: 12 * HOUR },
      ],
      NOW,
    );
    // 7 days: (18 + 12) / (24 + 12) h = 0.8333; 30 and 90: 30 / 60 h = 0.5.
    expect(availability.windows).toEqual({ "7d": 0.8333, "30d": 0.5, "90d": 0.5 });
    expect(availability.timeline).toEqual([
      { day: "2026-11-10", in_stock_share: 0 },
      { day: "2026-11-19", in_stock_share: 0.75 },
      { day: "2026-11-20", in_stock_share: 1 },
    ]);
  });

  it("counts an ended offer as out of stock from its last scrape on", () => {
    const availability = availabilityOf(
      [{ date: "2026-11-18", observedSeconds: 6 * HOUR, inStockSeconds: 6 * HOUR }],
      NOW,
      new Date("2026-11-18T06:00:00Z"),
    );
    // Listed and in stock 00:00–06:00 on the 18th, gone since: 6 h of 60 h.
    expect(availability.windows["7d"]).toBe(0.1);
    expect(availability.timeline).toEqual([
      { day: "2026-11-18", in_stock_share: 0.25 },
      { day: "2026-11-19", in_stock_share: 0 },
      { day: "2026-11-20", in_stock_share: 0 },
    ]);
  });

  it("has no figures without data, and ignores days older than 90", () => {
    const availability = availabilityOf([{ date: "2026-08-01", observedSeconds: HOUR, inStockSeconds: HOUR }], NOW);
    expect(availability).toEqual({ windows: { "7d": null, "30d": null, "90d": null }, timeline: [] });
  });
});
