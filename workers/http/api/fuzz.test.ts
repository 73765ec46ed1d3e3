import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { apiErrorSchema } from "../../../shared/api-errors";
import { type CollectionSpec, OPERATORS } from "../../../shared/query-grammar";
import { withDb } from "../../db/client";
import { GPU_MODEL_FIELDS, PROVIDER_FIELDS } from "../../db/queries/catalog";
import { INSTANCE_FIELDS } from "../../db/queries/instances";
import { instances } from "../../db/schema";
import { apiRequest } from "../../testing/factories";

// Property-based requests across every public endpoint and parameter (issue 12 §6, and the
// change feed, availability and alert routes since): values near
// and past the column types' edges, dates at the ends of the calendar, long and odd strings, known
// and unknown fields and operators. Whatever a request says, the API answers below 500, and every
// error is the documented envelope. Seeded, so a failure replays; bounded in runs, not in time.

const RUNS = 1_100;
const SEED = 20261201;

let instanceId = "00000000-0000-4000-8000-000000000000";
beforeAll(async () => {
  const [row] = await withDb(env, "fresh", (db) => db.select({ id: instances.id }).from(instances).limit(1));
  if (row) instanceId = row.id;
});

const edgeNumbers = fc.constantFrom(
  "0",
  "-1",
  "1",
  "32767",
  "32768",
  "-32769",
  "40000",
  "2147483647",
  "2147483648",
  "9007199254740993",
  "1e300",
  "-1e300",
  "1e-300",
  "0.00001",
  "999999.99995",
  `3.${"0".repeat(600)}1`,
  "NaN",
  "Infinity",
  "+5",
  ".5",
  "5.",
);
const edgeDates = fc.constantFrom(
  "0000-01-01",
  "0001-01-01",
  "9999-12-31",
  "9999-12-31T23:30:00-01:00",
  "10000-01-01",
  "2026-02-30",
  "2026-12-01T25:00:00Z",
  "2026-12-01T12:00:00.123456789+14:00",
  "2026-12-01 12:00",
  "-2026-01-01",
);
const oddStrings = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "%00",
    "'; DROP TABLE x; --",
    "<script>",
    "a".repeat(300),
    "h100-sxm",
    "runpod",
    "ü",
    "..%2F",
  ),
);
const value = fc.oneof(edgeNumbers, edgeDates, oddStrings, fc.integer().map(String), fc.double().map(String));

function listRequest(path: string, spec: CollectionSpec) {
  const fields = [...Object.keys(spec), "unknown_field", "provider.slug", "or"];
  const operators = [...OPERATORS, "nope"];
  const groups = fc.constantFrom(
    "",
    "",
    "[or][0]",
    "[or][1]",
    "[and][0][or][2]",
    "[or][0][and][0][or][0][and][0]",
    "[or]",
  );
  const condition = fc
    .tuple(groups, fc.constantFrom(...fields), fc.constantFrom(...operators), value)
    .map(([group, field, operator, raw]) => `where${group}[${field}][${operator}]=${encodeURIComponent(raw)}`);
  const extra = fc.oneof(
    fc
      .tuple(fc.boolean(), fc.constantFrom(...Object.keys(spec), "unknown", ""))
      .map(([descending, field]) => `sort=${descending ? "-" : ""}${field}`),
    value.map((raw) => `limit=${encodeURIComponent(raw)}`),
    value.map((raw) => `page=${encodeURIComponent(raw)}`),
    fc.constantFrom(
      "depth=0",
      "depth=1",
      "depth=2",
      "depth=3",
      "format=csv",
      "format=xml",
      "pagination=false",
      "pagination=0",
      "select[id]=true",
      "select[slug]=true",
      "select[nope]=true",
      "select[price_per_hour]=maybe",
    ),
  );
  return fc
    .tuple(fc.array(condition, { maxLength: 3 }), fc.array(extra, { maxLength: 2 }))
    .map(([conditions, extras]) => `${path}?${[...conditions, ...extras].join("&")}`);
}

