import type { OfferRow } from "../models";
import { AvailabilityBadge } from "./availability";
import { formatPrice, tierLabel } from "./format";
import { Freshness } from "./freshness";
import { ScrollRegion } from "./scroll-region";

export type PriceSortKey = "price" | "total" | "provider" | "gpus" | "updated";
export type SortDir = "asc" | "desc";
export interface PriceSort {
  key: PriceSortKey;
  dir: SortDir;
}

export interface PriceTableProps {
  offers: OfferRow[];
  now: Date;
  sort: PriceSort;
  /** The URL that shows this table sorted by `key` in `dir`: sorting works without JavaScript. */
  sortHref: (key: PriceSortKey, dir: SortDir) => string;
  showGpu?: boolean;
  caption: string;
  /** Said instead of an empty table. */
  emptyText?: string;
}

const VISIBLE_REGIONS = 3;

// The direction a column sorts in when first chosen: cheapest, smallest, A–Z, newest.
const FIRST_DIR: Record<PriceSortKey, SortDir> = {
  price: "asc",
  total: "asc",
  provider: "asc",
  gpus: "asc",
  updated: "desc",
};

const sortValue: Record<PriceSortKey, (offer: OfferRow) => number | string> = {
  price: (offer) => offer.pricePerGpuHour,
  total: (offer) => offer.pricePerHour,
  provider: (offer) => offer.provider.name.toLowerCase(),
  gpus: (offer) => offer.gpuCount,
  updated: (offer) => offer.lastScrapedAt,
};

/** The rows in the order the table shows them; ties fall back to the cheapest GPU-hour. */
export function sortOffers(offers: readonly OfferRow[], { key, dir }: PriceSort): OfferRow[] {
  const sign = dir === "asc" ? 1 : -1;
  const compare = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...offers].sort(
    (a, b) => sign * compare(sortValue[key](a), sortValue[key](b)) || compare(a.pricePerGpuHour, b.pricePerGpuHour),
  );
}

const opposite = (dir: SortDir): SortDir => (dir === "asc" ? "desc" : "asc");

function SortableHeader(props: {
  label: string;
  column: PriceSortKey;
  sort: PriceSort;
  sortHref: PriceTableProps["sortHref"];
}) {
  const { label, column, sort, sortHref } = props;
  const active = sort.key === column;
  const next = active ? opposite(sort.dir) : FIRST_DIR[column];
  // app.js sorts in place: it needs the direction of the next click and the URL of both directions.
  return (
    <th scope="col" aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}>
      <a
        href={sortHref(column, next)}
        data-dir={next}
        data-first={FIRST_DIR[column]}
        data-alt={sortHref(column, opposite(next))}
      >
        {label}
      </a>
    </th>
  );
}

function Regions({ regions }: { regions: string[] }) {
  if (regions.length === 0) return <>—</>;
  const hidden = regions.length - VISIBLE_REGIONS;
  return (
    <>
      {regions.slice(0, VISIBLE_REGIONS).join(", ")}
      {hidden > 0 ? (
        <>
          {" "}
          <span class="more" title={regions.join(", ")}>
            +{hidden}
            <span class="visually-hidden"> more</span>
          </span>
        </>
      ) : null}
    </>
  );
}

const numberValue = (value: number | null) => (value === null ? "" : String(value));

export function PriceTable({
  offers,
  now,
  sort,
  sortHref,
  showGpu = false,
  caption,
  emptyText = "No prices yet.",
}: PriceTableProps) {
  if (offers.length === 0) return <p class="empty">{emptyText}</p>;
  const header = (label: string, column: PriceSortKey) => (
    <SortableHeader label={label} column={column} sort={sort} sortHref={sortHref} />
  );
  return (
    <ScrollRegion label={caption}>
      <table class="price-table" data-sortable="">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {header("Provider", "provider")}
            {showGpu ? <th scope="col">GPU</th> : null}
            <th scope="col">Instance</th>
            {header("GPUs", "gpus")}
            {header("$/GPU-h", "price")}
            {header("$/h", "total")}
            <th scope="col">Spot $/GPU-h</th>
            <th scope="col">1y reserved $/GPU-h</th>
            <th scope="col">Regions</th>
            <th scope="col">Availability</th>
            {header("Updated", "updated")}
            <th scope="col">
              <span class="visually-hidden">Rent</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sortOffers(offers, sort).map((offer) => (
            <tr>
              <th scope="row" data-value={offer.provider.name.toLowerCase()}>
                <a href={`/provider/${offer.provider.slug}`}>{offer.provider.name}</a>{" "}
                <span class={`tier tier-${offer.provider.tier}`}>{tierLabel(offer.provider.tier)}</span>
              </th>
              {showGpu ? (
                <td>
                  <a href={`/cloud-gpu/${offer.gpu.slug}`}>{offer.gpu.name}</a>
                </td>
              ) : null}
              <td>{offer.instanceName ?? offer.instanceType}</td>
              <td class="num" data-value={offer.gpuCount}>
                {offer.gpuCount}
              </td>
              <td class="num price" data-value={offer.pricePerGpuHour}>
                {formatPrice(offer.pricePerGpuHour)}
              </td>
              <td class="num" data-value={offer.pricePerHour}>
                {formatPrice(offer.pricePerHour)}
              </td>
              <td class="num" data-value={numberValue(offer.spotPerGpuHour)}>
                {formatPrice(offer.spotPerGpuHour)}
              </td>
              <td class="num" data-value={numberValue(offer.reserved1yPerGpuHour)}>
                {formatPrice(offer.reserved1yPerGpuHour)}
              </td>
              <td>
                <Regions regions={offer.regions} />
              </td>
              <td>
                <AvailabilityBadge status={offer.availability} />
              </td>
              <td data-value={offer.lastScrapedAt}>
                <Freshness at={offer.lastScrapedAt} now={now} stale={offer.stale} />
              </td>
              <td>
                <a class="rent" href={`/go/${offer.provider.slug}`} rel="sponsored nofollow">
                  Rent
                  <span class="visually-hidden">
                    {" "}
                    {offer.gpu.name} at {offer.provider.name}
                  </span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
