import { describe, expect, it } from "vitest";
import { apiGet } from "../testing/factories";
import { allowedOrigins } from "./cors";

describe("CORS", () => {
  it("reads the whitelist from configuration", () => {
    expect(allowedOrigins(" https://cloudgpus.io, https://www.cloudgpus.io ,")).toEqual([
      "https://cloudgpus.io",
      "https://www.cloudgpus.io",
    ]);
    expect(allowedOrigins(undefined)).toEqual([]);
  });

  it("lets a whitelisted origin read the API and its headers", async () => {
    const response = await apiGet("/api/gpu-models/h100-sxm", { Origin: "http://localhost:8787" });
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:8787");
    expect(response.headers.get("access-control-expose-headers")).toContain("RateLimit-Remaining");
    expect(response.headers.get("vary")).toContain("Origin");
  });

  it("adds them to responses served from the edge cache as well", async () => {
    await apiGet("/api/gpu-models/a100-80gb");
    const hit = await apiGet("/api/gpu-models/a100-80gb", { Origin: "http://127.0.0.1:8787" });
    expect(hit.headers.get("x-cache")).toBe("HIT");
    expect(hit.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:8787");
  });

  it("gives other origins no CORS headers", async () => {
    const response = await apiGet("/api/gpu-models/h100-sxm", { Origin: "https://evil.example" });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("marks answers to clients without an Origin as varying by it, with a request id of their own, cache hits too", async () => {
    await apiGet("/api/gpu-models/l40s");
    const [a, b] = [await apiGet("/api/gpu-models/l40s"), await apiGet("/api/gpu-models/l40s")];
    for (const hit of [a, b]) {
      expect(hit.headers.get("x-cache")).toBe("HIT");
      expect(hit.headers.get("vary")).toContain("Origin");
      expect(hit.headers.get("access-control-allow-origin")).toBeNull();
      expect(hit.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
    }
    expect(a.headers.get("x-request-id")).not.toBe(b.headers.get("x-request-id"));
  });
});
