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
