import { Layout } from "../layout";

// The alert pages (docs/design.md §9): subscribe, manage with the token, confirm, unsubscribe.
// Plain forms that work without JavaScript; nothing here is indexed.

export interface AlertFormOptions {
  gpus: { slug: string; name: string }[];
  providers: { slug: string; name: string }[];
}

/** What the form was sent with, to show it again beside its problems. */
export type AlertFormValues = Partial<
  Record<"gpu" | "provider" | "kind" | "max_price" | "channel" | "target", string>
> & {
  back_in_stock?: boolean;
  digest?: boolean;
};

export interface CreatedAlert {
  id: string;
  status: string;
  token: string;
  signingSecret?: string;
  manageUrl: string;
}

function Problems({ problems }: { problems: { parameter: string; message: string }[] }) {
  if (problems.length === 0) return null;
  return (
    <div class="notice notice-error" role="alert">
      <p>The alert was not made:</p>
      <ul>
        {problems.map((problem) => (
          <li>
            {problem.parameter}: {problem.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function AlertsPage({
  options,
  values = {},
  problems = [],
  created,
}: {
  options: AlertFormOptions;
  values?: AlertFormValues;
  problems?: { parameter: string; message: string }[];
  created?: CreatedAlert;
}) {
  return (
    <Layout
      title="GPU price alerts — CloudGPUs"
      description="Be told when a GPU's price drops under yours or it is back in stock."
      noindex
    >
      <article class="alerts">
        <h1>GPU price alerts</h1>
        {created ? (
          <section class="notice" aria-labelledby="created">
            <h2 id="created">Alert made</h2>
            <p>
              {created.status === "pending_confirmation"
                ? "We have mailed you a link: the alert starts when you follow it."
                : "The alert is active."}
            </p>
            <p>Keep this management token: it is shown once, and you need it to pause or delete the alert.</p>
            <p>
              <code>{created.token}</code>
            </p>
            {created.signingSecret ? (
              <p>
                Webhook signing secret (X-CloudGPUs-Signature, HMAC-SHA256): <code>{created.signingSecret}</code>
              </p>
            ) : null}
            <p>
              <a href={created.manageUrl}>Manage this alert</a>
            </p>
          </section>
        ) : null}
        <Problems problems={problems} />
        <form method="post" action="/alerts" class="form">
          <p>
            <label for="gpu">GPU</label>
            <select id="gpu" name="gpu" required>
              {options.gpus.map((gpu) => (
                <option value={gpu.slug} selected={values.gpu === gpu.slug}>
                  {gpu.name}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="provider">Provider</label>
            <select id="provider" name="provider">
              <option value="">Any provider</option>
              {options.providers.map((provider) => (
                <option value={provider.slug} selected={values.provider === provider.slug}>
                  {provider.name}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="kind">Price</label>
            <select id="kind" name="kind">
              <option value="on_demand" selected={values.kind !== "spot"}>
                On demand
              </option>
              <option value="spot" selected={values.kind === "spot"}>
                Spot
              </option>
            </select>
          </p>
          <p>
            <label for="max_price">At or under ($ per GPU-hour)</label>
            <input
              id="max_price"
              name="max_price"
              type="number"
              inputmode="decimal"
              min="0.01"
              step="0.01"
              value={values.max_price}
            />
          </p>
          <p>
            <label>
              <input type="checkbox" name="back_in_stock" value="true" checked={values.back_in_stock} /> Or when it is
              back in stock
            </label>
          </p>
          <p>
            <label for="channel">Tell me by</label>
            <select id="channel" name="channel">
              <option value="email" selected={values.channel === "email" || !values.channel}>
                Email
              </option>
              <option value="webhook" selected={values.channel === "webhook"}>
                Webhook (https)
              </option>
              <option value="slack" selected={values.channel === "slack"}>
                Slack incoming webhook
              </option>
            </select>
          </p>
          <p>
            <label for="target">Address or URL</label>
            <input id="target" name="target" type="text" required maxlength={500} value={values.target} />
          </p>
          <p>
            <label>
              <input type="checkbox" name="digest" value="true" checked={values.digest} /> Email: at most one mail a day
            </label>
          </p>
          <p>
            <button type="submit">Make the alert</button>
          </p>
        </form>
        <p>
          The same from code: <code>POST /api/alerts</code> (see <a href="/api/docs">the API docs</a>).
        </p>
      </article>
    </Layout>
  );
}

export interface ManagedAlert {
  id: string;
  status: string;
  gpu: string;
  channel: string;
  target: string;
  max_price_per_gpu_hour: number | null;
  back_in_stock: boolean;
  disabled_reason: string | null;
}

export function AlertManagePage({ id, alert, message }: { id: string; alert?: ManagedAlert; message?: string }) {
  return (
    <Layout title="Manage a GPU price alert — CloudGPUs" description="" noindex>
      <article class="alerts">
        <h1>Manage an alert</h1>
        {message ? (
          <p class="notice" role="status">
            {message}
          </p>
        ) : null}
        {alert ? (
          <dl>
            <dt>GPU</dt>
            <dd>{alert.gpu}</dd>
            <dt>When</dt>
            <dd>
              {[
                alert.max_price_per_gpu_hour === null ? null : `at or under $${alert.max_price_per_gpu_hour}/GPU-h`,
                alert.back_in_stock ? "back in stock" : null,
              ]
                .filter(Boolean)
                .join(", or ")}
            </dd>
            <dt>To</dt>
            <dd>
              {alert.channel}: {alert.target}
            </dd>
            <dt>Status</dt>
            <dd>
              {alert.status}
              {alert.disabled_reason ? ` (${alert.disabled_reason})` : ""}
            </dd>
          </dl>
        ) : null}
        <form method="post" action={`/alerts/${id}`} class="form">
          <p>
            <label for="token">Management token</label>
            <input id="token" name="token" type="password" required autocomplete="off" />
          </p>
          <p>
            <button type="submit" name="action" value="show">
              Show
            </button>{" "}
            <button type="submit" name="action" value="pause">
              Pause
            </button>{" "}
            <button type="submit" name="action" value="resume">
              Resume
            </button>{" "}
            <button type="submit" name="action" value="delete">
              Delete
            </button>
          </p>
        </form>
      </article>
    </Layout>
  );
}

/** The answer of a confirmation or unsubscribe link; `form` asks before a one-click unsubscribe. */
export function AlertNoticePage({ title, message, form }: { title: string; message: string; form?: string }) {
  return (
    <Layout title={`${title} — CloudGPUs`} description="" noindex>
      <article class="alerts">
        <h1>{title}</h1>
        <p>{message}</p>
        {form ? (
          <form method="post" action={form}>
            <button type="submit">Unsubscribe</button>
          </form>
        ) : null}
      </article>
    </Layout>
  );
}
