import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withDb } from "../../db/client";
import { providers, scrapeJobs, scrapeSchedules } from "../../db/schema";
import { apiGet } from "../../testing/factories";
import { adminCall, auditOf } from "./testing";

// Providers and GPU models as operators change them: each change validated against the column it
// writes, refused by name when it names a field that is not writable, and audited before/after.

const unique = () => crypto.randomUUID().slice(0, 8);
const json = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;
const issues = async (response: Response) => {
  expect(response.status).toBe(400);
  const body = await json<{ code: string; details?: { issues: { parameter: string; message: string }[] } }>(response);
  expect(body.code).toBe("VALIDATION_ERROR");
  return (body.details?.issues ?? []).map((issue) => issue.parameter);
};

const newProvider = (slug: string) => ({
  slug,
  name: `Provider ${slug}`,
  display_name: `Provider ${slug}`,
  provider_type: "specialized_neocloud",
  reliability_tier: "standard",
  website_url: `https://${slug}.example`,
});

afterEach(() => vi.restoreAllMocks());

describe("admin providers", () => {
  it("adds a provider, shows it publicly and audits it", async () => {
    const slug = `test-admin-${unique()}`;
    const created = await adminCall("POST", "/providers", { body: { ...newProvider(slug), sla_uptime_percent: 99.9 } });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({
      slug,
      status: "active",
      status_set_by: null,
      schedule: null,
      is_active: true,
    });
    const [entry] = await auditOf("provider", slug);
    expect(entry).toMatchObject({ actor: "admin-token", action: "provider.create", before: null });
    expect(entry?.after).toMatchObject({ slug, slaUptimePercent: 99.9 });
    const published = await apiGet(`/api/providers/${slug}`);
    expect(published.status).toBe(200);
    const doc = await json(published);
    expect(doc).toMatchObject({ slug, status: "active", status_reason: null });
    expect(doc).not.toHaveProperty("status_set_by");
  });

  it("refuses fields that are not writable, bad values and missing ones, naming each", async () => {
    const slug = `test-admin-${unique()}`;
    expect(
      await issues(await adminCall("POST", "/providers", { body: { ...newProvider(slug), id: crypto.randomUUID() } })),
    ).toEqual(["id"]);
    expect(
      await issues(
        await adminCall("POST", "/providers", {
          body: { ...newProvider(slug), last_price_update: "2026-01-01T00:00:00Z", status: "disabled" },
        }),
      ),
    ).toEqual(expect.arrayContaining(["last_price_update", "status"]));
    expect(
      await issues(await adminCall("POST", "/providers", { body: { ...newProvider(slug), slug: "Bad Slug!" } })),
    ).toEqual(["slug"]);
    expect(
      await issues(
        await adminCall("POST", "/providers", { body: { ...newProvider(slug), website_url: "javascript:alert(1)" } }),
      ),
    ).toEqual(["website_url"]);
    expect(
      await issues(await adminCall("POST", "/providers", { body: { ...newProvider(slug), reliability_tier: "gold" } })),
    ).toEqual(["reliability_tier"]);
    const { website_url: _, ...withoutSite } = newProvider(slug);
    expect(await issues(await adminCall("POST", "/providers", { body: withoutSite }))).toEqual(["website_url"]);
    // The database's own checks answer 400 too, in its words.
    const overSla = await adminCall("POST", "/providers", { body: { ...newProvider(slug), sla_uptime_percent: 150 } });
    expect(overSla.status).toBe(400);
    expect((await json<{ message: string }>(overSla)).message).toMatch(/provider_sla_range|numeric|refused/);
    expect(await auditOf("provider", slug)).toEqual([]);
    expect((await adminCall("POST", "/providers", { body: "{not json" })).status).toBe(400);
  });

  it("answers 409 for a slug that is taken", async () => {
    const response = await adminCall("POST", "/providers", { body: newProvider("lambda-labs") });
    expect(response.status).toBe(409);
    expect((await json<{ code: string }>(response)).code).toBe("CONFLICT");
  });

  it("corrects a provider with the row before and after in the audit, and never its slug", async () => {
    const slug = `test-admin-${unique()}`;
    await adminCall("POST", "/providers", { body: newProvider(slug) });
    const changed = await adminCall("PATCH", `/providers/${slug}`, {
      body: { display_name: "Renamed", pros: ["cheap"] },
    });
    expect(changed.status).toBe(200);
    expect(await json(changed)).toMatchObject({ display_name: "Renamed", pros: ["cheap"] });
    const [entry] = await auditOf("provider", slug);
    expect(entry).toMatchObject({ action: "provider.update" });
    expect(entry?.before).toMatchObject({ displayName: `Provider ${slug}`, pros: null });
    expect(entry?.after).toMatchObject({ displayName: "Renamed", pros: ["cheap"] });
    expect(await issues(await adminCall("PATCH", `/providers/${slug}`, { body: { slug: "other" } }))).toContain("slug");
    expect(await issues(await adminCall("PATCH", `/providers/${slug}`, { body: {} }))).toEqual(["(body)"]);
    expect((await adminCall("PATCH", "/providers/no-such-provider", { body: { display_name: "x" } })).status).toBe(404);
    expect((await adminCall("PATCH", "/providers/..%2F", { body: { display_name: "x" } })).status).toBe(404);
  });

  it("retires a provider: kept, no longer listed among the active ones", async () => {
    const slug = `test-admin-${unique()}`;
    await adminCall("POST", "/providers", { body: newProvider(slug) });
    const retired = await adminCall("PATCH", `/providers/${slug}`, { body: { is_active: false } });
    expect(await json(retired)).toMatchObject({ is_active: false });
    const listed = await json<{ docs: { slug: string }[] }>(
      await apiGet(`/api/providers?where[is_active][equals]=true&limit=100`),
    );
    expect(listed.docs.map((doc) => doc.slug)).not.toContain(slug);
    expect((await apiGet(`/api/providers/${slug}`)).status).toBe(200);
  });

  it("sets a status by hand with a reason, and hands it back to scrape health", async () => {
    const slug = `test-admin-${unique()}`;
    await adminCall("POST", "/providers", { body: newProvider(slug) });
    expect(await issues(await adminCall("PATCH", `/providers/${slug}`, { body: { status: "disabled" } }))).toEqual([
      "status_reason",
    ]);
    expect(
      await issues(await adminCall("PATCH", `/providers/${slug}`, { body: { status: "broken", status_reason: "x" } })),
    ).toEqual(["status"]);
    const disabled = await adminCall("PATCH", `/providers/${slug}`, {
      body: { status: "disabled", status_reason: "their terms forbid automated reads" },
    });
    expect(await json(disabled)).toMatchObject({
      status: "disabled",
      status_reason: "their terms forbid automated reads",
      status_set_by: "admin-token",
    });
    expect(await json(await apiGet(`/api/providers/${slug}`))).toMatchObject({ status: "disabled" });
    // Back to scrape health: scheduled and failing three times in a row, so degraded at once.
    await withDb(env, "fresh", async (db) => {
      const [row] = await db.select().from(providers).where(eq(providers.slug, slug));
      await db
        .insert(scrapeSchedules)
        .values({ providerId: row!.id, priority: "P1", intervalHours: 6, offsetHours: 1 });
      for (let i = 0; i < 3; i++)
        await db.insert(scrapeJobs).values({ providerId: row!.id, status: "failed", errorCode: "HTTP_503" });
    });
    const auto = await adminCall("PATCH", `/providers/${slug}`, { body: { status: "auto" } });
    expect(await json(auto)).toMatchObject({
      status: "degraded",
      status_reason: "3 price checks in a row failed (last: HTTP_503)",
      status_set_by: null,
      schedule: { priority: "P1", queue: "scrape" },
    });
    expect((await auditOf("provider", slug)).map((entry) => entry.action)).toEqual([
      "provider.update",
      "provider.update",
      "provider.create",
    ]);
  });
});

