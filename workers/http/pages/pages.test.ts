import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { withDb } from "../../db/client";
import { apiGet, createGpuModel, createInstance, createProvider } from "../../testing/factories";

// Server-rendered pages against the real database. Our own provider sells a GPU model of our own,
// so its page and the GPU's page show exactly these offers whatever other test files store.
let provider: { id: string; slug: string };
const GPU = `test-pages-${crypto.randomUUID().slice(0, 6)}`;
const GPU_NAME = "Pagetest RTX 3080";

beforeAll(async () => {
  provider = await withDb(env, "fresh", async (db) => {
    await createGpuModel(db, { slug: GPU, name: GPU_NAME, vramGb: 10 });
    const row = await createProvider(db, {
      slug: `test-pages-${crypto.randomUUID().slice(0, 6)}`,
      displayName: "Pagetest Cloud",
      affiliateUrl: "https://pagetest.example/?ref=cloudgpus",
      description: 'Test provider with a </script><script>alert("x")</script> in its description',
      pros: ["Cheap 3080s"],
    });
    await createInstance(db, row.id, {
      gpuSlug: GPU,
      instanceType: "3080.1x",
      instanceName: "1× RTX 3080",
      pricePerHour: 0.12,
      availableRegions: ["US", "fr-par-2"],
    });
    await createInstance(db, row.id, {
      gpuSlug: GPU,
      instanceType: "3080.4x",
      instanceName: "4× RTX 3080",
      gpuCount: 4,
      pricePerHour: 0.4,
      // Stale (older than the 12 h a provider without a schedule gets), yet younger than the 24 h after
      // which the stale-offer cleanup that other test files run would deactivate it.
      lastScrapedAt: new Date(Date.now() - 18 * 3_600_000),
    });
    return row;
  });
});

