import { describe, expect, it } from "vitest";
import { z } from "zod";
import { apiGet } from "../testing/factories";
import { openApiDocument } from "./api";
import { llmsText } from "./llms";
import { MCP_TOOLS } from "./mcp";
import type { McpTool } from "./mcp/tool";

describe("/llms.txt", () => {
  it("lists every endpoint of the OpenAPI document, under the llms.txt title and summary", async () => {
    const response = await apiGet("/llms.txt");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    const lines = text.split("\n");
    expect(lines[0]).toBe("# CloudGPUs API");
    expect(lines[2]).toMatch(/^> GPU cloud prices/);
    const paths = (openApiDocument() as unknown as { paths: Record<string, Record<string, { tags?: string[] }>> })
      .paths;
    const operations = Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        name: `${method.toUpperCase()} ${path}`,
        admin: operation.tags?.includes("admin") ?? false,
      })),
    );
    const publicOperations = operations.filter((operation) => !operation.admin).map((operation) => operation.name);
    expect(publicOperations.length).toBeGreaterThan(5);
    expect(publicOperations).toContain("POST /api/alerts");
    for (const operation of publicOperations) expect(text, operation).toContain(`${operation}](`);
    // The operators' routes are documented in the OpenAPI document, not offered to agents.
    const adminOperations = operations.filter((operation) => operation.admin).map((operation) => operation.name);
    expect(adminOperations).toContain("POST /admin/api-keys");
    for (const operation of adminOperations) expect(text, operation).not.toContain(`${operation}](`);
    expect(text).toContain("/api/openapi.json");
  });

  it("describes the MCP server and every tool with each of its arguments", async () => {
    const text = await (await apiGet("/llms.txt")).text();
    const section = text.slice(text.indexOf("\n## MCP server\n"));
    expect(section).toContain("- [http://127.0.0.1:8787/mcp](http://127.0.0.1:8787/mcp)");
    expect(section).toMatch(/Streamable HTTP, stateless/);
    for (const tool of MCP_TOOLS) {
      expect(section, tool.name).toContain(`### ${tool.name}\n\n${tool.description}\n`);
      for (const name of Object.keys(tool.input.shape))
        expect(section, `${tool.name}.${name}`).toMatch(new RegExp(`^- \`${name}\` \\(.+\\): \\S`, "m"));
    }
    expect(section).toContain("- `gpu` (string, required): GPU model slug");
    expect(section).toContain("- `limit` (integer 1–50, default 20): ");
    expect(section).toContain("- `days` (30 | 90 | 365, default 30): ");
  });

  it("writes the MCP section from the tool definitions it is given", () => {
    const probe: McpTool = {
      name: "probe_tool",
      title: "Probe",
      description: "A tool only this test defines.",
      input: z.object({
        count: z.int().min(1).max(3).default(2).describe("How many"),
        mode: z.enum(["a", "b"]).describe("Which one"),
      }),
      run: async () => ({ ok: true, value: {} }),
    };
    const text = llmsText({ info: { title: "T", description: "D" }, paths: {} }, [probe], "https://example.test/");
    expect(text).toContain("- [https://example.test/mcp](https://example.test/mcp)");
    expect(text).toContain(
      '### probe_tool\n\nA tool only this test defines.\n\n- `count` (integer 1–3, default 2): How many\n- `mode` ("a" | "b", required): Which one\n',
    );
    expect(text).not.toContain("search_offers");
  });
});
