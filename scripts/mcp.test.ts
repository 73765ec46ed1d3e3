import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import packageJson from "../package.json";
import { RATE_LIMIT_POLICIES } from "../shared/rate-limit";
import { freePort } from "./lib/free-port";
import { ownDatabase } from "./lib/own-database";
import { replayAllRecordings } from "./lib/replay";
import { type Stack, startStack, waitUntilHealthy } from "./lib/stack";

// The MCP server end to end: the SDK's own client against `wrangler dev`, with every provider's
// recording replayed through the pipeline into a database of this file's own. Each tool's answer is
// checked against what the HTTP API answers on the same stack.

const ADMIN_TOKEN = crypto.randomUUID();
const H100 = "h100-sxm";
let stack: Stack;
let state: string;
let client: Client;
let apiKey: string;
/** Every answer the MCP client received: to what method, with what status and RateLimit-Limit. */
const answers: { method: string; status: number; limit: string | null }[] = [];

interface Offer {
  id: string;
  provider: { slug: string };
  gpu: { slug: string };
  price_per_gpu_hour: number;
  price_per_gpu_hour_spot: number | null;
  availability: string;
  regions: string[];
}
interface InstanceDoc {
  id: string;
  gpu_count: number;
  price_per_gpu_hour: number;
  price_per_hour_spot: number | null;
  available_regions: string[] | null;
  provider_id: { slug: string };
}
interface ToolResult {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${stack.url}${path}`, { headers: { "X-API-Key": apiKey } });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}
const instances = (query: string) =>
  api<{ docs: InstanceDoc[]; totalDocs: number }>(`/api/instances?${query}&depth=1&pagination=false`);

async function call(name: string, args: Record<string, unknown>): Promise<ToolResult> {
  const result = (await client.callTool({ name, arguments: args })) as ToolResult;
  if (!result.isError) expect(JSON.parse(result.content[0]?.text ?? "")).toEqual(result.structuredContent);
  return result;
}
const structured = async <T>(name: string, args: Record<string, unknown>): Promise<T> => {
  const result = await call(name, args);
  expect(result.isError, result.content[0]?.text).toBeFalsy();
  return result.structuredContent as T;
};
const withoutGeneratedAt = ({ generatedAt: _ignored, ...body }: Record<string, unknown>) => body;

describe("the MCP server", () => {
  beforeAll(async () => {
    state = await mkdtemp(join(tmpdir(), "cloudgpus-mcp-"));
    stack = await startStack({
      port: String(await freePort()),
      persistTo: state,
      env: { ...process.env, DATABASE_URL: await ownDatabase(inject("databaseUrl"), `cloudgpus_mcp_${process.pid}`) },
      vars: { ADMIN_TOKEN },
      stdio: "ignore",
      log: () => {},
    });
    await replayAllRecordings(stack.database.url, "mcp");
    await waitUntilHealthy(stack.url);
    // A standard key: the limits an integration gets, and enough burst for this file's requests.
    const issued = await fetch(`${stack.url}/admin/api-keys`, {
      method: "POST",
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "mcp test" }),
    });
    expect(issued.status).toBe(201);
    apiKey = ((await issued.json()) as { key: string }).key;

    client = new Client({ name: "cloudgpus-mcp-test", version: "1.0.0" });
    const recording: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      answers.push({
        method: init?.method ?? "GET",
        status: response.status,
        limit: response.headers.get("ratelimit-limit"),
      });
      return response;
    };
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${stack.url}/mcp`), {
        requestInit: { headers: { "X-API-Key": apiKey } },
        fetch: recording,
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await client?.close();
    await stack?.stop();
    await rm(state, { recursive: true, force: true });
  });

  it("introduces itself and lists its five tools, every argument described", async () => {
    expect(client.getServerVersion()).toMatchObject({ name: "cloudgpus", version: packageJson.version });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      ["cheapest_offer", "compare_providers", "list_gpus", "price_history", "search_offers"].sort(),
    );
    for (const tool of tools) {
      expect(tool.description, tool.name).toBeTruthy();
      expect(tool.inputSchema.type, tool.name).toBe("object");
      const properties = Object.entries(tool.inputSchema.properties ?? {});
      expect(properties.length, tool.name).toBeGreaterThan(0);
      for (const [name, property] of properties)
        expect((property as { description?: string }).description, `${tool.name}.${name}`).toBeTruthy();
    }
    expect(tools.find((tool) => tool.name === "cheapest_offer")?.inputSchema.required).toEqual(["gpu"]);
  });

  it("cheapest_offer finds the offer the API sorts first", async () => {
    const first = await api<{ docs: InstanceDoc[]; totalDocs: number }>(
      `/api/instances?where[gpu_model_id][equals]=${H100}&sort=price_per_gpu_hour&limit=1`,
    );
    expect(first.totalDocs).toBeGreaterThan(2);
    const { offer, matching_offers } = await structured<{ offer: Offer; matching_offers: number }>("cheapest_offer", {
      gpu: H100,
    });
    expect(offer.id).toBe(first.docs[0]?.id);
    expect(offer.price_per_gpu_hour).toBe(first.docs[0]?.price_per_gpu_hour);
    expect(offer.gpu.slug).toBe(H100);
    expect(matching_offers).toBe(first.totalDocs);
  });

  it("cheapest_offer for spot is the lowest spot price per GPU-hour of the API's spot offers", async () => {
    const { docs } = await instances(`where[gpu_model_id][equals]=${H100}&where[price_per_hour_spot][exists]=true`);
    expect(docs.length).toBeGreaterThan(0);
    const lowest = Math.min(...docs.map((doc) => (doc.price_per_hour_spot ?? Infinity) / doc.gpu_count));
    const { offer, matching_offers } = await structured<{ offer: Offer; matching_offers: number }>("cheapest_offer", {
      gpu: H100,
      kind: "spot",
    });
    expect(offer.price_per_gpu_hour_spot).toBeCloseTo(lowest, 4);
    expect(matching_offers).toBe(docs.length);
  });

  it("search_offers answers only offers that match every filter, in price order", async () => {
    const all = await instances(`where[gpu_model_id][equals]=${H100}`);
    const providers = [...new Set(all.docs.map((doc) => doc.provider_id.slug))].slice(0, 3);
    const prices = all.docs.map((doc) => doc.price_per_gpu_hour).sort((a, b) => a - b);
    const max = prices[Math.floor(prices.length / 2)] ?? 0;
    const { offers, total } = await structured<{ offers: Offer[]; total: number }>("search_offers", {
      gpu: H100,
      provider: providers,
      max_price_per_gpu_hour: max,
      limit: 50,
    });
    const expected = all.docs.filter(
      (doc) => providers.includes(doc.provider_id.slug) && doc.price_per_gpu_hour <= max,
    );
    expect(total).toBe(expected.length);
    expect(offers.map((offer) => offer.id).sort()).toEqual(expected.map((doc) => doc.id).sort());
    for (const offer of offers) {
      expect(offer.gpu.slug).toBe(H100);
      expect(providers).toContain(offer.provider.slug);
      expect(offer.price_per_gpu_hour).toBeLessThanOrEqual(max);
    }
    const answered = offers.map((offer) => offer.price_per_gpu_hour);
    expect(answered).toEqual([...answered].sort((a, b) => a - b));
  });

  it("search_offers filters by region and availability, and stops at limit", async () => {
    const all = await instances("where[availability_status][equals]=available");
    const offersIn = (region: string) => all.docs.filter((doc) => doc.available_regions?.includes(region));
    // The region most available offers list.
    const [region = ""] = [...new Set(all.docs.flatMap((doc) => doc.available_regions ?? []))].sort(
      (a, b) => offersIn(b).length - offersIn(a).length,
    );
    const expected = offersIn(region);
    expect(expected.length).toBeGreaterThan(2);
    const { offers, total } = await structured<{ offers: Offer[]; total: number }>("search_offers", {
      region,
      availability: "available",
      limit: 2,
    });
    expect(total).toBe(expected.length);
    expect(offers).toHaveLength(2);
    for (const offer of offers) {
      expect(offer.regions).toContain(region);
      expect(offer.availability).toBe("available");
    }
  });

  it("compare_providers answers what /api/compare-prices answers for a GPU", async () => {
    const body = await structured<Record<string, unknown>>("compare_providers", { gpu: H100, include_spot: true });
    const expected = await api<Record<string, unknown>>(`/api/compare-prices?gpuSlug=${H100}&includeSpot=true`);
    expect(withoutGeneratedAt(body)).toEqual(withoutGeneratedAt(expected));
    expect((body.prices as unknown[]).length).toBeGreaterThan(1);
  });

  it("compare_providers answers what /api/compare-providers answers for two providers", async () => {
    const [a, b] = (
      await api<{ prices: { provider: { slug: string } }[] }>(`/api/compare-prices?gpuSlug=${H100}`)
    ).prices.map((price) => price.provider.slug);
    const body = await structured<Record<string, unknown>>("compare_providers", { providers: [a, b] });
    const expected = await api<Record<string, unknown>>(`/api/compare-providers?providers=${a},${b}`);
    expect(withoutGeneratedAt(body)).toEqual(withoutGeneratedAt(expected));
    expect((body.commonGpus as { gpu: { slug: string } }[]).map((common) => common.gpu.slug)).toContain(H100);
  });

  it("price_history answers a GPU's and an offer's history as the API does", async () => {
    const gpu = await structured<{ providers: unknown[] }>("price_history", { gpu: H100 });
    expect(gpu).toEqual(await api(`/api/gpu-models/${H100}/history?days=30`));
    expect(gpu.providers.length).toBeGreaterThan(1);

    const { offer } = await structured<{ offer: Offer }>("cheapest_offer", { gpu: H100 });
    const history = await structured<{ points: { min: number }[] }>("price_history", { offer_id: offer.id, days: 90 });
    const { instance_id, ...expected } = await api<{ instance_id: string }>(
      `/api/instances/${offer.id}/history?days=90`,
    );
    expect(history).toEqual({ offer_id: instance_id, ...expected });
    expect(history.points.at(-1)?.min).toBe(offer.price_per_gpu_hour);
  });

  it("list_gpus lists the catalogue, filtered by memory", async () => {
    const { gpus } = await structured<{ gpus: { slug: string; vram_gb: number }[] }>("list_gpus", {});
    expect(gpus.map((gpu) => gpu.slug)).toContain(H100);
    const large = await structured<{ gpus: { slug: string; vram_gb: number }[] }>("list_gpus", { min_vram_gb: 80 });
    expect(large.gpus.map((gpu) => gpu.slug)).toContain(H100);
    expect(large.gpus.every((gpu) => gpu.vram_gb >= 80)).toBe(true);
    expect(large.gpus.length).toBeLessThan(gpus.length);
  });

  it("answers an unknown GPU with a tool error naming it", async () => {
    const result = await call("cheapest_offer", { gpu: "h100-nonexistent" });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toContain('"h100-nonexistent"');
  });

  it("refuses an argument outside its schema with an error", async () => {
    const result = await call("search_offers", { gpu: H100, limit: 1000 });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(/limit/);
  });

  it("answers GET with 405, as a server without an event stream, and the client carries on", async () => {
    const response = await fetch(`${stack.url}/mcp`, {
      headers: { Accept: "text/event-stream", "X-API-Key": apiKey },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    // The client asks for an event stream once it is initialised; the 405 tells it there is none.
    expect(answers.filter((answer) => answer.method === "GET")).toEqual([
      { method: "GET", status: 405, limit: String(RATE_LIMIT_POLICIES.standard.limit) },
    ]);
  });

  it("is rate-limited like the API: the key's limit on every answer, the anonymous one without a key", async () => {
    expect(answers.length).toBeGreaterThan(5);
    expect(new Set(answers.map((answer) => answer.limit))).toEqual(
      new Set([String(RATE_LIMIT_POLICIES.standard.limit)]),
    );
    const anonymous = await fetch(`${stack.url}/mcp`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get("ratelimit-limit")).toBe(String(RATE_LIMIT_POLICIES.anonymous.limit));
  });
});