describe("admin GPU models", () => {
  const newGpu = (slug: string) => ({
    slug,
    name: `Test GPU ${slug}`,
    short_name: slug.slice(0, 30),
    architecture: "hopper",
    vram_gb: 96,
    memory_type: "HBM3",
  });

  it("adds, corrects and retires a GPU model, each audited", async () => {
    const slug = `test-gpu-${unique()}`;
    const created = await adminCall("POST", "/gpu-models", { body: newGpu(slug) });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ slug, vram_gb: 96, is_active: true, manufacturer: "NVIDIA" });
    const corrected = await adminCall("PATCH", `/gpu-models/${slug}`, {
      body: { memory_bandwidth_gbps: 4000, is_active: false },
    });
    expect(await json(corrected)).toMatchObject({ memory_bandwidth_gbps: 4000, is_active: false });
    expect(await json(await adminCall("GET", `/gpu-models/${slug}`))).toMatchObject({ is_active: false });
    const trail = await auditOf("gpu-model", slug);
    expect(trail.map((entry) => entry.action)).toEqual(["gpu-model.update", "gpu-model.create"]);
    expect(trail[0]?.before).toMatchObject({ memoryBandwidthGbps: null, isActive: true });
  });

  it("refuses a bad GPU model by field, a taken slug with 409 and an unknown one with 404", async () => {
    const slug = `test-gpu-${unique()}`;
    expect(
      await issues(await adminCall("POST", "/gpu-models", { body: { ...newGpu(slug), vram_gb: 0 } })),
    ).toHaveLength(0);
    expect(await issues(await adminCall("POST", "/gpu-models", { body: { ...newGpu(slug), vram_gb: 40000 } }))).toEqual(
      ["vram_gb"],
    );
    expect(
      await issues(await adminCall("POST", "/gpu-models", { body: { ...newGpu(slug), architecture: "kepler" } })),
    ).toEqual(["architecture"]);
    expect((await adminCall("POST", "/gpu-models", { body: newGpu("h100-sxm") })).status).toBe(409);
    expect((await adminCall("PATCH", "/gpu-models/no-such-gpu", { body: { vram_gb: 8 } })).status).toBe(404);
    expect((await adminCall("GET", "/gpu-models/no-such-gpu")).status).toBe(404);
  });
});
