import { describe, expect, it } from "vitest";
import { all, first, isHidden, jsonLd, layoutChanged, moneyIn, parsePage, visibleText } from "./html";

describe("reading a pricing page", () => {
  const page = parsePage(`<!doctype html><html><head>
      <script type="application/ld+json">{"@type":"Product","name":"H100","offers":{"price":"2.49"}}</script>
      <script type="application/ld+json">{ not json</script>
      <style>.price{color:red}</style></head>
    <body>
      <table id="on-demand"><tr><td>H100 SXM</td><td class="price"><s>$2.99</s> $2.49<sup>*</sup>/hr</td></tr></table>
      <div hidden><table id="old"><tr><td>H100 SXM</td><td class="price">$1.99</td></tr></table></div>
      <div style="display: none"><span class="price">$0.50</span></div>
      <div aria-hidden="true"><span class="price">$0.75</span></div>
      <p>Prices in <b>EUR</b>: <span class="price">2,49 €</span> per hour</p>
    </body></html>`);

  it("finds elements by selector and says which are hidden, by themselves or an ancestor", () => {
    const prices = all(".price", page);
    expect(prices.map((price) => [visibleText(price), isHidden(price)])).toEqual([
      ["$2.49*/hr", false],
      ["$1.99", true],
      ["$0.50", true],
      ["$0.75", true],
      ["2,49 €", false],
    ]);
    expect(first("#old td", page) && isHidden(first("#old td", page) as never)).toBe(true);
  });

  it("reads the text a person sees: struck-out old prices and scripts left out, cells kept apart", () => {
    expect(visibleText(first("#on-demand tr", page) as never)).toBe("H100 SXM $2.49*/hr");
  });

  it("reads amounts of money with footnotes, thousands separators, euro signs and decimal commas", () => {
    expect(moneyIn("$2.49*/hr")).toEqual({ amount: 2.49, currency: "USD" });
    expect(moneyIn("from $ 1,234.50 per month")).toEqual({ amount: 1234.5, currency: "USD" });
    expect(moneyIn("€1.20*")).toEqual({ amount: 1.2, currency: "EUR" });
    expect(moneyIn("2,49 €")).toEqual({ amount: 2.49, currency: "EUR" });
    expect(moneyIn("Contact sales")).toBeNull();
  });

  it("parses the JSON-LD blocks that parse", () => {
    expect(jsonLd(page)).toEqual([{ "@type": "Product", name: "H100", offers: { price: "2.49" } }]);
  });

  it("calls a page without its prices a changed layout, and a challenge page a challenge", () => {
    expect(
      layoutChanged("no price table", "<html><body>New look!</body></html>", "https://x.example/pricing"),
    ).toMatchObject({ code: "LAYOUT_CHANGED", message: "https://x.example/pricing: no price table", retryable: false });
    expect(
      layoutChanged("no price table", "<html><title>Just a moment...</title></html>", "https://x.example/pricing"),
    ).toMatchObject({ code: "BLOCKED" });
  });
});
