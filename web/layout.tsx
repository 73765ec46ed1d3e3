import { raw } from "hono/html";
import type { Child } from "hono/jsx";

export interface Breadcrumb {
  name: string;
  /** Site path, e.g. `/cloud-gpu`. */
  href: string;
}

export interface LayoutProps {
  title: string;
  /** Meta and Open Graph description; an empty one is left out. */
  description: string;
  /** Absolute URL of this page. Every indexable page should pass it. */
  canonical?: string;
  ogType?: "website" | "article";
  /** schema.org objects, each in its own `<script type="application/ld+json">`. */
  jsonLd?: object[];
  /** Pages that must not be indexed (errors, admin). */
  noindex?: boolean;
  /** Ending with the current page. */
  breadcrumbs?: Breadcrumb[];
  /** Load /app.js (sortable tables, live estimates). Most pages need none. */
  scripts?: boolean;
  /** The Atom feed of changes this page concerns (site path), announced to feed readers. */
  feed?: { href: string; title: string };
  children: Child;
}

const SITE_NAME = "CloudGPUs";

const NAV = [
  { name: "GPUs", href: "/cloud-gpu" },
  { name: "Providers", href: "/provider" },
  { name: "Compare", href: "/compare" },
  { name: "Use cases", href: "/best-gpu-for" },
  { name: "Regions", href: "/region" },
  { name: "Calculator", href: "/calculator/cost-estimator" },
  { name: "API", href: "/api/docs" },
];

/** JSON for a `<script>` element: `<` escaped so data (a provider's name) cannot close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replaceAll("<", "\\u003c");
}

export function breadcrumbJsonLd(items: Breadcrumb[], siteUrl: string) {
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: items.map((item, index) => ({
      "@type": "ListItem",
      position: index + 1,
      name: item.name,
      item: new URL(item.href, siteUrl).href,
    })),
  };
}

function pathOf(url: string | undefined) {
  if (!url) return null;
  try {
    return new URL(url, "https://site.invalid").pathname;
  } catch {
    return null;
  }
}

function navCurrent(href: string, path: string | null) {
  if (path === href) return "page";
  return path?.startsWith(`${href}/`) ? "true" : undefined;
}

export function Layout(props: LayoutProps) {
  const {
    title,
    description,
    canonical,
    ogType = "website",
    jsonLd = [],
    noindex,
    breadcrumbs,
    scripts,
    feed,
    children,
  } = props;
  const path = pathOf(canonical);
  // Without a doctype browsers render in quirks mode; JSX cannot write one.
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <title>{title}</title>
          {description ? <meta name="description" content={description} /> : null}
          {noindex ? <meta name="robots" content="noindex" /> : null}
          {canonical ? <link rel="canonical" href={canonical} /> : null}
          {feed ? <link rel="alternate" type="application/atom+xml" title={feed.title} href={feed.href} /> : null}
          <meta property="og:title" content={title} />
          {description ? <meta property="og:description" content={description} /> : null}
          {canonical ? <meta property="og:url" content={canonical} /> : null}
          <meta property="og:type" content={ogType} />
          <meta property="og:site_name" content={SITE_NAME} />
          <meta name="twitter:card" content="summary" />
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/styles.css" />
          {scripts ? <script src="/app.js" defer /> : null}
          {jsonLd.map((data) => (
            <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(data) }} />
          ))}
        </head>
        <body>
          <a class="skip-link" href="#main">
            Skip to content
          </a>
          <header class="site-header">
            <a class="brand" href="/">
              {SITE_NAME}
            </a>
            <nav aria-label="Main">
              <ul>
                {NAV.map((item) => (
                  <li>
                    <a href={item.href} aria-current={navCurrent(item.href, path)}>
                      {item.name}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </header>
          {breadcrumbs?.length ? (
            <nav class="breadcrumbs" aria-label="Breadcrumb">
              <ol>
                {breadcrumbs.map((item, index) => (
                  <li>
                    {index === breadcrumbs.length - 1 ? (
                      <a href={item.href} aria-current="page">
                        {item.name}
                      </a>
                    ) : (
                      <a href={item.href}>{item.name}</a>
                    )}
                  </li>
                ))}
              </ol>
            </nav>
          ) : null}
          <main id="main" tabindex={-1}>
            {children}
          </main>
          <footer class="site-footer">
            <p>Prices normalised to USD per GPU-hour; each shows when it was last checked.</p>
            <ul>
              <li>
                <a href="/api/docs">API</a>
              </li>
              <li>
                <a href="/sitemap.xml">Sitemap</a>
              </li>
            </ul>
          </footer>
        </body>
      </html>
    </>
  );
}
