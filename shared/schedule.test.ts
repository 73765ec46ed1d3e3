import { describe, expect, it } from "vitest";
import { isDue, planningSlot, staleness } from "./schedule";

const at = (hour: number) => new Date(Date.UTC(2026, 10, 23, hour, 0, 0));
const dueHours = (schedule: { intervalHours: number; offsetHours: number }) =>
  Array.from({ length: 24 }, (_, hour) => hour).filter((hour) => isDue(schedule, at(hour)));

describe("scrape schedule", () => {
  it("runs P0 every 4 hours from its offset (lambda-labs 0,4,8,12,16,20)", () => {
    expect(dueHours({ intervalHours: 4, offsetHours: 0 })).toEqual([0, 4, 8, 12, 16, 20]);
  });

  it("staggers P1 by its offset (nebius 1,7,13,19)", () => {
    expect(dueHours({ intervalHours: 6, offsetHours: 1 })).toEqual([1, 7, 13, 19]);
  });

  it("runs P2 every 8 hours (io-net 2,10,18)", () => {
    expect(dueHours({ intervalHours: 8, offsetHours: 2 })).toEqual([2, 10, 18]);
  });

  it("plans a firing in its hour, whatever the minute it fires at", () => {
    expect(planningSlot(Date.UTC(2026, 10, 23, 7, 0, 42, 5)).toISOString()).toBe("2026-11-23T07:00:00.000Z");
    expect(planningSlot(Date.UTC(2026, 10, 23, 7, 59, 0)).toISOString()).toBe("2026-11-23T07:00:00.000Z");
  });

  it("grades staleness as docs/design.md §9's alert thresholds do", () => {
    expect(staleness(3)).toBeNull();
    expect(staleness(12.5)).toBe("warning");
    expect(staleness(24.5)).toBe("critical");
    expect(staleness(null)).toBe("critical");
  });
});
