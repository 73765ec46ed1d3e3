import { env, exports } from "cloudflare:workers";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { beforeAll, describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import { withDb } from "../../db/client";
import { apiRequest, createGpuModel, createInstance, createProvider, WORKER_ORIGIN } from "../../testing/factories";
import type { AppEnv } from "../types";
import { MCP_TOOLS, mcp } from "./index";

// The MCP endpoint in-process, as JSON-RPC over POST. One GPU model and one provider of our own, so
// the offers are exactly these whatever other test files store:
// - node: 8 GPUs, on demand 20.00/h (2.50/GPU), spot 16.00/h (2.00/GPU)
// - single: 1 GPU, on demand 2.80/h, spot 2.50/h
// - plain: 1 GPU, on demand 1.00/h, no spot price
// By instance node comes last in both orders; by GPU it comes before single in both.
const GPU = `test-gpu-mcp-${crypto.randomUUID().slice(0, 6)}`;
let provider: string;

beforeAll(async () => {
  await withDb(env, "fresh", async (db) => {
    await createGpuModel(db, { slug: GPU });
    const row = await createProvider(db);
    provider = row.slug;
    await createInstance(db, row.id, {
      gpuSlug: GPU,
      instanceType: "node",
      gpuCount: 8,
      pricePerHour: 20,
      pricePerHourSpot: 16,
    });
    await createInstance(db, row.id, {
      gpuSlug: GPU,
      instanceType: "single",
      pricePerHour: 2.8,
      pricePerHourSpot: 2.5,
    });
    await createInstance(db, row.id, { gpuSlug: GPU, instanceType: "plain", pricePerHour: 1 });
  });
});

let nextId = 1;
function mcpPost(message: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`${WORKER_ORIGIN}/mcp`, {
    method: "POST",
    headers: {
      "CF-Connecting-IP": `198.51.100.${Math.floor(Math.random() * 250) + 1}:${crypto.randomUUID()}`,
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, ...message }),
  });
}

interface ToolResult {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
}
async function callTool(name: string, args: Record<string, unknown>): Promise<ToolResult> {
  const response = await mcpPost({ method: "tools/call", params: { name, arguments: args } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: ToolResult }).result;
}
const instanceTypes = (result: ToolResult) =>
  (result.structuredContent!.offers as { instance_type: string }[]).map((offer) => offer.instance_type);

