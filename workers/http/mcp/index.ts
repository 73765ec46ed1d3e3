import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { Hono } from "hono";
import packageJson from "../../../package.json";
import { errorFields, log } from "../../log";
import type { AppEnv } from "../types";
import { listGpusTool } from "./catalog";
import { compareProvidersTool } from "./compare";
import { priceHistoryTool } from "./history";
import { cheapestOfferTool, searchOffersTool } from "./offers";
import type { McpTool, ToolAnswer, ToolContext } from "./tool";

// The MCP server (docs/design.md §17): the price API's questions as tools, over streamable HTTP,
// stateless. Every POST gets a server and a transport of its own, answered as one JSON body.

/** Every tool, in the order tools/list and /llms.txt give them. */
export const MCP_TOOLS: readonly McpTool[] = [
  searchOffersTool,
  cheapestOfferTool,
  compareProvidersTool,
  priceHistoryTool,
  listGpusTool,
];

function result(answer: ToolAnswer<Record<string, unknown>>): CallToolResult {
  if (!answer.ok) return { content: [{ type: "text", text: answer.message }], isError: true };
  return { content: [{ type: "text", text: JSON.stringify(answer.value) }], structuredContent: answer.value };
}

function mcpServer(context: ToolContext, requestId: string): McpServer {
  const server = new McpServer({ name: "cloudgpus", version: packageJson.version });
  for (const tool of MCP_TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      async (input) => {
        try {
          return result(await tool.run(input, context));
        } catch (error) {
          // The SDK would hand the error's own message to the client: a driver's may quote SQL.
          log.error("mcp.tool-failed", { requestId, tool: tool.name, ...errorFields(error) });
          return result({ ok: false, message: `An unexpected error occurred (request ${requestId}).` });
        }
      },
    );
  }
  return server;
}

// The SDK's stateless transport would answer a GET with an event stream that never carries a
// message and a DELETE with 200; with no session there is neither, so both are a 405, in the
// JSON-RPC body the transport gives for other methods (and the SDK's own stateless example gives).
const METHOD_NOT_ALLOWED = { jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed." }, id: null };

export const mcp = new Hono<AppEnv>()
  .post("/", async (c) => {
    const server = mcpServer({ env: c.env, now: new Date() }, c.get("requestId"));
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    return transport.handleRequest(c.req.raw);
  })
  .all("/", (c) => c.json(METHOD_NOT_ALLOWED, 405, { Allow: "POST" }));
