import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import { comparePricesResponseSchema, compareProvidersResponseSchema } from "../../../shared/api-schemas";
import { withDb } from "../../db/client";
import { apiGet, createGpuModel, createInstance, createProvider } from "../../testing/factories";

// Two providers of our own selling three GPU models of our own, so the comparisons see exactly these
// offers whatever other test files store. The slugs sort as q8000 < r3080 < r4080.
let alpha: string;
let beta: string;
const run = crypto.randomUUID().slice(0, 6);
const Q8000 = `test-${run}-q8000`;
const R3080 = `test-${run}-r3080`;
const R4080 = `test-${run}-r4080`;

beforeAll(async () => {
  await withDb(env, "fresh", async (db) => {
    for (const slug of [Q8000, R3080, R4080]) await createGpuModel(db, { slug });
    const a = await createProvider(db, {
      slug: `test-cmp-a-${crypto.randomUUID().slice(0, 6)}`,
      reliabilityTier: "enterprise",
      affiliateUrl: "https://alpha.example/?ref=cloudgpus",
    });
    const b = await createProvider(db, {
      slug: `test-cmp-b-${crypto.randomUUID().slice(0, 6)}`,
      reliabilityTier: "community",
    });
    alpha = a.slug;
    beta = b.slug;
    // Alpha: RTX 8000 at 0.60 (in stock) and 0.50 (sold out), RTX 4080 at 0.40; 2×RTX 4080 reserved.
    await createInstance(db, a.id, {
      gpuSlug: Q8000,
      instanceType: "q8000.1x",
      pricePerHour: 0.6,
      pricePerHourSpot: 0.3,
    });
    await createInstance(db, a.id, {
      gpuSlug: Q8000,
      instanceType: "q8000.cheap",
      pricePerHour: 0.5,
      availabilityStatus: "sold_out",
    });
    await createInstance(db, a.id, {
      gpuSlug: R4080,
      instanceType: "4080.2x",
      gpuCount: 2,
      pricePerHour: 0.8,
      pricePerHourReserved1y: 0.6,
    });
    // Beta: RTX 8000 at 0.70, RTX 4080 at 0.30, and RTX 3080 alone.
    await createInstance(db, b.id, {
      gpuSlug: Q8000,
      instanceType: "rtx8000",
      pricePerHour: 0.7,
      availabilityStatus: "limited",
    });
    await createInstance(db, b.id, { gpuSlug: R4080, instanceType: "rtx4080", pricePerHour: 0.3 });
    await createInstance(db, b.id, { gpuSlug: R3080, instanceType: "rtx3080", pricePerHour: 0.2 });
  });
});

describe("GET /api/compare-prices", () => {
  it("gives each provider's lowest in-stock price per GPU-hour and the stats", async () => {
    const response = await apiGet(`/api/compare-prices?gpuSlug=${Q8000}&includeSpot=true`);
    expect(response.status).toBe(200);
    const body = comparePricesResponseSchema.parse(await response.json());
    expect(body.gpu.slug).toBe(Q8000);
    expect(
      body.prices.map((price) => [price.provider.slug, price.onDemand, price.spot, price.availability, price.offers]),
    ).toEqual([
      [alpha, 0.6, 0.3, "available", 2],
      [beta, 0.7, null, "limited", 1],
    ]);
    expect(body.prices[0]!.affiliateUrl).toBe("https://alpha.example/?ref=cloudgpus");
    expect(body.prices[1]!.affiliateUrl).toBe(`https://${beta}.example`);
    expect(body.stats).toEqual({ min: 0.6, max: 0.7, median: 0.65, providerCount: 2 });
  });

  it("leaves spot out unless asked, and reports reserved per GPU", async () => {
    const body = comparePricesResponseSchema.parse(await (await apiGet(`/api/compare-prices?gpuSlug=${R4080}`)).json());
    expect(body.prices.map((price) => [price.provider.slug, price.onDemand, price.spot, price.reserved1y])).toEqual([
      [beta, 0.3, null, null],
      [alpha, 0.4, null, 0.3],
    ]);
  });

  it("filters by tier and maximum price", async () => {
    const tier = comparePricesResponseSchema.parse(
      await (await apiGet(`/api/compare-prices?gpuSlug=${Q8000}&tier=community`)).json(),
    );
    expect(tier.prices.map((price) => price.provider.slug)).toEqual([beta]);
    const cheap = comparePricesResponseSchema.parse(
      await (await apiGet(`/api/compare-prices?gpuSlug=${Q8000}&maxPrice=0.65`)).json(),
    );
    expect(cheap.prices.map((price) => price.provider.slug)).toEqual([alpha]);
  });

  it.each([
    ["/api/compare-prices", 400],
    [`/api/compare-prices?gpuSlug=${Q8000}&maxPrice=cheap`, 400],
    [`/api/compare-prices?gpuSlug=${Q8000}&tier=gold`, 400],
    [`/api/compare-prices?gpuSlug=${Q8000}&extra=1`, 400],
    ["/api/compare-prices?gpuSlug=%3Cscript%3E", 400],
    ["/api/compare-prices?gpuSlug=h999", 404],
  ])("answers %s with %i in the envelope", async (path, status) => {
    const response = await apiGet(path);
    expect(response.status).toBe(status);
    expect(apiErrorSchema.parse(await response.json()).status).toBe(status);
  });
});

describe("GET /api/compare-providers", () => {
  it("compares the GPUs both sell and gives a verdict from the prices", async () => {
    const response = await apiGet(`/api/compare-providers?providers=${alpha},${beta}`);
    expect(response.status).toBe(200);
    const body = compareProvidersResponseSchema.parse(await response.json());
    expect(body.provider1.slug).toBe(alpha);
    expect(body.provider2.prices.map((price) => [price.gpu.slug, price.pricePerGpuHour])).toEqual([
      [Q8000, 0.7],
      [R3080, 0.2],
      [R4080, 0.3],
    ]);
    expect(body.commonGpus.map((gpu) => [gpu.gpu.slug, gpu.provider1Price, gpu.provider2Price, gpu.cheaper])).toEqual([
      [Q8000, 0.6, 0.7, alpha],
      [R4080, 0.4, 0.3, beta],
    ]);
    expect(body.verdict.cheaper).toBe("tie");
    expect(body.verdict.moreGpus).toBe(beta);
  });

  it.each([
    ["providers=runpod", 400],
    ["providers=runpod,runpod", 400],
    ["providers=a,b,c", 400],
    ["providers=runpod,%27%3B--", 400],
    ["providers=runpod,no-such-provider", 404],
  ])("answers %s with %i", async (query, status) => {
    expect((await apiGet(`/api/compare-providers?${query}`)).status).toBe(status);
  });
});
