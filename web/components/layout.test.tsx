import { describe, expect, it } from "vitest";
import { breadcrumbJsonLd, Layout, type LayoutProps } from "../layout";
import { render } from "./test-builders";

function page(props: Partial<LayoutProps> = {}) {
  return render(
    <Layout
      title="H100 prices · CloudGPUs"
      description="Compare H100 prices."
      canonical="https://cloudgpus.test/cloud-gpu/h100-sxm"
      {...props}
    >
      <h1>H100</h1>
    </Layout>,
  );
}

describe("Layout", () => {
  it("starts with a doctype and declares canonical URL and Open Graph tags", async () => {
    const html = await page({ ogType: "article" });
    expect(html.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true);
    expect(html).toContain('<link rel="canonical" href="https://cloudgpus.test/cloud-gpu/h100-sxm"/>');
    expect(html).toContain('<meta property="og:url" content="https://cloudgpus.test/cloud-gpu/h100-sxm"/>');
    expect(html).toContain('<meta property="og:title" content="H100 prices · CloudGPUs"/>');
    expect(html).toContain('<meta property="og:description" content="Compare H100 prices."/>');
    expect(html).toContain('<meta property="og:type" content="article"/>');
    expect(html).toContain('<meta property="og:site_name" content="CloudGPUs"/>');
    expect(html).toContain('<meta name="twitter:card" content="summary"/>');
    expect(html).not.toContain("noindex");
  });

  it("asks search engines to skip noindex pages", async () => {
    expect(await page({ noindex: true })).toContain('<meta name="robots" content="noindex"/>');
  });

  it("has a skip link, labelled navigation, a main landmark and the footer note", async () => {
    const html = await page();
    expect(html).toContain('<a class="skip-link" href="#main">');
    expect(html).toContain('<nav aria-label="Main">');
    expect(html).toContain('<a href="/cloud-gpu" aria-current="true">GPUs</a>');
    expect(html).toContain('<main id="main"');
    expect(html).toContain("Prices normalised to USD per GPU-hour; each shows when it was last checked.");
    expect(html).toContain('href="/sitemap.xml"');
  });

  it("loads app.js only when a page asks for it", async () => {
    expect(await page()).not.toContain("app.js");
    expect(await page({ scripts: true })).toContain('<script src="/app.js" defer=""></script>');
  });

  it("renders breadcrumbs as an ordered list ending at the current page", async () => {
    const html = await page({
      breadcrumbs: [
        { name: "GPUs", href: "/cloud-gpu" },
        { name: "H100", href: "/cloud-gpu/h100-sxm" },
      ],
    });
    expect(html).toContain(
      '<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/cloud-gpu">GPUs</a></li><li><a href="/cloud-gpu/h100-sxm" aria-current="page">H100</a></li></ol></nav>',
    );
  });

  it("keeps a provider-supplied name from closing the JSON-LD script", async () => {
    const name = 'Evil</script><script>alert("x")</script>';
    const html = await page({ jsonLd: [{ "@type": "Organization", name }, { "@type": "Thing" }] });
    const blocks = [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map(
      (match) => match[1]!,
    );
    expect(blocks).toHaveLength(2);
    expect(html).not.toContain("<script>alert");
    expect(JSON.parse(blocks[0]!)).toEqual({ "@type": "Organization", name });
  });
});

describe("breadcrumbJsonLd", () => {
  it("builds a schema.org BreadcrumbList with absolute URLs", () => {
    expect(
      breadcrumbJsonLd(
        [
          { name: "GPUs", href: "/cloud-gpu" },
          { name: "H100", href: "/cloud-gpu/h100-sxm" },
        ],
        "https://cloudgpus.test",
      ),
    ).toEqual({
      "@context": "https://schema.org",
      "@type": "BreadcrumbList",
      itemListElement: [
        { "@type": "ListItem", position: 1, name: "GPUs", item: "https://cloudgpus.test/cloud-gpu" },
        { "@type": "ListItem", position: 2, name: "H100", item: "https://cloudgpus.test/cloud-gpu/h100-sxm" },
      ],
    });
  });
});
