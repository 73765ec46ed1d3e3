import { z } from "@hono/zod-openapi";
import { gpuModelDocSchema, providerDocSchema } from "../../../shared/api-schemas";
import { providerStatuses, scrapeQueueKinds } from "../../../shared/domain";
import { bumpVersions } from "../../cache/versions";
import { withDb } from "../../db/client";
import {
  type GpuModelRow,
  gpuModelRow,
  gpuModelRows,
  insertGpuModel,
  insertProvider,
  type ProviderRow,
  type ProviderWithSchedule,
  providerRow,
  providerRows,
  providerRowWithSchedule,
  updateGpuModel,
  updateProvider,
} from "../../db/queries/admin-catalog";
import { gpuModelDoc, providerDoc } from "../../db/queries/docs";
import { refreshProviderStatuses } from "../../db/queries/provider-status";
import { gpuModels, providers, scrapePriorities } from "../../db/schema";
import { jsonResponse } from "../api/openapi";
import { ApiError } from "../errors";
import { slugParam } from "../validation";
import { adminRoute, adminRoutes, audited, errorAnswer, jsonBody } from "./core";
import { asRow, createSchema, updateSchema, writableFields } from "./writable";

// The catalog as operators keep it (docs/design.md §18): providers and GPU models created,
// corrected and retired (`is_active: false`: kept, with their history and links, no longer listed
// or scheduled), and a provider's status set by hand. A slug is an identity (URLs, breakers,
// adapters, cache versions) and never changes. Every change is audited with the row before and after.

const SLUG = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,49}$/, "lower-case letters, digits and hyphens, at most 50, not starting with a hyphen");
const webUrl = (max: number) =>
  z
    .url({ protocol: /^https?$/ })
    .max(max)
    .nullable();

const providerFields = writableFields(providers, {
  omit: [
    "id",
    "created_at",
    "updated_at",
    "last_price_update",
    "status",
    "status_reason",
    "status_set_by",
    "status_changed_at",
  ],
  refine: {
    slug: SLUG,
    website_url: z.url({ protocol: /^https?$/ }).max(255),
    pricing_url: webUrl(255),
    docs_url: webUrl(255),
    status_page_url: webUrl(255),
    api_base_url: webUrl(255),
    affiliate_url: webUrl(500),
    logo_url: webUrl(255),
    headquarters_country: z
      .string()
      .regex(/^[A-Z]{2,3}$/, "an ISO 3166 country code")
      .nullable(),
    brand_color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, "a colour as #rrggbb")
      .nullable(),
  },
});
const { slug: _providerSlug, ...providerUpdateShape } = providerFields.shape;

/** By hand: active, degraded or disabled with a reason; `auto` hands the status back to scrape health. */
const statusFields = {
  status: z.enum([...providerStatuses, "auto"]).optional(),
  status_reason: z.string().trim().min(1).max(500).optional(),
};
const providerCreate = createSchema(providerFields);
const providerUpdate = updateSchema({ ...providerUpdateShape, ...statusFields }).refine(
  (body) => body.status === undefined || body.status === "auto" || body.status_reason !== undefined,
  { message: "a status set by hand needs a status_reason", path: ["status_reason"] },
);

const gpuFields = writableFields(gpuModels, {
  omit: ["id", "created_at", "updated_at"],
  refine: { slug: SLUG },
});
const { slug: _gpuSlug, ...gpuUpdateShape } = gpuFields.shape;
const gpuCreate = createSchema(gpuFields);
const gpuUpdate = updateSchema(gpuUpdateShape);

const adminProviderSchema = providerDocSchema
  .extend({
    status_set_by: z.string().nullable().describe("Who set the status by hand; null when scrape health set it"),
    schedule: z
      .object({ priority: z.enum(scrapePriorities), queue: z.enum(scrapeQueueKinds) })
      .nullable()
      .describe("Its scrape schedule; null when it is never scraped"),
  })
  .meta({ id: "AdminProvider" });
type AdminProvider = z.infer<typeof adminProviderSchema>;

