import { describe, expect, it } from "vitest";
import type { BreakerPhase } from "../../../shared/breaker";
import { render } from "../../../web/components/test-builders";
import { AdminDashboardPage } from "../../../web/pages/admin-dashboard";
import type { DashboardRows, ProviderHealthRow } from "../../db/queries/admin-dashboard";
import { type DashboardInput, dashboardView, providerView, shorten } from "./dashboard-view";

const now = new Date("2026-11-20T12:00:00Z");
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

function providerRow(overrides: Partial<ProviderHealthRow> = {}): ProviderHealthRow {
  return {
    slug: "runpod",
    displayName: "RunPod",
    isActive: true,
    status: "active",
    statusReason: null,
    statusSetBy: null,
    priority: "P1",
    scheduled: true,
    lastJob: {
      status: "completed",
      startedAt: hoursAgo(1),
      durationMs: 1_200,
      found: 40,
      updated: 38,
      created: 2,
      deactivated: 0,
      errorCode: null,
      errorMessage: null,
    },
    lastSuccessAt: hoursAgo(1),
    failureStreak: 0,
    activeOffers: 40,
    ...overrides,
  };
}

const emptyRows: DashboardRows = {
  providers: [],
  quarantine: { waiting: 0, latest: [] },
  unmapped: { total: 0, names: [] },
  deadLetters: [],
  maintenance: [],
};

function input(overrides: Partial<DashboardInput> = {}): DashboardInput {
  return {
    ...emptyRows,
    breakers: new Map(),
    maintenanceJobs: ["purge-scrape-jobs", "aggregate-daily"],
    unmappedDays: 30,
    ...overrides,
  };
}

const view = (row: ProviderHealthRow, breaker: BreakerPhase | null = "closed") => providerView(row, breaker, now);

describe("providerView", () => {
  it("is ok with a recent success, a closed breaker and no failures", () => {
    expect(view(providerRow())).toMatchObject({
      level: "ok",
      problems: [],
      freshness: null,
      hoursSinceSuccess: 1,
      staleAfterHours: 8,
      breaker: "closed",
      failureStreak: "0",
    });
  });

  it.each([
    { priority: "P0", hours: 6.5, freshness: "stale" },
    { priority: "P0", hours: 5.9, freshness: null },
    { priority: "P1", hours: 8.5, freshness: "stale" },
    { priority: "P2", hours: 11, freshness: null },
    { priority: "P2", hours: 12.5, freshness: "warning" },
    { priority: "P1", hours: 25, freshness: "critical" },
    { priority: null, hours: 12.5, freshness: "warning" },
  ] as const)("judges $hours h since success at $priority as $freshness", ({ priority, hours, freshness }) => {
    const provider = view(providerRow({ priority, lastSuccessAt: hoursAgo(hours) }));
    expect(provider.freshness).toBe(freshness);
    expect(provider.level).toBe(freshness ?? "ok");
  });

  it("holds a scheduled provider that never succeeded as critical", () => {
    const provider = view(providerRow({ lastJob: null, lastSuccessAt: null }));
    expect(provider).toMatchObject({
      level: "critical",
      freshness: "critical",
      hoursSinceSuccess: null,
      lastJob: null,
      problems: ["no successful scrape yet"],
    });
  });

  it("names every problem, the worst first", () => {
    const provider = view(
      providerRow({ lastSuccessAt: hoursAgo(13), failureStreak: 3, status: "degraded", statusReason: "slow API" }),
      "open",
    );
    expect(provider.level).toBe("critical");
    expect(provider.problems).toEqual([
      "circuit breaker open",
      "no successful scrape for 13 h (window 8 h)",
      "3 failed scrapes in a row",
      "marked degraded",
    ]);
  });

  it("shows a capped failure streak as at least the cap", () => {
    const provider = view(providerRow({ failureStreak: 50 }));
    expect(provider.failureStreak).toBe("50+");
    expect(provider.problems).toEqual(["50+ failed scrapes in a row"]);
  });

  it("expects nothing of disabled, inactive or unscheduled providers", () => {
    const old = { lastSuccessAt: hoursAgo(100), failureStreak: 4 };
    expect(view(providerRow({ ...old, status: "disabled", statusReason: "contract ended" }), "open")).toMatchObject({
      level: "off",
      freshness: null,
      problems: [],
      statusReason: "contract ended",
    });
    expect(view(providerRow({ ...old, isActive: false }))).toMatchObject({
      level: "off",
      problems: ["inactive: not listed on the site"],
    });
    expect(view(providerRow({ ...old, scheduled: null, priority: null }))).toMatchObject({
      level: "unscheduled",
      freshness: null,
      problems: [],
    });
    expect(view(providerRow({ ...old, scheduled: false })).level).toBe("unscheduled");
  });

  it("shows a breaker that did not answer as unknown, without calling it a problem", () => {
    expect(view(providerRow(), null)).toMatchObject({ breaker: "unknown", level: "ok" });
  });

  it("shortens a long error message to one line and keeps the whole for hover", () => {
    const message = `HTTP 503 from the provider:\n${"x".repeat(300)}`;
    const provider = view(
      providerRow({
        lastJob: { ...providerRow().lastJob!, status: "failed", errorCode: "HTTP_5XX", errorMessage: message },
      }),
    );
    expect(provider.lastJob?.errorMessage).toBe(message);
    expect(provider.lastJob?.errorSummary).toHaveLength(140);
    expect(provider.lastJob?.errorSummary).toMatch(/^HTTP 503 from the provider: x+…$/);
  });
});

