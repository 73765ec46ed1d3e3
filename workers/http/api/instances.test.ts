import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import qs from "qs";
import { beforeAll, describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import { instanceDocSchema, paginatedSchema } from "../../../shared/api-schemas";
import { bumpVersions } from "../../cache/versions";
import { withDb } from "../../db/client";
import { instances } from "../../db/schema";
import { apiGet, createInstance, createProvider } from "../../testing/factories";

// One provider of our own, selling T4s and A10s (GPUs no other test file stores), so filters on
// it see exactly these rows however the test files interleave.
const listSchema = paginatedSchema(instanceDocSchema, "InstanceList");
let slug: string;
let providerId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  await withDb(env, "fresh", async (db) => {
    const provider = await createProvider(db, { slug: `test-api-${crypto.randomUUID().slice(0, 8)}` });
    slug = provider.slug;
    providerId = provider.id;
    const rows = [
      {
        key: "t4x1",
        gpuSlug: "t4",
        instanceType: "t4.1x",
        gpuCount: 1,
        pricePerHour: 0.5,
        availabilityStatus: "available" as const,
        availableRegions: ["us-east", "eu-west"],
      },
      {
        key: "t4x4",
        gpuSlug: "t4",
        instanceType: "t4.4x",
        gpuCount: 4,
        pricePerHour: 1.8,
        pricePerHourSpot: 1.0,
        availabilityStatus: "limited" as const,
        availableRegions: ["us-west"],
      },
      {
        key: "a10",
        gpuSlug: "a10",
        instanceType: "a10.1x",
        gpuCount: 1,
        pricePerHour: 0.75,
        availabilityStatus: "sold_out" as const,
        availableRegions: ["eu-west"],
      },
      { key: "old", gpuSlug: "t4", instanceType: "t4.legacy", gpuCount: 1, pricePerHour: 0.3, isActive: false },
    ];
    for (const { key, ...row } of rows)
      ids[key] = (await createInstance(db, provider.id, { ...row, sourceUrl: "https://provider.example/pricing" })).id;
  });
});

