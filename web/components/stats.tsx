import type { Child } from "hono/jsx";
import type { PriceStats } from "../models";
import { formatPrice } from "./format";

export function PriceStatsList({ stats }: { stats: PriceStats }) {
  const perGpuHour = (usd: number | null) =>
    usd === null ? (
      "—"
    ) : (
      <>
        {formatPrice(usd)}
        <span class="unit">/GPU-h</span>
      </>
    );
  const items: [string, Child][] = [
    ["Lowest", perGpuHour(stats.min)],
    ["Median", perGpuHour(stats.median)],
    ["Highest", perGpuHour(stats.max)],
    ["Providers", String(stats.providers)],
    ["Offers", String(stats.offers)],
  ];
  return (
    <dl class="stats">
      {items.map(([term, value]) => (
        <div>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
