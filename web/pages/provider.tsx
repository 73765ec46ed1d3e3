import type { ProviderDoc } from "../../shared/api-schemas";
import { AvailabilityChart } from "../components/availability-chart";
import { formatPrice } from "../components/format";
import { Freshness } from "../components/freshness";
import { type PriceSort, PriceTable } from "../components/price-table";
import { breadcrumbJsonLd, Layout } from "../layout";
import type { ProviderPageModel } from "../models";

/** docs/design.md §18: what a provider's status means to a visitor. */
const PROVIDER_STATUS_LABEL: Record<ProviderDoc["status"], string> = {
  active: "prices checked on schedule",
  degraded: "price checks are failing or late; prices shown may be out of date",
  disabled: "price checks are paused by our operators; prices shown are the last we read",
};

export function ProviderPage({
  model,
  siteUrl,
  now,
  sort,
}: {
  model: ProviderPageModel;
  siteUrl: string;
  now: Date;
  sort: PriceSort;
}) {
  const { provider, offers, health } = model;
  const path = `/provider/${provider.slug}`;
  // The loader lists offers cheapest first.
  const lowest = offers[0]?.pricePerGpuHour ?? null;
  const gpuCount = new Set(offers.map((offer) => offer.gpu.slug)).size;
  const title = `${provider.display_name} GPU Cloud Pricing ${now.getUTCFullYear()} | ${gpuCount} GPUs from ${lowest === null ? "—" : formatPrice(lowest)}/hr`;
  const description =
    lowest === null
      ? `${provider.display_name} GPU cloud: what it offers, pros and cons, and how it compares. No current prices yet.`
      : `${provider.display_name} GPU cloud prices: ${offers.length} offers on ${gpuCount} GPUs from ${formatPrice(lowest)} per GPU-hour, with pros, cons and scrape health.`;
  const breadcrumbs = [
    { name: "Home", href: "/" },
    { name: "Providers", href: "/provider" },
    { name: provider.display_name, href: path },
  ];
  const jsonLd = [
    {
      "@context": "https://schema.org",
      "@type": "Organization",
      name: provider.name,
      url: provider.website_url,
      ...(provider.description ? { description: provider.description } : {}),
    },
    {
      "@context": "https://schema.org",
      "@type": "ItemList",
      name: `${provider.display_name} GPU offers`,
      itemListElement: offers.slice(0, 50).map((offer, index) => ({
        "@type": "ListItem",
        position: index + 1,
        item: {
          "@type": "Offer",
          name: offer.instanceName ?? offer.instanceType,
          price: offer.pricePerHour,
          priceCurrency: "USD",
          url: `${siteUrl}/cloud-gpu/${offer.gpu.slug}`,
        },
      })),
    },
    breadcrumbJsonLd(breadcrumbs, siteUrl),
  ];
  return (
    <Layout
      title={title}
      description={description}
      canonical={`${siteUrl}${path}`}
      breadcrumbs={breadcrumbs}
      jsonLd={jsonLd}
      scripts={offers.length > 1}
      feed={{ href: `/feed.xml?provider=${provider.slug}`, title: `${provider.display_name} price changes` }}
    >
      <h1>{provider.display_name} GPU prices</h1>
      <p class="lede">{provider.description}</p>
      <p>
        <a class="button" href={`/go/${provider.slug}`} rel="sponsored nofollow">
          Visit {provider.display_name}
        </a>{" "}
        <span class="muted">
          {provider.reliability_tier} tier · {provider.provider_type.replaceAll("_", " ")}
          {provider.sla_uptime_percent ? ` · ${provider.sla_uptime_percent}% SLA` : ""}
        </span>
      </p>
      <section aria-labelledby="offers-heading">
        <h2 id="offers-heading">GPUs and prices</h2>
        <PriceTable
          offers={offers}
          now={now}
          sort={sort}
          showGpu
          sortHref={(key, dir) => `${path}?sort=${key}&dir=${dir}#offers-heading`}
          caption={`${provider.display_name} offers, USD`}
          emptyText={`We do not collect ${provider.display_name}'s prices yet.`}
        />
        <p>
          <a href={`/feed.xml?provider=${provider.slug}`}>Changes feed</a> (Atom): price cuts and rises, new offers and
          stock changes.
        </p>
      </section>
      <section aria-labelledby="stock-heading">
        <h2 id="stock-heading">How often it is in stock</h2>
        <AvailabilityChart
          id="provider-availability"
          title={`${provider.display_name}: share of the time its offers were in stock, per day, last 90 days`}
          description="Each cell is one UTC day: the share of the time the offers listed that day were available or limited."
          availability={model.availability}
          now={now}
        />
      </section>
      <section aria-labelledby="verdict-heading" class="columns-3">
        <h2 id="verdict-heading" class="visually-hidden">
          Strengths and weaknesses
        </h2>
        <div>
          <h3>Pros</h3>
          <ul>
            {(provider.pros ?? []).map((item) => (
              <li>{item}</li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Cons</h3>
          <ul>
            {(provider.cons ?? []).map((item) => (
              <li>{item}</li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Best for</h3>
          <ul>
            {(provider.best_for ?? []).map((item) => (
              <li>{item}</li>
            ))}
          </ul>
        </div>
      </section>
      <section aria-labelledby="health-heading">
        <h2 id="health-heading">Data health</h2>
        <p class={`provider-status provider-status-${provider.status}`}>
          Status: <strong>{PROVIDER_STATUS_LABEL[provider.status]}</strong>
          {provider.status_reason ? ` — ${provider.status_reason}` : ""}
        </p>
        <p>
          Last successful price check:{" "}
          {health.lastSuccessAt ? (
            <Freshness
              at={health.lastSuccessAt}
              now={now}
              stale={now.getTime() - Date.parse(health.lastSuccessAt) > 24 * 3_600_000}
            />
          ) : (
            "never"
          )}
          {health.lastFailure
            ? ` · last failed check ${new Date(health.lastFailure.at).toISOString().slice(0, 16).replace("T", " ")} UTC (${health.lastFailure.code ?? "error"})`
            : ""}
        </p>
      </section>
      {model.comparisons.length ? (
        <section aria-labelledby="compare-heading">
          <h2 id="compare-heading">Compare {provider.display_name} with</h2>
          <ul class="link-list">
            {model.comparisons.map((other) => {
              const [first, second] = [provider.slug, other.slug].sort();
              return (
                <li>
                  <a href={`/compare/${first}-vs-${second}`}>
                    {provider.display_name} vs {other.name}
                  </a>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
