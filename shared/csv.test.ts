import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

describe("CSV", () => {
  it.each([
    ['=HYPERLINK("http://evil")', '"\'=HYPERLINK(""http://evil"")"'],
    ["+1+2", "'+1+2"],
    ["-cmd", "'-cmd"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tTAB", "'\tTAB"],
    ["\r\nCR", '"\'\r\nCR"'],
  ])("escapes a formula-looking cell %j", (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  it("quotes commas, quotes and line breaks per RFC 4180", () => {
    expect(csvCell('8x H100, "SXM"')).toBe('"8x H100, ""SXM"""');
    expect(csvCell("a\nb")).toBe('"a\nb"');
  });

  it("writes numbers, booleans, empty values and lists plainly", () => {
    expect(csvCell(-2.5)).toBe("-2.5");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(null)).toBe("");
    expect(csvCell(["us-east", "eu-west"])).toBe("us-east;eu-west");
  });

  it("builds a header and CRLF-terminated rows", () => {
    expect(
      toCsv(
        ["slug", "price"],
        [
          { slug: "h100-sxm", price: 2.99 },
          { slug: "=cmd", price: null },
        ],
      ),
    ).toBe("slug,price\r\nh100-sxm,2.99\r\n'=cmd,\r\n");
  });
});