const mine = () => `where[provider_id][equals]=${slug}`;
async function list(query: string) {
  const response = await apiGet(`/api/instances?${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return listSchema.parse(await response.json());
}
async function problem(query: string) {
  const response = await apiGet(`/api/instances?${query}`);
  expect(response.status).toBe(400);
  return apiErrorSchema.parse(await response.json());
}

describe("GET /api/instances", () => {
  it("answers Payload's PaginatedResponse, cheapest per GPU-hour first, active offers only", async () => {
    const page = await list(mine());
    expect(page.docs.map((doc) => doc.instance_type)).toEqual(["t4.4x", "t4.1x", "a10.1x"]);
    expect(page).toMatchObject({
      totalDocs: 3,
      limit: 50,
      totalPages: 1,
      page: 1,
      pagingCounter: 1,
      hasPrevPage: false,
      hasNextPage: false,
      prevPage: null,
      nextPage: null,
    });
    expect(page.docs[0]).toMatchObject({
      price_per_hour: 1.8,
      price_per_gpu_hour: 0.45,
      gpu_count: 4,
      price_per_hour_spot: 1,
    });
  });

  it("carries each price's provenance", async () => {
    const [doc] = (await list(`${mine()}&where[instance_type][equals]=t4.1x`)).docs;
    expect(doc!.provenance).toMatchObject({ source_url: "https://provider.example/pricing", method: "manual" });
    expect(Date.parse(doc!.provenance.last_scraped_at)).not.toBeNaN();
  });

  it("populates provider and GPU model by default (depth 2) and gives ids at depth 0", async () => {
    const [deep] = (await list(`${mine()}&limit=1`)).docs;
    expect(deep!.provider_id).toMatchObject({ slug, id: providerId });
    expect(deep!.gpu_model_id).toMatchObject({ slug: "t4", vram_gb: 16 });
    const [flat] = (await list(`${mine()}&limit=1&depth=0`)).docs;
    expect(flat!.provider_id).toBe(providerId);
  });

  it.each([
    ["equals", "where[gpu_model_id][equals]=t4", ["t4.4x", "t4.1x"]],
    ["not_equals", "where[gpu_model_id][not_equals]=t4", ["a10.1x"]],
    ["not_equals a slug nobody has", "where[gpu_model_id][not_equals]=no-such-gpu", ["t4.4x", "t4.1x", "a10.1x"]],
    ["in with a slug nobody has", "where[gpu_model_id][in]=a10,no-such-gpu", ["a10.1x"]],
    ["not_in slugs", "where[gpu_model_id][not_in]=t4,no-such-gpu", ["a10.1x"]],
    ["less_than", "where[price_per_gpu_hour][less_than]=0.5", ["t4.4x"]],
    ["less_than_equal", "where[price_per_gpu_hour][less_than_equal]=0.5", ["t4.4x", "t4.1x"]],
    ["greater_than", "where[price_per_hour][greater_than]=0.75", ["t4.4x"]],
    ["greater_than_equal", "where[price_per_hour][greater_than_equal]=0.75", ["t4.4x", "a10.1x"]],
    ["in", "where[availability_status][in]=available,sold_out", ["t4.1x", "a10.1x"]],
    ["exists", "where[price_per_hour_spot][exists]=true", ["t4.4x"]],
    ["exists false", "where[price_per_hour_spot][exists]=false", ["t4.1x", "a10.1x"]],
    ["region contains", "where[available_regions][equals]=eu-west", ["t4.1x", "a10.1x"]],
    ["inactive on request", "where[is_active][equals]=false", ["t4.legacy"]],
    ["integer", "where[gpu_count][greater_than]=1", ["t4.4x"]],
  ])("filters with %s", async (_name, filter, expected) => {
    expect((await list(`${mine()}&${filter}`)).docs.map((doc) => doc.instance_type)).toEqual(expected);
  });

  // Built as Payload's documentation builds queries: qs.stringify, lists as qs arrays.
  it.each([
    ["not_in", { availability_status: { not_in: ["available", "sold_out"] } }, ["t4.4x"]],
    ["not_in on a number", { gpu_count: { not_in: [4] } }, ["t4.1x", "a10.1x"]],
    ["in as a qs array", { available_regions: { in: ["us-west", "nowhere"] } }, ["t4.4x"]],
    ["all", { available_regions: { all: ["us-east", "eu-west"] } }, ["t4.1x"]],
    ["like (every word, any case)", { instance_type: { like: "T4 1X" } }, ["t4.1x"]],
    ["contains", { instance_type: { contains: "4x" } }, ["t4.4x"]],
    ["not_like", { instance_type: { not_like: "t4" } }, ["a10.1x"]],
    ["like with a LIKE wildcard taken literally", { instance_type: { like: "t4_1x" } }, []],
    ["a dotted path into the GPU model", { "gpu_model.vram_gb": { greater_than: 20 } }, ["a10.1x"]],
    ["a dotted path into the provider", { "provider.slug": { like: "test-api" } }, ["t4.4x", "t4.1x", "a10.1x"]],
    [
      "an or group",
      { or: [{ gpu_count: { equals: 4 } }, { availability_status: { equals: "sold_out" } }] },
      ["t4.4x", "a10.1x"],
    ],
    [
      "an and group inside an or group",
      {
        or: [
          { and: [{ gpu_model_id: { equals: "t4" } }, { price_per_hour: { less_than: 1 } }] },
          { available_regions: { all: ["eu-west"] } },
        ],
      },
      ["t4.1x", "a10.1x"],
    ],
  ])("filters with %s, from qs.stringify", async (_name, where, expected) => {
    const query = qs.stringify({ where: { provider_id: { equals: slug }, ...where } });
    expect((await list(query)).docs.map((doc) => doc.instance_type)).toEqual(expected);
  });

  it("answers only the selected fields (Payload 3's select), with the id", async () => {
    const query = qs.stringify({
      where: { provider_id: { equals: slug } },
      select: { instance_type: true, price_per_gpu_hour: true },
    });
    const response = await apiGet(`/api/instances?${query}`);
    const body = (await response.json()) as { docs: Record<string, unknown>[]; totalDocs: number };
    expect(body.totalDocs).toBe(3);
    expect(body.docs.map((doc) => Object.keys(doc).sort())).toEqual([
      ["id", "instance_type", "price_per_gpu_hour"],
      ["id", "instance_type", "price_per_gpu_hour"],
      ["id", "instance_type", "price_per_gpu_hour"],
    ]);
    expect((await problem(`${mine()}&select[nope]=true`)).details?.issues).toEqual([
      expect.objectContaining({ parameter: "select[nope]" }),
    ]);
  });

  it("answers one page of everything with pagination=false, and refuses it beside limit or page", async () => {
    const page = await list(`${mine()}&pagination=false`);
    expect(page).toMatchObject({ totalDocs: 3, limit: 1000, page: 1, hasNextPage: false });
    expect(page.docs).toHaveLength(3);
    expect((await problem(`${mine()}&pagination=false&limit=5`)).details?.issues).toEqual([
      expect.objectContaining({ parameter: "pagination" }),
    ]);
  });

  it("accepts the provider as a UUID as well as a slug", async () => {
    expect((await list(`where[provider_id][equals]=${providerId}`)).totalDocs).toBe(3);
  });

  it("sorts descending and by several keys", async () => {
    expect((await list(`${mine()}&sort=-price_per_gpu_hour`)).docs.map((doc) => doc.instance_type)).toEqual([
      "a10.1x",
      "t4.1x",
      "t4.4x",
    ]);
    expect((await list(`${mine()}&sort=gpu_model_id,-price_per_hour`)).docs.map((doc) => doc.instance_type)).toEqual([
      "a10.1x",
      "t4.4x",
      "t4.1x",
    ]);
  });

  it("pages, including past the end", async () => {
    const second = await list(`${mine()}&limit=2&page=2`);
    expect(second).toMatchObject({
      totalDocs: 3,
      totalPages: 2,
      page: 2,
      pagingCounter: 3,
      hasPrevPage: true,
      hasNextPage: false,
      prevPage: 1,
      nextPage: null,
    });
    expect(second.docs).toHaveLength(1);
    const beyond = await list(`${mine()}&limit=2&page=9`);
    expect(beyond.docs).toEqual([]);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=-5", "limit"],
    ["limit=ten", "limit"],
    ["page=0", "page"],
    ["page=abc", "page"],
    ["depth=3", "depth"],
    ["sort=raw_data", "sort"],
    ["where[raw_data][equals]=x", "where[raw_data][equals]"],
    ["where[price_per_gpu_hour][like]=1", "where[price_per_gpu_hour][like]"],
    ["where[availability_status][equals]=cheap", "where[availability_status][equals]"],
    ["unknown=1", "unknown"],
  ])("answers 400 naming the bad parameter for %s", async (query, parameter) => {
    const body = await problem(query);
    expect(body.code).toBe("VALIDATION_ERROR");
    expect((body.details as { issues: { parameter: string }[] }).issues.map((issue) => issue.parameter)).toContain(
      parameter,
    );
  });

  it.each([
    "where[price_per_gpu_hour][less_than]=1;DROP TABLE cloudgpus.instances",
    "where[provider_id][equals]=x' OR '1'='1",
    "sort=price_per_gpu_hour;--",
    "where[instance_type][equals]=<script>alert(1)</script>",
    "where[instance_type][equals]=x%27%3B%20DROP%20TABLE%20cloudgpus.instances%3B--",
    "where[..%2F..%2Fetc][equals]=passwd",
    "where[gpu_model_id][in]=t4,../../etc/passwd",
  ])("rejects an injection attempt with 400: %s", async (query) => {
    const body = await problem(query);
    expect(body.code).toBe("VALIDATION_ERROR");
  });

  it("exports CSV with the same filters", async () => {
    const response = await apiGet(`/api/instances?${mine()}&format=csv`);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe(
      "id,provider,gpu_model,instance_type,instance_name,gpu_count,price_per_hour,price_per_gpu_hour,price_per_hour_spot,price_per_hour_reserved_1y,availability_status,available_regions,source_url,last_scraped_at",
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`,${slug},t4,t4.4x,`);
  });

  it("shows slugs in CSV at depth=0 too, never the relations' UUIDs", async () => {
    const response = await apiGet(`/api/instances?${mine()}&format=csv&depth=0`);
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[1]).toContain(`,${slug},t4,t4.4x,`);
    expect(lines[1]).not.toContain(providerId);
  });
});

describe("GET /api/instances/:id and history", () => {
  it("answers one offer by id", async () => {
    const response = await apiGet(`/api/instances/${ids.t4x1}`);
    expect(instanceDocSchema.parse(await response.json())).toMatchObject({ id: ids.t4x1, instance_type: "t4.1x" });
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expect((await apiGet(`/api/instances/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await apiGet("/api/instances/..%2F..%2Fetc%2Fpasswd")).status).toBe(404);
  });

  it("gives the daily price history of an offer", async () => {
    await withDb(env, "fresh", (db) =>
      db.update(instances).set({ pricePerHour: 0.4 }).where(eq(instances.id, ids.t4x1!)),
    );
    const response = await apiGet(`/api/instances/${ids.t4x1}/history?days=30`);
    const body = (await response.json()) as { points: { min: number; max: number }[] };
    expect(body.points.at(-1)).toMatchObject({ min: 0.4, max: 0.5 });
    expect((await apiGet(`/api/instances/${ids.t4x1}/history?days=7`)).status).toBe(400);
  });
});

