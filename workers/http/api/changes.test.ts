import { env } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import { changeListSchema } from "../../../shared/changes";
import { type Database, withDb } from "../../db/client";
import { instances, priceHistory } from "../../db/schema";
import { apiGet, createGpuModel, createInstance, createProvider } from "../../testing/factories";

// One provider of our own with two offers on two GPU models of our own, so every filter below sees
// exactly these rows. The offers are changed through the database as a scrape would change them, the
// trigger writes the history, and each history row is then moved to a day of its own.
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
const at = (days: number) => times[days]!.toISOString();
const times: Record<number, Date> = {};
let providerSlug: string;
let gpuA: string;
let gpuB: string;
const offer: Record<"a" | "b", string> = { a: "", b: "" };

async function spreadHistory(db: Database, instanceId: string, days: number[]) {
  const rows = await db
    .select({ id: priceHistory.id })
    .from(priceHistory)
    .where(eq(priceHistory.instanceId, instanceId))
    .orderBy(asc(priceHistory.recordedAt));
  expect(rows).toHaveLength(days.length);
  for (const [index, row] of rows.entries()) {
    const day = days[index]!;
    times[day] = daysAgo(day);
    await db.update(priceHistory).set({ recordedAt: times[day] }).where(eq(priceHistory.id, row.id));
  }
}

beforeAll(async () => {
  await withDb(env, "fresh", async (db) => {
    const provider = await createProvider(db, {
      slug: `test-changes-${crypto.randomUUID().slice(0, 8)}`,
      displayName: "Changes Cloud",
    });
    providerSlug = provider.slug;
    gpuA = (await createGpuModel(db, { name: "Changetest A40", shortName: "A40x" })).slug;
    gpuB = (await createGpuModel(db, { name: "Changetest L4", shortName: "L4x" })).slug;

    const a = await createInstance(db, provider.id, { gpuSlug: gpuA, instanceType: "a40.1x", pricePerHour: 2 });
    offer.a = a.id;
    const change = (values: Partial<typeof instances.$inferInsert>) =>
      db.update(instances).set(values).where(eq(instances.id, a.id));
    await change({ pricePerHour: 2.04 }); // +2 %: below the threshold
    await change({ pricePerHour: 1.836 }); // −10 %
    await change({ availabilityStatus: "sold_out" });
    await change({ availabilityStatus: "available", pricePerHour: 2.2032 }); // +20 %, back in stock
    await spreadHistory(db, a.id, [10, 9, 8, 7, 6]);

    const b = await createInstance(db, provider.id, {
      gpuSlug: gpuB,
      instanceType: "l4.4x",
      gpuCount: 4,
      pricePerHour: 8,
      pricePerHourSpot: 4,
    });
    offer.b = b.id;
    await db.update(instances).set({ pricePerHourSpot: 3 }).where(eq(instances.id, b.id)); // spot −25 %
    await spreadHistory(db, b.id, [5, 4]);
  });
});