describe("shorten", () => {
  it("keeps short text, folds whitespace and passes null through", () => {
    expect(shorten("  ok\n  fine ")).toBe("ok fine");
    expect(shorten(null)).toBeNull();
    expect(shorten("abcdef", 4)).toBe("abc…");
  });
});

describe("dashboardView", () => {
  it("lists providers worst first, active before off, then by name", () => {
    const rows = [
      providerRow({ slug: "b-ok", displayName: "Bravo" }),
      providerRow({ slug: "a-ok", displayName: "alpha" }),
      providerRow({ slug: "off", displayName: "Aardvark", status: "disabled" }),
      providerRow({ slug: "stale", displayName: "Zulu", lastSuccessAt: hoursAgo(9) }),
      providerRow({ slug: "dead", displayName: "Yankee", lastSuccessAt: hoursAgo(30) }),
      providerRow({ slug: "unplanned", displayName: "Able", scheduled: null, priority: null }),
    ];
    const result = dashboardView(input({ providers: rows }), now);
    expect(result.providers.map((provider) => provider.slug)).toEqual([
      "dead",
      "stale",
      "a-ok",
      "b-ok",
      "unplanned",
      "off",
    ]);
    expect(result.levelCounts).toEqual({ critical: 1, warning: 0, stale: 1, ok: 2, unscheduled: 1, off: 1 });
  });

  it("raises stale-data alerts P0 first, then the worst, then the oldest", () => {
    const rows = [
      providerRow({ slug: "p1-critical", priority: "P1", lastSuccessAt: hoursAgo(40) }),
      providerRow({ slug: "p0-stale", priority: "P0", lastSuccessAt: hoursAgo(7) }),
      providerRow({ slug: "p0-never", priority: "P0", lastSuccessAt: null, lastJob: null }),
      providerRow({ slug: "p0-warning", priority: "P0", lastSuccessAt: hoursAgo(13) }),
      providerRow({ slug: "p0-older", priority: "P0", lastSuccessAt: hoursAgo(30) }),
      providerRow({ slug: "p2-fresh", priority: "P2", lastSuccessAt: hoursAgo(11) }),
      providerRow({ slug: "off", priority: "P0", lastSuccessAt: hoursAgo(90), status: "disabled" }),
    ];
    const alerts = dashboardView(input({ providers: rows }), now).alerts;
    expect(alerts.map((alert) => [alert.slug, alert.level])).toEqual([
      ["p0-never", "critical"],
      ["p0-older", "critical"],
      ["p0-warning", "warning"],
      ["p0-stale", "stale"],
      ["p1-critical", "critical"],
    ]);
    expect(alerts[1]).toMatchObject({ hoursSinceSuccess: 30, staleAfterHours: 6 });
  });

  it("takes each provider's breaker by slug", () => {
    const rows = [providerRow({ slug: "a" }), providerRow({ slug: "b" }), providerRow({ slug: "c" })];
    const breakers = new Map<string, BreakerPhase | null>([
      ["a", "open"],
      ["b", null],
    ]);
    const result = dashboardView(input({ providers: rows, breakers }), now);
    expect(Object.fromEntries(result.providers.map((provider) => [provider.slug, provider.breaker]))).toEqual({
      a: "open",
      b: "unknown",
      c: "unknown",
    });
  });

  it("lists every queue and every scheduled maintenance job, empty or not", () => {
    const result = dashboardView(
      input({
        deadLetters: [
          { kind: "scrape", waiting: 3, oldestAt: hoursAgo(5) },
          { kind: "retired-queue", waiting: 1, oldestAt: hoursAgo(50) },
        ],
        maintenance: [
          {
            job: "purge-scrape-jobs",
            status: "failed",
            scheduledFor: hoursAgo(2),
            startedAt: hoursAgo(2),
            completedAt: hoursAgo(2),
            affected: null,
            rowsBefore: 9_000,
            rowsAfter: 9_000,
            errorMessage: "canceling statement due to statement timeout",
          },
        ],
      }),
      now,
    );
    expect(result.deadLetters).toEqual({
      waiting: 4,
      queues: [
        { kind: "scrape", waiting: 3, oldestAt: hoursAgo(5).toISOString() },
        { kind: "browser-scrape", waiting: 0, oldestAt: null },
        { kind: "notify", waiting: 0, oldestAt: null },
        { kind: "maintenance", waiting: 0, oldestAt: null },
        { kind: "retired-queue", waiting: 1, oldestAt: hoursAgo(50).toISOString() },
      ],
    });
    expect(result.maintenance).toEqual([
      { job: "aggregate-daily", run: null },
      {
        job: "purge-scrape-jobs",
        run: {
          status: "failed",
          startedAt: hoursAgo(2).toISOString(),
          affected: null,
          rowsBefore: 9_000,
          rowsAfter: 9_000,
          errorMessage: "canceling statement due to statement timeout",
        },
      },
    ]);
  });

  it("shows a quarantined observation's catalog GPU, or the name the provider sent", () => {
    const observation = {
      provider: "RunPod",
      providerSlug: "runpod",
      instanceType: "gpu_1x_h100",
      gpu: null,
      gpuNameRaw: "H100 80GB HBM3",
      code: "PRICE_JUMP",
      message: "price fell 80%",
      pricePerHour: 0.5,
      previousPricePerHour: 2.5,
      createdAt: hoursAgo(1),
    };
    const result = dashboardView(
      input({ quarantine: { waiting: 7, latest: [observation, { ...observation, gpu: "H100 SXM" }] } }),
      now,
    );
    expect(result.quarantine.waiting).toBe(7);
    expect(result.quarantine.latest.map((row) => row.gpu)).toEqual(["H100 80GB HBM3", "H100 SXM"]);
  });

  it("builds a page of empty sections from empty tables", async () => {
    const result = dashboardView(input(), now);
    expect(result).toMatchObject({
      generatedAt: now.toISOString(),
      alerts: [],
      providers: [],
      quarantine: { waiting: 0, latest: [] },
      unmapped: { days: 30, total: 0, names: [] },
      deadLetters: { waiting: 0 },
    });
    expect(result.deadLetters.queues.every((queue) => queue.waiting === 0)).toBe(true);

    const html = await render(AdminDashboardPage({ view: result }));
    expect(html).toContain("Every scheduled provider&#39;s data is within its window.");
    expect(html).toContain("0 quarantined observations wait for a decision.");
    expect(html).toContain("No unmapped GPU names in the last 30 days.");
    expect(html).toContain("0 dead letters wait to be replayed or dropped.");
    expect(html).toContain("<code>aggregate-daily</code></th><td>never run</td>");
  });
});
