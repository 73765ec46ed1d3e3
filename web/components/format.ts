import type { AvailabilityStatus, GpuArchitecture, ProviderType, ReliabilityTier } from "../../shared/domain";

// How every page writes prices, durations and domain words. Deterministic (no locale of the
// machine, no clock): the same props render the same bytes, which the edge cache relies on.

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const decimals = (fractionDigits: number) =>
  new Intl.NumberFormat("en-US", { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
const twoDecimals = decimals(2);
const threeDecimals = decimals(3);
const wholeOrOneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** `$2.49`, `$1,234.56`; three decimals under ten cents (`$0.089`), where cents hide real differences. */
export function formatPrice(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return "—";
  return `$${(usd > 0 && usd < 0.1 ? threeDecimals : twoDecimals).format(usd)}`;
}

/** `730 h`, `1,460 h`, `2.5 h`. */
export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return "—";
  return `${wholeOrOneDecimal.format(hours)} h`;
}

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return wholeOrOneDecimal.format(value);
}

/** `just now`, `12 min ago`, `3 h ago`, `2 d ago`. Times in the future (clock skew) read as `just now`. */
export function relativeTime(at: string | Date, now: Date): string {
  const elapsed = now.getTime() - new Date(at).getTime();
  if (Number.isNaN(elapsed)) return "unknown";
  if (elapsed < MINUTE_MS) return "just now";
  if (elapsed < HOUR_MS) return `${Math.floor(elapsed / MINUTE_MS)} min ago`;
  if (elapsed < DAY_MS) return `${Math.floor(elapsed / HOUR_MS)} h ago`;
  return `${Math.floor(elapsed / DAY_MS)} d ago`;
}

/** `2025-01-05` → `Jan 5`; with `withYear`, `Jan 5, 2025`. Input is an ISO date or timestamp (UTC). */
export function formatDay(isoDate: string, withYear = false): string {
  const [year, month, day] = isoDate.slice(0, 10).split("-").map(Number);
  const name = MONTHS[(month ?? 0) - 1];
  if (!year || !name || !day) return isoDate;
  return withYear ? `${name} ${day}, ${year}` : `${name} ${day}`;
}

/** `2025-01-05 14:03 UTC`, for titles next to relative times. */
export function formatTimestamp(at: string | Date): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const AVAILABILITY_LABELS: Record<AvailabilityStatus, string> = {
  available: "Available",
  limited: "Limited",
  waitlist: "Waitlist",
  sold_out: "Sold out",
  contact_sales: "Contact sales",
  deprecated: "Deprecated",
};

const TIER_LABELS: Record<ReliabilityTier, string> = {
  enterprise: "Enterprise",
  standard: "Standard",
  community: "Community",
};

const PROVIDER_TYPE_LABELS: Record<ProviderType, string> = {
  specialized_neocloud: "GPU cloud",
  hyperscaler: "Hyperscaler",
  regional_cloud: "Regional cloud",
  marketplace: "Marketplace",
  depin: "Decentralised network",
  bare_metal: "Bare metal",
};

const ARCHITECTURE_LABELS: Record<GpuArchitecture, string> = {
  blackwell: "Blackwell",
  hopper: "Hopper",
  ada_lovelace: "Ada Lovelace",
  ampere: "Ampere",
  turing: "Turing",
  volta: "Volta",
  consumer_blackwell: "Blackwell (consumer)",
  cdna3: "CDNA 3",
  pascal: "Pascal",
  cdna4: "CDNA 4",
};

export const availabilityLabel = (status: AvailabilityStatus) => AVAILABILITY_LABELS[status];
export const tierLabel = (tier: ReliabilityTier) => TIER_LABELS[tier];
// The card models carry these as plain strings; an unknown value shows as it is.
export const providerTypeLabel = (type: string) => PROVIDER_TYPE_LABELS[type as ProviderType] ?? type;
export const architectureLabel = (architecture: string) =>
  ARCHITECTURE_LABELS[architecture as GpuArchitecture] ?? architecture;
