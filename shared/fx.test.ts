import { describe, expect, it } from "vitest";
import { type FxRate, parseEcbDailyXml, rateFor, toUsd } from "./fx";

const rates: FxRate[] = [
  { currency: "EUR", date: "2026-11-18", usdPerUnit: 1.0801, source: "ECB" },
  { currency: "EUR", date: "2026-11-20", usdPerUnit: 1.0825, source: "ECB" },
  { currency: "EUR", date: "2026-11-23", usdPerUnit: 1.09, source: "ECB" },
];

describe("exchange rates", () => {
  it("uses the newest rate dated on or before the day", () => {
    expect(rateFor(rates, "EUR", new Date("2026-11-21T15:00:00Z"))?.usdPerUnit).toBe(1.0825);
    expect(rateFor(rates, "EUR", new Date("2026-11-20T00:00:00Z"))?.usdPerUnit).toBe(1.0825);
  });

  it("has no rate before the first one", () => {
    expect(rateFor(rates, "EUR", new Date("2026-11-01T00:00:00Z"))).toBeNull();
  });

  it("converts USD to itself", () => {
    expect(rateFor([], "USD", new Date())?.usdPerUnit).toBe(1);
  });

  it("converts to USD with four decimals", () => {
    expect(toUsd(2.73, rates[1]!)).toBe(2.9552);
  });

  it("reads the ECB daily reference-rate XML", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><gesmes:subject>Reference rates</gesmes:subject><Cube><Cube time='2026-11-20'><Cube currency='USD' rate='1.0825'/><Cube currency='JPY' rate='167.41'/></Cube></Cube></gesmes:Envelope>`;
    expect(parseEcbDailyXml(xml)).toEqual({
      currency: "EUR",
      date: "2026-11-20",
      usdPerUnit: 1.0825,
      source: "ECB euro reference rate",
    });
  });

  it("finds nothing in XML without a USD rate", () => {
    expect(parseEcbDailyXml("<Cube time='2026-11-20'><Cube currency='JPY' rate='167.41'/></Cube>")).toBeNull();
    expect(parseEcbDailyXml("<html>error</html>")).toBeNull();
  });
});
