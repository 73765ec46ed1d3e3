import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { withDb } from "../../db/client";
import { apiGet, createGpuModel, createInstance, createProvider } from "../../testing/factories";

// The website's weight budgets (docs/design.md §13): a GPU page with 100
// offers ≤ 60 KB of HTML compressed, JavaScript ≤ 15 KB and CSS ≤ 20 KB per page.

async function gzippedBytes(body: ArrayBuffer): Promise<number> {
  const stream = new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

const GPU = `test-budget-${crypto.randomUUID().slice(0, 6)}`;

beforeAll(async () => {
  // 100 offers of a GPU model of our own (so exactly these) from 10 providers.
  await withDb(env, "fresh", async (db) => {
    await createGpuModel(db, { slug: GPU, name: "Budget A10G", vramGb: 24 });
    for (let p = 0; p < 10; p++) {
      const provider = await createProvider(db, { displayName: `Budget Cloud ${p}` });
      for (let o = 0; o < 10; o++) {
        await createInstance(db, provider.id, {
          gpuSlug: GPU,
          instanceType: `g5.${p}.${o}xlarge`,
          instanceName: `A10G instance ${p}-${o} with a realistically long display name`,
          gpuCount: [1, 4, 8][o % 3],
          pricePerHour: 1 + p / 10 + o / 100,
          pricePerHourSpot: 0.5 + o / 100,
          availableRegions: ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"],
        });
      }
    }
  });
});

describe("page weight", () => {
  it("keeps a GPU page with 100 offers under 60 KB of compressed HTML", async () => {
    const response = await apiGet(`/cloud-gpu/${GPU}`);
    const body = await response.arrayBuffer();
    expect((new TextDecoder().decode(body).match(/<tr>/g) ?? []).length).toBeGreaterThanOrEqual(100);
    const compressed = await gzippedBytes(body);
    console.log(`GPU page with 100 offers: ${body.byteLength} B HTML, ${compressed} B gzip`);
    expect(compressed).toBeLessThanOrEqual(60 * 1024);
  });

  it.each([
    ["/app.js", 15 * 1024],
    ["/styles.css", 20 * 1024],
  ])("keeps %s under its budget", async (path, budget) => {
    // Static files are served by the assets binding in front of the Worker.
    const response = await env.ASSETS.fetch(`https://cloudgpus.test${path}`);
    expect(response.status).toBe(200);
    const size = (await response.arrayBuffer()).byteLength;
    console.log(`${path}: ${size} B`);
    expect(size).toBeLessThanOrEqual(budget);
  });
});
