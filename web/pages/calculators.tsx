import { formatPrice } from "../components/format";
import { ScrollRegion } from "../components/scroll-region";
import { breadcrumbJsonLd, Layout } from "../layout";
import type { CostEstimatorModel, SelectorModel } from "../models";

const money = (value: number) =>
  `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** GET form: works without JavaScript; /app.js recomputes the totals as the inputs change. */
export function CostEstimatorPage({ model, siteUrl }: { model: CostEstimatorModel; siteUrl: string }) {
  const path = "/calculator/cost-estimator";
  const input = model.input ?? { gpu: model.gpus[0]?.slug ?? "", count: 1, hoursPerDay: 24, days: 30 };
  const breadcrumbs = [
    { name: "Home", href: "/" },
    { name: "Cost estimator", href: path },
  ];
  return (
    <Layout
      title="Cloud GPU Cost Estimator: Total Cost per Provider | CloudGPUs"
      description="Estimate what a GPU workload costs at every provider: pick a GPU, how many, hours per day and days, and compare on-demand, spot and reserved totals."
      canonical={`${siteUrl}${path}`}
      breadcrumbs={breadcrumbs}
      jsonLd={[breadcrumbJsonLd(breadcrumbs, siteUrl)]}
      scripts
    >
      <h1>GPU cost estimator</h1>
      <form method="get" action={path} class="calculator" data-live-estimate="estimate-results">
        <fieldset>
          <legend>Your workload</legend>
          <label for="gpu">GPU</label>
          <select id="gpu" name="gpu">
            {model.gpus.map((gpu) => (
              <option value={gpu.slug} selected={gpu.slug === input.gpu}>
                {gpu.name}
              </option>
            ))}
          </select>
          <label for="count">Number of GPUs</label>
          <input
            id="count"
            name="count"
            type="number"
            min="1"
            max="1024"
            step="1"
            value={String(input.count)}
            required
          />
          <label for="hours">Hours per day</label>
          <input
            id="hours"
            name="hours"
            type="number"
            min="1"
            max="24"
            step="1"
            value={String(input.hoursPerDay)}
            required
          />
          <label for="days">Days</label>
          <input id="days" name="days" type="number" min="1" max="3650" step="1" value={String(input.days)} required />
        </fieldset>
        <button type="submit">Estimate</button>
      </form>
      {model.gpu ? (
        <section aria-labelledby="estimate-heading">
          <h2 id="estimate-heading">Estimate for the {model.gpu.name}</h2>
          <p aria-live="polite">
            <span data-estimate-hours>{model.hours.toLocaleString("en-US")}</span> GPU-hours at each provider's lowest
            price per GPU-hour:
          </p>
          {model.rows.length ? (
            <ScrollRegion label="Estimated cost per provider">
              <table id="estimate-results">
                <caption class="visually-hidden">Estimated total cost per provider, USD</caption>
                <thead>
                  <tr>
                    <th scope="col">Provider</th>
                    <th scope="col">$/GPU-h</th>
                    <th scope="col">On demand</th>
                    <th scope="col">Spot</th>
                    <th scope="col">1-year reserved</th>
                  </tr>
                </thead>
                <tbody>
                  {model.rows.map((row) => (
                    <tr
                      data-on-demand={String(row.onDemand)}
                      data-spot={row.spot === null ? "" : String(row.spot)}
                      data-reserved={row.reserved1y === null ? "" : String(row.reserved1y)}
                    >
                      <th scope="row">
                        <a href={`/provider/${row.provider.slug}`}>{row.provider.name}</a>
                      </th>
                      <td>{formatPrice(row.onDemand)}</td>
                      <td data-total="on-demand">{money(row.onDemand * model.hours)}</td>
                      <td data-total="spot">{row.spot === null ? "—" : money(row.spot * model.hours)}</td>
                      <td data-total="reserved">
                        {row.reserved1y === null ? "—" : money(row.reserved1y * model.hours)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          ) : (
            <p>No provider has a current price for this GPU.</p>
          )}
          <p class="muted">
            Totals are the price per GPU-hour × GPUs × hours. Storage, egress and taxes are not included; spot capacity
            can be taken back.
          </p>
        </section>
      ) : model.gpus.length === 0 ? (
        <p>No prices have been collected yet, so there is nothing to estimate.</p>
      ) : null}
    </Layout>
  );
}

export function GpuSelectorPage({ model, siteUrl }: { model: SelectorModel; siteUrl: string }) {
  const path = "/calculator/gpu-selector";
  const input = model.input;
  const breadcrumbs = [
    { name: "Home", href: "/" },
    { name: "GPU selector", href: path },
  ];
  return (
    <Layout
      title="Which Cloud GPU Do I Need? GPU Selector by Model Size and Budget | CloudGPUs"
      description="Enter a model size (or the VRAM you need) and a budget: see which cloud GPUs fit, how many you need, and what they cost per hour."
      canonical={`${siteUrl}${path}`}
      breadcrumbs={breadcrumbs}
      jsonLd={[breadcrumbJsonLd(breadcrumbs, siteUrl)]}
    >
      <h1>GPU selector</h1>
      <form method="get" action={path} class="calculator">
        <fieldset>
          <legend>What you need to run</legend>
          <label for="model">Model size (billions of parameters)</label>
          <input
            id="model"
            name="model"
            type="number"
            min="0.1"
            max="2000"
            step="0.1"
            value={input?.modelBillions === null || !input ? "" : String(input.modelBillions)}
          />
          <label for="precision">Precision</label>
          <select id="precision" name="precision">
            {(["fp16", "int8", "int4"] as const).map((precision) => (
              <option value={precision} selected={(input?.precision ?? "fp16") === precision}>
                {precision.toUpperCase()}
              </option>
            ))}
          </select>
          <label for="vram">…or VRAM needed (GB)</label>
          <input
            id="vram"
            name="vram"
            type="number"
            min="1"
            max="10000"
            step="1"
            value={input?.vramGb === null || !input ? "" : String(input.vramGb)}
          />
          <label for="budget">Budget (USD per hour, optional)</label>
          <input
            id="budget"
            name="budget"
            type="number"
            min="0.01"
            max="10000"
            step="0.01"
            value={input?.budgetPerHour === null || !input ? "" : String(input.budgetPerHour)}
          />
        </fieldset>
        <button type="submit">Find GPUs</button>
      </form>
      {input ? (
        <section aria-labelledby="candidates-heading">
          <h2 id="candidates-heading">
            {model.requiredVramGb ? `GPUs for ${model.requiredVramGb} GB of VRAM` : "GPUs"}
            {input.budgetPerHour ? ` within ${formatPrice(input.budgetPerHour)}/h` : ""}
          </h2>
          {input.modelBillions && !input.vramGb ? (
            <p class="muted">
              Estimate: {input.modelBillions} B parameters ×{" "}
              {input.precision === "fp16" ? 2 : input.precision === "int8" ? 1 : 0.5} bytes + 20 % for activations and
              KV cache.
            </p>
          ) : null}
          {model.candidates.length ? (
            <ol class="candidates">
              {model.candidates.map((candidate) => (
                <li>
                  <a href={`/cloud-gpu/${candidate.gpu.slug}`}>
                    {candidate.gpusNeeded} × {candidate.gpu.name}
                  </a>{" "}
                  ({candidate.gpu.vramGb} GB each){" "}
                  {candidate.cheapest && candidate.costPerHour !== null
                    ? `— ${formatPrice(candidate.costPerHour)}/h at ${candidate.cheapest.provider.name}`
                    : "— no current price"}
                </li>
              ))}
            </ol>
          ) : (
            <p>No GPU with a current price fits. Try a lower precision, a larger budget, or fewer GB.</p>
          )}
        </section>
      ) : null}
    </Layout>
  );
}
