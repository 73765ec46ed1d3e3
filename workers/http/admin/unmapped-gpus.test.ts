import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import type { ProviderOffer } from "../../../shared/offers";
import { type Database, withDb } from "../../db/client";
import { adminAudit, gpuNameMappings, instances } from "../../db/schema";
import { createGpuModel, createProvider, gpuModelId, providerOffer } from "../../testing/factories";
import { scrapeOffers } from "../../testing/scrape";
import { TOKEN_ACTOR } from "./core";
import { adminApp } from "./testing";
import { unmappedGpusAdmin } from "./unmapped-gpus";

// The whole admin API, as production mounts it.
const app = adminApp;

const ADMIN_TOKEN = "test-admin-token-unmapped-0123456789";

function call(method: string, path: string, body?: unknown) {
  return app.request(
    `/admin${path}`,
    {
      method,
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${ADMIN_TOKEN}` },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    },
    { ...env, ADMIN_TOKEN },
  );
}

interface UnmappedGpu {
  gpu_name_raw: string;
  spellings: string[];
  issues: number;
  offers: number;
  providers: string[];
  first_seen: string;
  last_seen: string;
  reason: string;
  mapped: boolean;
  mappings: { provider: string | null; gpu_model: string }[];
}

async function unmapped(query: string) {
  const response = await call("GET", `/unmapped-gpus?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { docs: UnmappedGpu[]; totalDocs: number; hasNextPage: boolean };
}

/** A name's entry in the unfiltered list, wherever it sorts (other tests' names share the list). */
async function entryOf(name: string): Promise<UnmappedGpu | undefined> {
  for (let page = 1; ; page++) {
    const found = await unmapped(`limit=100&page=${page}`);
    const entry = found.docs.find((doc) => doc.gpu_name_raw === name);
    if (entry || !found.hasNextPage) return entry;
  }
}

const map = (body: unknown) => call("POST", "/unmapped-gpus", body);

const write = <T>(work: (db: Database) => Promise<T>) => withDb(env, "fresh", work);
/** A GPU name no catalog entry and no other test uses. */
const mysteryName = () => `Hopper Accelerator ${crypto.randomUUID().slice(0, 8)}`;
const named = (instanceType: string, gpuNameRaw: string, overrides: Partial<ProviderOffer> = {}) =>
  providerOffer(instanceType, { gpuNameRaw, ...overrides });

const publishedGpu = async (db: Database, providerId: string, instanceType: string) => {
  const [row] = await db
    .select({ gpuModelId: instances.gpuModelId, pricePerHour: instances.pricePerHour })
    .from(instances)
    .where(and(eq(instances.providerId, providerId), eq(instances.instanceType, instanceType)));
  return row;
};

describe("GET /admin/unmapped-gpus", () => {
  it("lists each unmapped name once, with its counts, providers and when it was seen", async () => {
    const name = mysteryName();
    const other = mysteryName();
    const [first, second] = await write(async (db) => {
      const first = await createProvider(db);
      const second = await createProvider(db);
      await scrapeOffers(db, first.id, [named("x1", name), named("x2", ` ${name.toUpperCase()} `), named("y", other)]);
      await scrapeOffers(db, first.id, [named("x1", name), named("x2", name), named("y", other)]);
      await scrapeOffers(db, second.id, [named("x3", name)]);
      return [first, second];
    });

    const { docs, totalDocs } = await unmapped(`provider=${first!.slug}`);
    expect(totalDocs).toBe(2);
    expect(docs.map((doc) => [doc.gpu_name_raw, doc.issues, doc.offers, doc.providers])).toEqual([
      [name.toLowerCase(), 4, 2, [first!.slug]],
      [other.toLowerCase(), 2, 1, [first!.slug]],
    ]);
    expect(docs[0]).toMatchObject({ mapped: false, mappings: [], reason: `not in the catalog: ${name}` });
    expect(docs[0]!.spellings.sort()).toEqual([` ${name.toUpperCase()} `, name].sort());
    expect(Date.parse(docs[0]!.first_seen)).toBeLessThanOrEqual(Date.parse(docs[0]!.last_seen));

    expect(await entryOf(name.toLowerCase())).toMatchObject({
      issues: 5,
      offers: 3,
      providers: [first!.slug, second!.slug].sort(),
    });
  });

  it("says a name is mapped once a mapping covers every provider it comes from", async () => {
    const name = mysteryName();
    const [first, second] = await write(async (db) => {
      const first = await createProvider(db);
      const second = await createProvider(db);
      await scrapeOffers(db, first.id, [named("x", name)]);
      await scrapeOffers(db, second.id, [named("x", name)]);
      return [first!, second!];
    });
    expect((await map({ gpu_name_raw: name, gpu_model: "h100-sxm", provider: first.slug })).status).toBe(201);
    expect(await entryOf(name.toLowerCase())).toMatchObject({
      mapped: false,
      mappings: [{ provider: first.slug, gpu_model: "h100-sxm" }],
    });
    expect((await unmapped(`provider=${first.slug}`)).docs[0]).toMatchObject({ mapped: true });

    expect((await map({ gpu_name_raw: name, gpu_model: "h100-sxm" })).status).toBe(201);
    expect((await entryOf(name.toLowerCase()))?.mapped).toBe(true);
    expect((await unmapped(`provider=${second.slug}`)).docs[0]).toMatchObject({
      mapped: true,
      mappings: [{ provider: null, gpu_model: "h100-sxm" }],
    });
  });

  it.each([
    ["an unknown parameter", "since=2020-01-01"],
    ["a limit of 0", "limit=0"],
    ["a provider that cannot be a slug", "provider=DROP%20TABLE"],
  ])("answers 400 to %s", async (_name, query) => {
    const response = await call("GET", `/unmapped-gpus?${query}`);
    expect(response.status).toBe(400);
    expect(apiErrorSchema.parse(await response.json()).code).toBe("VALIDATION_ERROR");
  });

  it("answers 404 to an unknown provider", async () => {
    expect((await call("GET", "/unmapped-gpus?provider=no-such-provider")).status).toBe(404);
  });
});

describe("POST /admin/unmapped-gpus", () => {
  it("maps a name: from the next scrape on the offer is published as that GPU, and the mapping is kept", async () => {
    const name = mysteryName();
    const provider = await write(async (db) => {
      const provider = await createProvider(db);
      const { prepared } = await scrapeOffers(db, provider.id, [named("x", name)]);
      expect(prepared.issues).toMatchObject([{ kind: "unmapped" }]);
      return provider;
    });

    const response = await map({ gpu_name_raw: `  ${name.toUpperCase()}\t`, gpu_model: "h100-sxm" });
    expect(response.status).toBe(201);
    const mapping = (await response.json()) as Record<string, unknown>;
    expect(mapping).toMatchObject({
      gpu_name_raw: name.toLowerCase(),
      gpu_model: "h100-sxm",
      provider: null,
      created_by: TOKEN_ACTOR,
      change: "created",
    });

    await write(async (db) => {
      const h100 = await gpuModelId(db, "h100-sxm");
      for (let scrape = 0; scrape < 2; scrape++) {
        const { prepared } = await scrapeOffers(db, provider.id, [named("x", name, { pricePerHour: 2.5 + scrape })]);
        expect(prepared.issues).toEqual([]);
        expect(await publishedGpu(db, provider.id, "x")).toEqual({ gpuModelId: h100, pricePerHour: 2.5 + scrape });
      }
      const [audit] = await db
        .select()
        .from(adminAudit)
        .where(eq(adminAudit.targetId, String(mapping.id)));
      expect(audit).toMatchObject({
        actor: TOKEN_ACTOR,
        action: "gpu-mapping.create",
        targetType: "gpu-mapping",
        before: null,
        after: { gpu_name_raw: name.toLowerCase(), provider: null, gpu_model: "h100-sxm" },
      });
    });
  });

  it("still judges a mapped offer by its GPU's memory and price band", async () => {
    const name = mysteryName();
    const provider = await write((db) => createProvider(db));
    expect((await map({ gpu_name_raw: name, gpu_model: "h100-sxm", provider: provider.slug })).status).toBe(201);
    const { prepared } = await write((db) =>
      scrapeOffers(db, provider.id, [
        named("small", name, { gpuMemoryGb: 24 }),
        named("cheap", name, { pricePerHour: 0.1 }),
        named("sound", name),
      ]),
    );
    expect(prepared.issues.map((issue) => [issue.instanceType, issue.code])).toEqual([
      ["small", "VRAM_MISMATCH"],
      ["cheap", "PRICE_IMPLAUSIBLE"],
    ]);
    expect(prepared.accepted.map((offer) => [offer.offer.instanceType, offer.gpuModel])).toEqual([
      ["sound", "h100-sxm"],
    ]);
  });

  it("applies a provider's own mapping of a name before the one for every provider", async () => {
    const name = mysteryName();
    const [own, others] = await write(async (db) => [await createProvider(db), await createProvider(db)]);
    await map({ gpu_name_raw: name, gpu_model: "h100-sxm" });
    await map({ gpu_name_raw: name, gpu_model: "a100-80gb", provider: own!.slug });
    await write(async (db) => {
      await scrapeOffers(db, own!.id, [named("x", name, { pricePerHour: 1.8 })]);
      await scrapeOffers(db, others!.id, [named("x", name)]);
      expect((await publishedGpu(db, own!.id, "x"))?.gpuModelId).toBe(await gpuModelId(db, "a100-80gb"));
      expect((await publishedGpu(db, others!.id, "x"))?.gpuModelId).toBe(await gpuModelId(db, "h100-sxm"));
    });
  });

  it("points a mapped name at another GPU as an audited update, and changes nothing when it already names it", async () => {
    const name = mysteryName();
    const created = (await (await map({ gpu_name_raw: name, gpu_model: "h100-sxm" })).json()) as { id: string };
    const updated = await map({ gpu_name_raw: name, gpu_model: "h100-pcie" });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ id: created.id, gpu_model: "h100-pcie", change: "updated" });
    const unchanged = await map({ gpu_name_raw: name, gpu_model: "h100-pcie" });
    expect(unchanged.status).toBe(200);
    expect(await unchanged.json()).toMatchObject({ id: created.id, change: "unchanged" });

    const audits = await write((db) =>
      db.select().from(adminAudit).where(eq(adminAudit.targetId, created.id)).orderBy(adminAudit.at),
    );
    expect(audits.map((audit) => [audit.action, audit.before, audit.after])).toEqual([
      ["gpu-mapping.create", null, { gpu_name_raw: name.toLowerCase(), provider: null, gpu_model: "h100-sxm" }],
      [
        "gpu-mapping.update",
        { gpu_name_raw: name.toLowerCase(), provider: null, gpu_model: "h100-sxm" },
        { gpu_name_raw: name.toLowerCase(), provider: null, gpu_model: "h100-pcie" },
      ],
    ]);
    const rows = await write((db) =>
      db.select().from(gpuNameMappings).where(eq(gpuNameMappings.gpuNameRaw, name.toLowerCase())),
    );
    expect(rows).toHaveLength(1);
  });

  it("answers 404 to an unknown GPU model or provider, and 409 to a retired GPU model", async () => {
    const name = mysteryName();
    const retired = await write((db) => createGpuModel(db, { isActive: false }));
    const unknownGpu = await map({ gpu_name_raw: name, gpu_model: "no-such-gpu" });
    expect(unknownGpu.status).toBe(404);
    const unknownProvider = await map({ gpu_name_raw: name, gpu_model: "h100-sxm", provider: "no-such-provider" });
    expect(unknownProvider.status).toBe(404);
    const toRetired = await map({ gpu_name_raw: name, gpu_model: retired.slug });
    expect(toRetired.status).toBe(409);
    expect(apiErrorSchema.parse(await toRetired.json()).code).toBe("CONFLICT");
    const rows = await write((db) =>
      db.select().from(gpuNameMappings).where(eq(gpuNameMappings.gpuNameRaw, name.toLowerCase())),
    );
    expect(rows).toEqual([]);
  });

  it.each([
    ["no name", { gpu_model: "h100-sxm" }],
    ["a blank name", { gpu_name_raw: "   ", gpu_model: "h100-sxm" }],
    ["a name over 150 characters", { gpu_name_raw: "x".repeat(151), gpu_model: "h100-sxm" }],
    ["a NUL in the name", { gpu_name_raw: "H100\u0000", gpu_model: "h100-sxm" }],
    ["no GPU model", { gpu_name_raw: "Some GPU" }],
    ["a GPU model that cannot be a slug", { gpu_name_raw: "Some GPU", gpu_model: "H100 SXM" }],
    ["an unknown field", { gpu_name_raw: "Some GPU", gpu_model: "h100-sxm", created_by: "someone-else" }],
  ])("answers 400 to %s", async (_name, body) => {
    const response = await map(body);
    expect(response.status).toBe(400);
    expect(apiErrorSchema.parse(await response.json()).code).toBe("VALIDATION_ERROR");
  });

  it("answers 400 to a body that is not JSON", async () => {
    const response = await map("gpu_name_raw=x");
    expect(response.status).toBe(400);
    expect(apiErrorSchema.parse(await response.json()).code).toBe("BAD_REQUEST");
  });
});

describe("unmappedGpusAdmin in OpenAPI", () => {
  it("documents its routes under the admin tag, with their request schemas", () => {
    const document = unmappedGpusAdmin.getOpenAPI31Document({
      openapi: "3.1.0",
      info: { title: "test", version: "0" },
    });
    for (const path of ["/unmapped-gpus"]) {
      const operations = Object.values(document.paths?.[path] ?? {}) as { tags?: string[] }[];
      expect(operations.length).toBeGreaterThan(0);
      for (const operation of operations) expect(operation.tags).toEqual(["admin"]);
    }
  });
});
