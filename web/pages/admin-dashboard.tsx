import type { Child } from "hono/jsx";
import { formatHours, formatNumber, formatPrice, formatTimestamp, relativeTime } from "../components/format";
import { ScrollRegion } from "../components/scroll-region";
import { Layout } from "../layout";

// The scraper-health dashboard (GET /admin, docs/design.md §18): props in, HTML out. The view is
// built by workers/http/admin/dashboard-view.ts; every state is said in words, colour only repeats it.

/** Worst first: the order providers are listed in. `off`: disabled or inactive; `unscheduled`: never planned. */
export const healthLevels = ["critical", "warning", "stale", "ok", "unscheduled", "off"] as const;
export type HealthLevel = (typeof healthLevels)[number];
export type BreakerView = "closed" | "open" | "half-open" | "unknown";

export interface DashboardJob {
  status: string;
  startedAt: string;
  durationMs: number | null;
  found: number | null;
  updated: number | null;
  created: number | null;
  deactivated: number | null;
  errorCode: string | null;
  /** The whole message (shown on hover), and the start of it the table shows. */
  errorMessage: string | null;
  errorSummary: string | null;
}

export interface DashboardProvider {
  slug: string;
  name: string;
  status: string;
  statusReason: string | null;
  /** Who set the status by hand; null when scrape health set it. */
  statusSetBy: string | null;
  priority: string | null;
  level: HealthLevel;
  /** Why the level is what it is, in words ("3 failed scrapes in a row"). */
  problems: string[];
  /** Past its window, or the staleness alert level (docs/design.md §3); null when fresh or not expected to be. */
  freshness: "critical" | "warning" | "stale" | null;
  lastJob: DashboardJob | null;
  lastSuccessAt: string | null;
  hoursSinceSuccess: number | null;
  staleAfterHours: number;
  failureStreak: string;
  activeOffers: number;
  breaker: BreakerView;
}

export interface StaleAlert {
  slug: string;
  name: string;
  priority: string | null;
  level: "critical" | "warning" | "stale";
  hoursSinceSuccess: number | null;
  staleAfterHours: number;
}

export interface QuarantinedObservation {
  provider: string;
  instanceType: string | null;
  gpu: string | null;
  code: string;
  message: string;
  pricePerHour: number | null;
  previousPricePerHour: number | null;
  createdAt: string;
}

export interface AdminDashboardView {
  generatedAt: string;
  levelCounts: Record<HealthLevel, number>;
  alerts: StaleAlert[];
  providers: DashboardProvider[];
  quarantine: { waiting: number; latest: QuarantinedObservation[] };
  unmapped: {
    days: number;
    total: number;
    names: { name: string; observations: number; providers: string[]; lastSeenAt: string }[];
  };
  deadLetters: { waiting: number; queues: { kind: string; waiting: number; oldestAt: string | null }[] };
  maintenance: {
    job: string;
    run: {
      status: string;
      startedAt: string;
      affected: number | null;
      rowsBefore: number | null;
      rowsAfter: number | null;
      errorMessage: string | null;
    } | null;
  }[];
}

const LEVEL_TONE: Record<HealthLevel, string> = {
  critical: "bad",
  warning: "warn",
  stale: "wait",
  ok: "ok",
  unscheduled: "info",
  off: "off",
};
const BREAKER_TONE: Record<BreakerView, string> = { closed: "ok", "half-open": "warn", open: "bad", unknown: "off" };
const RUN_TONE: Record<string, string> = { completed: "ok", running: "info", pending: "info" };

/** A table's column headers; a numeric column is right-aligned like its cells. */
const Columns = ({ columns }: { columns: [label: string, numeric?: "num"][] }) => (
  <thead>
    <tr>
      {columns.map(([label, numeric]) => (
        <th scope="col" class={numeric}>
          {label}
        </th>
      ))}
    </tr>
  </thead>
);

