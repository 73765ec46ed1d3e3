import { describe, expect, it } from "vitest";
import { render, series } from "./test-builders";
import { priceTicks, TrendChart, type TrendChartProps } from "./trend-chart";

function chart(props: Partial<TrendChartProps> = {}) {
  return render(
    <TrendChart
      id="h100-trend"
      title="H100 price, last 30 days"
      description="Daily average price per GPU-hour at each provider."
      series={[
        series("Lambda", [
          ["2025-05-01", 2.49],
          ["2025-05-02", 2.39],
          ["2025-05-03", 2.29],
        ]),
        series("RunPod", [
          ["2025-05-02", 2.79],
          ["2025-05-03", 2.69],
        ]),
      ]}
      unit="$/GPU-h"
      {...props}
    />,
  );
}

describe("TrendChart", () => {
  it("is an image labelled by its own title and description", async () => {
    const html = await chart();
    expect(html).toContain('role="img" aria-labelledby="h100-trend-title h100-trend-desc"');
    expect(html).toContain('<title id="h100-trend-title">H100 price, last 30 days</title>');
    expect(html).toContain('<desc id="h100-trend-desc">Daily average price per GPU-hour at each provider.</desc>');
    expect(html).toContain('viewBox="0 0 640 240"');
  });

  it("draws one line per provider with its own dash pattern, and a legend naming them", async () => {
    const html = await chart();
    expect(html.match(/<path d="M[^"]*" fill="none"/g)).toHaveLength(2);
    expect(html).toContain('stroke-dasharray="8 4"');
    expect(html).toMatch(/<ul class="chart-legend"><li>.*Lambda<\/li><li>.*RunPod<\/li><\/ul>/);
  });

  it("labels the first, middle and last dates", async () => {
    const html = await chart();
    for (const day of ["May 1", "May 2", "May 3"]) expect(html).toContain(`>${day}</text>`);
  });

  it("offers the numbers as a data table, one row per date", async () => {
    const html = await chart();
    expect(html).toContain("<details><summary>Data table</summary>");
    expect(html).toContain('<th scope="col">Lambda</th><th scope="col">RunPod</th>');
    expect(html).toContain(
      '<time datetime="2025-05-01">May 1, 2025</time></th><td class="num">$2.49</td><td class="num">—</td>',
    );
  });

  it("says there is no history instead of drawing an empty chart", async () => {
    expect(await chart({ series: [] })).toBe('<p class="chart-empty">Not enough price history yet.</p>');
    expect(await chart({ series: [series("Lambda", [])] })).toContain("Not enough price history yet.");
  });

  it("draws a single day as a point", async () => {
    const html = await chart({ series: [series("Lambda", [["2025-05-01", 2.49]])] });
    expect(html).toContain("<circle");
  });

  it("draws at most eight providers", async () => {
    const many = Array.from({ length: 10 }, (_, index) =>
      series(`P${index}`, [
        ["2025-05-01", 1 + index / 10],
        ["2025-05-02", 1],
      ]),
    );
    const html = await chart({ series: many });
    expect(html).toContain("P7</li>");
    expect(html).not.toContain("P8</li>");
  });

  it("renders the same markup for the same props", async () => {
    expect(await chart()).toBe(await chart());
  });
});

describe("priceTicks", () => {
  it.each([
    [2.29, 2.79],
    [0.05, 0.09],
    [0.3, 12],
    [2.49, 2.49],
    [0, 0],
  ])("gives 3–5 round ticks covering %s–%s", (low, high) => {
    const ticks = priceTicks(low, high);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(ticks[0]).toBeLessThanOrEqual(low);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(high);
  });
});
