import { describe, expect, it } from "vitest";
import { addDays, utcDay } from "./history";

describe("UTC days", () => {
  it("names the UTC day of an instant, whatever its offset", () => {
    expect(utcDay(new Date("2026-11-01T23:59:59.999-01:00"))).toBe("2026-11-02");
    expect(utcDay(Date.parse("2026-11-01T00:00:00Z"))).toBe("2026-11-01");
  });

  it("steps across months, years and leap days", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addDays("2026-11-20", -89)).toBe("2026-08-23");
  });
});
