import { describe, expect, it } from "vitest";
import { formatDay, formatHours, formatPrice, relativeTime } from "./format";

describe("formatPrice", () => {
  it.each([
    [2.4, "$2.40"],
    [2.499, "$2.50"],
    [0.089, "$0.089"],
    [0.1, "$0.10"],
    [1234.5, "$1,234.50"],
    [0, "$0.00"],
  ])("writes %s as %s", (usd, expected) => {
    expect(formatPrice(usd)).toBe(expected);
  });

  it("writes a missing or non-finite price as a dash", () => {
    expect(formatPrice(null)).toBe("—");
    expect(formatPrice(undefined)).toBe("—");
    expect(formatPrice(Number.NaN)).toBe("—");
  });
});

describe("formatHours", () => {
  it("groups thousands and keeps at most one decimal", () => {
    expect(formatHours(1460)).toBe("1,460 h");
    expect(formatHours(2.25)).toBe("2.3 h");
    expect(formatHours(null)).toBe("—");
  });
});

describe("relativeTime", () => {
  const now = new Date("2025-06-01T12:00:00Z");
  it.each([
    ["2025-06-01T11:59:30Z", "just now"],
    ["2025-06-01T11:48:00Z", "12 min ago"],
    ["2025-06-01T11:00:01Z", "59 min ago"],
    ["2025-06-01T11:00:00Z", "1 h ago"],
    ["2025-06-01T09:00:00Z", "3 h ago"],
    ["2025-05-31T12:00:01Z", "23 h ago"],
    ["2025-05-30T11:00:00Z", "2 d ago"],
    ["2025-06-01T12:05:00Z", "just now"],
  ])("says %s is %s", (at, expected) => {
    expect(relativeTime(at, now)).toBe(expected);
  });

  it("says an unreadable time is unknown", () => {
    expect(relativeTime("yesterday-ish", now)).toBe("unknown");
  });
});

describe("formatDay", () => {
  it("writes ISO dates as short UTC dates", () => {
    expect(formatDay("2025-01-05")).toBe("Jan 5");
    expect(formatDay("2025-12-31T23:00:00Z", true)).toBe("Dec 31, 2025");
  });

  it("leaves something that is not a date as it is", () => {
    expect(formatDay("soon")).toBe("soon");
  });
});
