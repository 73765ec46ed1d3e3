import { AvailabilityChart } from "../components/availability-chart";
import { formatPrice } from "../components/format";
import { GpuCard } from "../components/gpu-card";
import { type PriceSort, PriceTable } from "../components/price-table";
import { SpecTable } from "../components/spec-table";
import { PriceStatsList } from "../components/stats";
import { TrendChart } from "../components/trend-chart";
import { breadcrumbJsonLd, Layout } from "../layout";
import type { GpuPageModel } from "../models";

export interface GpuPageProps {
  model: GpuPageModel;
  siteUrl: string;
  now: Date;
  sort: PriceSort;
}

function faq({ gpu, stats }: GpuPageModel): { question: string; answer: string }[] {
  const items = [
    {
      question: `How much does a ${gpu.name} cost per hour in the cloud?`,
      answer:
        stats.min === null
          ? `We have no current ${gpu.name} prices yet.`
          : `From ${formatPrice(stats.min)} to ${formatPrice(stats.max)} per GPU-hour across ${stats.providers} providers right now; the median of the providers' lowest prices is ${formatPrice(stats.median)}.`,
    },
    {
      question: `How much memory does the ${gpu.name} have?`,
      answer: `${gpu.vram_gb} GB of ${gpu.memory_type}${gpu.memory_bandwidth_gbps ? ` at ${gpu.memory_bandwidth_gbps.toLocaleString("en-US")} GB/s` : ""}.`,
    },
    {
      question: "How are these prices compared?",
      answer:
        "Every price is converted to US dollars per GPU-hour (an 8-GPU instance's hourly price divided by 8). Spot and reserved prices are shown separately and never mixed into on-demand prices. Each price shows when it was last checked at the provider.",
    },
  ];
  return items;
}

export function GpuPage({ model, siteUrl, now, sort }: GpuPageProps) {
  const { gpu, offers, stats } = model;
  const year = now.getUTCFullYear();
  const path = `/cloud-gpu/${gpu.slug}`;
  const title = `${gpu.name} Cloud Pricing ${year} | Compare ${stats.providers}+ Providers`;
  const description =
    stats.min === null
      ? `${gpu.name} GPU cloud pricing: specs, providers and price history. No current prices yet.`
      : `Compare ${gpu.name} GPU cloud pricing from ${stats.providers} providers. Prices from ${formatPrice(stats.min)} to ${formatPrice(stats.max)}/hr per GPU.`;
  const breadcrumbs = [
    { name: "Home", href: "/" },
    { name: "Cloud GPUs", href: "/cloud-gpu" },
    { name: gpu.name, href: path },
  ];
  const questions = faq(model);
  const jsonLd: object[] = [
    {
      "@context": "https://schema.org",
      "@type": "Product",
      name: gpu.name,
      description: gpu.description ?? `${gpu.name} cloud GPU rental`,
      brand: { "@type": "Brand", name: gpu.manufacturer },
      category: "Cloud GPU rental",
      url: `${siteUrl}${path}`,
      ...(stats.min === null
        ? {}
        : {
            offers: {
              "@type": "AggregateOffer",
              priceCurrency: "USD",
              lowPrice: stats.min,
              highPrice: stats.max,
              offerCount: stats.offers,
              unitText: "GPU-hour",
            },
          }),
    },
    breadcrumbJsonLd(breadcrumbs, siteUrl),
    {
      "@context": "https://schema.org",
      "@type": "FAQPage",
      mainEntity: questions.map((item) => ({
        "@type": "Question",
        name: item.question,
        acceptedAnswer: { "@type": "Answer", text: item.answer },
      })),
    },
  ];
  return (
    <Layout
      title={title}
      description={description}
      canonical={`${siteUrl}${path}`}
      jsonLd={jsonLd}
      breadcrumbs={breadcrumbs}
      scripts={offers.length > 1}
      feed={{ href: `/feed.xml?gpu=${gpu.slug}`, title: `${gpu.name} price changes` }}
    >
      <h1>{gpu.name} cloud prices</h1>
      <p class="lede">
        {stats.min === null
          ? `No provider lists a ${gpu.name} right now. The specs and history below stay up to date as prices come in.`
          : `${stats.offers} offers from ${stats.providers} providers, from ${formatPrice(stats.min)} per GPU-hour.`}
      </p>
      <PriceStatsList stats={stats} />
      <section aria-labelledby="offers-heading">
        <h2 id="offers-heading">Every offer</h2>
        <PriceTable
          offers={offers}
          now={now}
          sort={sort}
          sortHref={(key, dir) => `${path}?sort=${key}&dir=${dir}#offers-heading`}
          caption={`${gpu.name} offers, USD`}
          emptyText={`No prices yet for the ${gpu.name}.`}
        />
      </section>
      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading">30-day price trend</h2>
        <TrendChart
          id="gpu-trend"
          title={`${gpu.name}: daily average price per GPU-hour by provider, last 30 days`}
          description="Each line is one provider's average over its offers of this GPU for the day; prices hold until they change."
          series={model.history}
          unit="$/GPU-h"
        />
        <p>
          <a href={`/feed.xml?gpu=${gpu.slug}`}>Changes feed</a> (Atom): price cuts and rises, new offers and stock
          changes. <a href={`/alerts?gpu=${gpu.slug}`}>Get an alert</a> when it drops under your price or is back in
          stock.
        </p>
      </section>
      <section aria-labelledby="stock-heading">
        <h2 id="stock-heading">How often it is in stock</h2>
        <AvailabilityChart
          id="gpu-availability"
          title={`${gpu.name}: share of the time its offers were in stock, per day, last 90 days`}
          description="Each cell is one UTC day: the share of the time the offers listed that day were available or limited."
          availability={model.availability}
          now={now}
        />
      </section>
      <section aria-labelledby="specs-heading">
        <h2 id="specs-heading">Specifications</h2>
        <SpecTable gpu={gpu} />
        {gpu.description ? <p>{gpu.description}</p> : null}
      </section>
      {model.benchmarks.length ? (
        <section aria-labelledby="bench-heading">
          <h2 id="bench-heading">Benchmarks</h2>
          <ul>
            {model.benchmarks.map((benchmark) => (
              <li>
                {benchmark.name}: {benchmark.score.toLocaleString("en-US")} {benchmark.unit}
                {benchmark.precision ? ` (${benchmark.precision})` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {model.related.length ? (
        <section aria-labelledby="related-heading">
          <h2 id="related-heading">Related GPUs</h2>
          <ul class="cards">
            {model.related.map((card) => (
              <li>
                <GpuCard card={card} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="faq-heading">
        <h2 id="faq-heading">Questions</h2>
        {questions.map((item) => (
          <details>
            <summary>{item.question}</summary>
            <p>{item.answer}</p>
          </details>
        ))}
      </section>
    </Layout>
  );
}