function adminProvider({ provider, priority, queue }: ProviderWithSchedule): AdminProvider {
  return {
    ...providerDoc(provider),
    status_set_by: provider.statusSetBy,
    schedule: priority && queue ? { priority, queue } : null,
  };
}

async function answeredProvider(env: Env, slug: string): Promise<AdminProvider> {
  const row = await withDb(env, "fresh", (db) => providerRowWithSchedule(db, slug));
  if (!row) throw new ApiError("NOT_FOUND", `No provider "${slug}"`);
  return adminProvider(row);
}

const slugParams = z.object({ slug: z.string() });
const notFound = (what: string) => errorAnswer(`No such ${what} (code NOT_FOUND)`);
const invalid = errorAnswer("Invalid body: the envelope names each field (code VALIDATION_ERROR)");
const taken = errorAnswer("The slug is taken (code CONFLICT)");

const routes = {
  listProviders: adminRoute({
    method: "get",
    path: "/providers",
    summary: "Every provider, retired ones too, with its status and schedule",
    responses: { 200: jsonResponse(z.object({ docs: z.array(adminProviderSchema) }), "The providers") },
  }),
  provider: adminRoute({
    method: "get",
    path: "/providers/{slug}",
    summary: "One provider",
    request: { params: slugParams },
    responses: { 200: jsonResponse(adminProviderSchema, "The provider"), 404: notFound("provider") },
  }),
  createProvider: adminRoute({
    method: "post",
    path: "/providers",
    summary: "Add a provider",
    request: jsonBody(providerCreate),
    responses: { 201: jsonResponse(adminProviderSchema, "The provider"), 400: invalid, 409: taken },
  }),
  updateProvider: adminRoute({
    method: "patch",
    path: "/providers/{slug}",
    summary: "Correct a provider, retire it (is_active: false), or set its status by hand",
    request: { params: slugParams, ...jsonBody(providerUpdate) },
    responses: { 200: jsonResponse(adminProviderSchema, "The provider"), 400: invalid, 404: notFound("provider") },
  }),
  listGpuModels: adminRoute({
    method: "get",
    path: "/gpu-models",
    summary: "Every GPU model, retired ones too",
    responses: { 200: jsonResponse(z.object({ docs: z.array(gpuModelDocSchema) }), "The GPU models") },
  }),
  gpuModel: adminRoute({
    method: "get",
    path: "/gpu-models/{slug}",
    summary: "One GPU model",
    request: { params: slugParams },
    responses: { 200: jsonResponse(gpuModelDocSchema, "The GPU model"), 404: notFound("GPU model") },
  }),
  createGpuModel: adminRoute({
    method: "post",
    path: "/gpu-models",
    summary: "Add a GPU model to the catalog",
    request: jsonBody(gpuCreate),
    responses: { 201: jsonResponse(gpuModelDocSchema, "The GPU model"), 400: invalid, 409: taken },
  }),
  updateGpuModel: adminRoute({
    method: "patch",
    path: "/gpu-models/{slug}",
    summary: "Correct a GPU model, or retire it (is_active: false)",
    request: { params: slugParams, ...jsonBody(gpuUpdate) },
    responses: { 200: jsonResponse(gpuModelDocSchema, "The GPU model"), 400: invalid, 404: notFound("GPU model") },
  }),
};

/** The status part of a provider update, as columns: by hand (with who), or back to scrape health. */
function statusColumns(body: { status?: string; status_reason?: string }, actor: string, now: Date) {
  if (body.status === undefined) return {};
  if (body.status === "auto")
    // Scrape health decides again, now (refreshProviderStatuses below) and every hour; a
    // provider without a schedule has nothing to check and is simply active.
    return { status: "active" as const, statusReason: null, statusSetBy: null, statusChangedAt: now };
  return {
    status: body.status as ProviderRow["status"],
    statusReason: body.status_reason ?? null,
    statusSetBy: actor,
    statusChangedAt: now,
  };
}

