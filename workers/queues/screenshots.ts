import { log } from "../log";
import type { PageVisit } from "../providers/browser";

/** Where the screenshots of one scrape job live in the SCREENSHOTS bucket: `scrape-jobs/<id>/<n>.png`. */
export const screenshotPrefix = (scrapeJobId: string) => `scrape-jobs/${scrapeJobId}/`;

/**
 * Keeps a PNG of every page a browser scrape read, under its scrape job (docs/design.md §16), with
 * the page's URL and status beside it. Losing a screenshot never fails the scrape: it is logged.
 */
export async function saveScreenshots(
  bucket: R2Bucket,
  scrapeJobId: string,
  visits: readonly PageVisit[],
): Promise<void> {
  for (const [index, visit] of visits.entries()) {
    if (!visit.screenshot) continue;
    try {
      await bucket.put(`${screenshotPrefix(scrapeJobId)}${index + 1}.png`, visit.screenshot, {
        httpMetadata: { contentType: "image/png" },
        customMetadata: { url: visit.url, status: String(visit.status ?? "") },
      });
    } catch (error) {
      log.warn("screenshot.save-failed", { scrapeJobId, url: visit.url, message: (error as Error)?.message });
    }
  }
}
