import { describe, expect, it } from "vitest";
import { apiGet } from "../testing/factories";
import { openApiDocument } from "./api/openapi";

describe("/llms.txt", () => {
  it("lists every endpoint of the OpenAPI document, under the llms.txt title and summary", async () => {
    const response = await apiGet("/llms.txt");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    const lines = text.split("\n");
    expect(lines[0]).toBe("# CloudGPUs API");
    expect(lines[2]).toMatch(/^> GPU cloud prices/);
    const paths = Object.keys((openApiDocument() as { paths: Record<string, unknown> }).paths);
    expect(paths.length).toBeGreaterThan(5);
    for (const path of paths) expect(text, path).toContain(`GET ${path}](`);
    expect(text).toContain("/api/openapi.json");
  });
});
