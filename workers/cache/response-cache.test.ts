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
    raw: (headers: Record<string, string>) => app.request(path, { headers }, env),
    request: (request: Request) => app.request(request, {}, env),
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

describe("cachedResponse encodings", () => {
  const gunzip = async (response: Response) =>
    new Response(response.body!.pipeThrough(new DecompressionStream("gzip"))).text();

  it("gives a client that accepts gzip the body compressed once, with a weak ETag and Vary", async () => {
    const body = JSON.stringify({ docs: Array.from({ length: 200 }, (_, i) => ({ i, name: `offer ${i}` })) });
    const r = route({ ttlSeconds: 60, dependsOn: [] }, () => body);
    const plain = await r.raw({});
    expect(plain.headers.get("Content-Encoding")).toBeNull();
    expect(plain.headers.get("Vary")).toBe("Accept-Encoding");
    const strong = plain.headers.get("ETag")!;
    expect(await plain.text()).toBe(body);

    const compressed = await r.raw({ "Accept-Encoding": "gzip, deflate, br" });
    expect(compressed.headers.get("Content-Encoding")).toBe("gzip");
    expect(compressed.headers.get("ETag")).toBe(`W/${strong}`);
    const bytes = new Uint8Array(await compressed.clone().arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]); // the gzip magic: these are the stored compressed bytes
    expect(bytes.byteLength).toBeLessThan(body.length / 3);
    expect(await gunzip(compressed)).toBe(body);
    expect(r.builds()).toBe(1);

    const revalidated = await r.raw({ "Accept-Encoding": "gzip", "If-None-Match": `W/${strong}` });
    expect(revalidated.status).toBe(304);
  });

  it.each(["identity", "gzip;q=0", "br", "deflate, gzip;q=0.0"])("sends %s the body as it is", async (accept) => {
    const r = route({ ttlSeconds: 60, dependsOn: [] }, () => "prices".repeat(100));
    await r.get();
    const response = await r.raw({ "Accept-Encoding": accept });
    expect(response.headers.get("Content-Encoding")).toBeNull();
    expect(await response.text()).toBe("prices".repeat(100));
  });
});

describe("the client's own Accept-Encoding", () => {
  // Cloudflare hands a Worker "br, gzip" whatever the client sent, and keeps the client's own value
  // in request.cf.clientAcceptEncoding ("" when it sent none); wrangler dev does the same.
  const asCloudflareSends = (r: ReturnType<typeof route>, clientAcceptEncoding: string) =>
    r.request(
      new Request(`http://localhost${r.path}`, {
        headers: { "Accept-Encoding": "br, gzip" },
        cf: { clientAcceptEncoding },
      }),
    );

  it("decides the encoding: a client that sent none gets the body as it is, one that asked gets gzip", async () => {
    const r = route({ ttlSeconds: 60, dependsOn: [] }, () => "prices".repeat(100));
    await r.get();
    const plain = await asCloudflareSends(r, "");
    expect(plain.headers.get("Content-Encoding")).toBeNull();
    expect(await plain.text()).toBe("prices".repeat(100));
    const compressed = await asCloudflareSends(r, "gzip, deflate");
    expect(compressed.headers.get("Content-Encoding")).toBe("gzip");
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
