import type { PriceStats } from "../models";
import { formatPrice } from "./format";

export function PriceStatsList({ stats }: { stats: PriceStats }) {
  const items: [string, string][] = [
    ["Lowest", `${formatPrice(stats.min)}/GPU-h`],
    ["Median", `${formatPrice(stats.median)}/GPU-h`],
    ["Highest", `${formatPrice(stats.max)}/GPU-h`],
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
