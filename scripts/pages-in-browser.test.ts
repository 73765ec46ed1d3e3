import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectOffers } from "../workers/ingest/scrape";
import { ADAPTERS } from "../workers/providers";
import { recordedBaseUrl, recordingSchema, replayFetch } from "../workers/providers/replay";
import { chromiumPages } from "./lib/browser-replay";
import { needSystemTool } from "./lib/system-tool";

// Every pricing-page adapter, read the two ways a schedule can send it (docs/design.md §16): over
// HTTP, and in a real chromium (Debian's, through playwright-core) with JavaScript on, where the
// page's every request is answered from its recording. Both must publish the same offers.

const CHROMIUM = needSystemTool(
  process.env.CHROMIUM_PATH ?? "chromium",
  "apt-get install -y chromium, or set CHROMIUM_PATH",
).path;
const root = join(import.meta.dirname, "..");
const pageAdapters = Object.values(ADAPTERS).filter((adapter) => adapter.method === "html");
const now = new Date("2026-11-20T12:00:00Z");

describe.skipIf(!CHROMIUM)("pricing pages in a browser", () => {
  it("has page adapters to read", () => {
    expect(pageAdapters.map((adapter) => adapter.slug)).toContain("coreweave");
  });

  for (const adapter of pageAdapters) {
    it(`${adapter.slug}: the page read in chromium gives the offers read over HTTP`, async () => {
      const file = join(root, "workers/providers", adapter.slug, "fixtures/success.json");
      const recording = recordingSchema.parse(JSON.parse(await readFile(file, "utf8")));
      const source = {
        fetch: replayFetch(recording),
        baseUrl: recordedBaseUrl(recording, adapter.baseUrl.default),
        credential: null,
        now,
      };
      const overHttp = await collectOffers(adapter, source);
      const pages = await chromiumPages(CHROMIUM ?? "chromium", recording);
      try {
        const inBrowser = await collectOffers(adapter, { ...source, pages });
        const shape = (offers: typeof overHttp.offers) =>
          offers.map(({ instanceType, gpuCount, pricePerHour, pricePerHourSpot, gpuNameRaw }) => ({
            instanceType,
            gpuCount,
            pricePerHour,
            pricePerHourSpot,
            gpuNameRaw,
          }));
        expect(inBrowser.offers.length).toBeGreaterThan(0);
        expect(shape(inBrowser.offers)).toEqual(shape(overHttp.offers));
        expect(pages.visits).toEqual([
          expect.objectContaining({ url: expect.stringContaining(new URL(source.baseUrl).host), status: 200 }),
        ]);
        expect(pages.visits[0]?.screenshot?.byteLength).toBeGreaterThan(1000);
      } finally {
        await pages.close();
      }
    }, 60_000);
  }
});
