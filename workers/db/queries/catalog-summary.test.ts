import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { cheapestOffer, offerRows } from "../../http/pages/offer-rows";
import { createGpuModel, createInstance, createProvider } from "../../testing/factories";
import { withDb } from "../client";
import { cheapestOffers, gpuOfferCounts, offersOf, providerOfferCounts, providersSharingGpus } from "./catalog-summary";

// The aggregates the pages read instead of the whole catalogue, on a catalogue of the test's own:
// two GPU models nobody else sells, two active providers and one that is not, with a sold-out offer
// cheaper than any in stock, a tie on price, and an offer no longer listed.

const HOUR_MS = 3_600_000;
const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR_MS);

async function catalogue() {
  return withDb(env, "fresh", async (db) => {
    const tag = crypto.randomUUID().slice(0, 8);
    // Slugs chosen so that `first` sorts before `second`: ties on price go to the first by slug.
    const first = await createProvider(db, { slug: `test-cs-${tag}-a` });
    const second = await createProvider(db, { slug: `test-cs-${tag}-b` });
    const gone = await createProvider(db, { slug: `test-cs-${tag}-c`, isActive: false });
    const [gpuA, gpuB] = [await createGpuModel(db), await createGpuModel(db)];
    const offer = (
      providerId: string,
      gpuModelId: string,
      instanceType: string,
      pricePerHour: number,
      extra: Parameters<typeof createInstance>[2] = {},
    ) =>
      createInstance(db, providerId, {
        gpuModelId,
        instanceType,
        pricePerHour,
        availabilityStatus: "available",
        lastScrapedAt: at(1),
        ...extra,
      });
    const ids = {
      soldOut: (
        await offer(first.id, gpuA.id, "a-sold-out", 1, { availabilityStatus: "sold_out", lastScrapedAt: at(3) })
      ).id,
      firstTie: (await offer(first.id, gpuA.id, "a-tie", 2, { lastScrapedAt: at(2) })).id,
      secondTie: (await offer(second.id, gpuA.id, "a-tie", 2, { lastScrapedAt: at(0.5) })).id,
      unlisted: (await offer(second.id, gpuA.id, "a-unlisted", 0.5, { isActive: false })).id,
      ofGone: (await offer(gone.id, gpuA.id, "a-gone", 0.4)).id,
      limited: (await offer(second.id, gpuB.id, "b-limited", 3, { availabilityStatus: "limited" })).id,
      dearer: (await offer(second.id, gpuB.id, "b-dearer", 4)).id,
    };
    return { first, second, gone, gpuA, gpuB, ids };
  });
}

describe("catalog summary", () => {
  it("lists a GPU's active offers of active providers, cheapest first, ties by provider", async () => {
    const { gpuA, ids } = await catalogue();
    const offers = await withDb(env, "fresh", (db) => offersOf(db, { gpuIds: [gpuA.id] }));
    expect(offers.map((offer) => offer.instance.id)).toEqual([ids.soldOut, ids.firstTie, ids.secondTie]);
  });

  it("picks per GPU and per provider the offer in stock at the lowest price, as the pages' own rule does", async () => {
    const { first, second, gpuA, gpuB, ids } = await catalogue();
    const scope = { gpuIds: [gpuA.id, gpuB.id] };
    const { perGpu, perProvider, offers } = await withDb(env, "fresh", async (db) => ({
      perGpu: await cheapestOffers(db, "gpu", scope),
      perProvider: await cheapestOffers(db, "provider", scope),
      offers: await offersOf(db, scope),
    }));
    // Sold out at $1 loses to in stock at $2; of two at $2, the first provider by slug.
    expect(perGpu.get(gpuA.id)?.instance.id).toBe(ids.firstTie);
    expect(perGpu.get(gpuB.id)?.instance.id).toBe(ids.limited);
    expect(perProvider.get(first.id)?.instance.id).toBe(ids.firstTie);
    expect(perProvider.get(second.id)?.instance.id).toBe(ids.secondTie);
    expect([...perProvider.keys()].sort()).toEqual([first.id, second.id].sort());
    // The same choice as cheapestOffer over the listed offers of each group.
    const rows = offerRows(offers, new Date());
    for (const gpu of [gpuA, gpuB]) {
      expect(perGpu.get(gpu.id)?.instance.id).toBe(cheapestOffer(rows.filter((row) => row.gpu.slug === gpu.slug))?.id);
    }
  });

  it("counts offers, providers and the newest scrape per GPU", async () => {
    const { gpuA, gpuB } = await catalogue();
    const counts = await withDb(env, "fresh", (db) => gpuOfferCounts(db, { gpuIds: [gpuA.id, gpuB.id] }));
    expect(counts.get(gpuA.id)).toMatchObject({ slug: gpuA.slug, offers: 3, providers: 2 });
    expect(counts.get(gpuB.id)).toMatchObject({ slug: gpuB.slug, offers: 2, providers: 1 });
    // The newest of the three listed offers' scrapes (half an hour ago), not the unlisted one's.
    const newest = counts.get(gpuA.id)!.newestScrapeAt.getTime();
    expect(Math.abs(newest - at(0.5).getTime())).toBeLessThan(60_000);
  });

  it("counts each active provider's offers and GPUs, leaving out a provider that is not", async () => {
    const { first, second, gone } = await catalogue();
    const counts = await withDb(env, "fresh", (db) => providerOfferCounts(db));
    const byId = new Map(counts.map((row) => [row.id, row]));
    expect(byId.get(first.id)).toMatchObject({ slug: first.slug, offers: 2, gpus: 1 });
    expect(byId.get(second.id)).toMatchObject({ slug: second.slug, offers: 3, gpus: 2 });
    expect(byId.has(gone.id)).toBe(false);
  });

  it("names the other active providers selling a provider's GPUs, with their offers of those GPUs", async () => {
    const { first, second } = await catalogue();
    const { ofFirst, ofSecond } = await withDb(env, "fresh", async (db) => ({
      ofFirst: await providersSharingGpus(db, first.id),
      ofSecond: await providersSharingGpus(db, second.id),
    }));
    // The first sells only GPU A: the second has one listed offer of it (its GPU B offers are not counted).
    expect(ofFirst).toEqual([{ slug: second.slug, name: second.displayName, offers: 1 }]);
    expect(ofSecond).toEqual([{ slug: first.slug, name: first.displayName, offers: 2 }]);
  });
});
