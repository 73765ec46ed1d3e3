import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderAdapter } from "../../workers/providers/types";
import { listAdapters, listingLine } from "./adapter-list";

const adapter = (slug: string, credential?: ProviderAdapter["credential"]): ProviderAdapter => ({
  slug,
  method: "api",
  version: `${slug}/1`,
  baseUrl: { env: "X_BASE_URL", default: "https://x.example" },
  credential,
  scrape: async () => ({ offers: [], skipped: [] }),
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "adapter-list-"));
  const fixture = async (slug: string, name: string, origin: string) => {
    await mkdir(join(dir, slug, "fixtures"), { recursive: true });
    await writeFile(join(dir, slug, "fixtures", `${name}.json`), JSON.stringify({ origin }));
  };
  await fixture("alpha", "success", "documented");
  await fixture("alpha", "recorded-2025", "recorded");
  await fixture("beta", "success", "documented");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("listAdapters", () => {
  it("says recorded when any fixture is a genuine recording, documented otherwise, by slug", async () => {
    const listings = await listAdapters(
      [
        adapter("beta", { secret: "BETA_KEY", required: true }),
        adapter("alpha", { secret: "A", required: false }),
        adapter("gamma"),
      ],
      dir,
    );
    expect(listings.map(listingLine)).toEqual([
      "alpha\tapi-open\tapi\toptional\trecorded",
      "beta\tapi-key\tapi\trequired\tdocumented",
      "gamma\tapi-open\tapi\tnone\tdocumented",
    ]);
  });

  it("names the source class: a keyed aggregator is an aggregator, a key with a page fallback hybrid, a page html or browser", async () => {
    const listings = await listAdapters(
      [
        { ...adapter("delta", { secret: "D", required: true }), aggregator: true },
        { ...adapter("epsilon"), method: "html" },
        { ...adapter("zeta"), method: "browser" },
        { ...adapter("eta", { secret: "E", required: false }), pageFallback: true },
      ],
      dir,
    );
    expect(listings.map((listing) => [listing.slug, listing.sourceClass])).toEqual([
      ["delta", "aggregator"],
      ["epsilon", "html"],
      ["eta", "hybrid"],
      ["zeta", "browser"],
    ]);
  });
});
