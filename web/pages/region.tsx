import { PriceTable } from "../components/price-table";
import { breadcrumbJsonLd, Layout } from "../layout";
import type { RegionModel } from "../models";

export function RegionPage({ model, siteUrl, now }: { model: RegionModel; siteUrl: string; now: Date }) {
  const { region } = model;
  const path = `/region/${region.slug}`;
  const breadcrumbs = [
    { name: "Home", href: "/" },
    { name: "Regions", href: "/region" },
    { name: region.name, href: path },
  ];
  return (
    <Layout
      title={`Cheapest Cloud GPUs in ${region.name} | CloudGPUs`}
      description={`The cheapest offer of each GPU with capacity in ${region.name}, from ${model.providers.length} providers, per GPU-hour.`}
      canonical={`${siteUrl}${path}`}
      breadcrumbs={breadcrumbs}
      jsonLd={[breadcrumbJsonLd(breadcrumbs, siteUrl)]}
    >
      <h1>Cloud GPUs in {region.name}</h1>
      <p class="lede">
        The cheapest offer of each GPU that lists a location in {region.name}. Offers without a stated location are not
        counted here.
      </p>
      <PriceTable
        offers={model.cheapestByGpu}
        now={now}
        sort={{ key: "price", dir: "asc" }}
        showGpu
        sortHref={() => path}
        caption={`Cheapest offer per GPU in ${region.name}, USD`}
        emptyText={`No offer lists a location in ${region.name} yet.`}
      />
      {model.providers.length ? (
        <>
          <h2>Providers with capacity here</h2>
          <ul class="link-list">
            {model.providers.map((provider) => (
              <li>
                <a href={`/provider/${provider.slug}`}>{provider.name}</a> ({provider.offers} offers)
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}
