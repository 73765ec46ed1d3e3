import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../http/types";
import { type CachePolicy, cachedResponse } from "./response-cache";
import { bumpVersions, readVersions, versionKey } from "./versions";

// The edge cache with the isolate's hot copy in front of it, on the real local Cache API and KV.

const CACHE_ORIGIN = "https://cache.cloudgpus.internal";

/** A route answering `body` through cachedResponse, counting how often it had to build it. */
function route(policy: CachePolicy, body: () => string) {
  const path = `/t/${crypto.randomUUID()}`;
  let builds = 0;
  const app = new Hono<AppEnv>().get(path, (c) =>
    cachedResponse(c, policy, "", async () => {
      builds += 1;
      return c.text(body());
    }),
  );
  return {
    path,
    builds: () => builds,
    get: async () => {
      const response = await app.request(path, {}, env);
      return {
        state: response.headers.get("X-Cache"),
        text: await response.text(),
        date: response.headers.get("Date"),
      };
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("cachedResponse", () => {
  it("answers a repeat from the isolate's copy, without the Cache API", async () => {
    const r = route({ ttlSeconds: 60, dependsOn: [] }, () => "prices");
    expect(await r.get()).toMatchObject({ state: "MISS", text: "prices" });
    expect(await caches.default.delete(`${CACHE_ORIGIN}${r.path}?__v=`)).toBe(true);
    expect(await r.get()).toMatchObject({ state: "HIT", text: "prices" });
    expect(await r.get()).toMatchObject({ state: "HIT", text: "prices" });
    expect(r.builds()).toBe(1);
  });

  it("lets the isolate's copy lapse with the TTL, as the edge copy does", async () => {
    const r = route({ ttlSeconds: 1, dependsOn: [] }, () => `built at ${Date.now()}`);
    const first = await r.get();
    await caches.default.delete(`${CACHE_ORIGIN}${r.path}?__v=`);
    await sleep(2_100); // the stored Date has whole seconds
    const later = await r.get();
    expect(later.state).toBe("MISS");
    expect(later.text).not.toBe(first.text);
    expect(r.builds()).toBe(2);
  });

  it("does not keep a body over 128 KiB in the isolate", async () => {
    const r = route({ ttlSeconds: 60, dependsOn: [] }, () => "x".repeat(200 * 1024));
    await r.get();
    await caches.default.delete(`${CACHE_ORIGIN}${r.path}?__v=`);
    expect((await r.get()).state).toBe("MISS");
    expect(r.builds()).toBe(2);
  });

  it("builds again once a version it depends on moves", async () => {
    const gpu = `g-${crypto.randomUUID().slice(0, 8)}`;
    let price = "1.00";
    const r = route({ ttlSeconds: 60, dependsOn: [{ scope: "gpu", slug: gpu }] }, () => price);
    expect((await r.get()).text).toBe("1.00");
    expect((await r.get()).state).toBe("HIT");
    price = "0.90";
    await bumpVersions(env.CACHE, { gpus: [gpu], providers: [] }, new Date());
    expect(await r.get()).toMatchObject({ state: "MISS", text: "0.90" });
  });
});

describe("data versions", () => {
  it("are seen at once after a bump in this isolate", async () => {
    const gpu = `g-${crypto.randomUUID().slice(0, 8)}`;
    expect(await readVersions(env.CACHE, [{ scope: "gpu", slug: gpu }])).toEqual(["0"]);
    const now = new Date();
    await bumpVersions(env.CACHE, { gpus: [gpu], providers: [] }, now);
    expect(await readVersions(env.CACHE, [{ scope: "gpu", slug: gpu }])).toEqual([now.toISOString()]);
  });

  it("written elsewhere (another isolate's bump) are seen within a second, not later", async () => {
    const gpu = `g-${crypto.randomUUID().slice(0, 8)}`;
    expect(await readVersions(env.CACHE, [{ scope: "gpu", slug: gpu }])).toEqual(["0"]);
    const elsewhere = new Date().toISOString();
    await env.CACHE.put(versionKey("gpu", gpu), elsewhere);
    // The isolate's memory of the old version, which saves a KV read per request, for one second.
    expect(await readVersions(env.CACHE, [{ scope: "gpu", slug: gpu }])).toEqual(["0"]);
    await sleep(1_050);
    expect(await readVersions(env.CACHE, [{ scope: "gpu", slug: gpu }])).toEqual([elsewhere]);
  });
});