const html = async (path: string) => {
  const response = await apiGet(path);
  return { response, body: await response.text() };
};
const jsonLd = (body: string) =>
  [...body.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((match) => JSON.parse(match[1]!));

describe("GPU page", () => {
  it("lists every offer cheapest per GPU-hour first, with SEO metadata in the site's pattern", async () => {
    const { response, body } = await html(`/cloud-gpu/${GPU}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(body).toMatch(new RegExp(`<title>${GPU_NAME} Cloud Pricing \\d{4} \\| Compare 1\\+ Providers</title>`));
    expect(body).toContain(`<link rel="canonical" href="http://127.0.0.1:8787/cloud-gpu/${GPU}"`);
    expect(body).toContain('property="og:title"');
    expect(body.indexOf("4× RTX 3080")).toBeLessThan(body.indexOf("1× RTX 3080")); // $0.10 before $0.12
    expect(body).toContain(`href="/go/${provider.slug}"`);
    const product = jsonLd(body).find((item) => item["@type"] === "Product");
    expect(product.offers).toMatchObject({
      "@type": "AggregateOffer",
      priceCurrency: "USD",
      lowPrice: 0.1,
      highPrice: 0.1,
      offerCount: 2,
    });
    expect(jsonLd(body).some((item) => item["@type"] === "BreadcrumbList")).toBe(true);
  });

  it("marks a price that has not been checked for days as stale", async () => {
    const { body } = await html(`/cloud-gpu/${GPU}`);
    expect(body).toMatch(/stale/i);
  });

  it("sorts its table by query string without JavaScript", async () => {
    const { body } = await html(`/cloud-gpu/${GPU}?sort=price&dir=desc`);
    expect(body.indexOf("1× RTX 3080")).toBeLessThan(body.indexOf("4× RTX 3080"));
  });

  it("says plainly when a GPU has no prices yet", async () => {
    const { response, body } = await html("/cloud-gpu/quadro-rtx-6000");
    expect(response.status).toBe(200);
    expect(body).toContain("No prices yet");
  });

  it("announces its changes feed to feed readers and links it beside the trend", async () => {
    const { body } = await html(`/cloud-gpu/${GPU}`);
    expect(body).toContain(
      `<link rel="alternate" type="application/atom+xml" title="${GPU_NAME} price changes" href="/feed.xml?gpu=${GPU}"/>`,
    );
    expect(body).toContain(`<a href="/feed.xml?gpu=${GPU}">Changes feed</a>`);
  });

  it("shows how often its offers were in stock, as a 90-day strip and figures", async () => {
    const { body } = await html(`/cloud-gpu/${GPU}`);
    expect(body).toContain('<figure class="chart" id="gpu-availability">');
    expect(body).toContain("<dt>Last 7 days</dt><dd>100% in stock</dd>");
    expect(body).toContain(`: 100% in stock</title></rect>`);
  });

  it("answers an unknown GPU with the 404 page", async () => {
    const { response, body } = await html("/cloud-gpu/h999");
    expect(response.status).toBe(404);
    expect(body).toContain("Page not found");
  });
});

describe("provider page", () => {
  it("shows its GPUs, pros and scrape health, and escapes provider text inside JSON-LD", async () => {
    const { response, body } = await html(`/provider/${provider.slug}`);
    expect(response.status).toBe(200);
    expect(body).toContain("Pagetest Cloud GPU prices");
    expect(body).toContain("Cheap 3080s");
    expect(body).toContain("Data health");
    expect(body).toContain('<figure class="chart" id="provider-availability">');
    expect(body).not.toContain('</script><script>alert("x")');
    expect(jsonLd(body).find((item) => item["@type"] === "Organization").description).toContain("</script>");
    expect(body).toContain(
      `type="application/atom+xml" title="Pagetest Cloud price changes" href="/feed.xml?provider=${provider.slug}"`,
    );
    expect(body).toContain(`<a href="/feed.xml?provider=${provider.slug}">Changes feed</a>`);
  });
});

describe("comparisons", () => {
  it("redirects the reversed pair to the canonical order", async () => {
    const response = await apiGet("/compare/rtx-4090-vs-a100-80gb");
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe("/compare/a100-80gb-vs-rtx-4090");
  });

  it("compares two GPUs with a verdict", async () => {
    const { response, body } = await html("/compare/a100-80gb-vs-rtx-4090");
    expect(response.status).toBe(200);
    expect(body).toContain("More memory");
  });

  it("answers 404 for a pair that names nothing", async () => {
    expect((await apiGet("/compare/foo-vs-zzz")).status).toBe(404);
    expect((await apiGet("/compare/nonsense")).status).toBe(404);
  });
});

describe("use cases, regions and calculators", () => {
  it("ranks GPUs by benchmark per dollar and explains the method", async () => {
    const { response, body } = await html("/best-gpu-for/llm-inference");
    expect(response.status).toBe(200);
    expect(body).toContain("How the ranking works");
    expect(body).toContain("LLaMA-2-70B Inference");
  });

  it("shows the cheapest offer per GPU in a region", async () => {
    const { body } = await html("/region/north-america");
    expect(body).toContain("1× RTX 3080");
  });

  it("estimates cost without JavaScript (form GET)", async () => {
    const { response, body } = await html(`/calculator/cost-estimator?gpu=${GPU}&count=2&hours=10&days=3`);
    expect(response.status).toBe(200);
    expect(body).toContain(`<span data-estimate-hours="true">60</span> GPU-hours`);
    // Pagetest's cheapest 3080 is the 4× offer at $0.10/GPU-h: 60 GPU-hours → $6.00.
    expect(body).toContain('<td data-total="on-demand">$6.00</td>');
  });

  it("answers nonsense calculator input with a 400 page, not a crash", async () => {
    const { response, body } = await html(`/calculator/cost-estimator?gpu=${GPU}&count=-1&hours=99&days=x`);
    expect(response.status).toBe(400);
    expect(body).toContain("This request cannot be answered");
  });

  it("suggests GPUs for a model size", async () => {
    const { body } = await html("/calculator/gpu-selector?model=7&precision=fp16");
    expect(body).toContain("GPUs for 17 GB of VRAM");
  });
});

describe("sitemap and robots", () => {
  it("lists every page family with lastmod", async () => {
    const { response, body } = await html("/sitemap.xml");
    expect(response.headers.get("content-type")).toMatch(/application\/xml/);
    for (const path of [
      `/cloud-gpu/${GPU}`,
      `/provider/${provider.slug}`,
      "/best-gpu-for/llm-training",
      "/region/europe",
      "/calculator/cost-estimator",
      "/compare/a100-80gb-vs-b200-sxm",
    ]) {
      expect(body).toContain(`<loc>http://127.0.0.1:8787${path}</loc>`);
    }
    expect(body).toMatch(/<lastmod>\d{4}-\d{2}-\d{2}T/);
  });

  it("points robots at the sitemap and away from redirects and the API", async () => {
    const { body } = await html("/robots.txt");
    expect(body).toContain("Sitemap: http://127.0.0.1:8787/sitemap.xml");
    expect(body).toContain("Disallow: /go/");
  });
});

describe("home and hubs", () => {
  it.each(["/", "/cloud-gpu", "/provider", "/compare", "/best-gpu-for", "/region"])("renders %s", async (path) => {
    const { response, body } = await html(path);
    expect(response.status).toBe(200);
    expect(body).toContain('<main id="main"');
    expect(body).toMatch(/<h1[ >]/);
  });
});
