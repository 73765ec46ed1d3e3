import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ADAPTERS } from "../workers/providers";
import { freePort } from "./lib/free-port";
import { ownDatabase } from "./lib/own-database";
import { replayFixture, type ScrapeRun } from "./lib/replay";
import { type Stack, startStack, waitUntilHealthy } from "./lib/stack";
import { needSystemTool } from "./lib/system-tool";

// The scraper-health dashboard (GET /admin) in a real chromium against `wrangler dev`, on a
// database of this file's own: first as a fresh deployment sees it (nothing scraped yet), then with
// genuine recorded scrapes stored through the pipeline and, by SQL, the troubles a person looks for:
// a provider silent for 30 h, a failing one, a quarantined price, an unknown GPU, dead letters.

const root = join(import.meta.dirname, "..");
const SCREENSHOTS = join(root, "test-results/screenshots");
const CHROMIUM = needSystemTool(
  process.env.CHROMIUM_PATH ?? "chromium",
  "apt-get install -y chromium, or set CHROMIUM_PATH",
).path;
const ADMIN_TOKEN = crypto.randomUUID();
const REPLAYED = ["runpod", "lambda-labs", "vast-ai"];
let stack: Stack;
let browser: Browser;
let state: string;
let db: pg.Client;

interface Dashboard {
  page: Page;
  /** Console errors, page errors and CSP violations while it loaded. */
  problems: string[];
  close(): Promise<void>;
}

async function openDashboard(): Promise<Dashboard> {
  const context = await browser.newContext({
    extraHTTPHeaders: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    viewport: { width: 1440, height: 900 },
  });
  // The page runs no script of its own; this one is the browser's, to report what the CSP blocked.
  await context.addInitScript({
    content: `document.addEventListener("securitypolicyviolation", (event) =>
      console.error("CSP violation: " + event.violatedDirective + " " + event.blockedURI))`,
  });
  const page = await context.newPage();
  // Everything is on the page once it loaded: a missing element should fail fast, not in 30 s.
  page.setDefaultTimeout(5_000);
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("requestfailed", (request) => problems.push(`${request.url()}: ${request.failure()?.errorText}`));
  const response = await page.goto(`${stack.url}/admin`);
  expect(response?.status()).toBe(200);
  await page.waitForLoadState("load");
  return { page, problems, close: () => context.close() };
}

/** The text as laid out, what a person reads (cells apart, hidden text left out), whitespace folded. */
const seen = async (locator: Locator) =>
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point; textContent runs cells together
  (await locator.innerText()).replace(/\s+/g, " ").trim();
const text = (page: Page, selector: string) => seen(page.locator(selector));
const stat = (page: Page, label: string) => text(page, `.stats div:has(dt:text-is("${label}")) dd`);
const count = async (query: string) => Number((await db.query<{ n: string }>(query)).rows[0]?.n);
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

