import { codeForStatus } from "../../shared/scrape-errors";
import { ProviderError } from "./http";

// Pages that show prices only once their JavaScript ran are read in a real browser
// (docs/design.md §16). An extractor is written against `MinimalPage`, the few page methods a
// Cloudflare puppeteer page and a playwright-core page share, so the same function runs in the
// Worker (Browser Rendering) and in the tests (Debian's chromium on the recorded page).

/** What an extractor may do with a loaded page. */
export interface MinimalPage {
  /** Runs `fn` in the page with one serialisable argument and returns its serialisable result. */
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Waits until `selector` matches (or times out, which rejects). */
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<unknown>;
}

export interface PageVisit {
  url: string;
  status: number | null;
  /** Bytes of the page's HTML as loaded (its scripts and images not counted). */
  bytes: number;
  durationMs: number;
  /** A PNG of the page as it was read, kept for audit. */
  screenshot: Uint8Array | null;
}

/**
 * Opens pages in a browser with JavaScript on. `read` loads `url`, hands the loaded page to `use`,
 * takes its screenshot and always closes the page, whatever `use` does.
 */
export interface PageReader {
  read<T>(url: string, use: (page: MinimalPage) => Promise<T>): Promise<T>;
  /** Every page read so far, in order. */
  readonly visits: readonly PageVisit[];
}

/** What both puppeteer's and playwright's pages offer for one visit (their own types differ in detail). */
export interface DriverPage {
  goto(url: string, options: { timeout: number }): Promise<{ status(): number } | null>;
  content(): Promise<string>;
  screenshot(options: { fullPage: boolean; type: "png" }): Promise<Uint8Array>;
  evaluate(fn: (arg: unknown) => unknown, arg: unknown): Promise<unknown>;
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<unknown>;
}

const NAVIGATION_TIMEOUT_MS = 30_000;

/**
 * One visit: load `url` (`load` waits for the network to settle the driver's way), fail as the
 * fetch wrapper would on an HTTP error, hand the page to `use`, and keep a screenshot of what it
 * showed whether `use` succeeded or not. Closing the page is the caller's.
 */
export async function visitPage<T>(
  page: DriverPage,
  url: string,
  use: (page: MinimalPage) => Promise<T>,
  visits: PageVisit[],
  load: (page: DriverPage, options: { timeout: number }) => Promise<{ status(): number } | null>,
): Promise<T> {
  const started = Date.now();
  const visit: PageVisit = { url, status: null, bytes: 0, durationMs: 0, screenshot: null };
  visits.push(visit);
  try {
    const response = await load(page, { timeout: NAVIGATION_TIMEOUT_MS }).catch((error: Error) => {
      throw new ProviderError(
        /timeout/i.test(error.message) ? "ETIMEDOUT" : "ECONNRESET",
        `loading ${url} in the browser failed: ${error.message}`,
        { url },
      );
    });
    visit.status = response?.status() ?? null;
    const statusCode = visit.status === null ? null : codeForStatus(visit.status);
    if (statusCode)
      throw new ProviderError(statusCode, `${url} answered HTTP ${visit.status} in the browser`, {
        url,
        status: visit.status ?? undefined,
      });
    visit.bytes = new TextEncoder().encode(await page.content()).byteLength;
    return await use({
      // Arguments and results cross into the page as JSON.
      evaluate: (fn, arg) => page.evaluate(fn as (value: unknown) => unknown, arg) as never,
      waitForSelector: (selector, options) => page.waitForSelector(selector, options),
    });
  } finally {
    visit.durationMs = Date.now() - started;
    // What the page showed, read or not: a failed scrape's screenshot is the one an operator needs.
    visit.screenshot = await page.screenshot({ fullPage: true, type: "png" }).catch(() => null);
  }
}
