import { formatPrice } from "../components/format";
import { Freshness } from "../components/freshness";
import { GpuCard } from "../components/gpu-card";
import { ScrollRegion } from "../components/scroll-region";
import { Layout } from "../layout";
import type { HomeModel } from "../models";

export interface HomePageProps {
  model: HomeModel;
  siteUrl: string;
  now: Date;
}

export function HomePage({ model, siteUrl, now }: HomePageProps) {
  const { popular, moves, freshness } = model;
  const title = "Cloud GPU Prices Compared | H100, H200, B200, A100 per GPU-Hour | CloudGPUs";
  const description = `Compare cloud GPU prices across ${freshness.providers} providers and ${freshness.offers} offers, normalised to USD per GPU-hour, updated several times a day.`;
  const jsonLd = [
    {
      "@context": "https://schema.org",
      "@type": "WebSite",
      name: "CloudGPUs",
      url: siteUrl,
    },
    {
      "@context": "https://schema.org",
      "@type": "Dataset",
      name: "Cloud GPU prices per GPU-hour",
      description:
        "Current on-demand, spot and reserved prices of cloud GPU offers from many providers, normalised to USD per GPU-hour, with the time each price was last checked.",
      url: siteUrl,
      isAccessibleForFree: true,
      ...(freshness.newestScrapeAt ? { dateModified: freshness.newestScrapeAt } : {}),
      distribution: [
        { "@type": "DataDownload", encodingFormat: "application/json", contentUrl: `${siteUrl}/api/instances` },
        { "@type": "DataDownload", encodingFormat: "text/csv", contentUrl: `${siteUrl}/api/instances?format=csv` },
      ],
    },
  ];
  return (
    <Layout title={title} description={description} canonical={`${siteUrl}/`} jsonLd={jsonLd}>
      <h1>Cloud GPU prices, compared per GPU-hour</h1>
      <p class="lede">
        {freshness.offers
          ? `${freshness.offers} offers from ${freshness.providers} providers, in US dollars per GPU-hour. Spot and reserved prices are kept apart from on-demand.`
          : "No prices have been collected yet. Once the first scrapes run, the cheapest offers show here."}
      </p>
      <section aria-labelledby="popular-heading">
        <h2 id="popular-heading">Today's cheapest offers</h2>
        <ul class="cards">
          {popular.map((card) => (
            <li>
              <GpuCard card={card} />
            </li>
          ))}
        </ul>
        <p>
          <a href="/cloud-gpu">All GPUs</a> · <a href="/provider">All providers</a> ·{" "}
          <a href="/calculator/cost-estimator">Estimate a cost</a>
        </p>
      </section>
      <section aria-labelledby="moves-heading">
        <h2 id="moves-heading">Biggest price moves this week</h2>
        {moves.length ? (
          <ScrollRegion label="Price moves this week">
            <table>
              <caption class="visually-hidden">Largest price changes of the last 7 days, USD per GPU-hour</caption>
              <thead>
                <tr>
                  <th scope="col">GPU</th>
                  <th scope="col">Provider</th>
                  <th scope="col">Offer</th>
                  <th scope="col">Was</th>
                  <th scope="col">Now</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {moves.map((move) => (
                  <tr>
                    <td>
                      <a href={`/cloud-gpu/${move.gpu.slug}`}>{move.gpu.name}</a>
                    </td>
                    <td>
                      <a href={`/provider/${move.provider.slug}`}>{move.provider.name}</a>
                    </td>
                    <td>{move.instanceType}</td>
                    <td>{formatPrice(move.from)}</td>
                    <td>{formatPrice(move.to)}</td>
                    <td class={move.changePercent < 0 ? "change-down" : "change-up"}>
                      {move.changePercent > 0 ? "+" : ""}
                      {move.changePercent}%
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : (
          <p>No price changed in the last 7 days.</p>
        )}
      </section>
      <section aria-labelledby="fresh-heading">
        <h2 id="fresh-heading">How fresh the data is</h2>
        {freshness.providersScraped.length ? (
          <ul class="freshness-list">
            {freshness.providersScraped.map((provider) => (
              <li>
                <a href={`/provider/${provider.slug}`}>{provider.name}</a>:{" "}
                {provider.lastSuccessAt ? (
                  <Freshness
                    at={provider.lastSuccessAt}
                    now={now}
                    stale={now.getTime() - Date.parse(provider.lastSuccessAt) > 24 * 3_600_000}
                  />
                ) : (
                  "not scraped yet"
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>No provider has been scraped yet.</p>
        )}
        <p>
          Prices come from each provider's own API or price page, checked every 4 to 8 hours. The same data is available
          as a free <a href="/api/docs">JSON API</a>.
        </p>
      </section>
    </Layout>
  );
}