describe.skipIf(!CHROMIUM)("the admin dashboard in a browser", () => {
  beforeAll(async () => {
    state = await mkdtemp(join(tmpdir(), "cloudgpus-admin-"));
    await mkdir(SCREENSHOTS, { recursive: true });
    stack = await startStack({
      port: String(await freePort()),
      persistTo: state,
      env: { ...process.env, DATABASE_URL: await ownDatabase(inject("databaseUrl"), `cloudgpus_admin_${process.pid}`) },
      vars: { ADMIN_TOKEN },
      stdio: "ignore",
      log: () => {},
    });
    db = new pg.Client({ connectionString: stack.database.url });
    await db.connect();
    await waitUntilHealthy(stack.url);
    browser = await chromium.launch({
      executablePath: CHROMIUM ?? undefined,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await stack?.stop();
    await rm(state, { recursive: true, force: true });
  });

  it("refuses a visitor without the admin token", async () => {
    const response = await fetch(`${stack.url}/admin`);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain("Scraper health");
  });

  it("shows a fresh deployment: every provider listed, nothing scraped, empty queues", async () => {
    const { page, problems, close } = await openDashboard();
    expect(await text(page, "h1")).toBe("Scraper health");
    expect(await page.locator("#providers-heading + p + .table-scroll tbody tr").count()).toBe(
      await count("SELECT count(*) AS n FROM cloudgpus.providers"),
    );
    // Every scheduled provider has never succeeded: each is a critical alert.
    const scheduled = await count("SELECT count(*) AS n FROM cloudgpus.scrape_schedules WHERE enabled");
    expect(await page.locator(".admin-alerts li", { hasText: "critical" }).count()).toBe(scheduled);
    expect(await page.locator(".admin-alerts li", { hasText: "no successful scrape yet" }).count()).toBe(scheduled);
    expect(await text(page, "#quarantine-heading + p")).toBe("0 quarantined observations wait for a decision.");
    expect(await text(page, "#dead-letters-heading + p")).toBe("0 dead letters wait to be replayed or dropped.");
    expect(await text(page, "#unmapped-heading + p")).toBe("No unmapped GPU names in the last 30 days.");
    expect(await stat(page, "Dead letters waiting")).toBe("0");
    expect(problems).toEqual([]);
    await close();
  });

  it("shows stored scrapes, a silent and a failing provider, the quarantine and the dead letters", async () => {
    const runs = new Map<string, ScrapeRun>();
    for (const slug of REPLAYED) {
      const adapter = ADAPTERS[slug]!;
      const file = join(root, "workers/providers", slug, "fixtures/success.json");
      runs.set(slug, await replayFixture(adapter, file, { databaseUrl: stack.database.url, workerId: "admin-e2e" }));
    }
    const runpodJob = runs.get("runpod")?.stored?.scrapeJobId;
    const id = async (slug: string) =>
      (await db.query<{ id: string }>("SELECT id FROM cloudgpus.providers WHERE slug = $1", [slug])).rows[0]!.id;
    const job = (providerId: string, status: string, startedAt: Date, errorCode: string | null = null) =>
      db.query(
        `INSERT INTO cloudgpus.scrape_jobs (provider_id, status, started_at, completed_at, duration_ms, error_code, error_message)
         VALUES ($1, $2, $3, $3, 30000, $4, $5)`,
        [providerId, status, startedAt, errorCode, errorCode ? "The provider did not answer within 30 s." : null],
      );
    const voltagePark = await id("voltage-park");
    const coreweave = await id("coreweave");
    const runpod = await id("runpod");
    await job(voltagePark, "completed", hoursAgo(30));
    await job(coreweave, "completed", hoursAgo(7));
    await job(coreweave, "timeout", hoursAgo(1), "ETIMEDOUT");
    await db.query(
      `INSERT INTO cloudgpus.scrape_offer_issues
         (scrape_job_id, provider_id, kind, code, message, instance_type, gpu_name_raw, price_per_hour, previous_price_per_hour)
       VALUES ($1, $2, 'quarantined', 'PRICE_JUMP', 'price fell 80% since the last scrape', 'admin_e2e_h100', 'H100 80GB', 0.49, 2.49),
              ($1, $2, 'unmapped', 'UNKNOWN_GPU', 'not in the catalog', NULL, 'Quantum X9000', NULL, NULL),
              ($1, $2, 'unmapped', 'UNKNOWN_GPU', 'not in the catalog', NULL, 'quantum x9000 ', NULL, NULL)`,
      [runpodJob, runpod],
    );
    await db.query(
      `INSERT INTO cloudgpus.dead_letters (queue, kind, message_id, body, attempts)
       VALUES ('cloudgpus-scrape-dlq', 'scrape', 'e2e-1', '{"provider":"coreweave"}', 3),
              ('cloudgpus-scrape-dlq', 'scrape', 'e2e-2', '{"provider":"nebius"}', 3)`,
    );
    await db.query(
      `INSERT INTO cloudgpus.maintenance_runs (job, scheduled_for, started_at, completed_at, status, rows_before, rows_after, affected)
       VALUES ('purge-scrape-jobs', now() - interval '2 hours', now() - interval '2 hours', now() - interval '2 hours', 'completed', 900, 888, 12)`,
    );
    await db.query(
      "UPDATE cloudgpus.providers SET status = 'disabled', status_reason = 'no public prices', status_set_by = 'ops@example.com' WHERE slug = 'paperspace'",
    );

    const { page, problems, close } = await openDashboard();
    await page.screenshot({ path: join(SCREENSHOTS, "admin-dashboard.png"), fullPage: true });

    const runpodRow = await text(page, "#provider-runpod");
    expect(runpodRow).toMatch(/^RunPod runpod P1 ok status active completed /);
    const offers = runs.get("runpod")?.stored?.created;
    expect(offers).toBeGreaterThan(0);
    expect(await text(page, "#provider-runpod td:nth-last-child(2)")).toBe(String(offers));
    expect(await text(page, "#provider-runpod td:last-child")).toBe("closed");

    expect(await text(page, "#provider-voltage-park")).toContain("critical no successful scrape for 30 h (window 6 h)");
    const coreweaveRow = await text(page, "#provider-coreweave");
    expect(coreweaveRow).toContain("warning 1 failed scrape in a row no successful scrape for 7 h (window 6 h)");
    expect(coreweaveRow).toContain("timeout");
    expect(coreweaveRow).toContain("ETIMEDOUT The provider did not answer within 30 s.");
    // Disabled providers come last.
    expect(await text(page, "#providers-heading + p + .table-scroll tbody tr:last-child th")).toMatch(/paperspace/);
    expect(await text(page, "#provider-paperspace")).toContain(
      "off status disabled: no public prices (set by ops@example.com)",
    );

    // The alerts: P0 first, the silent one before the merely stale one, the replayed providers not at all.
    const alerts = await page.locator(".admin-alerts li").allInnerTexts();
    const voltageAlert = alerts.findIndex((alert) => alert.includes("Voltage Park"));
    const coreweaveAlert = alerts.findIndex((alert) => alert.includes("CoreWeave"));
    expect(alerts[voltageAlert]).toMatch(/^critical Voltage Park \(P0\): last successful scrape 30 h ago, window 6 h$/);
    expect(alerts[coreweaveAlert]).toMatch(/^stale CoreWeave \(P0\): last successful scrape 7 h ago, window 6 h$/);
    expect(voltageAlert).toBeLessThan(coreweaveAlert);
    for (const name of ["RunPod", "Lambda", "Vast.ai"]) expect(alerts.join("\n")).not.toContain(`${name} (`);

    const quarantined = await count(
      "SELECT count(*) AS n FROM cloudgpus.scrape_offer_issues WHERE kind = 'quarantined' AND decision IS NULL",
    );
    expect(await stat(page, "Quarantined, waiting")).toBe(String(quarantined));
    expect(await text(page, "#quarantine-heading + p")).toMatch(
      /^\d+ quarantined observations? waits? for a decision\.$/,
    );
    expect(await text(page, "section[aria-labelledby=quarantine-heading] tbody tr:first-child")).toContain(
      "RunPod admin_e2e_h100 H100 80GB PRICE_JUMP price fell 80% since the last scrape $0.49 $2.49",
    );
    const unmapped = page.locator("section[aria-labelledby=unmapped-heading] tbody tr", { hasText: "quantum x9000" });
    expect(await seen(unmapped)).toMatch(/^quantum x9000 2 RunPod \S+ \S+ UTC \(just now\)$/);
    expect(await text(page, "#dead-letters-heading + p")).toBe("2 dead letters wait to be replayed or dropped.");
    expect(await stat(page, "Dead letters waiting")).toBe("2");
    const purge = page.locator("section[aria-labelledby=maintenance-heading] tbody tr", {
      hasText: "purge-scrape-jobs",
    });
    expect(await seen(purge)).toMatch(/^purge-scrape-jobs completed \S+ \S+ UTC \(2 h ago\) 12 900 888$/);

    expect(problems).toEqual([]);
    await close();
  });
});