const reads = fc.oneof(
  listRequest("/api/instances", INSTANCE_FIELDS),
  listRequest("/api/providers", PROVIDER_FIELDS),
  listRequest("/api/gpu-models", GPU_MODEL_FIELDS),
  fc
    .tuple(
      fc.constantFrom("gpu-models", "providers"),
      fc.oneof(oddStrings, fc.constantFrom("h100-sxm", "runpod")),
      fc.constantFrom("history", "availability"),
      value,
    )
    .map(
      ([collection, slug, view, days]) =>
        `/api/${collection}/${encodeURIComponent(slug)}/${view}?days=${encodeURIComponent(days)}`,
    ),
  fc
    .tuple(
      fc.oneof(oddStrings, fc.constantFrom("h100-sxm", "h100-sxm,a100-80gb")),
      fc.oneof(oddStrings, fc.constantFrom("runpod")),
      fc.constantFrom("", "price_cut", "back_in_stock,new_offer", "nope"),
      fc.constantFrom("", "on_demand", "spot", "reserved"),
      fc.oneof(edgeDates, value),
      value,
    )
    .map(
      ([gpu, provider, event, kind, since, raw]) =>
        `/api/changes?gpu=${encodeURIComponent(gpu)}&provider=${encodeURIComponent(provider)}${event ? `&event=${event}` : ""}${kind ? `&kind=${kind}` : ""}&since=${encodeURIComponent(since)}&min_change_percent=${encodeURIComponent(raw)}&limit=${encodeURIComponent(raw)}`,
    ),
  fc.oneof(oddStrings, fc.uuid()).map((id) => `/api/alerts/${encodeURIComponent(id)}`),
  fc
    .tuple(fc.oneof(oddStrings, fc.constant("")), fc.constantFrom("", "/history", "/availability"), value)
    .map(
      ([id, suffix, raw]) =>
        `/api/instances/${encodeURIComponent(id || instanceId)}${suffix}?depth=${encodeURIComponent(raw)}&days=${encodeURIComponent(raw)}`,
    ),
  fc
    .tuple(fc.oneof(oddStrings, fc.constant("h100-sxm")), value, fc.constantFrom("", "enterprise", "x"), value)
    .map(
      ([gpu, maxPrice, tier, spot]) =>
        `/api/compare-prices?gpuSlug=${encodeURIComponent(gpu)}&maxPrice=${encodeURIComponent(maxPrice)}${tier ? `&tier=${tier}` : ""}&includeSpot=${encodeURIComponent(spot)}`,
    ),
  fc
    .tuple(oddStrings, oddStrings)
    .map(([a, b]) => `/api/compare-providers?providers=${encodeURIComponent(a)},${encodeURIComponent(b)}`),
);

// Alert subscriptions made from generated bodies: any JSON, or rules with each field odd.
const jsonValue = fc.oneof(value, fc.double(), fc.boolean(), fc.constant(null), fc.array(oddStrings, { maxLength: 3 }));
const alertBodies = fc.oneof(
  fc.jsonValue().map((body) => JSON.stringify(body)),
  fc.string({ maxLength: 30 }),
  fc
    .record(
      {
        gpu: fc.oneof(oddStrings, fc.constant("h100-sxm")),
        providers: fc.oneof(jsonValue, fc.constant(["runpod"])),
        tier: fc.oneof(jsonValue, fc.constant("enterprise")),
        region: jsonValue,
        kind: fc.oneof(jsonValue, fc.constant("spot")),
        max_price_per_gpu_hour: fc.oneof(jsonValue, fc.double({ min: -10, max: 2_000 })),
        back_in_stock: jsonValue,
        channel: fc.oneof(fc.constantFrom("email", "webhook", "slack"), jsonValue),
        target: fc.oneof(
          oddStrings,
          fc.constantFrom("https://10.0.0.1/x", "https://[::1]/", "http://hooks.example.com/x", "not@an@email"),
        ),
        digest: jsonValue,
      },
      { requiredKeys: [] },
    )
    .map((body) => JSON.stringify(body)),
);
const requests = fc.oneof(
  { weight: 9, arbitrary: reads.map((path) => ({ path, init: {} })) },
  {
    weight: 1,
    arbitrary: alertBodies.map((body) => ({
      path: "/api/alerts",
      init: { method: "POST", headers: { "Content-Type": "application/json" }, body },
    })),
  },
);

describe("the API under generated requests", () => {
  it(`answers ${RUNS} generated requests below 500, every error in the envelope`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requests, async ({ path, init }) => {
        const response = await apiRequest(path, init);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500) throw new Error(`${response.status} for ${path}: ${await response.text()}`);
        if (response.status >= 400) {
          const parsed = apiErrorSchema.safeParse(await response.json());
          if (!parsed.success) throw new Error(`${response.status} for ${path} is not in the error envelope`);
          expect(parsed.data.status).toBe(response.status);
        } else await response.arrayBuffer();
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // The generator reaches both sides: answers and refusals.
    expect([...statuses.keys()].some((status) => status === 200)).toBe(true);
    expect([...statuses.keys()].some((status) => status === 400)).toBe(true);
  }, 240_000);
});
