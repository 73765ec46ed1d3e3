import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { bumpVersions } from "../../cache/versions";
import { withDb } from "../../db/client";
import { apiGet, createGpuModel } from "../../testing/factories";

// A page slug that names nothing costs a database query to find out; a stream of them must not cost
// one each. The 404 is cached for a minute under the same data versions, so a GPU added meanwhile
// shows as soon as its data lands (docs/design.md §8).

describe("pages whose slug names nothing", () => {
  it("answers the same 404 from the cache, each with its own request id and none in the body", async () => {
    const slug = `no-such-gpu-${crypto.randomUUID().slice(0, 8)}`;
    const first = await apiGet(`/cloud-gpu/${slug}`);
    expect(first.status).toBe(404);
    expect(first.headers.get("x-cache")).toBe("MISS");
    const body = await first.text();
    expect(body).toContain("Page not found");
    expect(body).not.toContain("Request id");
    const again = await apiGet(`/cloud-gpu/${slug}`);
    expect(again.status).toBe(404);
    expect(again.headers.get("x-cache")).toBe("HIT");
    expect(await again.text()).toBe(body);
    expect(again.headers.get("x-request-id")).toMatch(/^req_/);
    expect(again.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    expect(again.headers.get("cache-control")).toBe("public, max-age=60");
  });

  it("shows a page that appears once its data version moves, without waiting for the minute", async () => {
    const slug = `test-new-gpu-${crypto.randomUUID().slice(0, 8)}`;
    expect((await apiGet(`/cloud-gpu/${slug}`)).status).toBe(404);
    await withDb(env, "fresh", (db) => createGpuModel(db, { slug }));
    await bumpVersions(env.CACHE, { gpus: [slug], providers: [] }, new Date());
    const found = await apiGet(`/cloud-gpu/${slug}`);
    expect(found.status).toBe(200);
    expect(found.headers.get("x-cache")).toBe("MISS");
  });
});
