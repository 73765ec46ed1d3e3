// When a provider is due (docs/design.md §3): every `intervalHours` hours, starting at
// `offsetHours` past midnight UTC — P0 every 4 h, P1 every 6 h, P2 every 8 h, staggered so that
// providers do not all start at the same hour.

export interface ScrapeSchedule {
  intervalHours: number;
  offsetHours: number;
}

/** The planning slot of a cron firing: its UTC hour. Replays of the same firing share it. */
export function planningSlot(scheduledTime: number): Date {
  const slot = new Date(scheduledTime);
  slot.setUTCMinutes(0, 0, 0);
  return slot;
}

export function isDue({ intervalHours, offsetHours }: ScrapeSchedule, slot: Date): boolean {
  if (intervalHours < 1) return false;
  const hour = slot.getUTCHours();
  return (((hour - offsetHours) % intervalHours) + intervalHours) % intervalHours === 0;
}

/**
 * Staleness of a provider's data from the hours since its last successful scrape
 * (docs/design.md §9: warning above 12 h, critical above 24 h).
 */
export function staleness(hoursSinceSuccess: number | null): "warning" | "critical" | null {
  if (hoursSinceSuccess === null || hoursSinceSuccess > 24) return "critical";
  if (hoursSinceSuccess > 12) return "warning";
  return null;
}

/** docs/design.md §3: how old a provider's prices may get before they are shown as stale, by scrape priority. */
const STALE_AFTER_HOURS: Record<string, number> = { P0: 6, P1: 8, P2: 12 };
/** A provider without a priority (no schedule row). */
const DEFAULT_STALE_AFTER_HOURS = 12;

export function staleAfterHours(priority: string | null | undefined): number {
  return STALE_AFTER_HOURS[priority ?? ""] ?? DEFAULT_STALE_AFTER_HOURS;
}
