// `npm run bench:ingest`: ingestion cost of a large marketplace scrape against the local
// PostgreSQL (DATABASE_URL or the embedded one). A 10 000-offer Vast.ai-shaped payload is parsed by
// the real adapter; then the same 10 000 offers, one row each, go through validation and the
// pipeline's batched storage, next to a naive row-by-row upsert of the same rows, in the same run.
// Prints wall times and database round trips.
import { performance } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { FALLBACK_FX_RATES } from "../shared/fx";
import type { ProviderOffer } from "../shared/offers";
import * as schema from "../workers/db/schema";
import { loadProviderState, storeScrape } from "../workers/db/scrapes";
import { prepareOffers } from "../workers/ingest/scrape";
import { createProviderHttp } from "../workers/providers/http";
import { vastAi } from "../workers/providers/vast-ai";
import { openBenchDatabase } from "./lib/counting-client";
import { seededRandom } from "./lib/seeded-random";
import { printTable } from "./lib/table";

const OFFERS = 10_000;
const GPUS = [
  { gpu_name: "RTX 4090", gpu_ram: 24564, base: 0.3 },
  { gpu_name: "RTX 3090", gpu_ram: 24576, base: 0.18 },
  { gpu_name: "H100 SXM", gpu_ram: 81559, base: 1.9 },
  { gpu_name: "A100 SXM4", gpu_ram: 81920, base: 1.1 },
  { gpu_name: "A100 SXM4", gpu_ram: 40960, base: 0.7 },
  { gpu_name: "RTX A6000", gpu_ram: 49140, base: 0.45 },
  { gpu_name: "L40S", gpu_ram: 46068, base: 0.7 },
  { gpu_name: "RTX 5090", gpu_ram: 32607, base: 0.5 },
];
const COUNTRIES = ["US", "CA", "DE", "FI", "SE", "JP", "BR", "PL"];

function vastPayload(): { offers: Record<string, unknown>[] } {
  const next = seededRandom(42);
  const offers = Array.from({ length: OFFERS }, (_, index) => {
    const gpu = GPUS[index % GPUS.length]!;
    const count = [1, 1, 1, 2, 2, 4, 8][Math.floor(next() * 7)]!;
    const price = Math.round(gpu.base * count * (0.8 + next() * 0.8) * 1000) / 1000;
    return {
      id: 10_000_000 + index,
      machine_id: 40_000 + index,
      gpu_name: gpu.gpu_name,
      num_gpus: count,
      gpu_ram: gpu.gpu_ram,
      gpu_frac: 1,
      dph_base: price * 0.97,
      dph_total: price,
      min_bid: Math.round(price * 0.6 * 1000) / 1000,
      cpu_cores_effective: 8 * count,
      cpu_ram: 65_536 * count,
      disk_space: 200,
      inet_down: 900,
      geolocation: `Somewhere, ${COUNTRIES[index % COUNTRIES.length]}`,
      rentable: true,
      rented: false,
      verified: true,
    };
  });
  return { offers };
}

/** The same offers one row each (the adapter would group them), as the storage stress. */
function oneRowPerOffer(payload: { offers: Record<string, unknown>[] }): ProviderOffer[] {
  return payload.offers.map((offer) => ({
    instanceType: `bench-${offer.id}`,
    gpuNameRaw: String(offer.gpu_name),
    gpuCount: Number(offer.num_gpus),
    gpuMemoryGb: Math.round((Number(offer.gpu_ram) / 1024) * 10) / 10,
    currency: "USD",
    pricePerHour: Number(offer.dph_total),
    pricePerHourSpot: Number(offer.min_bid),
    availability: "available",
    regions: [String(offer.geolocation).split(", ")[1]!],
    sourceUrl: "https://console.vast.ai/api/v0/bundles/",
    raw: offer,
  }));
}

const ms = (start: number) => Math.round(performance.now() - start);

const { counter, db, close } = await openBenchDatabase();
const providerIds: string[] = [];

