import { REGIONS } from "../../shared/regions";
import { USE_CASES } from "../../shared/use-cases";
import { GpuCard } from "../components/gpu-card";
import { ProviderCard } from "../components/provider-card";
import { breadcrumbJsonLd, Layout } from "../layout";
import type { GpuHubModel, ProviderHubModel } from "../models";

// The index pages of each family: every GPU, every provider, every use case, every region.

const itemList = (siteUrl: string, items: { name: string; path: string }[]) => ({
  "@context": "https://schema.org",
  "@type": "ItemList",
  itemListElement: items.map((item, index) => ({
    "@type": "ListItem",
    position: index + 1,
    name: item.name,
    url: `${siteUrl}${item.path}`,
  })),
});

export function GpuHubPage({ model, siteUrl }: { model: GpuHubModel; siteUrl: string }) {
  const breadcrumbs = [
    { name: "Home", href: "/" },
    { name: "Cloud GPUs", href: "/cloud-gpu" },
  ];
  const priced = model.gpus.filter((card) => card.offers > 0).length;
  return (
    <Layout
      title={`Cloud GPU Pricing: ${model.gpus.length} GPUs Compared | CloudGPUs`}
      description={`Prices of ${priced} cloud GPUs across providers, per GPU-hour: H100, H200, B200, A100, L40S, RTX 4090 and more.`}
      canonical={`${siteUrl}/cloud-gpu`}
      breadcrumbs={breadcrumbs}
      jsonLd={[
        itemList(
          siteUrl,
          model.gpus.map((card) => ({ name: card.gpu.name, path: `/cloud-gpu/${card.gpu.slug}` })),
        ),
        breadcrumbJsonLd(breadcrumbs, siteUrl),
      ]}
    >
      <h1>Cloud GPUs</h1>
      <p class="lede">
        Every GPU in the catalogue, cheapest offer first. GPUs without a current price are listed after the others.
      </p>
      <ul class="cards">
        {model.gpus.map((card) => (
          <li>
            <GpuCard card={card} />
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function ProviderHubPage({ model, siteUrl, now }: { model: ProviderHubModel; siteUrl: string; now: Date }) {
  const breadcrumbs = [
    { name: "Home", href: "/" },
    { name: "Providers", href: "/provider" },
  ];
  const tracked = model.providers.filter((card) => card.offers > 0).length;
  return (
    <Layout
      title={`GPU Cloud Providers Compared: ${model.providers.length} Providers | CloudGPUs`}
      description={`${model.providers.length} GPU cloud providers, ${tracked} with live prices: neoclouds, marketplaces, hyperscalers and DePIN networks.`}
      canonical={`${siteUrl}/provider`}
      breadcrumbs={breadcrumbs}
      jsonLd={[
        itemList(
          siteUrl,
          model.providers.map((card) => ({ name: card.provider.name, path: `/provider/${card.provider.slug}` })),
        ),
        breadcrumbJsonLd(breadcrumbs, siteUrl),
      ]}
    >
      <h1>GPU cloud providers</h1>
      <p class="lede">
        Providers with live prices come first; the others are in the directory and get prices as their scrapers are
        added.
      </p>
      <ul class="cards">
        {model.providers.map((card) => (
          <li>
            <ProviderCard card={card} now={now} />
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function UseCaseHubPage({ siteUrl }: { siteUrl: string }) {
  const breadcrumbs = [
    { name: "Home", href: "/" },
    { name: "Best GPU for…", href: "/best-gpu-for" },
  ];
  return (
    <Layout
      title="Best Cloud GPU for Each Workload | CloudGPUs"
      description="Which cloud GPU gives the most performance per dollar for LLM training, inference, fine-tuning, image generation and more."
      canonical={`${siteUrl}/best-gpu-for`}
      breadcrumbs={breadcrumbs}
      jsonLd={[
        itemList(
          siteUrl,
          USE_CASES.map((useCase) => ({ name: useCase.title, path: `/best-gpu-for/${useCase.slug}` })),
        ),
        breadcrumbJsonLd(breadcrumbs, siteUrl),
      ]}
    >
      <h1>Best GPU for…</h1>
      <ul class="link-list">
        {USE_CASES.map((useCase) => (
          <li>
            <a href={`/best-gpu-for/${useCase.slug}`}>{useCase.title}</a> — {useCase.summary}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function RegionHubPage({ siteUrl }: { siteUrl: string }) {
  const breadcrumbs = [
    { name: "Home", href: "/" },
    { name: "Regions", href: "/region" },
  ];
  return (
    <Layout
      title="Cloud GPU Prices by Region | CloudGPUs"
      description="Cheapest cloud GPUs in North America, Europe, Asia, Oceania, South America and the Middle East & Africa."
      canonical={`${siteUrl}/region`}
      breadcrumbs={breadcrumbs}
      jsonLd={[
        itemList(
          siteUrl,
          REGIONS.map((region) => ({ name: region.name, path: `/region/${region.slug}` })),
        ),
        breadcrumbJsonLd(breadcrumbs, siteUrl),
      ]}
    >
      <h1>GPU prices by region</h1>
      <ul class="link-list">
        {REGIONS.map((region) => (
          <li>
            <a href={`/region/${region.slug}`}>{region.name}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function CompareHubPage({
  siteUrl,
  providerPairs,
  gpuPairs,
}: {
  siteUrl: string;
  providerPairs: [{ slug: string; name: string }, { slug: string; name: string }][];
  gpuPairs: [{ slug: string; name: string }, { slug: string; name: string }][];
}) {
  const breadcrumbs = [
    { name: "Home", href: "/" },
    { name: "Compare", href: "/compare" },
  ];
  const link = ([a, b]: [{ slug: string; name: string }, { slug: string; name: string }]) => ({
    name: `${a.name} vs ${b.name}`,
    path: `/compare/${a.slug}-vs-${b.slug}`,
  });
  return (
    <Layout
      title="Compare GPU Cloud Providers and GPUs Head to Head | CloudGPUs"
      description="Side-by-side comparisons of GPU cloud providers and of GPUs, with verdicts computed from current prices."
      canonical={`${siteUrl}/compare`}
      breadcrumbs={breadcrumbs}
      jsonLd={[itemList(siteUrl, [...providerPairs, ...gpuPairs].map(link)), breadcrumbJsonLd(breadcrumbs, siteUrl)]}
    >
      <h1>Comparisons</h1>
      <h2>Providers</h2>
      {providerPairs.length ? (
        <ul class="link-list columns">
          {providerPairs.map((pair) => (
            <li>
              <a href={link(pair).path}>{link(pair).name}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>Comparisons appear once at least two providers have prices.</p>
      )}
      <h2>GPUs</h2>
      <ul class="link-list columns">
        {gpuPairs.map((pair) => (
          <li>
            <a href={link(pair).path}>{link(pair).name}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
