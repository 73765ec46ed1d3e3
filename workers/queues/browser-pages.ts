import puppeteer, { type Browser, type BrowserWorker } from "@cloudflare/puppeteer";
import { codeForStatus } from "../../shared/scrape-errors";
import type { MinimalPage, PageReader, PageVisit } from "../providers/browser";
import { ProviderError } from "../providers/http";

/** Browser Rendering closes a session nobody uses after this long; the next scrape may pick it up before. */
const KEEP_ALIVE_MS = 60_000;
const NAVIGATION_TIMEOUT_MS = 30_000;

/**
 * Pages read through Cloudflare Browser Rendering (`env.BROWSER`). Few browsers may run at once,
 * so an idle session is reused before a new one is launched; pages are always closed, and the
 * session is disconnected (not closed) when the scrape ends, so it stays warm for the next one.
 */
export function browserRenderingPages(binding: BrowserWorker): PageReader & { release(): Promise<void> } {
  const visits: PageVisit[] = [];
  let browser: Browser | null = null;

  async function acquire(): Promise<Browser> {
    if (browser?.connected) return browser;
    try {
      const idle = (await puppeteer.sessions(binding)).find((session) => !session.connectionId);
      const reused = idle ? await puppeteer.connect(binding, idle.sessionId).catch(() => null) : null;
      browser = reused ?? (await puppeteer.launch(binding, { keep_alive: KEEP_ALIVE_MS }));
      return browser;
    } catch (error) {
      throw new ProviderError(
        "BROWSER_UNAVAILABLE",
        `no browser session could be had: ${(error as Error)?.message ?? String(error)}`,
      );
    }
  }

  return {
    visits,
    async read(url, use) {
      const session = await acquire();
      const page = await session.newPage();
      const started = Date.now();
      const visit: PageVisit = { url, status: null, bytes: 0, durationMs: 0, screenshot: null };
      visits.push(visit);
      try {
        const response = await page
          .goto(url, { waitUntil: "networkidle0", timeout: NAVIGATION_TIMEOUT_MS })
          .catch((error: Error) => {
            throw new ProviderError(
              /timeout/i.test(error.message) ? "ETIMEDOUT" : "ECONNRESET",
              `loading ${url} in the browser failed: ${error.message}`,
              { url },
            );
          });
        visit.status = response?.status() ?? null;
        const statusCode = visit.status === null ? null : codeForStatus(visit.status);
        if (statusCode && visit.status !== null)
          throw new ProviderError(statusCode, `${url} answered HTTP ${visit.status} in the browser`, {
            url,
            status: visit.status,
          });
        visit.bytes = new TextEncoder().encode(await page.content()).byteLength;
        const minimal: MinimalPage = {
          // Arguments and results cross into the page as JSON, which puppeteer's types spell apart.
          evaluate: (fn, arg) => page.evaluate(fn as (value: unknown) => unknown, arg as unknown) as never,
          waitForSelector: (selector, options) => page.waitForSelector(selector, options),
        };
        return await use(minimal);
      } finally {
        visit.durationMs = Date.now() - started;
        // What the page showed, read or not: a failed scrape's screenshot is the one an operator needs.
        visit.screenshot = await page.screenshot({ fullPage: true, type: "png" }).catch(() => null);
        await page.close().catch(() => undefined);
      }
    },
    async release() {
      // Disconnect, not close: the session idles for KEEP_ALIVE_MS and the next scrape may reuse it.
      if (browser?.connected) await browser.disconnect().catch(() => undefined);
      browser = null;
    },
  };
}
