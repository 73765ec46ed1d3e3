import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../index";
import { WORKER_ORIGIN } from "../testing/factories";
import { bumpVersions } from "./versions";

// With the database down, a question answered before is answered again from its last good answer,
// marked stale, instead of an error (docs/design.md §8). The same Worker and bindings, with Hyperdrive
// pointed at a port nobody listens on.

const deadDatabase = { connectionString: "postgresql://postgres:postgres@127.0.0.1:1/cloudgpus" } as Hyperdrive;
const downEnv = { ...env, HYPERDRIVE: deadDatabase, HYPERDRIVE_UNCACHED: deadDatabase };

async function fetchFrom(bindings: Env, path: string) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${WORKER_ORIGIN}${path}`), bindings, ctx);
  const body = await response.text();
  await waitOnExecutionContext(ctx);
  return { response, body };
}

// A price moved: every cached answer's key changes, so the next read must build again.
const pricesMoved = () => bumpVersions(env.CACHE, { gpus: ["h100-sxm"], providers: [] }, new Date());

describe("stale if error", () => {
  it("serves the API's last good answer, marked stale, while the database is down", async () => {
    const path = `/api/instances?where[gpu_model_id][in]=h100-sxm&limit=${1 + Math.floor(Math.random() * 90)}`;
    const good = await fetchFrom(env, path);
    expect(good.response.status).toBe(200);
    await pricesMoved();
    const stale = await fetchFrom(downEnv, path);
    expect(stale.response.status).toBe(200);
    expect(stale.response.headers.get("x-cache")).toBe("STALE");
    expect(stale.response.headers.get("warning")).toBe('110 - "Response is Stale"');
    expect(stale.response.headers.get("cache-control")).toBe("no-store");
    expect(stale.body).toBe(good.body);
  });

  it("says so on a page", async () => {
    const good = await fetchFrom(env, "/cloud-gpu/h100-sxm?sort=provider");
    expect(good.response.status).toBe(200);
    await pricesMoved();
    const stale = await fetchFrom(downEnv, "/cloud-gpu/h100-sxm?sort=provider");
    expect(stale.response.status).toBe(200);
    expect(stale.response.headers.get("x-cache")).toBe("STALE");
    expect(stale.body).toMatch(/<main[^>]*><p class="stale-notice" role="status">We cannot reach our price database/);
  });

  it("still fails a question it never answered, in the envelope", async () => {
    const stale = await fetchFrom(downEnv, `/api/gpu-models?where[slug][equals]=never-asked-${crypto.randomUUID()}`);
    expect(stale.response.status).toBeGreaterThanOrEqual(500);
    expect(JSON.parse(stale.body)).toMatchObject({ requestId: expect.any(String) });
  });
});