export const catalogAdmin = adminRoutes()
  .openapi(routes.listProviders, async (c) => {
    const rows = await withDb(c.env, "fresh", providerRows);
    return c.json({ docs: rows.map(adminProvider) }, 200);
  })
  .openapi(routes.provider, async (c) => {
    return c.json(await answeredProvider(c.env, slugParam(c.req.valid("param").slug, "provider")), 200);
  })
  .openapi(routes.createProvider, async (c) => {
    const body = c.req.valid("json") as Record<string, unknown>;
    const created = await audited(c.env, c.var.actor, async (db) => {
      const row = await insertProvider(db, asRow(body, providerFields.property) as typeof providers.$inferInsert);
      return { action: "provider.create", targetType: "provider", targetId: row.slug, after: row, result: row };
    });
    await bumpVersions(c.env.CACHE, { gpus: [], providers: [created.slug] }, new Date());
    return c.json(await answeredProvider(c.env, created.slug), 201);
  })
  .openapi(routes.updateProvider, async (c) => {
    const slug = slugParam(c.req.valid("param").slug, "provider");
    const { status, status_reason, ...fields } = c.req.valid("json") as Record<string, unknown> & {
      status?: string;
      status_reason?: string;
    };
    const now = new Date();
    const updated = await audited(c.env, c.var.actor, async (db) => {
      const before = await providerRow(db, slug);
      if (!before) throw new ApiError("NOT_FOUND", `No provider "${slug}"`);
      let after = await updateProvider(db, before.id, {
        ...asRow(fields, providerFields.property),
        ...statusColumns({ status, status_reason }, c.var.actor, now),
      });
      if (status === "auto") {
        await refreshProviderStatuses(db, now, before.id);
        after = (await providerRow(db, slug)) ?? after;
      }
      return { action: "provider.update", targetType: "provider", targetId: slug, before, after, result: after };
    });
    await bumpVersions(c.env.CACHE, { gpus: [], providers: [slug] }, now);
    return c.json(await answeredProvider(c.env, updated.slug), 200);
  })
  .openapi(routes.listGpuModels, async (c) => {
    const rows = await withDb(c.env, "fresh", gpuModelRows);
    return c.json({ docs: rows.map(gpuModelDoc) }, 200);
  })
  .openapi(routes.gpuModel, async (c) => {
    const slug = slugParam(c.req.valid("param").slug, "GPU model");
    const row = await withDb(c.env, "fresh", (db) => gpuModelRow(db, slug));
    if (!row) throw new ApiError("NOT_FOUND", `No GPU model "${slug}"`);
    return c.json(gpuModelDoc(row), 200);
  })
  .openapi(routes.createGpuModel, async (c) => {
    const body = c.req.valid("json") as Record<string, unknown>;
    const created = await audited(c.env, c.var.actor, async (db) => {
      const row = await insertGpuModel(db, asRow(body, gpuFields.property) as typeof gpuModels.$inferInsert);
      return { action: "gpu-model.create", targetType: "gpu-model", targetId: row.slug, after: row, result: row };
    });
    await bumpVersions(c.env.CACHE, { gpus: [created.slug], providers: [] }, new Date());
    return c.json(gpuModelDoc(created), 201);
  })
  .openapi(routes.updateGpuModel, async (c) => {
    const slug = slugParam(c.req.valid("param").slug, "GPU model");
    const body = c.req.valid("json") as Record<string, unknown>;
    const updated = await audited(c.env, c.var.actor, async (db) => {
      const before = await gpuModelRow(db, slug);
      if (!before) throw new ApiError("NOT_FOUND", `No GPU model "${slug}"`);
      const after: GpuModelRow = await updateGpuModel(db, before.id, asRow(body, gpuFields.property));
      return { action: "gpu-model.update", targetType: "gpu-model", targetId: slug, before, after, result: after };
    });
    await bumpVersions(c.env.CACHE, { gpus: [slug], providers: [] }, new Date());
    return c.json(gpuModelDoc(updated), 200);
  });
