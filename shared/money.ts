// Money as the database keeps it: USD (or the provider's currency) with four decimals, the scale of
// every price column (numeric(10,4)). Every computed price is rounded here, once, the same way.

/** The largest price a price column can hold: numeric(10,4) keeps six digits before the point. */
export const MAX_STORABLE_PRICE = 999_999.9999;

export function roundMoney(amount: number): number {
  return Math.round(amount * 10_000) / 10_000;
}

/** A whole-instance price per GPU, rounded; null stays null. */
export function perGpu(price: number | null, gpuCount: number): number | null {
  return price === null ? null : roundMoney(price / gpuCount);
}

/**
 * A stored offer's price per GPU-hour. The database generates it (`price_per_hour / gpu_count`, never
 * null since `gpu_count > 0`), but the column type says nullable: this says what it is.
 */
export function gpuHourPrice(row: { pricePerGpuHour: number | null; pricePerHour: number; gpuCount: number }): number {
  return row.pricePerGpuHour ?? roundMoney(row.pricePerHour / row.gpuCount);
}
