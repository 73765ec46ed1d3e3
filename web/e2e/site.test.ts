import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../scripts/lib/free-port";
import { ownDatabase } from "../../scripts/lib/own-database";
import { replayAllRecordings } from "../../scripts/lib/replay";
import { type Stack, startStack, waitUntilHealthy } from "../../scripts/lib/stack";
import { needSystemTool } from "../../scripts/lib/system-tool";

// The site in a real browser (Debian's chromium through playwright-core) against `wrangler dev`,
// with prices loaded the way a developer loads them: every provider's recording replayed through
// the pipeline into the database. Screenshots of the main page families land in test-results/.

const root = join(import.meta.dirname, "../..");
const SCREENSHOTS = join(root, "test-results/screenshots");
const CHROMIUM = needSystemTool(
  process.env.CHROMIUM_PATH ?? "chromium",
  "apt-get install -y chromium, or set CHROMIUM_PATH",
).path;
let stack: Stack;
let browser: Browser;
let state: string;

async function open(path: string, { javaScript = true } = {}): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const response = await page.goto(`${stack.url}${path}`);
  expect(response?.status(), path).toBeLessThan(400);
  return page;
}
const shoot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
const prices = (page: Page) =>
  page
    .locator("table[data-sortable] tbody tr td.price[data-value]")
    .evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute("data-value"))));

