import type { ProviderSeries } from "../models";
import { formatDay, formatPrice } from "./format";
import { ScrollRegion } from "./scroll-region";

export interface TrendChartProps {
  /** Unique on the page: the SVG's title and description ids derive from it. */
  id: string;
  title: string;
  description: string;
  /** The first eight series with points are drawn; pick them before passing more. */
  series: ProviderSeries[];
  unit: "$/GPU-h";
}

const WIDTH = 640;
const HEIGHT = 240;
const PLOT = { left: 56, right: 624, top: 24, bottom: 212 };
const MAX_SERIES = 8;
// Min–max bands overlap into mud with many providers; they help only when few are drawn.
const MAX_SERIES_WITH_BANDS = 3;
// Okabe–Ito hues darkened to ≥ 4.5:1 on white; styles.css swaps in light ones for dark mode.
// Each series also gets its own dash pattern, so no one needs to tell colours apart.
const COLOURS = ["#0072b2", "#c14d00", "#007a5a", "#a6468a", "#8a6a00", "#1f2937", "#5e4fa2", "#8c564b"];
const DASHES = ["", "8 4", "2 3", "10 3 2 3", "4 4", "14 4", "1 3", "6 2 2 2"];
const DAY_MS = 86_400_000;

const dayNumber = (isoDate: string) => Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / DAY_MS;
const coordinate = (value: number) => Math.round(value * 10) / 10;

/** 3–5 round price ticks covering [low, high]. */
export function priceTicks(low: number, high: number): number[] {
  if (high - low < 1e-9) {
    const pad = Math.max(Math.abs(low) * 0.1, 0.01);
    [low, high] = [Math.max(0, low - pad), high + pad];
  }
  const magnitude = 10 ** Math.floor(Math.log10((high - low) / 10));
  for (const multiple of [1, 2, 2.5, 5, 10, 20, 25, 50, 100]) {
    const step = multiple * magnitude;
    const first = Math.floor(low / step);
    const last = Math.ceil(high / step);
    if (last - first + 1 <= 5) {
      return Array.from({ length: last - first + 1 }, (_, index) => Number(((first + index) * step).toFixed(6)));
    }
  }
  return [low, high];
}

export function TrendChart({ id, title, description, series, unit }: TrendChartProps) {
  const drawn = series.filter((entry) => entry.points.length > 0).slice(0, MAX_SERIES);
  if (drawn.length === 0) return <p class="chart-empty">Not enough price history yet.</p>;

  const withBands = drawn.length <= MAX_SERIES_WITH_BANDS;
  const dates = [...new Set(drawn.flatMap((entry) => entry.points.map((point) => point.date)))].sort();
  // `drawn` has points, so `dates` has at least one.
  const firstDate = dates[0] ?? "";
  const lastDate = dates.at(-1) ?? firstDate;
  const firstDay = dayNumber(firstDate);
  const lastDay = dayNumber(lastDate);
  const values = drawn.flatMap((entry) =>
    entry.points.flatMap((point) => (withBands ? [point.min, point.max] : [point.avg])),
  );
  const ticks = priceTicks(Math.min(...values), Math.max(...values));
  const low = ticks[0] ?? 0;
  const high = ticks.at(-1) ?? low + 1;

  const x = (date: string) =>
    coordinate(
      lastDay === firstDay
        ? (PLOT.left + PLOT.right) / 2
        : PLOT.left + ((dayNumber(date) - firstDay) / (lastDay - firstDay)) * (PLOT.right - PLOT.left),
    );
  const y = (price: number) => coordinate(PLOT.bottom - ((price - low) / (high - low)) * (PLOT.bottom - PLOT.top));
  const line = (points: { date: string; price: number }[]) =>
    points.map((point, index) => `${index ? "L" : "M"}${x(point.date)} ${y(point.price)}`).join("");
  const dateLabels = [...new Set([0, Math.floor((dates.length - 1) / 2), dates.length - 1])].flatMap(
    (index) => dates[index] ?? [],
  );
  const anchorOf = (index: number, count: number) =>
    count === 1 ? "middle" : index === 0 ? "start" : index === count - 1 ? "end" : "middle";
  const withYear = firstDate.slice(0, 4) !== lastDate.slice(0, 4);

  return (
    <figure class="chart" id={id}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        font-size="12"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <g class="axis" fill="currentColor">
          <text x={4} y={12}>
            {unit}
          </text>
          {ticks.map((tick) => (
            <>
              <line
                class="grid"
                x1={PLOT.left}
                x2={PLOT.right}
                y1={y(tick)}
                y2={y(tick)}
                stroke="currentColor"
                stroke-opacity="0.25"
              />
              <text x={PLOT.left - 6} y={y(tick)} text-anchor="end" dominant-baseline="middle">
                {formatPrice(tick)}
              </text>
            </>
          ))}
          {dateLabels.map((date, index) => (
            <text x={x(date)} y={HEIGHT - 8} text-anchor={anchorOf(index, dateLabels.length)}>
              {formatDay(date, withYear)}
            </text>
          ))}
        </g>
        {drawn.map((entry, index) => (
          <g class={`series series-${index}`} color={COLOURS[index]}>
            {withBands && entry.points.length > 1 ? (
              <path
                d={`${line(entry.points.map((point) => ({ date: point.date, price: point.min })))}${line(
                  entry.points.toReversed().map((point) => ({ date: point.date, price: point.max })),
                ).replace(/^M/, "L")}Z`}
                fill="currentColor"
                fill-opacity="0.12"
              />
            ) : null}
            <path
              d={line(entry.points.map((point) => ({ date: point.date, price: point.avg })))}
              fill="none"
              stroke="currentColor"
              stroke-width="2"
              stroke-dasharray={DASHES[index] || undefined}
            />
            {entry.points.length === 1 && entry.points[0] ? (
              <circle cx={x(entry.points[0].date)} cy={y(entry.points[0].avg)} r="4" fill="currentColor" />
            ) : null}
          </g>
        ))}
      </svg>
      <ul class="chart-legend">
        {drawn.map((entry, index) => (
          <li>
            <svg
              class={`series-${index}`}
              color={COLOURS[index]}
              width="28"
              height="10"
              viewBox="0 0 28 10"
              aria-hidden="true"
            >
              <line
                x1="0"
                y1="5"
                x2="28"
                y2="5"
                stroke="currentColor"
                stroke-width="2"
                stroke-dasharray={DASHES[index] || undefined}
              />
            </svg>
            {entry.provider.name}
          </li>
        ))}
      </ul>
      <details>
        <summary>Data table</summary>
        <ScrollRegion label={`${title}: data`}>
          <table>
            <caption>
              {title}: daily average, {unit}
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                {drawn.map((entry) => (
                  <th scope="col">{entry.provider.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {dates.map((date) => (
                <tr>
                  <th scope="row">
                    <time datetime={date}>{formatDay(date, true)}</time>
                  </th>
                  {drawn.map((entry) => (
                    <td class="num">{formatPrice(entry.points.find((point) => point.date === date)?.avg)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </figure>
  );
}