const Badge = ({ tone, children }: { tone: string; children: Child }) => (
  <span class={`badge tone-${tone}`}>{children}</span>
);

/** An ISO time, as the table shows it, with how long ago. */
const When = ({ at, now }: { at: string | null; now: Date }) =>
  at ? (
    <>
      <time datetime={at}>{formatTimestamp(at)}</time> <span class="muted">({relativeTime(at, now)})</span>
    </>
  ) : (
    <span class="muted">never</span>
  );

/** `850 ms`, `12.3 s`, `2 min 5 s`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${formatNumber(Math.round(ms / 100) / 10)} s`;
  const seconds = Math.round(ms / 1_000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

const sinceSuccess = (hours: number | null) => (hours === null ? "never" : formatHours(hours));

function Alerts({ alerts }: { alerts: StaleAlert[] }) {
  if (alerts.length === 0) return <p class="empty">Every scheduled provider's data is within its window.</p>;
  return (
    <ul class="admin-alerts">
      {alerts.map((alert) => (
        <li>
          <Badge tone={LEVEL_TONE[alert.level]}>{alert.level}</Badge>{" "}
          <a href={`#provider-${alert.slug}`}>{alert.name}</a>{" "}
          <span class="muted">({alert.priority ?? "no priority"})</span>
          {": "}
          {alert.hoursSinceSuccess === null
            ? "no successful scrape yet"
            : `last successful scrape ${formatHours(alert.hoursSinceSuccess)} ago`}
          , window {formatHours(alert.staleAfterHours)}
        </li>
      ))}
    </ul>
  );
}

function ProviderRow({ provider, now }: { provider: DashboardProvider; now: Date }) {
  const job = provider.lastJob;
  return (
    <tr id={`provider-${provider.slug}`}>
      <th scope="row">
        {provider.name} <code class="muted">{provider.slug}</code>
        <span class="hint"> {provider.priority ?? "no priority"}</span>
      </th>
      <td>
        <Badge tone={LEVEL_TONE[provider.level]}>{provider.level}</Badge>
        {provider.problems.length ? (
          <ul class="admin-problems">
            {provider.problems.map((problem) => (
              <li>{problem}</li>
            ))}
          </ul>
        ) : null}
        <span class="hint">
          {" "}
          status {provider.status}
          {provider.statusReason ? `: ${provider.statusReason}` : ""}
          {provider.statusSetBy ? ` (set by ${provider.statusSetBy})` : ""}
        </span>
      </td>
      <td>
        {job ? (
          <>
            <Badge tone={RUN_TONE[job.status] ?? "bad"}>{job.status}</Badge>{" "}
            <span class="hint">
              <When at={job.startedAt} now={now} />
            </span>
          </>
        ) : (
          <span class="muted">no scrape yet</span>
        )}
      </td>
      <td class="num">{formatDuration(job?.durationMs ?? null)}</td>
      <td class="num">{formatNumber(job?.found)}</td>
      <td class="num">{formatNumber(job?.updated)}</td>
      <td class="num">{formatNumber(job?.created)}</td>
      <td class="num">{formatNumber(job?.deactivated)}</td>
      <td class="admin-error">
        {job?.errorCode ? <code>{job.errorCode}</code> : null}
        {job?.errorSummary ? (
          <span class="hint" title={job.errorMessage ?? undefined}>
            {" "}
            {job.errorSummary}
          </span>
        ) : null}
      </td>
      <td class="num">
        {sinceSuccess(provider.hoursSinceSuccess)}
        <span class="hint"> window {formatHours(provider.staleAfterHours)}</span>
      </td>
      <td class="num">{provider.failureStreak}</td>
      <td class="num">{formatNumber(provider.activeOffers)}</td>
      <td>
        <Badge tone={BREAKER_TONE[provider.breaker]}>{provider.breaker}</Badge>
      </td>
    </tr>
  );
}

const PROVIDER_COLUMNS: [string, "num"?][] = [
  ["Provider, priority"],
  ["Health, status"],
  ["Last scrape"],
  ["Duration", "num"],
  ["Found", "num"],
  ["Updated", "num"],
  ["Created", "num"],
  ["Deactivated", "num"],
  ["Error"],
  ["Since success", "num"],
  ["Failures in a row", "num"],
  ["Active offers", "num"],
  ["Breaker"],
];

function ProvidersTable({ providers, now }: { providers: DashboardProvider[]; now: Date }) {
  return (
    <ScrollRegion label="Providers, worst first">
      <table class="admin-table">
        <caption>Every provider, the worst first: its last scrape and how fresh its data is</caption>
        <Columns columns={PROVIDER_COLUMNS} />
        <tbody>
          {providers.map((provider) => (
            <ProviderRow provider={provider} now={now} />
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function QuarantineTable({ latest, now }: { latest: QuarantinedObservation[]; now: Date }) {
  return (
    <ScrollRegion label="Latest quarantined observations">
      <table class="admin-table">
        <caption>The latest quarantined observations, newest first</caption>
        <Columns
          columns={[
            ["Seen"],
            ["Provider"],
            ["Instance type"],
            ["GPU"],
            ["Code"],
            ["Message"],
            ["Price $/h", "num"],
            ["Was $/h", "num"],
          ]}
        />
        <tbody>
          {latest.map((observation) => (
            <tr>
              <td>
                <When at={observation.createdAt} now={now} />
              </td>
              <th scope="row">{observation.provider}</th>
              <td>
                <code>{observation.instanceType ?? "—"}</code>
              </td>
              <td>{observation.gpu ?? "—"}</td>
              <td>
                <code>{observation.code}</code>
              </td>
              <td class="admin-error">{observation.message}</td>
              <td class="num">{formatPrice(observation.pricePerHour)}</td>
              <td class="num">{formatPrice(observation.previousPricePerHour)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function UnmappedTable({ unmapped, now }: { unmapped: AdminDashboardView["unmapped"]; now: Date }) {
  return (
    <ScrollRegion label="Unmapped GPU names">
      <table class="admin-table">
        <caption>
          Unmapped GPU names of the last {unmapped.days} days, most seen first
          {unmapped.total > unmapped.names.length ? ` (${unmapped.names.length} of ${unmapped.total})` : ""}
        </caption>
        <Columns
          columns={[
            ["GPU name (as mapped: trimmed, lower-case)"],
            ["Observations", "num"],
            ["Providers"],
            ["Last seen"],
          ]}
        />
        <tbody>
          {unmapped.names.map((name) => (
            <tr>
              <th scope="row">
                <code>{name.name}</code>
              </th>
              <td class="num">{formatNumber(name.observations)}</td>
              <td>{name.providers.join(", ")}</td>
              <td>
                <When at={name.lastSeenAt} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function DeadLettersTable({ deadLetters, now }: { deadLetters: AdminDashboardView["deadLetters"]; now: Date }) {
  return (
    <ScrollRegion label="Dead letters by queue">
      <table class="admin-table">
        <caption>Dead letters waiting, by the queue they died on</caption>
        <Columns columns={[["Queue"], ["Waiting", "num"], ["Oldest"]]} />
        <tbody>
          {deadLetters.queues.map((queue) => (
            <tr>
              <th scope="row">
                <code>{queue.kind}</code>
              </th>
              <td class="num">{formatNumber(queue.waiting)}</td>
              <td>{queue.oldestAt ? <When at={queue.oldestAt} now={now} /> : <span class="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function MaintenanceTable({ maintenance, now }: { maintenance: AdminDashboardView["maintenance"]; now: Date }) {
  return (
    <ScrollRegion label="Maintenance jobs">
      <table class="admin-table">
        <caption>The latest run of each maintenance job</caption>
        <Columns
          columns={[
            ["Job"],
            ["Status"],
            ["Started"],
            ["Affected", "num"],
            ["Rows before", "num"],
            ["Rows after", "num"],
            ["Error"],
          ]}
        />
        <tbody>
          {maintenance.map(({ job, run }) => (
            <tr>
              <th scope="row">
                <code>{job}</code>
              </th>
              <td>{run ? <Badge tone={RUN_TONE[run.status] ?? "bad"}>{run.status}</Badge> : "never run"}</td>
              <td>{run ? <When at={run.startedAt} now={now} /> : <span class="muted">—</span>}</td>
              <td class="num">{formatNumber(run?.affected)}</td>
              <td class="num">{formatNumber(run?.rowsBefore)}</td>
              <td class="num">{formatNumber(run?.rowsAfter)}</td>
              <td class="admin-error">{run?.errorMessage ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

const Section = ({ id, title, children }: { id: string; title: string; children: Child }) => (
  <section aria-labelledby={`${id}-heading`}>
    <h2 id={`${id}-heading`}>{title}</h2>
    {children}
  </section>
);

export function AdminDashboardPage({ view }: { view: AdminDashboardView }) {
  const now = new Date(view.generatedAt);
  const withProblems = view.levelCounts.critical + view.levelCounts.warning + view.levelCounts.stale;
  return (
    <Layout title="Scraper health · CloudGPUs admin" description="" noindex>
      <div class="admin-dashboard">
        <h1>Scraper health</h1>
        <p class="muted">
          As of <When at={view.generatedAt} now={now} />. Reload for fresh figures.
        </p>
        <dl class="stats">
          <div>
            <dt>Providers with problems</dt>
            <dd>{formatNumber(withProblems)}</dd>
          </div>
          <div>
            <dt>Stale-data alerts</dt>
            <dd>{formatNumber(view.alerts.length)}</dd>
          </div>
          <div>
            <dt>Quarantined, waiting</dt>
            <dd>{formatNumber(view.quarantine.waiting)}</dd>
          </div>
          <div>
            <dt>Unmapped GPU names</dt>
            <dd>{formatNumber(view.unmapped.total)}</dd>
          </div>
          <div>
            <dt>Dead letters waiting</dt>
            <dd>{formatNumber(view.deadLetters.waiting)}</dd>
          </div>
        </dl>

        <Section id="alerts" title="Stale-data alerts">
          <Alerts alerts={view.alerts} />
        </Section>

        <Section id="providers" title="Providers">
          <p>
            {healthLevels
              .filter((level) => view.levelCounts[level] > 0)
              .map((level) => `${view.levelCounts[level]} ${level}`)
              .join(", ")}
            .
          </p>
          <ProvidersTable providers={view.providers} now={now} />
        </Section>

        <Section id="quarantine" title="Quarantine">
          <p>
            {view.quarantine.waiting === 1
              ? "1 quarantined observation waits for a decision."
              : `${formatNumber(view.quarantine.waiting)} quarantined observations wait for a decision.`}
          </p>
          {view.quarantine.latest.length ? <QuarantineTable latest={view.quarantine.latest} now={now} /> : null}
        </Section>

        <Section id="unmapped" title="Unmapped GPU names">
          {view.unmapped.names.length ? (
            <UnmappedTable unmapped={view.unmapped} now={now} />
          ) : (
            <p class="empty">No unmapped GPU names in the last {view.unmapped.days} days.</p>
          )}
        </Section>

        <Section id="dead-letters" title="Dead letters">
          <p>
            {view.deadLetters.waiting === 1
              ? "1 dead letter waits to be replayed or dropped."
              : `${formatNumber(view.deadLetters.waiting)} dead letters wait to be replayed or dropped.`}
          </p>
          <DeadLettersTable deadLetters={view.deadLetters} now={now} />
        </Section>

        <Section id="maintenance" title="Maintenance">
          <MaintenanceTable maintenance={view.maintenance} now={now} />
        </Section>
      </div>
    </Layout>
  );
}