describe("edge cache", () => {
  it("misses, then hits, whatever the parameter order, with ETag and 304", async () => {
    const first = await apiGet(`/api/instances?${mine()}&sort=-price_per_hour&limit=3`);
    expect(first.headers.get("x-cache")).toBe("MISS");
    expect(first.headers.get("cache-control")).toBe("public, max-age=60");
    const etag = first.headers.get("etag")!;
    const second = await apiGet(`/api/instances?limit=3&sort=-price_per_hour&${mine()}`);
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(await second.json()).toEqual(await first.json());
    const conditional = await apiGet(`/api/instances?${mine()}&sort=-price_per_hour&limit=3`, {
      "If-None-Match": etag,
    });
    expect(conditional.status).toBe(304);
  });

  it("shows a price stored by ingestion at once, because the data version moved", async () => {
    const query = `${mine()}&where[instance_type][equals]=a10.1x`;
    expect((await list(query)).docs[0]!.price_per_hour).toBe(0.75);
    expect((await apiGet(`/api/instances?${query}`)).headers.get("x-cache")).toBe("HIT");
    await withDb(env, "fresh", (db) =>
      db.update(instances).set({ pricePerHour: 0.69 }).where(eq(instances.id, ids.a10!)),
    );
    await bumpVersions(env.CACHE, { gpus: ["a10"], providers: [slug] }, new Date());
    const after = await apiGet(`/api/instances?${query}`);
    expect(after.headers.get("x-cache")).toBe("MISS");
    expect(listSchema.parse(await after.json()).docs[0]!.price_per_hour).toBe(0.69);
  });
});
