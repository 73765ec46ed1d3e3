import { describe, expect, it } from "vitest";
import type { Availability } from "../../shared/availability";
import { AvailabilityChart, formatShare } from "./availability-chart";
import { NOW, render } from "./test-builders";

const availability: Availability = {
  windows: { "7d": 0.9312, "30d": 0.5, "90d": null },
  timeline: [
    { day: "2025-05-30", in_stock_share: 0.25 },
    { day: "2025-06-01", in_stock_share: 1 },
  ],
};

const chart = (props: { availability?: Availability } = {}) =>
  render(
    <AvailabilityChart
      id="h100-stock"
      title="H100 in stock, last 90 days"
      description="One cell per day."
      availability={availability}
      now={NOW}
      {...props}
    />,
  );

describe("AvailabilityChart", () => {
  it("shows the 7, 30 and 90-day figures as text", async () => {
    const html = await chart();
    expect(html).toContain("<dt>Last 7 days</dt><dd>93% in stock</dd>");
    expect(html).toContain("<dt>Last 30 days</dt><dd>50% in stock</dd>");
    expect(html).toContain("<dt>Last 90 days</dt><dd>— in stock</dd>");
  });

  it("draws 90 days, one cell each, every cell titled with its day and share", async () => {
    const html = await chart();
    expect(html).toContain('role="img" aria-labelledby="h100-stock-title h100-stock-desc"');
    expect(html.match(/<rect /g)).toHaveLength(90 + 5); // and the legend's five swatches
    expect(html).toContain('fill="#c14d00"><title>May 30, 2025: 25% in stock</title>');
    expect(html).toContain('fill="#1a7f37"><title>Jun 1, 2025: 100% in stock</title>');
    expect(html).toContain("<title>May 31, 2025: no data</title>");
    expect(html).toContain(">Mar 4</text>");
  });

  it("offers the days as a data table", async () => {
    const html = await chart();
    expect(html).toContain('<time datetime="2025-05-30">May 30, 2025</time></th><td class="num">25%</td>');
  });

  it("says there is no history instead of drawing an empty strip", async () => {
    expect(await chart({ availability: { windows: { "7d": null, "30d": null, "90d": null }, timeline: [] } })).toBe(
      '<p class="chart-empty">No stock history yet.</p>',
    );
  });
});

describe("formatShare", () => {
  it("never rounds a gap away", () => {
    expect([0, 0.004, 0.5, 0.996, 1, null].map(formatShare)).toEqual(["0%", "<1%", "50%", "99%", "100%", "—"]);
  });
});
