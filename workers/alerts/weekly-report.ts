import type { Database } from "../db/database";
import { listChanges } from "../db/queries/changes";
import { weekInNumbers } from "../db/queries/report";
import { slackEscape } from "./channels";

// The operators' weekly report (the first design's notify worker, docs/design.md §9): Mondays, the
// week's biggest price moves, new GPUs and offers, and each provider's scrape health, to the
// operators' Slack webhook and mailbox.

const BIGGEST_MOVES = 10;

export async function weeklyReport(db: Database, now: Date): Promise<{ title: string; text: string }> {
  const from = new Date(now.getTime() - 7 * 86_400_000);
  const changes = await listChanges(db, {
    kind: "on_demand",
    events: ["price_cut", "price_rise"],
    minChangePercent: 5,
    from,
    limit: 100,
    page: 1,
  });
  const moves =
    "docs" in changes
      ? [...changes.docs]
          .sort((a, b) => Math.abs(b.change_percent ?? 0) - Math.abs(a.change_percent ?? 0))
          .slice(0, BIGGEST_MOVES)
      : [];
  const week = await weekInNumbers(db, now);
  const money = (value: number | null) => (value === null ? "?" : `$${value.toFixed(2)}`);
  const lines = [
    `*Biggest price moves* (per GPU-hour, on demand, ±5 % or more)`,
    ...(moves.length
      ? moves.map(
          (move) =>
            `• ${move.gpu.short_name} on ${move.provider.display_name} (${move.instance_type}): ${money(move.previous_price_per_gpu_hour)} → ${money(move.price_per_gpu_hour)} (${(move.change_percent ?? 0) > 0 ? "+" : ""}${move.change_percent}%)`,
        )
      : ["• none"]),
    "",
    `*New*: ${week.newOffers} offers; GPU models: ${week.newGpus.length ? week.newGpus.map((gpu) => gpu.name).join(", ") : "none"}`,
    "",
    `*Provider health* (scrapes this week; failed; last success)`,
    ...week.providers.map(
      (provider) =>
        `• ${provider.name}: ${provider.jobs}; ${provider.failed} failed; ${provider.lastSuccess ? `${provider.lastSuccess.toISOString().slice(0, 16).replace("T", " ")} UTC` : "none this week"}`,
    ),
  ];
  return {
    title: `CloudGPUs weekly report, ${from.toISOString().slice(0, 10)} to ${now.toISOString().slice(0, 10)}`,
    text: slackEscape(lines.join("\n")),
  };
}
