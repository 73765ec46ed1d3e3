import { Layout } from "../layout";

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
}
interface Operation {
  summary: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, unknown> };
}
export interface ApiDocsProps {
  title: string;
  canonical: string;
  description: string;
  version: string;
  paths: Record<string, Partial<Record<string, Operation>>>;
}

const EXAMPLES = [
  "/api/instances?where[gpu_model_id][equals]=h100-sxm&where[availability_status][in]=available,limited&sort=price_per_gpu_hour&limit=10",
  "/api/compare-prices?gpuSlug=h100-sxm&includeSpot=true",
  "/api/compare-providers?providers=lambda-labs,runpod",
  "/api/gpu-models/a100-80gb/history?days=90",
  "/api/instances?where[price_per_gpu_hour][less_than]=1&format=csv",
];

/** The API reference, rendered on the server from the OpenAPI document. */
export function ApiDocsPage({ title, canonical, description, version, paths }: ApiDocsProps) {
  return (
    <Layout
      title={`${title} reference · CloudGPUs`}
      canonical={canonical}
      description="The CloudGPUs public JSON API: GPU cloud prices in USD per GPU-hour, with filters, comparisons and history."
    >
      <article class="api-docs">
        <h1>
          {title} <small>v{version}</small>
        </h1>
        <p>{description}</p>
        <p>
          Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors always come as{" "}
          <code>{"{ status, error, message, code, details, timestamp, requestId }"}</code>.
        </p>
        <h2>Examples</h2>
        <ul>
          {EXAMPLES.map((example) => (
            <li>
              <a href={example}>
                <code>{example}</code>
              </a>
            </li>
          ))}
        </ul>
        <h2>Endpoints</h2>
        {Object.entries(paths).flatMap(([path, item]) =>
          Object.entries(item).map(([method, operation]) =>
            operation ? (
              <section class="endpoint" id={`${method}${path}`.replaceAll(/[^a-z0-9]+/gi, "-")}>
                <h3>
                  <code>
                    {method.toUpperCase()} {path}
                  </code>
                </h3>
                <p>{operation.summary}</p>
                {operation.requestBody?.content ? (
                  <p>
                    Body: <code>{Object.keys(operation.requestBody.content).join(", ")}</code> (schema in the OpenAPI
                    document)
                  </p>
                ) : null}
                {operation.parameters?.length ? (
                  <table>
                    <caption class="visually-hidden">Parameters of {path}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Parameter</th>
                        <th scope="col">In</th>
                        <th scope="col">Description</th>
                      </tr>
                    </thead>
                    <tbody>
                      {operation.parameters.map((parameter) => (
                        <tr>
                          <td>
                            <code>{parameter.name}</code>
                            {parameter.required ? " (required)" : ""}
                          </td>
                          <td>{parameter.in}</td>
                          <td>{parameter.description}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
              </section>
            ) : null,
          ),
        )}
      </article>
    </Layout>
  );
}