describe("MCP endpoint", () => {
  it("lists every tool with an object input schema", async () => {
    const response = await mcpPost({ method: "tools/list" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const { result } = (await response.json()) as {
      result: { tools: { name: string; inputSchema: { type: string }; annotations: { readOnlyHint: boolean } }[] };
    };
    expect(result.tools.map((tool) => tool.name)).toEqual(MCP_TOOLS.map((tool) => tool.name));
    for (const tool of result.tools) {
      expect(tool.inputSchema.type, tool.name).toBe("object");
      expect(tool.annotations.readOnlyHint, tool.name).toBe(true);
    }
  });

  it("orders on-demand offers by price per GPU-hour, and answers the same JSON as text", async () => {
    const result = await callTool("search_offers", { gpu: GPU });
    expect(result.isError).toBeUndefined();
    expect(instanceTypes(result)).toEqual(["plain", "node", "single"]);
    expect(result.structuredContent?.total).toBe(3);
    const dearest = await callTool("search_offers", { gpu: GPU, sort: "-price", limit: 1 });
    expect(instanceTypes(dearest)).toEqual(["single"]);
    expect(dearest.structuredContent?.total).toBe(3);
    expect(JSON.parse(result.content[0]?.text ?? "")).toEqual(result.structuredContent);
  });

  it("ranks spot offers by their spot price per GPU, not per instance", async () => {
    const spot = await callTool("search_offers", { gpu: GPU, kind: "spot" });
    expect(instanceTypes(spot)).toEqual(["node", "single"]);
    const [node] = spot.structuredContent!.offers as { price_per_gpu_hour_spot: number; provider: { slug: string } }[];
    expect(node).toMatchObject({ price_per_gpu_hour_spot: 2, provider: { slug: provider } });

    const capped = await callTool("search_offers", { gpu: GPU, kind: "spot", max_price_per_gpu_hour: 2.2 });
    expect(instanceTypes(capped)).toEqual(["node"]);

    const cheapest = await callTool("cheapest_offer", { gpu: GPU, kind: "spot" });
    expect(cheapest.structuredContent).toMatchObject({ offer: { instance_type: "node" }, matching_offers: 2 });
  });

  it("answers no offer, not an error, when a known GPU has none that matches", async () => {
    const result = await callTool("cheapest_offer", { gpu: GPU, region: "nowhere-1" });
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({
      offer: null,
      matching_offers: 0,
      message: `No active offer of ${GPU} in "nowhere-1".`,
    });
  });

  it("names an unknown GPU model or provider in a tool error", async () => {
    const gpu = await callTool("search_offers", { gpu: "test-no-such-gpu" });
    expect(gpu.isError).toBe(true);
    expect(gpu.content[0]?.text).toContain('"test-no-such-gpu"');
    const providers = await callTool("search_offers", { gpu: GPU, provider: [provider, "test-no-such-cloud"] });
    expect(providers.isError).toBe(true);
    expect(providers.content[0]?.text).toBe('No provider "test-no-such-cloud".');
  });

  it("refuses arguments outside the schema as a tool error naming them", async () => {
    const limit = await callTool("search_offers", { limit: 1000 });
    expect(limit.isError).toBe(true);
    expect(limit.content[0]?.text).toMatch(/limit/);
    const both = await callTool("compare_providers", { gpu: GPU, providers: [provider, "runpod"] });
    expect(both.isError).toBe(true);
    expect(both.content[0]?.text).toMatch(/either gpu or providers/);
    // Past zod, the API's grammar still has its say: markup is no region name.
    const region = await callTool("search_offers", { region: "<script>" });
    expect(region.isError).toBe(true);
    expect(region.content[0]?.text).toMatch(/^region: /);
  });

  it("answers GET and DELETE with 405, as a stateless server without a stream or a session", async () => {
    for (const method of ["GET", "DELETE"]) {
      const response = await apiRequest("/mcp", { method, headers: { Accept: "text/event-stream" } });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect(await response.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32000 } });
    }
  });

  it("lets a whitelisted origin's browser send the MCP headers", async () => {
    const response = await apiRequest("/mcp", {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:8787",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,mcp-protocol-version",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:8787");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")).toContain("Mcp-Protocol-Version");
  });

  it("counts requests like the API and refuses a bad API key in the API's error envelope", async () => {
    const counted = await mcpPost({ method: "tools/list" });
    expect(counted.headers.get("ratelimit-limit")).toBe("100");
    const refused = await mcpPost({ method: "tools/list" }, { "X-API-Key": "cgp_not-a-key" });
    expect(refused.status).toBe(401);
    expect(apiErrorSchema.parse(await refused.json()).code).toBe("UNAUTHORIZED");
  });

  it("answers a database failure with a tool error carrying the request id, not the driver's words", async () => {
    const app = new Hono<AppEnv>().use(requestId({ generator: () => "req_test" })).route("/mcp", mcp);
    const withoutDatabase = { ...env, HYPERDRIVE: undefined, HYPERDRIVE_UNCACHED: undefined, DATABASE_URL: undefined };
    const response = await app.request(
      "/mcp",
      {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "tools/call",
          params: { name: "cheapest_offer", arguments: { gpu: GPU } },
        }),
      },
      withoutDatabase,
    );
    const { result } = (await response.json()) as { result: ToolResult };
    expect(result).toEqual({
      content: [{ type: "text", text: "An unexpected error occurred (request req_test)." }],
      isError: true,
    });
  });
});
