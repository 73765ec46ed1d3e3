import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ProviderAdapter } from "../../workers/providers/types";

const PROVIDERS_DIR = join(import.meta.dirname, "../../workers/providers");

export interface AdapterListing {
  slug: string;
  /** The README's source class: an open or keyed API, a keyed API with a page fallback, an aggregator, a page. */
  sourceClass: "api-open" | "api-key" | "hybrid" | "aggregator" | "html" | "browser";
  method: ProviderAdapter["method"];
  credential: "none" | "optional" | "required";
  /** `recorded` when at least one fixture is a genuine recorded answer, else `documented`. */
  fixtures: "recorded" | "documented";
}

function sourceClassOf(adapter: ProviderAdapter): AdapterListing["sourceClass"] {
  if (adapter.method !== "api") return adapter.method;
  if (adapter.aggregator) return "aggregator";
  if (adapter.pageFallback) return "hybrid"; // its API with a key, its pricing page without
  return adapter.credential?.required ? "api-key" : "api-open";
}

/** What `npm run scrape -- --list` prints for each adapter: one line, tab-separated, by slug. */
export async function listAdapters(
  adapters: readonly ProviderAdapter[],
  dir = PROVIDERS_DIR,
): Promise<AdapterListing[]> {
  const listings = await Promise.all(
    adapters.map(async (adapter): Promise<AdapterListing> => {
      const folder = join(dir, adapter.slug, "fixtures");
      const files = (await readdir(folder).catch(() => [])).filter((file) => file.endsWith(".json"));
      const origins = await Promise.all(
        files.map(
          async (file) => (JSON.parse(await readFile(join(folder, file), "utf8")) as { origin?: string }).origin,
        ),
      );
      return {
        slug: adapter.slug,
        sourceClass: sourceClassOf(adapter),
        method: adapter.method,
        credential: !adapter.credential ? "none" : adapter.credential.required ? "required" : "optional",
        fixtures: origins.includes("recorded") ? "recorded" : "documented",
      };
    }),
  );
  return listings.sort((a, b) => a.slug.localeCompare(b.slug));
}

export const listingLine = (listing: AdapterListing) =>
  [listing.slug, listing.sourceClass, listing.method, listing.credential, listing.fixtures].join("\t");
