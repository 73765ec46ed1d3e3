import type { ChangeEvent } from "../../shared/changes";
import type { Database } from "../db/database";
import { listChanges } from "../db/queries/changes";
import { weekInNumbers } from "../db/queries/report";
import { slackEscape } from "./channels";

// The operators' weekly report (the first design's notify worker, docs/design.md §9): Mondays, the
// week's biggest price moves, new GPUs and offers, and each provider's scrape health, to the
// operators' Slack webhook and mailbox.

const BIGGEST_MOVES = 10;
/** Thresholds tried in turn, in percent: the week's biggest moves are among the few above a high one. */
const MOVE_THRESHOLDS = [100, 50, 25, 10, 5];
/** Moves read per threshold: all of them whenever there are fewer. */
const MOVES_READ = 1_000;

/**
 * The week's largest on-demand moves of 5 % or more, largest first. The feed lists changes newest
 * first, so the moves are read from the highest threshold down, stopping at the first that holds
 * at least BIGGEST_MOVES and was read whole: every larger move is then among those read. (A
 * threshold holding more than MOVES_READ is read newest first in part, and the next is tried.) A
 * weekly job off the request path, so each read goes through the whole week.
 */
async function biggestMoves(db: Database, from: Date): Promise<ChangeEvent[]> {
  const found = new Map<string, ChangeEvent>();
  for (const threshold of MOVE_THRESHOLDS) {
    const page = await listChanges(db, {
      kind: "on_demand",
      events: ["price_cut", "price_rise"],
      minChangePercent: threshold,
      from,
      limit: MOVES_READ,
      page: 1,
      scanRows: null,
    });
    if (!("docs" in page)) return [];
    for (const move of page.docs) found.set(move.id, move);
    if (page.docs.length >= BIGGEST_MOVES && page.docs.length === page.totalDocs) break;
  }
  return [...found.values()]
    .sort((a, b) => Math.abs(b.change_percent ?? 0) - Math.abs(a.change_percent ?? 0))
    .slice(0, BIGGEST_MOVES);
}

export async function weeklyReport(db: Database, now: Date): Promise<{ title: string; text: string }> {
  const from = new Date(now.getTime() - 7 * 86_400_000);
  const moves = await biggestMoves(db, from);
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
