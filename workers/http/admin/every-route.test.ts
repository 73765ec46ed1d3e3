import { describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import { openApiDocument } from "../api";
import { adminCall } from "./testing";

// Function-level authorisation (OWASP API5): every route of the admin tag, as the OpenAPI document
// lists them, refuses a request without credentials and one with a wrong token, before it reads a
// body or a parameter. Taken from the document, so a route added later is covered without a line here.

const operations = Object.entries(
  openApiDocument().paths as Record<string, Record<string, { tags?: string[] }>>,
).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([, operation]) => operation.tags?.includes("admin"))
    .map(([method, _]) => ({
      method: method.toUpperCase(),
      // Any value for a path parameter: authorisation comes first.
      path: path.replace(/^\/admin/, "").replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000"),
    })),
);

describe("every admin route", () => {
  it("is listed", () => {
    expect(operations.length).toBeGreaterThanOrEqual(25);
  });

  it.each(operations)("$method /admin$path refuses no credentials and a wrong token", async ({ method, path }) => {
    for (const token of [null, "not-the-admin-token"]) {
      const response = await adminCall(method, path, {
        token,
        body: method === "GET" || method === "DELETE" ? undefined : {},
      });
      expect(response.status, `${method} ${path} with ${token ?? "no token"}`).toBe(401);
      expect(apiErrorSchema.parse(await response.json()).code).toBe("UNAUTHORIZED");
    }
  });
});