try {
  const payload = vastPayload();
  const bytes = JSON.stringify(payload).length;

  let start = performance.now();
  const http = createProviderHttp({ fetch: async () => Response.json(payload) });
  const grouped = await vastAi.scrape({ http, baseUrl: "https://console.vast.ai", credential: null, now: new Date() });
  const parseMs = ms(start);

  const newProvider = async (label: string) => {
    const slug = `bench-${label}-${Date.now()}`;
    const [row] = await db
      .insert(schema.providers)
      .values({
        slug,
        name: slug,
        displayName: slug,
        providerType: "depin",
        reliabilityTier: "community",
        websiteUrl: "https://bench.example",
      })
      .returning({ id: schema.providers.id });
    providerIds.push(row!.id);
    return row!.id;
  };
  const offers = oneRowPerOffer(payload);

  // The pipeline: validate, then one transaction of batched upserts.
  const batchedProvider = await newProvider("batched");
  counter.roundTrips = 0;
  start = performance.now();
  const state = await loadProviderState(db, batchedProvider);
  const prepared = prepareOffers(
    "bench",
    { offers, skipped: [], exchanges: [] },
    { rates: FALLBACK_FX_RATES, state, now: new Date() },
  );
  const validateMs = ms(start);
  const storeStart = performance.now();
  const stored = await storeScrape(
    db,
    {
      providerId: batchedProvider,
      scraperVersion: "bench/1",
      workerId: "bench",
      startedAt: new Date(),
      completedAt: new Date(),
      attempt: 1,
      exchanges: [],
      offersFound: offers.length,
      dispatch: null,
    },
    prepared,
    state,
  );
  const batchedMs = ms(storeStart);
  const batchedTrips = counter.roundTrips;

  // The same scrape again: every row an update with an unchanged price (the common case).
  counter.roundTrips = 0;
  start = performance.now();
  const again = await loadProviderState(db, batchedProvider);
  const repeat = prepareOffers(
    "bench",
    { offers, skipped: [], exchanges: [] },
    { rates: FALLBACK_FX_RATES, state: again, now: new Date() },
  );
  await storeScrape(
    db,
    {
      providerId: batchedProvider,
      scraperVersion: "bench/1",
      workerId: "bench",
      startedAt: new Date(),
      completedAt: new Date(),
      attempt: 1,
      exchanges: [],
      offersFound: offers.length,
      dispatch: null,
    },
    repeat,
    again,
  );
  const repeatMs = ms(start);
  const repeatTrips = counter.roundTrips;

  // Naive: one INSERT … ON CONFLICT per row, as an ORM loop would do it.
  const naiveProvider = await newProvider("naive");
  const gpuIds = new Map(
    (await db.select({ id: schema.gpuModels.id, slug: schema.gpuModels.slug }).from(schema.gpuModels)).map((row) => [
      row.slug,
      row.id,
    ]),
  );
  counter.roundTrips = 0;
  start = performance.now();
  for (const offer of prepared.accepted) {
    await db
      .insert(schema.instances)
      .values({
        providerId: naiveProvider,
        gpuModelId: gpuIds.get(offer.gpuModel!)!,
        instanceType: offer.offer.instanceType,
        gpuCount: offer.offer.gpuCount,
        pricePerHour: offer.pricePerHour!,
        pricePerHourSpot: offer.pricePerHourSpot,
        availabilityStatus: offer.offer.availability,
        availableRegions: offer.offer.regions,
        rawData: offer.offer.raw,
        sourceUrl: offer.offer.sourceUrl,
      })
      .onConflictDoUpdate({
        target: [schema.instances.providerId, schema.instances.instanceType],
        set: { pricePerHour: sql`excluded.price_per_hour`, lastScrapedAt: sql`now()` },
      });
  }
  const naiveMs = ms(start);
  const naiveTrips = counter.roundTrips;

  const rows = [
    ["step", "rows", "wall ms", "DB round trips"],
    [
      `parse ${OFFERS} Vast offers (${(bytes / 1e6).toFixed(1)} MB) → ${grouped.offers.length} grouped offers`,
      String(grouped.offers.length),
      String(parseMs),
      "0",
    ],
    ["normalise + validate (one row per offer)", String(prepared.accepted.length), String(validateMs), "2"],
    ["store: batched upserts, one transaction", String(stored.created), String(batchedMs), String(batchedTrips - 2)],
    [
      "store the same scrape again (unchanged prices)",
      String(repeat.accepted.length),
      String(repeatMs),
      String(repeatTrips),
    ],
    ["naive: one upsert per row", String(prepared.accepted.length), String(naiveMs), String(naiveTrips)],
  ];
  printTable(rows);
  console.log(
    `\nbatched store is ${(naiveMs / batchedMs).toFixed(1)}× faster than naive, with ${naiveTrips} vs ${batchedTrips - 2} round trips`,
  );
} finally {
  for (const id of providerIds) await db.delete(schema.providers).where(eq(schema.providers.id, id));
  await close();
}
