import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { REQUEST_DATABASE_DEADLINE_MS } from "../db/deadline";
import worker from "../index";
import { WORKER_ORIGIN } from "../testing/factories";
import { bumpVersions } from "./versions";

// With the database down, a question answered before is answered again from its last good answer,
// marked stale, instead of an error (docs/design.md §8). The same Worker and bindings, with Hyperdrive
// pointed at a port nobody listens on.

const deadDatabase = { connectionString: "postgresql://postgres:postgres@127.0.0.1:1/cloudgpus" } as Hyperdrive;
const downEnv = { ...env, HYPERDRIVE: deadDatabase, HYPERDRIVE_UNCACHED: deadDatabase };

// Databases that accept the connection and then never answer: silent from the start, or from the
// first query after the login (workers/testing/stalling-database.ts).
const hungEnv = (connectionString: string) => {
  const hung = { connectionString } as Hyperdrive;
  return { ...env, HYPERDRIVE: hung, HYPERDRIVE_UNCACHED: hung };
};
const HUNG = {
  "at the connection": hungEnv(inject("stallingDatabases").atConnect),
  "at the first query": hungEnv(inject("stallingDatabases").atQuery),
};
// What a request may wait on the database, with room for the rest of the request on a busy machine.
const BOUND_MS = REQUEST_DATABASE_DEADLINE_MS + 1_500;

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

  for (const [where, hung] of Object.entries(HUNG)) {
    it(`serves the last good answer within the bound when the database hangs ${where}`, async () => {
      const path = `/api/instances?where[gpu_model_id][in]=a100-80gb&limit=${1 + Math.floor(Math.random() * 90)}`;
      const good = await fetchFrom(env, path);
      expect(good.response.status).toBe(200);
      await pricesMoved();
      const started = Date.now();
      const stale = await fetchFrom(hung, path);
      expect(Date.now() - started).toBeLessThan(BOUND_MS);
      expect(stale.response.headers.get("x-cache")).toBe("STALE");
      expect(stale.body).toBe(good.body);
    });

    it(`fails a question it never answered within the bound when the database hangs ${where}`, async () => {
      const started = Date.now();
      const failed = await fetchFrom(hung, `/api/gpu-models?where[slug][equals]=never-asked-${crypto.randomUUID()}`);
      expect(Date.now() - started).toBeLessThan(BOUND_MS);
      expect(failed.response.status).toBe(503);
      expect(failed.response.headers.get("retry-after")).toBe("30");
      expect(JSON.parse(failed.body)).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
    });
  }
});
