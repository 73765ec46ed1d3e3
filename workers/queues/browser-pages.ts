import puppeteer, { type Browser, type BrowserWorker } from "@cloudflare/puppeteer";
import { type DriverPage, type PageReader, type PageVisit, visitPage } from "../providers/browser";
import { ProviderError } from "../providers/http";

/** Browser Rendering closes a session nobody uses after this long; the next scrape may pick it up before. */
const KEEP_ALIVE_MS = 60_000;

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
      try {
        return await visitPage(page as unknown as DriverPage, url, use, visits, (driver, { timeout }) =>
          (driver as unknown as typeof page).goto(url, { waitUntil: "networkidle0", timeout }),
        );
      } finally {
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
