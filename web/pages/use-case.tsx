import { formatPrice } from "../components/format";
import { ScrollRegion } from "../components/scroll-region";
import { breadcrumbJsonLd, Layout } from "../layout";
import type { UseCaseModel } from "../models";

export function UseCasePage({ model, siteUrl, now }: { model: UseCaseModel; siteUrl: string; now: Date }) {
  const { useCase, rows } = model;
  const path = `/best-gpu-for/${useCase.slug}`;
  const breadcrumbs = [
    { name: "Home", href: "/" },
    { name: "Best GPU for…", href: "/best-gpu-for" },
    { name: useCase.title, href: path },
  ];
  const ranked = rows.filter((row) => row.perDollar !== null);
  return (
    <Layout
      title={`Best Cloud GPU for ${useCase.title} ${now.getUTCFullYear()}: Performance per Dollar | CloudGPUs`}
      description={`Which cloud GPU gives the most ${useCase.title.toLowerCase()} throughput per dollar: benchmark results divided by today's cheapest price per GPU-hour.`}
      canonical={`${siteUrl}${path}`}
      breadcrumbs={breadcrumbs}
      jsonLd={[
        breadcrumbJsonLd(breadcrumbs, siteUrl),
        {
          "@context": "https://schema.org",
          "@type": "ItemList",
          name: `Best GPUs for ${useCase.title}`,
          itemListElement: ranked.map((row, index) => ({
            "@type": "ListItem",
            position: index + 1,
            name: row.gpu.name,
            url: `${siteUrl}/cloud-gpu/${row.gpu.slug}`,
          })),
        },
      ]}
    >
      <h1>Best GPU for {useCase.title.toLowerCase()}</h1>
      <p class="lede">{useCase.summary}</p>
      <h2>How the ranking works</h2>
      <p>
        For each GPU with a published benchmark for this workload, we divide the benchmark score by the lowest price per
        GPU-hour we can see right now at any provider (in stock first). Higher is more work per dollar. Scores are only
        compared within the same benchmark, and a GPU without a current price is listed without a ranking.
      </p>
      {rows.length ? (
        <ScrollRegion label={`GPUs for ${useCase.title}`}>
          <table>
            <caption class="visually-hidden">Benchmark score per dollar, by benchmark</caption>
            <thead>
              <tr>
                <th scope="col">GPU</th>
                <th scope="col">Benchmark</th>
                <th scope="col">Score</th>
                <th scope="col">Cheapest $/GPU-h</th>
                <th scope="col">Score per $/GPU-h</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <th scope="row">
                    <a href={`/cloud-gpu/${row.gpu.slug}`}>{row.gpu.name}</a>{" "}
                    <span class="muted">{row.gpu.vramGb} GB</span>
                  </th>
                  <td>
                    {row.benchmark.name}
                    {row.benchmark.precision ? ` (${row.benchmark.precision})` : ""}
                  </td>
                  <td>
                    {row.benchmark.score.toLocaleString("en-US")} {row.benchmark.unit}
                  </td>
                  <td>
                    {row.cheapest ? (
                      <a href={`/provider/${row.cheapest.provider.slug}`}>
                        {formatPrice(row.cheapest.pricePerGpuHour)} at {row.cheapest.provider.name}
                      </a>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>{row.perDollar === null ? "no price yet" : row.perDollar.toLocaleString("en-US")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : (
        <p>
          We have no benchmark for this workload yet, so there is no ranking. See the <a href="/cloud-gpu">GPU list</a>{" "}
          for prices.
        </p>
      )}
    </Layout>
  );
}
