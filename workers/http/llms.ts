import { Hono } from "hono";
import { z } from "zod";
import { openApiDocument } from "./api";
import { MCP_TOOLS } from "./mcp";
import type { McpTool } from "./mcp/tool";
import type { AppEnv } from "./types";

// /llms.txt (the llms.txt convention: a title, a one-paragraph summary, then sections of links):
// what the public API and the MCP server offer, for language models and agents. Built from the
// OpenAPI document and the MCP tool definitions, so an endpoint or a tool added there is listed
// here without a second description to keep in step.

interface Operation {
  summary?: string;
  tags?: string[];
}
interface Document {
  info: { title: string; description: string };
  paths: Record<string, Record<string, Operation>>;
}

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/** A JSON Schema as a short type: `"on_demand" | "spot"`, `integer 1–50`, `string or list of string`. */
function typeText(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (schema.anyOf) return schema.anyOf.map(typeText).join(" or ");
  if (schema.type === "array") return `list of ${schema.items ? typeText(schema.items) : "values"}`;
  if (schema.minimum !== undefined && schema.maximum !== undefined)
    return `${schema.type} ${schema.minimum}–${schema.maximum}`;
  return schema.type ?? "value";
}

/** A tool as a subsection: its description, then one line per argument, from the schema tools/list sends. */
function toolText(tool: McpTool): string[] {
  const schema = z.toJSONSchema(tool.input, { io: "input" }) as JsonSchema;
  const required = new Set(schema.required ?? []);
  const argumentLines = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const facts = [
      typeText(property),
      ...(required.has(name) ? ["required"] : []),
      ...(property.default !== undefined ? [`default ${JSON.stringify(property.default)}`] : []),
    ];
    return `- \`${name}\` (${facts.join(", ")}): ${property.description ?? ""}`.trim();
  });
  return [`### ${tool.name}`, "", tool.description, "", ...argumentLines, ""];
}

/** The llms.txt text for the OpenAPI `document` and the MCP `tools`, with links on `siteUrl`. */
export function llmsText(document: Document, tools: readonly McpTool[], siteUrl: string): string {
  const site = siteUrl.replace(/\/+$/, "");
  // The operators' routes (tag `admin`) are not for agents: they need the admin token or Access.
  const endpoints = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([, operation]) => !operation.tags?.includes("admin"))
      .map(([method, operation]) =>
        `- [${method.toUpperCase()} ${path}](${site}${path}): ${operation.summary ?? ""}`.trim(),
      ),
  );
  return [
    `# ${document.info.title}`,
    "",
    `> ${document.info.description}`,
    "",
    "Lists take PayloadCMS' query language: `where[field][operator]=value` (and `where[or][0]…` groups), `sort`, `limit`, `page`, `select[field]=true`, `depth`, `format=csv`. Prices are USD; `price_per_gpu_hour` is the figure to compare.",
    "",
    "## Reference",
    "",
    `- [API reference](${site}/api/docs): every endpoint, parameter and response`,
    `- [OpenAPI 3.1 document](${site}/api/openapi.json): the same, machine-readable`,
    `- [Change feed](${site}/feed.xml): price cuts and rises, new offers, stock changes and new providers as Atom; the filters of /api/changes (gpu, provider, kind, event)`,
    "",
    "## Endpoints",
    "",
    ...endpoints,
    "",
    "## MCP server",
    "",
    `- [${site}/mcp](${site}/mcp): the same prices as Model Context Protocol tools`,
    "",
    "Streamable HTTP, stateless: every request is a POST of JSON-RPC answered with one JSON body, with no session and no event stream (GET and DELETE answer 405). The API's rate limits and API keys (`X-API-Key`) apply. Every tool answers structured content and the same JSON as text; an unknown GPU, provider or offer is a tool error naming it.",
    "",
    ...tools.flatMap(toolText),
  ].join("\n");
}

export const llms = new Hono<AppEnv>().get("/llms.txt", (c) =>
  c.text(llmsText(openApiDocument() as unknown as Document, MCP_TOOLS, c.env.SITE_URL), 200, {
    "Cache-Control": "public, max-age=3600",
  }),
);
