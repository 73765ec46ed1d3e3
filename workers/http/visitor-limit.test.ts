import { describe, expect, it } from "vitest";
import { apiGet } from "../testing/factories";

// Pages, /go/ and /api/health cost a database query on a miss, so one address may not ask for them
// without end: they are counted by address under the visitor policy (1 200 an hour, a burst of 120),
// in a bucket apart from the API's (docs/design.md §12).

const address = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}:${crypto.randomUUID()}`;

async function spend(path: string, from: string, times: number) {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) statuses.push((await apiGet(path, { "CF-Connecting-IP": from })).status);
  return statuses;
}

describe("the visitor limit", () => {
  it("lets one address read 120 pages at once, then answers the next with a 429 page", async () => {
    const from = address();
    const statuses = await spend("/cloud-gpu", from, 120);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const refused = await apiGet("/cloud-gpu", { "CF-Connecting-IP": from });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(refused.headers.get("content-type")).toMatch(/^text\/html/);
    expect(refused.headers.get("ratelimit-policy")).toBe("1200;w=3600;burst=120");
    // Health and /go/ share the page bucket; the API keeps its own.
    expect((await apiGet("/api/health", { "CF-Connecting-IP": from })).status).toBe(429);
    expect((await apiGet("/go/runpod", { "CF-Connecting-IP": from })).status).toBe(429);
    expect((await apiGet("/api/gpu-models/h100-sxm", { "CF-Connecting-IP": from })).status).toBe(200);
  });

  it("counts health by address too, and another address is not held back", async () => {
    const from = address();
    const first = await apiGet("/api/health", { "CF-Connecting-IP": from });
    expect(first.headers.get("ratelimit-remaining")).toBe("119");
    const other = await apiGet("/api/health", { "CF-Connecting-IP": address() });
    expect(other.headers.get("ratelimit-remaining")).toBe("119");
  });
});