describe.skipIf(!CHROMIUM)("the site in a browser", () => {
  beforeAll(async () => {
    state = await mkdtemp(join(tmpdir(), "cloudgpus-e2e-"));
    await mkdir(SCREENSHOTS, { recursive: true });
    stack = await startStack({
      port: String(await freePort()),
      persistTo: state,
      env: { ...process.env, DATABASE_URL: await ownDatabase(inject("databaseUrl"), `cloudgpus_e2e_${process.pid}`) },
      stdio: "ignore",
      log: () => {},
    });
    await replayAllRecordings(stack.database.url, "e2e");
    await waitUntilHealthy(stack.url);
    browser = await chromium.launch({
      executablePath: CHROMIUM ?? undefined,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await rm(state, { recursive: true, force: true });
  });

  it("navigates home → GPUs → a GPU → its provider → a comparison", async () => {
    const page = await open("/");
    expect(await page.locator("h1").count()).toBe(1);
    await shoot(page, "home");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "GPUs" }).click();
    await page.waitForURL(/\/cloud-gpu$/);
    await shoot(page, "gpu-hub");
    await page.locator('a[href="/cloud-gpu/h100-sxm"]').first().click();
    await page.waitForURL(/\/cloud-gpu\/h100-sxm$/);
    expect(await page.locator("h1").textContent()).toContain("H100 SXM");
    expect(await page.locator("table tbody tr").count()).toBeGreaterThan(2);
    await shoot(page, "gpu-page");
    await page.locator('table a[href="/provider/runpod"]').first().click();
    await page.waitForURL(/\/provider\/runpod$/);
    await shoot(page, "provider-page");
    await page.locator('a[href^="/compare/"]').first().click();
    await page.waitForURL(/\/compare\/[a-z0-9-]+-vs-[a-z0-9-]+$/);
    expect(await page.locator("h1").textContent()).toMatch(/ vs /);
    await shoot(page, "compare-providers");
    await page.close();
  });

  it("sorts the price table in place with JavaScript", async () => {
    const page = await open("/cloud-gpu/h100-sxm");
    const ascending = await prices(page);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.evaluate(() => Object.assign(globalThis, { sortedInPlace: true }));
    await page.locator("th a", { hasText: "$/GPU-h" }).click();
    await expect.poll(async () => (await prices(page))[0]).toBe(Math.max(...ascending));
    // Sorted in place: the page (and the marker on its window) was not reloaded.
    expect(await page.evaluate(() => (globalThis as { sortedInPlace?: boolean }).sortedInPlace)).toBe(true);
    expect(page.url()).toMatch(/sort=price&dir=desc/);
    await page.close();
  });

  it("sorts without JavaScript through the header links", async () => {
    const page = await open("/cloud-gpu/h100-sxm", { javaScript: false });
    await page.locator("th a", { hasText: "$/GPU-h" }).click();
    await page.waitForURL(/dir=desc/);
    const descending = await prices(page);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    await page.close();
  });

  it("estimates costs live as the inputs change", async () => {
    const page = await open("/calculator/cost-estimator?gpu=h100-sxm&count=1&hours=24&days=30");
    await shoot(page, "cost-estimator");
    const first = page.locator('tbody tr [data-total="on-demand"]').first();
    const before = await first.textContent();
    await page.fill("#count", "2");
    await expect.poll(() => first.textContent()).not.toBe(before);
    expect(await page.locator("[data-estimate-hours]").textContent()).toBe("1,440");
    const perGpu = Number(await page.locator("tbody tr").first().getAttribute("data-on-demand"));
    expect(await first.textContent()).toBe(
      `$${(perGpu * 2 * 24 * 30).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
    );
    await page.close();
  });

  it("estimates costs without JavaScript by submitting the form", async () => {
    const page = await open("/calculator/cost-estimator", { javaScript: false });
    await page.selectOption("#gpu", "a100-80gb");
    await page.fill("#count", "8");
    await page.fill("#hours", "12");
    await page.fill("#days", "7");
    await page.getByRole("button", { name: "Estimate" }).click();
    await page.waitForURL(/gpu=a100-80gb/);
    expect(await page.locator("[data-estimate-hours]").textContent()).toBe("672");
    await page.close();
  });

  it("makes a price alert with the form, without JavaScript", async () => {
    const page = await open("/alerts", { javaScript: false });
    await page.selectOption("#gpu", "h100-sxm");
    await page.fill("#max_price", "1.50");
    await page.selectOption("#channel", "slack");
    await page.fill("#target", "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX");
    await page.getByRole("button", { name: "Make the alert" }).click();
    await page.getByRole("heading", { name: "Alert made" }).waitFor();
    expect(await page.locator("main").textContent()).toContain("The alert is active.");
    expect(await page.locator("code").first().textContent()).toMatch(/^cga_[\w-]{43}$/);
    await shoot(page, "alert-made");
    await page.close();
  });

  it("finds GPUs for a model size", async () => {
    const page = await open("/calculator/gpu-selector", { javaScript: false });
    await page.fill("#model", "70");
    await page.getByRole("button", { name: "Find GPUs" }).click();
    await page.waitForURL(/model=70/);
    expect(await page.locator("#candidates-heading").textContent()).toContain("168 GB");
    await shoot(page, "gpu-selector");
    await page.close();
  });

  it("shows use-case and region pages", async () => {
    const useCase = await open("/best-gpu-for/llm-inference");
    expect(await useCase.locator("table tbody tr").count()).toBeGreaterThan(0);
    await shoot(useCase, "use-case");
    await useCase.close();
    const region = await open("/region/north-america");
    await shoot(region, "region");
    await region.close();
  });

  it("loads the main page families under their Content-Security-Policy without a violation", async () => {
    const provider = await open("/provider/runpod");
    const compare = await provider.locator('a[href^="/compare/"]').first().getAttribute("href");
    await provider.context().close();
    const paths = [
      "/",
      "/cloud-gpu/h100-sxm",
      "/provider/runpod",
      compare ?? "/compare",
      "/calculator/cost-estimator?gpu=h100-sxm&count=1&hours=24&days=30",
    ];
    for (const path of paths) {
      const context = await browser.newContext();
      // Before any script of the page's: CSP blocks what it must, and says so in this event.
      await context.addInitScript(() => {
        const seen: string[] = [];
        Object.assign(globalThis, { cspViolations: seen });
        // The event bubbles from the document to the window (this file's types have no DOM).
        (globalThis as unknown as EventTarget).addEventListener("securitypolicyviolation", (event) => {
          const violation = event as Event & { effectiveDirective: string; blockedURI: string };
          seen.push(`${violation.effectiveDirective} ${violation.blockedURI}`);
        });
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (message) => void (message.type() === "error" && errors.push(message.text())));
      page.on("pageerror", (error) => void errors.push(error.message));
      const response = await page.goto(`${stack.url}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(response?.headers()["content-security-policy"], path).toContain("script-src 'self'");
      expect(response?.headers()["permissions-policy"], path).toContain("camera=()");
      await page.waitForLoadState("load");
      if (path === "/") expect(await page.locator('script[type="application/ld+json"]').count()).toBeGreaterThan(0);
      expect(await page.evaluate(() => (globalThis as { cspViolations?: string[] }).cspViolations), path).toEqual([]);
      expect(errors, path).toEqual([]);
      await context.close();
    }
  });

  it("serves static assets with the pages' security headers, and not the file that sets them", async () => {
    const page = await fetch(`${stack.url}/`);
    const stylesheet = await fetch(`${stack.url}/styles.css`);
    expect(stylesheet.status).toBe(200);
    expect(stylesheet.headers.get("content-type")).toMatch(/text\/css/);
    for (const name of [
      "permissions-policy",
      "strict-transport-security",
      "x-content-type-options",
      "x-frame-options",
      "referrer-policy",
      "cross-origin-resource-policy",
    ])
      expect(stylesheet.headers.get(name), name).toBe(page.headers.get(name));
    expect(stylesheet.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const headersFile = await fetch(`${stack.url}/_headers`);
    expect(headersFile.status).toBe(404);
    expect(await headersFile.text()).not.toContain("Permissions-Policy:");
  });

  it("answers an unknown page with the 404 page", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${stack.url}/no/such/page`);
    expect(response?.status()).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("Page not found");
    await shoot(page, "not-found");
    await context.close();
  });
});
