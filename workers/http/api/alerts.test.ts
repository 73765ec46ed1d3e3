import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import { randomToken, sha256Hex } from "../../auth/tokens";
import { withDb } from "../../db/client";
import { setConfirmTokenHash, subscriptionById } from "../../db/queries/alerts";
import { alertSubscriptions } from "../../db/schema";
import { apiGet, apiRequest, createProvider, WORKER_ORIGIN } from "../../testing/factories";

const post = (body: unknown, headers: Record<string, string> = {}) =>
  apiRequest("/api/alerts", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const withToken = (token: string, init: { method?: string; body?: string } = {}) => ({
  ...init,
  headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
});
const uniqueHook = () => `https://hooks.example.com/cloudgpus/${crypto.randomUUID()}`;

interface Created {
  alert: { id: string; status: string; gpu: string; providers: string[] | null; channel: string; manage_url: string };
  token: string;
  signing_secret?: string;
}

async function problemsOf(response: Response) {
  const body = apiErrorSchema.parse(await response.json());
  return { code: body.code, issues: (body.details?.issues ?? []) as { parameter: string; message: string }[] };
}

describe("POST /api/alerts", () => {
  it("makes a webhook alert, active at once, with its token and signing secret shown once", async () => {
    const response = await post({
      gpu: "h100-sxm",
      providers: ["runpod"],
      max_price_per_gpu_hour: 2,
      channel: "webhook",
      target: uniqueHook(),
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as Created;
    expect(created.alert).toMatchObject({
      status: "active",
      gpu: "h100-sxm",
      providers: ["runpod"],
      channel: "webhook",
    });
    expect(created.token).toMatch(/^cga_[\w-]{43}$/);
    expect(created.signing_secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(created.alert.manage_url).toBe(`${env.SITE_URL}/alerts/${created.alert.id}`);
    // Only the token's hash is kept.
    const row = await withDb(env, "fresh", (db) => subscriptionById(db, created.alert.id));
    expect(row?.tokenHash).toBe(await sha256Hex(created.token));
  });

  it("keeps an email alert pending until its confirmation link is followed", async () => {
    const response = await post({
      gpu: "a100-80gb",
      back_in_stock: true,
      channel: "email",
      target: `ops+${crypto.randomUUID()}@example.com`,
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as Created;
    expect(created.alert.status).toBe("pending_confirmation");
    expect(created.signing_secret).toBeUndefined();

    // The link as mailed: a token whose hash is kept (mailed by the notify consumer; set here).
    const token = randomToken("cgc_");
    await withDb(env, "fresh", async (db) => setConfirmTokenHash(db, created.alert.id, await sha256Hex(token)));
    expect((await apiGet(`/alerts/confirm?token=${randomToken("cgc_")}`)).status).toBe(404);
    const confirmed = await apiGet(`/alerts/confirm?token=${token}`);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("Alert confirmed");
    expect((await withDb(env, "fresh", (db) => subscriptionById(db, created.alert.id)))?.status).toBe("active");
    expect((await apiGet(`/alerts/confirm?token=${token}`)).status).toBe(404); // used once
  });

  it.each([
    [
      "an unknown field",
      { gpu: "h100-sxm", max_price_per_gpu_hour: 2, channel: "slack", target: "x", maxPrice: 1 },
      "maxPrice",
      "unknown parameter",
    ],
    [
      "a rule that watches nothing",
      { gpu: "h100-sxm", channel: "webhook", target: "https://hooks.example.com/x" },
      "max_price_per_gpu_hour",
      "give max_price_per_gpu_hour, back_in_stock: true, or both",
    ],
    [
      "a webhook to a private address",
      { gpu: "h100-sxm", back_in_stock: true, channel: "webhook", target: "https://192.168.1.10/hook" },
      "target",
      "the host is a private address",
    ],
    [
      "a webhook whose name resolves to a private address",
      { gpu: "h100-sxm", back_in_stock: true, channel: "webhook", target: "https://rebind.example.net/hook" },
      "target",
      "rebind.example.net resolves to 10.0.0.8, a private address",
    ],
    [
      "a plain-http webhook",
      { gpu: "h100-sxm", back_in_stock: true, channel: "webhook", target: "http://hooks.example.com/hook" },
      "target",
      "webhooks must use https",
    ],
    [
      "a GPU nobody has",
      { gpu: "no-such-gpu", back_in_stock: true, channel: "webhook", target: "https://hooks.example.com/x" },
      "gpu",
      'no GPU model "no-such-gpu"',
    ],
    [
      "a provider nobody has",
      {
        gpu: "h100-sxm",
        providers: ["nobody"],
        back_in_stock: true,
        channel: "webhook",
        target: "https://hooks.example.com/x",
      },
      "providers",
      "no provider nobody",
    ],
  ])("answers 400 naming the field for %s", async (_name, body, parameter, message) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    const { code, issues } = await problemsOf(response);
    expect(code).toBe("VALIDATION_ERROR");
    expect(issues).toContainEqual({ parameter, message });
  });

  it("answers 400 in the envelope for a body that is not JSON", async () => {
    const response = await post("{not json");
    expect(response.status).toBe(400);
    expect(apiErrorSchema.safeParse(await response.json()).success).toBe(true);
  });

  it("limits the alerts one address receives", async () => {
    const target = uniqueHook();
    for (let i = 0; i < 10; i++)
      expect((await post({ gpu: "h100-sxm", back_in_stock: true, channel: "webhook", target })).status).toBe(201);
    const refused = await post({ gpu: "h100-sxm", back_in_stock: true, channel: "webhook", target });
    expect(refused.status).toBe(409);
    expect((await problemsOf(refused)).code).toBe("CONFLICT");
  });
});

describe("GET, PATCH, DELETE /api/alerts/{id}", () => {
  async function made() {
    const provider = await withDb(env, "fresh", (db) => createProvider(db));
    const response = await post({
      gpu: "h100-sxm",
      providers: [provider.slug],
      max_price_per_gpu_hour: 1.5,
      channel: "webhook",
      target: uniqueHook(),
    });
    return (await response.json()) as Created;
  }

  it("takes the management token: 401 without one, 404 with another", async () => {
    const { alert, token } = await made();
    expect((await apiGet(`/api/alerts/${alert.id}`)).status).toBe(401);
    expect((await apiRequest(`/api/alerts/${alert.id}`, withToken(randomToken("cga_")))).status).toBe(404);
    const shown = await apiRequest(`/api/alerts/${alert.id}`, withToken(token));
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({ id: alert.id, status: "active", max_price_per_gpu_hour: 1.5 });
    expect((await apiRequest(`/api/alerts/not-a-uuid`, withToken(token))).status).toBe(404);
  });

  it("pauses and resumes, and refuses other statuses", async () => {
    const { alert, token } = await made();
    const patch = (body: unknown) =>
      apiRequest(`/api/alerts/${alert.id}`, withToken(token, { method: "PATCH", body: JSON.stringify(body) }));
    expect(await (await patch({ status: "paused" })).json()).toMatchObject({ status: "paused" });
    expect(await (await patch({ status: "active" })).json()).toMatchObject({ status: "active" });
    const refused = await patch({ status: "disabled" });
    expect(refused.status).toBe(400);
    expect((await problemsOf(refused)).issues[0]?.parameter).toBe("status");
  });

  it("will not resume an alert that was disabled", async () => {
    const { alert, token } = await made();
    await withDb(env, "fresh", (db) =>
      db
        .update(alertSubscriptions)
        .set({ status: "disabled", disabledReason: "the webhook answered HTTP 410" })
        .where(eq(alertSubscriptions.id, alert.id)),
    );
    const refused = await apiRequest(
      `/api/alerts/${alert.id}`,
      withToken(token, { method: "PATCH", body: '{"status":"active"}' }),
    );
    expect(refused.status).toBe(409);
  });

  it("deletes", async () => {
    const { alert, token } = await made();
    expect((await apiRequest(`/api/alerts/${alert.id}`, withToken(token, { method: "DELETE" }))).status).toBe(204);
    expect((await apiRequest(`/api/alerts/${alert.id}`, withToken(token))).status).toBe(404);
  });
});

describe("the alert pages", () => {
  it("make an alert from the form, without JavaScript", async () => {
    const form = new URLSearchParams({ gpu: "h100-sxm", max_price: "2.10", channel: "webhook", target: uniqueHook() });
    const response = await apiRequest("/alerts", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: WORKER_ORIGIN,
      },
      body: form.toString(),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const html = await response.text();
    expect(html).toContain("The alert is active.");
    expect(html).toMatch(/<code>cga_[\w-]{43}<\/code>/);
  });

  it("show the form's problems, and refuse a form posted from another site", async () => {
    const origin = WORKER_ORIGIN;
    const bad = await apiRequest("/alerts", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
      body: new URLSearchParams({ gpu: "h100-sxm", channel: "webhook", target: "https://10.0.0.1/x" }).toString(),
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("max_price_per_gpu_hour: give max_price_per_gpu_hour, back_in_stock: true, or both");
    const forged = await apiRequest("/alerts", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: "https://evil.example",
      },
      body: new URLSearchParams({
        gpu: "h100-sxm",
        back_in_stock: "true",
        channel: "webhook",
        target: uniqueHook(),
      }).toString(),
    });
    expect(forged.status).toBe(403);
  });

  it("unsubscribe in one click (RFC 8058 POST), while the link itself only asks", async () => {
    const created = (await (
      await post({ gpu: "h100-sxm", back_in_stock: true, channel: "webhook", target: uniqueHook() })
    ).json()) as Created;
    const row = await withDb(env, "fresh", (db) => subscriptionById(db, created.alert.id));
    const link = `/alerts/unsubscribe?token=${row?.unsubscribeToken}`;
    const asked = await apiGet(link);
    expect(asked.status).toBe(200);
    expect(await withDb(env, "fresh", (db) => subscriptionById(db, created.alert.id))).not.toBeNull();
    const done = await apiRequest(link, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(done.status).toBe(200);
    expect(await withDb(env, "fresh", (db) => subscriptionById(db, created.alert.id))).toBeNull();
  });

  it("manage an alert with its token", async () => {
    const created = (await (
      await post({ gpu: "h100-sxm", back_in_stock: true, channel: "webhook", target: uniqueHook() })
    ).json()) as Created;
    const act = (action: string, token = created.token) =>
      apiRequest(`/alerts/${created.alert.id}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token, action }).toString(),
      });
    expect((await act("pause", randomToken("cga_"))).status).toBe(404);
    const paused = await act("pause");
    expect(paused.status).toBe(200);
    expect(await paused.text()).toContain("Alert paused.");
    expect((await withDb(env, "fresh", (db) => subscriptionById(db, created.alert.id)))?.status).toBe("paused");
    expect((await act("delete")).status).toBe(200);
    expect(await withDb(env, "fresh", (db) => subscriptionById(db, created.alert.id))).toBeNull();
  });
});
