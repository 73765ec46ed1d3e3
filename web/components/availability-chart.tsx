import type { Availability } from "../../shared/availability";
import { addDays, utcDay } from "../../shared/history";
import { formatDay } from "./format";
import { ScrollRegion } from "./scroll-region";

// (web/components/availability.tsx is the stock badge of one offer; this is its history.)

export interface AvailabilityChartProps {
  /** Unique on the page: the SVG's title and description ids derive from it. */
  id: string;
  title: string;
  description: string;
  availability: Availability;
  now: Date;
}

const DAYS = 90;
const CELL = 8;
const WIDTH = DAYS * CELL;
const HEIGHT = 56;
// Darkened so each reaches 3:1 against white; the <title> of each cell and the table say the same in words.
const BANDS = [
  { from: 0.9, colour: "#1a7f37", label: "90% or more" },
  { from: 0.5, colour: "#8a6a00", label: "50–90%" },
  { from: 0.1, colour: "#c14d00", label: "10–50%" },
  { from: 0, colour: "#b42318", label: "under 10%" },
] as const;

/** A share as a whole percentage that never rounds a gap away: 99.6 % is "99%", 0.2 % is "<1%". */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined) return "—";
  const percent = share < 1 ? Math.min(Math.round(share * 100), 99) : 100;
  return share > 0 && percent === 0 ? "<1%" : `${percent}%`;
}
const colourOf = (share: number) => (BANDS.find((band) => share >= band.from) ?? BANDS[3]).colour;

/** 90 days in stock, one cell per UTC day coloured by its share, with the 7/30/90-day figures above. */
export function AvailabilityChart({ id, title, description, availability, now }: AvailabilityChartProps) {
  const { windows, timeline } = availability;
  if (timeline.length === 0) return <p class="chart-empty">No stock history yet.</p>;
  const byDay = new Map(timeline.map((entry) => [entry.day, entry.in_stock_share]));
  const last = utcDay(now);
  const days = Array.from({ length: DAYS }, (_, index) => addDays(last, index - DAYS + 1));
  const figures: [string, number | null][] = [
    ["Last 7 days", windows["7d"]],
    ["Last 30 days", windows["30d"]],
    ["Last 90 days", windows["90d"]],
  ];
  return (
    <figure class="chart" id={id}>
      <dl class="stats">
        {figures.map(([term, share]) => (
          <div>
            <dt>{term}</dt>
            <dd>{formatShare(share)} in stock</dd>
          </div>
        ))}
      </dl>
      {/* Not the figure's direct child: the trend chart's fixed aspect ratio is not this one's. */}
      <div>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          width="100%"
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          font-size="12"
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          {days.map((day, index) => {
            const share = byDay.get(day);
            return share === undefined ? (
              <rect
                x={index * CELL + 1}
                y={5}
                width={CELL - 2}
                height={30}
                fill="none"
                stroke="currentColor"
                stroke-opacity="0.3"
              >
                <title>{formatDay(day, true)}: no data</title>
              </rect>
            ) : (
              <rect x={index * CELL} y={4} width={CELL - 1} height={32} fill={colourOf(share)}>
                <title>
                  {formatDay(day, true)}: {formatShare(share)} in stock
                </title>
              </rect>
            );
          })}
          <g class="axis" fill="currentColor">
            <text x={0} y={HEIGHT - 4}>
              {formatDay(days[0] ?? last)}
            </text>
            <text x={WIDTH} y={HEIGHT - 4} text-anchor="end">
              {formatDay(last)}
            </text>
          </g>
        </svg>
      </div>
      <ul class="chart-legend">
        {BANDS.map((band) => (
          <li>
            <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
              <rect width="10" height="10" fill={band.colour} />
            </svg>
            {band.label}
          </li>
        ))}
        <li>
          <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
            <rect x="0.5" y="0.5" width="9" height="9" fill="none" stroke="currentColor" stroke-opacity="0.3" />
          </svg>
          no data
        </li>
      </ul>
      <details>
        <summary>Data table</summary>
        <ScrollRegion label={`${title}: data`}>
          <table>
            <caption>{title}: share of the day in stock</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">In stock</th>
              </tr>
            </thead>
            <tbody>
              {timeline.map((entry) => (
                <tr>
                  <th scope="row">
                    <time datetime={entry.day}>{formatDay(entry.day, true)}</time>
                  </th>
                  <td class="num">{formatShare(entry.in_stock_share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </figure>
  );
}
