import { formatPrice } from "../components/format";
import { ScrollRegion } from "../components/scroll-region";
import { SpecTable } from "../components/spec-table";
import { PriceStatsList } from "../components/stats";
import { breadcrumbJsonLd, Layout } from "../layout";
import type { GpuComparisonModel, ProviderComparisonModel } from "../models";

const nameOf = (slug: string, sides: { slug: string; name: string }[]) =>
  slug === "tie" ? "Tie" : (sides.find((side) => side.slug === slug)?.name ?? slug);

export function ProviderComparisonPage({ model, siteUrl }: { model: ProviderComparisonModel; siteUrl: string }) {
  const { a, b, common, verdict } = model;
  const path = `/compare/${a.slug}-vs-${b.slug}`;
  const sides = [
    { slug: a.slug, name: a.display_name },
    { slug: b.slug, name: b.display_name },
  ];
  const breadcrumbs = [
    { name: "Home", href: "/" },
    { name: "Compare", href: "/compare" },
    { name: `${a.display_name} vs ${b.display_name}`, href: path },
  ];
  const wins = (slug: string) => common.filter((gpu) => gpu.cheaper === slug).length;
  return (
    <Layout
      title={`${a.display_name} vs ${b.display_name}: GPU Cloud Prices Compared | CloudGPUs`}
      description={`${a.display_name} vs ${b.display_name}: ${common.length} GPUs both offer, which is cheaper per GPU-hour, and what else each has.`}
      canonical={`${siteUrl}${path}`}
      breadcrumbs={breadcrumbs}
      jsonLd={[breadcrumbJsonLd(breadcrumbs, siteUrl)]}
    >
      <h1>
        {a.display_name} vs {b.display_name}
      </h1>
      <section aria-labelledby="verdict-heading" class="verdict">
        <h2 id="verdict-heading">Verdict</h2>
        <ul>
          <li>
            Cheaper on the GPUs both sell: <strong>{nameOf(verdict.cheaper, sides)}</strong>
            {!common.length
              ? " (no GPU in common)"
              : verdict.cheaper === "tie"
                ? ` (${wins(a.slug)} each of ${common.length})`
                : ` (on ${wins(verdict.cheaper)} of ${common.length})`}
          </li>
          <li>
            More GPU models: <strong>{nameOf(verdict.moreGpus, sides)}</strong> ({common.length + model.onlyA.length} vs{" "}
            {common.length + model.onlyB.length})
          </li>
          {verdict.betterFor.map((item) => (
            <li>
              {item.useCase}: <strong>{nameOf(item.provider, sides)}</strong> is cheaper on the suitable GPUs
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="common-heading">
        <h2 id="common-heading">GPUs both offer</h2>
        {common.length ? (
          <ScrollRegion label="GPUs both offer">
            <table>
              <caption class="visually-hidden">Lowest price per GPU-hour of each provider, USD</caption>
              <thead>
                <tr>
                  <th scope="col">GPU</th>
                  <th scope="col">{a.display_name}</th>
                  <th scope="col">{b.display_name}</th>
                  <th scope="col">Cheaper</th>
                </tr>
              </thead>
              <tbody>
                {common.map((row) => (
                  <tr>
                    <th scope="row">
                      <a href={`/cloud-gpu/${row.gpu.slug}`}>{row.gpu.name}</a>
                    </th>
                    <td>{formatPrice(row.a)}</td>
                    <td>{formatPrice(row.b)}</td>
                    <td>{nameOf(row.cheaper, sides)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : (
          <p>These providers do not currently offer any GPU in common.</p>
        )}
      </section>
      <section aria-labelledby="only-heading" class="columns-2">
        <h2 id="only-heading" class="visually-hidden">
          GPUs only one of them offers
        </h2>
        {[
          [a, model.onlyA],
          [b, model.onlyB],
        ].map(([provider, gpus]) => (
          <div>
            <h3>Only at {(provider as typeof a).display_name}</h3>
            {(gpus as typeof model.onlyA).length ? (
              <ul>
                {(gpus as typeof model.onlyA).map((gpu) => (
                  <li>
                    <a href={`/cloud-gpu/${gpu.slug}`}>{gpu.name}</a> from {formatPrice(gpu.price)}/GPU-h
                  </li>
                ))}
              </ul>
            ) : (
              <p>Nothing the other does not have.</p>
            )}
            <p>
              <a href={`/provider/${(provider as typeof a).slug}`}>{(provider as typeof a).display_name} details</a>
            </p>
          </div>
        ))}
      </section>
    </Layout>
  );
}

export function GpuComparisonPage({ model, siteUrl }: { model: GpuComparisonModel; siteUrl: string }) {
  const { a, b, verdict } = model;
  const path = `/compare/${a.gpu.slug}-vs-${b.gpu.slug}`;
  const sides = [
    { slug: a.gpu.slug, name: a.gpu.name },
    { slug: b.gpu.slug, name: b.gpu.name },
  ];
  const breadcrumbs = [
    { name: "Home", href: "/" },
    { name: "Compare", href: "/compare" },
    { name: `${a.gpu.name} vs ${b.gpu.name}`, href: path },
  ];
  return (
    <Layout
      title={`${a.gpu.name} vs ${b.gpu.name}: Cloud Price and Specs | CloudGPUs`}
      description={`${a.gpu.name} vs ${b.gpu.name}: cloud prices per GPU-hour, memory, bandwidth and performance per dollar, from current offers.`}
      canonical={`${siteUrl}${path}`}
      breadcrumbs={breadcrumbs}
      jsonLd={[breadcrumbJsonLd(breadcrumbs, siteUrl)]}
    >
      <h1>
        {a.gpu.name} vs {b.gpu.name}
      </h1>
      <section aria-labelledby="verdict-heading" class="verdict">
        <h2 id="verdict-heading">Verdict</h2>
        <ul>
          <li>
            Cheaper to rent: <strong>{nameOf(verdict.cheaper, sides)}</strong>
          </li>
          <li>
            More memory: <strong>{nameOf(verdict.moreVram, sides)}</strong> ({a.gpu.vram_gb} GB vs {b.gpu.vram_gb} GB)
          </li>
          <li>
            Faster memory: <strong>{nameOf(verdict.fasterMemory, sides)}</strong>
          </li>
          {model.valueByWorkload.map((value) => (
            <li>
              More {value.unit} ({value.workload.replaceAll("_", " ")}): <strong>{nameOf(value.winner, sides)}</strong>{" "}
              ({value.a} vs {value.b})
            </li>
          ))}
        </ul>
      </section>
      <div class="columns-2">
        {[a, b].map((side) => (
          <section aria-labelledby={`side-${side.gpu.slug}`}>
            <h2 id={`side-${side.gpu.slug}`}>
              <a href={`/cloud-gpu/${side.gpu.slug}`}>{side.gpu.name}</a>
            </h2>
            <PriceStatsList stats={side.stats} />
            <SpecTable gpu={side.gpu} />
          </section>
        ))}
      </div>
    </Layout>
  );
}
