import { chromium } from "playwright-core";
import { type DriverPage, type PageReader, type PageVisit, visitPage } from "../../workers/providers/browser";
import { type Recording, replayFetch } from "../../workers/providers/replay";
import { findExecutable } from "./system-tool";

/** Debian's chromium, or CHROMIUM_PATH; null when neither is there. */
export const chromiumPath = () => findExecutable(process.env.CHROMIUM_PATH ?? "chromium");

/**
 * Pages read in a real chromium (through playwright-core), with JavaScript on. With a recording,
 * every request the page makes, the page itself, its scripts and its data calls, is answered from
 * the recording, and anything it did not record is refused: nothing reaches the network. Without
 * one (a live `npm run scrape`) the browser loads the provider's site.
 */
export async function chromiumPages(
  executablePath: string,
  recording: Recording | null,
): Promise<PageReader & { close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
  });
  const replay = recording ? replayFetch(recording) : null;
  const visits: PageVisit[] = [];
  return {
    visits,
    async read(url, use) {
      const context = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 1280, height: 900 } });
      if (replay)
        await context.route("**/*", async (route) => {
          const request = route.request();
          const answer = await replay(request.url(), {
            method: request.method(),
            body: request.postData() ?? undefined,
          });
          // The replay answers 404 for what it never recorded: such a request is refused outright.
          if (answer.status === 404 && answer.headers.get("x-replay") === "unrecorded")
            return route.abort("blockedbyclient");
          return route.fulfill({
            status: answer.status,
            headers: Object.fromEntries(answer.headers),
            body: Buffer.from(await answer.arrayBuffer()),
          });
        });
      const page = await context.newPage();
      try {
        return await visitPage(page as unknown as DriverPage, url, use, visits, (driver, { timeout }) =>
          (driver as unknown as typeof page).goto(url, { waitUntil: "networkidle", timeout }),
        );
      } finally {
        await context.close();
      }
    },
    close: () => browser.close(),
  };
}
