import { asc, eq } from "drizzle-orm";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { csrf } from "hono/csrf";
import { alertRuleSchema } from "../../shared/alerts";
import { type AlertFormValues, AlertManagePage, AlertNoticePage, AlertsPage } from "../../web/pages/alerts";
import { sha256Hex } from "../auth/tokens";
import { withDb } from "../db/client";
import { confirmSubscription, deleteSubscription, subscriptionNames, unsubscribe } from "../db/queries/alerts";
import { gpuModels, providers } from "../db/schema";
import { authorised, changeStatus, subscribe } from "./api/alerts";
import { ApiError } from "./errors";
import { type RateLimitVariables, rateLimit } from "./rate-limit";
import type { AppEnv } from "./types";
import { uuidParam } from "./validation";

// The site's alert pages (docs/design.md §9), beside POST /api/alerts: the same checks and limits,
// as forms that work without JavaScript. Never cached; writes are counted like API requests.

type Env = AppEnv & { Variables: RateLimitVariables };

const limited = rateLimit();
const countWrites: MiddlewareHandler<Env> = (c, next) =>
  c.req.method === "GET" || c.req.method === "HEAD" ? next() : limited(c, next);
const noStore: MiddlewareHandler<Env> = async (c, next) => {
  await next();
  c.header("Cache-Control", "no-store");
};

async function formOptions(c: Context<Env>) {
  return withDb(c.env, "cached", async (db) => ({
    gpus: await db.select({ slug: gpuModels.slug, name: gpuModels.name }).from(gpuModels).orderBy(asc(gpuModels.name)),
    providers: await db
      .select({ slug: providers.slug, name: providers.displayName })
      .from(providers)
      .where(eq(providers.isActive, true))
      .orderBy(asc(providers.displayName)),
  }));
}

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
};

/** A rule from the form's fields: names as the API's, numbers and checkboxes as their types. */
function ruleFromForm(form: FormData): { values: AlertFormValues; rule: Record<string, unknown> } {
  const values: AlertFormValues = {
    gpu: field(form, "gpu"),
    provider: field(form, "provider"),
    kind: field(form, "kind"),
    max_price: field(form, "max_price"),
    channel: field(form, "channel"),
    target: field(form, "target"),
    back_in_stock: form.get("back_in_stock") === "true",
    digest: form.get("digest") === "true",
  };
  const rule: Record<string, unknown> = {
    gpu: values.gpu,
    kind: values.kind ?? "on_demand",
    back_in_stock: values.back_in_stock,
    channel: values.channel,
    target: values.target,
    digest: values.digest,
  };
  if (values.provider) rule.providers = [values.provider];
  if (values.max_price !== undefined) rule.max_price_per_gpu_hour = Number(values.max_price);
  return { values, rule };
}

const problemsOf = (error: unknown) => {
  if (!(error instanceof ApiError)) throw error;
  const issues = (error.details?.issues as { parameter: string; message: string }[] | undefined) ?? [];
  return issues.length ? issues : [{ parameter: "alert", message: error.message }];
};

export const alertPages = new Hono<Env>()
  .use("/alerts", countWrites, noStore)
  .use("/alerts/*", countWrites, noStore)
  // `?gpu=<slug>` (the GPU pages' link) chooses the GPU in the form.
  .get("/alerts", async (c) =>
    c.html(<AlertsPage options={await formOptions(c)} values={{ gpu: c.req.query("gpu") }} />),
  )
  .post(
    "/alerts",
    // A form posted from another site is refused (hono's csrf: its Origin must be this one).
    csrf(),
    async (c) => {
      const { values, rule } = ruleFromForm(await c.req.formData());
      const parsed = alertRuleSchema.safeParse(rule);
      const options = await formOptions(c);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => ({
          parameter: String(issue.path[0] ?? "alert"),
          message: issue.message,
        }));
        return c.html(<AlertsPage options={options} values={values} problems={problems} />, 400);
      }
      try {
        const made = await subscribe(c, parsed.data);
        return c.html(
          <AlertsPage
            options={options}
            created={{
              id: made.alert.id,
              status: made.alert.status,
              token: made.token,
              signingSecret: made.signing_secret,
              manageUrl: made.alert.manage_url,
            }}
          />,
          201,
        );
      } catch (error) {
        const status = error instanceof ApiError ? error.status : 500;
        return c.html(<AlertsPage options={options} values={values} problems={problemsOf(error)} />, status as 400);
      }
    },
  )
  .get("/alerts/confirm", async (c) => {
    const token = c.req.query("token") ?? "";
    const confirmed = await withDb(c.env, "fresh", async (db) => confirmSubscription(db, await sha256Hex(token)));
    return confirmed
      ? c.html(
          <AlertNoticePage title="Alert confirmed" message="The alert is active: we will mail you when it fires." />,
        )
      : c.html(
          <AlertNoticePage title="Link not valid" message="This confirmation link is unknown, or was already used." />,
          404,
        );
  })
  // A link in a mail is fetched by scanners too: GET only asks; the POST (RFC 8058's one-click,
  // which mail providers send themselves) unsubscribes.
  .get("/alerts/unsubscribe", (c) =>
    c.html(
      <AlertNoticePage
        title="Unsubscribe"
        message="Stop this alert? It is deleted, with what it has sent."
        form={`/alerts/unsubscribe?token=${encodeURIComponent(c.req.query("token") ?? "")}`}
      />,
    ),
  )
  .post("/alerts/unsubscribe", async (c) => {
    const token = c.req.query("token") ?? "";
    const done = await withDb(c.env, "fresh", (db) => unsubscribe(db, token));
    return done
      ? c.html(<AlertNoticePage title="Unsubscribed" message="The alert is deleted; nothing more will be sent." />)
      : c.html(
          <AlertNoticePage title="Link not valid" message="No alert has this unsubscribe link (any more)." />,
          404,
        );
  })
  .get("/alerts/:id", (c) => c.html(<AlertManagePage id={uuidParam(c.req.param("id"), "alert")} />))
  .post("/alerts/:id", async (c) => {
    const id = uuidParam(c.req.param("id"), "alert");
    const form = await c.req.formData();
    const action = field(form, "action") ?? "show";
    try {
      return await withDb(c.env, "fresh", async (db) => {
        let row = await authorised(db, id, field(form, "token") ?? null);
        if (action === "delete") {
          await deleteSubscription(db, row.id);
          return c.html(<AlertNoticePage title="Alert deleted" message="Nothing more will be sent." />);
        }
        if (action === "pause" || action === "resume")
          row = await changeStatus(db, row, action === "pause" ? "paused" : "active");
        const names = await subscriptionNames(db, row);
        return c.html(
          <AlertManagePage
            id={id}
            message={action === "show" ? undefined : `Alert ${row.status === "paused" ? "paused" : "resumed"}.`}
            alert={{
              id: row.id,
              status: row.status,
              gpu: names.gpu,
              channel: row.channel,
              target: row.target,
              max_price_per_gpu_hour: row.maxPricePerGpuHour,
              back_in_stock: row.backInStock,
              disabled_reason: row.disabledReason,
            }}
          />,
        );
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return c.html(<AlertManagePage id={id} message={error.message} />, error.status as 400);
    }
  });
