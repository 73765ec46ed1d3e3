import { Hono } from "hono";
import { openApiDocument } from "./api/openapi";
import type { AppEnv } from "./types";

// /llms.txt (the llms.txt convention: a title, a one-paragraph summary, then sections of links):
// what the public API offers, for language models and agents. Built from the OpenAPI document,
// so an endpoint added there is listed here without a second description to keep in step.

interface Operation {
  summary?: string;
}
interface Document {
  info: { title: string; description: string };
  paths: Record<string, Record<string, Operation>>;
}

/** The llms.txt text for the OpenAPI `document`, with links on `siteUrl`. */
export function llmsText(document: Document, siteUrl: string): string {
  const site = siteUrl.replace(/\/+$/, "");
  const endpoints = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) =>
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
    "",
    "## Endpoints",
    "",
    ...endpoints,
    "",
  ].join("\n");
}

export const llms = new Hono<AppEnv>().get("/llms.txt", (c) =>
  c.text(llmsText(openApiDocument() as unknown as Document, c.env.SITE_URL), 200, {
    "Cache-Control": "public, max-age=3600",
  }),
);
