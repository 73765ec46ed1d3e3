import type { Child } from "hono/jsx";

export interface LayoutProps {
  title: string;
  description?: string;
  /** Pages that must not be indexed (errors, admin). */
  noindex?: boolean;
  children: Child;
}

export function Layout({ title, description, noindex, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {description ? <meta name="description" content={description} /> : null}
        {noindex ? <meta name="robots" content="noindex" /> : null}
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/styles.css" />
      </head>
      <body>
        <header class="site-header">
          <a class="brand" href="/">
            CloudGPUs
          </a>
        </header>
        <main id="main">{children}</main>
        <footer class="site-footer">GPU cloud prices, normalised to USD per GPU-hour.</footer>
      </body>
    </html>
  );
}