async function changes(query: string) {
  const response = await apiGet(`/api/changes?provider=${providerSlug}${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return changeListSchema.parse(await response.json());
}
const summary = (page: Awaited<ReturnType<typeof changes>>) =>
  page.docs.map((doc) => [doc.event, doc.instance_type, doc.at]);

async function problem(query: string, status = 400) {
  const response = await apiGet(`/api/changes?${query}`);
  expect(response.status, await response.clone().text()).toBe(status);
  const body = apiErrorSchema.parse(await response.json());
  return { code: body.code, parameters: (body.details as { issues?: { parameter: string }[] })?.issues };
}

describe("GET /api/changes", () => {
  it("derives every event from the history, newest first", async () => {
    const page = await changes("");
    expect(summary(page)).toEqual([
      ["new_offer", "l4.4x", at(5)],
      ["back_in_stock", "a40.1x", at(6)],
      ["price_rise", "a40.1x", at(6)],
      ["sold_out", "a40.1x", at(7)],
      ["price_cut", "a40.1x", at(8)],
      ["new_offer", "a40.1x", at(10)],
      ["new_provider", "a40.1x", at(10)],
    ]);
    expect(page).toMatchObject({ totalDocs: 7, limit: 50, page: 1, totalPages: 1, hasNextPage: false });
  });

  it("carries the previous and current price and availability of each change", async () => {
    const { docs } = await changes("");
    const cut = docs.find((doc) => doc.event === "price_cut");
    expect(cut).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}:price_cut$/),
      event: "price_cut",
      at: at(8),
      kind: "on_demand",
      provider: { slug: providerSlug, display_name: "Changes Cloud" },
      gpu: { slug: gpuA, name: "Changetest A40", short_name: "A40x" },
      instance_id: offer.a,
      instance_type: "a40.1x",
      gpu_count: 1,
      previous_price_per_gpu_hour: 2.04,
      price_per_gpu_hour: 1.836,
      change_percent: -10,
      previous_availability: "available",
      availability: "available",
      url: `/cloud-gpu/${gpuA}`,
    });
    expect(docs.find((doc) => doc.event === "price_rise")).toMatchObject({
      previous_price_per_gpu_hour: 1.836,
      price_per_gpu_hour: 2.2032,
      change_percent: 20,
    });
    expect(docs.find((doc) => doc.event === "back_in_stock")).toMatchObject({
      previous_availability: "sold_out",
      availability: "available",
    });
    expect(docs.find((doc) => doc.event === "sold_out")).toMatchObject({
      previous_availability: "available",
      availability: "sold_out",
    });
    expect(docs.find((doc) => doc.event === "new_offer" && doc.instance_type === "l4.4x")).toMatchObject({
      previous_price_per_gpu_hour: null,
      price_per_gpu_hour: 2,
      change_percent: null,
      previous_availability: null,
      gpu_count: 4,
    });
    expect(docs.find((doc) => doc.event === "new_provider")?.url).toBe(`/provider/${providerSlug}`);
  });

  it("keeps the same id for the same change", async () => {
    const first = (await changes("")).docs.map((doc) => doc.id);
    const again = (await changes("&limit=7")).docs.map((doc) => doc.id);
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(7);
  });

  it("counts a move as a cut or rise only from min_change_percent (5 % by default)", async () => {
    const fine = await changes("&event=price_cut,price_rise&min_change_percent=1");
    expect(fine.docs.map((doc) => [doc.event, doc.change_percent])).toEqual([
      ["price_rise", 20],
      ["price_cut", -10],
      ["price_rise", 2],
    ]);
    const coarse = await changes("&event=price_cut,price_rise&min_change_percent=15");
    expect(coarse.docs.map((doc) => [doc.event, doc.change_percent])).toEqual([["price_rise", 20]]);
  });

  it("compares spot prices per GPU with kind=spot", async () => {
    const page = await changes("&kind=spot");
    expect(page.docs.map((doc) => [doc.event, doc.instance_type, doc.price_per_gpu_hour, doc.change_percent])).toEqual([
      ["price_cut", "l4.4x", 0.75, -25],
      ["new_offer", "l4.4x", 1, null],
      ["new_provider", "a40.1x", null, null],
    ]);
    expect(page.docs[0]).toMatchObject({ kind: "spot", previous_price_per_gpu_hour: 1, at: at(4) });
  });

  it("filters by GPU and by event", async () => {
    expect(summary(await changes(`&gpu=${gpuB}`))).toEqual([["new_offer", "l4.4x", at(5)]]);
    expect(summary(await changes(`&gpu=${gpuB},${gpuA}&event=sold_out,price_cut`))).toEqual([
      ["sold_out", "a40.1x", at(7)],
      ["price_cut", "a40.1x", at(8)],
    ]);
  });

  it("compares the first change in a window with the row in effect when it opened", async () => {
    const since = new Date(times[7]!.getTime() - DAY_MS / 2).toISOString();
    const page = await changes(`&since=${since}`);
    expect(summary(page)).toEqual([
      ["new_offer", "l4.4x", at(5)],
      ["back_in_stock", "a40.1x", at(6)],
      ["price_rise", "a40.1x", at(6)],
      ["sold_out", "a40.1x", at(7)],
    ]);
    // Read to the window's start: every change since then is in the answer.
    expect(page.complete_since).toBe(since);
  });

  it("pages through the events in Payload's envelope", async () => {
    const second = await changes("&limit=2&page=2");
    expect(summary(second)).toEqual([
      ["price_rise", "a40.1x", at(6)],
      ["sold_out", "a40.1x", at(7)],
    ]);
    expect(second).toMatchObject({
      totalDocs: 7,
      limit: 2,
      totalPages: 4,
      page: 2,
      pagingCounter: 3,
      hasPrevPage: true,
      hasNextPage: true,
      prevPage: 1,
      nextPage: 3,
    });
    const past = await changes("&limit=2&page=9");
    expect(past).toMatchObject({ docs: [], totalDocs: 7, totalPages: 4, hasNextPage: false });
  });

  it("answers 400 naming the parameter for values it does not know", async () => {
    expect(await problem("event=price_drop")).toEqual({
      code: "VALIDATION_ERROR",
      parameters: [expect.objectContaining({ parameter: "event" })],
    });
    expect((await problem("gpu=H100_SXM")).parameters).toEqual([expect.objectContaining({ parameter: "gpu" })]);
    expect((await problem("limit=0")).parameters).toEqual([expect.objectContaining({ parameter: "limit" })]);
    expect((await problem("limit=101")).parameters).toEqual([expect.objectContaining({ parameter: "limit" })]);
    expect((await problem("kind=reserved")).parameters).toEqual([expect.objectContaining({ parameter: "kind" })]);
    expect((await problem("min_change_percent=0")).parameters).toEqual([
      expect.objectContaining({ parameter: "min_change_percent" }),
    ]);
    expect((await problem("since=yesterday")).parameters).toEqual([expect.objectContaining({ parameter: "since" })]);
    expect((await problem(`since=${daysAgo(91).toISOString()}`)).parameters).toEqual([
      { parameter: "since", message: "at most 90 days back (history is kept 90 days)" },
    ]);
    expect((await problem("sort=at")).parameters).toEqual([{ parameter: "sort", message: "unknown parameter" }]);
  });

  it("answers 404 naming a GPU or provider that does not exist", async () => {
    expect((await problem("gpu=no-such-gpu-anywhere", 404)).code).toBe("NOT_FOUND");
    expect((await problem(`provider=${providerSlug},no-such-provider`, 404)).code).toBe("NOT_FOUND");
  });

  it("is documented in the OpenAPI document", async () => {
    const document = (await (await apiGet("/api/openapi.json")).json()) as {
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
    };
    expect(document.paths["/api/changes"]?.get.parameters.map((parameter) => parameter.name).sort()).toEqual([
      "event",
      "gpu",
      "kind",
      "limit",
      "min_change_percent",
      "page",
      "provider",
      "since",
    ]);
  });
});
