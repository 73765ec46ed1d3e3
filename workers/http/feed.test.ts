import { env } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../shared/api-errors";
import { withDb } from "../db/client";
import { instances, priceHistory } from "../db/schema";
import { apiGet, createGpuModel, createInstance, createProvider } from "../testing/factories";

// /feed.xml through the Worker, read by a real XML parser. A provider of our own whose display name
// is markup, so escaping shows in what a feed reader would display.
const EVIL = 'Evil <b>&"Cloud';
let providerSlug: string;
let gpuSlug: string;
const recorded: Date[] = [];

beforeAll(async () => {
  await withDb(env, "fresh", async (db) => {
    const provider = await createProvider(db, {
      slug: `test-feed-${crypto.randomUUID().slice(0, 8)}`,
      displayName: EVIL,
    });
    providerSlug = provider.slug;
    gpuSlug = (await createGpuModel(db, { name: "Feedtest H100 SXM", shortName: "H100 SXM" })).slug;
    const offer = await createInstance(db, provider.id, {
      gpuSlug,
      instanceType: "h100.8x",
      gpuCount: 8,
      pricePerHour: 19.92,
    });
    await db.update(instances).set({ pricePerHour: 17.52 }).where(eq(instances.id, offer.id)); // $2.49 → $2.19
    const rows = await db
      .select({ id: priceHistory.id })
      .from(priceHistory)
      .where(eq(priceHistory.instanceId, offer.id))
      .orderBy(asc(priceHistory.recordedAt));
    for (const [index, row] of rows.entries()) {
      recorded[index] = new Date(Date.now() - (3 - index) * 86_400_000);
      await db.update(priceHistory).set({ recordedAt: recorded[index] }).where(eq(priceHistory.id, row.id));
    }
  });
});

interface AtomLink {
  "@_rel": string;
  "@_type": string;
  "@_href": string;
}
interface AtomEntry {
  id: string;
  title: { "#text": string };
  updated: string;
  link: AtomLink;
  category: { "@_term": string };
  summary: { "#text": string };
}
interface Atom {
  feed: {
    "@_xmlns": string;
    id: string;
    title: { "#text": string };
    updated: string;
    link: AtomLink[];
    author: { name: string; uri: string };
    entry?: AtomEntry[];
  };
}

const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" || name === "link" });
async function feed(query: string) {
  const response = await apiGet(`/feed.xml?${query}`);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(XMLValidator.validate(text)).toBe(true);
  return { response, atom: parser.parse(text) as Atom };
}

describe("GET /feed.xml", () => {
  it("is an Atom 1.0 document with one entry per change, newest first", async () => {
    const { response, atom } = await feed(`provider=${providerSlug}`);
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(response.headers.get("x-cache")).toBe("MISS");
    const { feed: root } = atom;
    expect(root["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(root.id).toBe(`http://127.0.0.1:8787/feed.xml?provider=${providerSlug}`);
    expect(root.title["#text"]).toBe(`CloudGPUs price changes: on ${EVIL}`);
    expect(root.updated).toBe(recorded[1]!.toISOString());
    expect(root.link).toEqual([
      { "@_rel": "self", "@_type": "application/atom+xml", "@_href": root.id },
      { "@_rel": "alternate", "@_type": "text/html", "@_href": `http://127.0.0.1:8787/provider/${providerSlug}` },
    ]);
    expect(root.author).toEqual({ name: "CloudGPUs", uri: "http://127.0.0.1:8787" });

    expect(root.entry?.map((entry) => [entry.category["@_term"], entry.title["#text"], entry.updated])).toEqual([
      ["price_cut", `H100 SXM on ${EVIL}: $2.49 → $2.19 per GPU-hour (−12%)`, recorded[1]!.toISOString()],
      ["new_offer", `New on ${EVIL}: H100 SXM at $2.49 per GPU-hour`, recorded[0]!.toISOString()],
      ["new_provider", `New provider: ${EVIL}, first offer H100 SXM at $2.49 per GPU-hour`, recorded[0]!.toISOString()],
    ]);
    const [cut] = root.entry ?? [];
    expect(cut?.id).toMatch(/^tag:cloudgpus\.io,2026:change:[0-9a-f-]{36}:price_cut$/);
    expect(cut?.link).toEqual([
      { "@_rel": "alternate", "@_type": "text/html", "@_href": `http://127.0.0.1:8787/cloud-gpu/${gpuSlug}` },
    ]);
    expect(cut?.summary["#text"]).toBe(
      `Feedtest H100 SXM × 8, h100.8x at ${EVIL}. Price per GPU-hour: $2.49 → $2.19. Availability: available → available.`,
    );
  });

  it("writes markup in provider text as escaped characters, never as elements", async () => {
    const text = await (await apiGet(`/feed.xml?provider=${providerSlug}`)).text();
    expect(text).not.toContain("<b>");
    expect(text).toContain("Evil &lt;b&gt;&amp;&quot;Cloud");
  });

  it("takes the filters of /api/changes", async () => {
    const { atom } = await feed(`provider=${providerSlug}&gpu=${gpuSlug}&event=price_cut`);
    expect(atom.feed.entry?.map((entry) => entry.category["@_term"])).toEqual(["price_cut"]);
    expect(atom.feed.title["#text"]).toBe(`CloudGPUs price changes: Feedtest H100 SXM on ${EVIL}`);
    const none = await feed(`provider=${providerSlug}&event=sold_out`);
    expect(none.atom.feed.entry).toBeUndefined();
    expect(none.atom.feed.updated).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("answers 400 in the error envelope for a parameter it does not take, 404 for a provider it does not know", async () => {
    for (const query of ["event=price_drop", "limit=10", "gpu=<b>"]) {
      const response = await apiGet(`/feed.xml?${query}`);
      expect(response.status, query).toBe(400);
      expect(apiErrorSchema.parse(await response.json()).code).toBe("VALIDATION_ERROR");
    }
    const missing = await apiGet("/feed.xml?provider=no-such-provider-here");
    expect(missing.status).toBe(404);
    expect(apiErrorSchema.parse(await missing.json()).message).toBe('No provider "no-such-provider-here"');
  });

  it("is listed in /llms.txt", async () => {
    const text = await (await apiGet("/llms.txt")).text();
    expect(text).toContain("- [Change feed](http://127.0.0.1:8787/feed.xml): ");
    expect(text).toContain("- [GET /api/changes](http://127.0.0.1:8787/api/changes): ");
  });
});
