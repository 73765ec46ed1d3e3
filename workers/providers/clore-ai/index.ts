import { z } from "zod";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { median } from "../../../shared/stats";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// Clore.ai is a marketplace of hosts' servers: `GET /v1/marketplace` lists every server (rented or
// not) with its asking price, whole server, PER DAY (Clore's API documents host pricing as
// "Price/day" and spot bids as "price per day"). Native prices are in bitcoin, CLORE and the
// USD-Blockchain stablecoin; `price.usd` states them in USD: `on_demand_usd` (the USD price),
// `on_demand_btc` / `on_demand_clore` (the bitcoin and CLORE prices in USD), and `spot`, the
// minimum bid a spot renter must offer. We divide by 24 for hourly prices.
//
// Like Vast.ai there is no list price, so one offer is published per (GPU name, memory per GPU,
// GPU count): the cheapest free server's on-demand price, with server counts and the median beside
// it. The spot minimum is a bid floor: it stays spot and never becomes the on-demand price.

const HOURS_PER_DAY = 24;
// At least this many free servers of one kind: "available"; fewer is "limited".
const AMPLE_SERVERS = 3;

const usdSchema = z
  .object({
    on_demand_usd: z.number().nullish(),
    on_demand_btc: z.number().nullish(),
    on_demand_clore: z.number().nullish(),
    spot: z.number().nullish(),
  })
  .loose();

const serverSchema = z
  .object({
    id: z.int(),
    rented: z.boolean(),
    price: z
      .object({
        usd: usdSchema.nullish(),
        original_usd: z
          .record(z.string(), z.object({ on_demand: z.number().nullish(), spot: z.number().nullish() }).loose())
          .nullish(),
      })
      .loose(),
    specs: z
      .object({
        gpu: z.string(),
        gpuram: z.number().nullish(), // GB per GPU
        cpus: z.union([z.string(), z.number()]).nullish(), // "cores/threads"
        ram: z.number().nullish(), // GB
        disk: z.string().nullish(), // free text ending in "…GB"
        net: z.object({ cc: z.string().nullish() }).loose().nullish(),
      })
      .loose(),
    gpu_array: z.array(z.string()).nullish(),
    mrl: z.number().nullish(), // minimum rental length, hours
    reliability: z.number().nullish(),
    // Seen both as a flag and as counts of the host's GPUs.
    partial_gpu_rental: z
      .union([
        z.boolean(),
        z.object({ total_gpus: z.number().nullish(), available_gpus: z.number().nullish() }).loose(),
      ])
      .nullish(),
  })
  .loose();
type Server = z.infer<typeof serverSchema>;

const responseSchema = z
  .object({ code: z.number(), servers: z.array(z.unknown()).optional(), error: z.unknown().optional() })
  .loose();

const GPU_SPEC = /^\s*(\d+)\s*x\s+(.+?)\s*$/i;

/** A server priced in USD per day, read into per-hour amounts. */
interface Listed {
  server: Server;
  gpuName: string;
  gpuCount: number;
  pricePerHour: number;
  priceCurrency: string;
  spotPerHour: number | null;
}

const perHour = (perDay: number) => Math.round((perDay / HOURS_PER_DAY) * 1e6) / 1e6;

/** The price a renter pays on demand, per day in USD: the USD price, else the bitcoin or CLORE one's USD value. */
function onDemandPerDay(usd: z.infer<typeof usdSchema>): { amount: number; currency: string } | null {
  const candidates: [number | null | undefined, string][] = [
    [usd.on_demand_usd, "USD-Blockchain"],
    [usd.on_demand_btc, "bitcoin"],
    [usd.on_demand_clore, "CLORE-Blockchain"],
  ];
  for (const [amount, currency] of candidates) {
    const value = positive(amount);
    if (value !== null) return { amount: value, currency };
  }
  return null;
}

/** The lowest spot bid the host accepts, per day in USD, in any currency; null when it takes none. */
function spotFloorPerDay(server: Server): number | null {
  const stated = positive(server.price.usd?.spot);
  if (stated !== null) return stated;
  const floors = Object.values(server.price.original_usd ?? {})
    .map((prices) => positive(prices.spot))
    .filter((floor) => floor !== null);
  return floors.length ? Math.min(...floors) : null;
}

/** "8x NVIDIA GeForce RTX 3090" → 8 and the name; the GPU list when the spec string has no count. */
function gpusOf(server: Server): { name: string; count: number } | null {
  const match = GPU_SPEC.exec(server.specs.gpu);
  if (match?.[1] && match[2]) return { count: Number(match[1]), name: match[2] };
  const names = [...new Set((server.gpu_array ?? []).map((name) => name.trim()).filter(Boolean))];
  const [only] = names;
  return only && names.length === 1 ? { count: server.gpu_array?.length ?? 0, name: only } : null;
}

const numberIn = (text: string | null | undefined, pattern: RegExp) => {
  const match = text ? pattern.exec(text) : null;
  return match?.[1] ? Number(match[1]) : null;
};

const roundOrNull = (value: number | null | undefined) => (value == null ? null : Math.round(value));

/** The server's two-letter country code, when it states one. */
function countryOf(server: Server): string | null {
  const cc = server.specs.net?.cc?.trim().toUpperCase();
  return cc && /^[A-Z]{2}$/.test(cc) ? cc : null;
}

const instanceTypeOf = (gpuName: string, memoryGb: number | null | undefined, gpuCount: number) =>
  `${gpuName}${memoryGb ? ` ${memoryGb}GB` : ""} x${gpuCount}`.slice(0, 100);

type Read = { listed: Listed } | { skipped: SkippedRecord };

function readServer(record: unknown): Read {
  const parsed = serverSchema.safeParse(record);
  if (!parsed.success) return { skipped: { reason: describeIssues(parsed.error), raw: record } };
  const server = parsed.data;
  const gpus = gpusOf(server);
  if (!gpus) return { skipped: { reason: `cannot read the GPUs from "${server.specs.gpu}"`, raw: record } };
  const known = {
    instanceType: instanceTypeOf(gpus.name, server.specs.gpuram, gpus.count),
    gpuNameRaw: gpus.name,
    raw: record,
  };
  if (/^mixed\b/i.test(gpus.name))
    return { skipped: { reason: "several GPU models in one server", cause: "excluded", ...known } };
  if (gpus.count < 1) return { skipped: { reason: `${gpus.count} GPUs`, ...known } };
  if (server.rented) return { skipped: { reason: "already rented", cause: "excluded", ...known } };
  const partial = server.partial_gpu_rental;
  if (typeof partial === "object" && partial !== null) {
    const { total_gpus: total, available_gpus: free } = partial;
    // Some of its GPUs are rented out: what is left is not the whole server the price is for.
    if (typeof free === "number" && typeof total === "number" && free < total)
      return { skipped: { reason: `partly rented: ${free} of ${total} GPUs free`, cause: "excluded", ...known } };
  }
  const onDemand = server.price.usd ? onDemandPerDay(server.price.usd) : null;
  if (!onDemand) return { skipped: { reason: "no on-demand price in price.usd", ...known } };
  const spot = spotFloorPerDay(server);
  return {
    listed: {
      server,
      gpuName: gpus.name,
      gpuCount: gpus.count,
      pricePerHour: perHour(onDemand.amount),
      priceCurrency: onDemand.currency,
      spotPerHour: spot === null ? null : perHour(spot),
    },
  };
}

function publish(instanceType: string, members: Listed[], sourceUrl: string): ProviderOffer | null {
  const byPrice = [...members].sort((a, b) => a.pricePerHour - b.pricePerHour || a.server.id - b.server.id);
  const [cheapest] = byPrice;
  if (!cheapest) return null;
  const { server } = cheapest;
  const floors = members.map((member) => member.spotPerHour).filter((floor) => floor !== null);
  const spotFloor = floors.length ? Math.min(...floors) : null;
  const medianPrice = median(members.map((member) => member.pricePerHour));
  const regions = [...new Set(members.map((member) => countryOf(member.server)).filter((cc) => cc !== null))].sort();
  const counts = { server_count: members.length, median_price_per_hour: medianPrice };
  return {
    instanceType,
    instanceName: server.specs.gpu,
    gpuNameRaw: cheapest.gpuName,
    gpuCount: cheapest.gpuCount,
    gpuMemoryGb: positive(server.specs.gpuram),
    currency: "USD",
    pricePerHour: cheapest.pricePerHour,
    // A minimum bid at or above the on-demand price offers nothing cheaper: no spot price.
    pricePerHourSpot: spotFloor !== null && spotFloor < cheapest.pricePerHour ? spotFloor : null,
    availability: members.length >= AMPLE_SERVERS ? "available" : "limited",
    regions,
    vcpuCount: numberIn(String(server.specs.cpus ?? ""), /(\d+)\s*$/),
    ramGb: roundOrNull(server.specs.ram),
    storageGb: roundOrNull(numberIn(server.specs.disk, /(\d+(?:\.\d+)?)\s*GB\s*$/i)),
    priceIncludes: {
      ...counts,
      cheapest_server_id: server.id,
      price_currency: cheapest.priceCurrency,
      price_basis: "cheapest free server's on-demand asking price, USD per day / 24; spot is the lowest minimum bid",
      minimum_rental_hours: server.mrl ?? null,
    },
    sourceUrl,
    raw: { cheapest: server, ...counts },
  };
}

function errorCodeOf(code: number) {
  if (code === 3) return "INVALID_API_KEY" as const;
  if (code === 5) return "RATE_LIMITED" as const;
  return "UPSTREAM_ERROR" as const;
}

export const cloreAi: ProviderAdapter = {
  slug: "clore-ai",
  method: "api",
  version: "clore-ai/1",
  baseUrl: { env: "CLORE_AI_BASE_URL", default: "https://api.clore.ai" },
  // The marketplace answers without a key; Clore's documentation sends one in an `auth` header.
  credential: { secret: "CLORE_AI_API_KEY", required: false },

  async scrape({ http, baseUrl, credential }) {
    const url = `${baseUrl}/v1/marketplace`;
    const headers: Record<string, string> = credential ? { auth: credential } : {};
    const response = parseOrDrift(responseSchema, await http.json({ url, headers }), "Clore.ai marketplace response");
    if (response.code !== 0) {
      const detail = typeof response.error === "string" ? `: ${response.error}` : "";
      throw new ProviderError(errorCodeOf(response.code), `Clore.ai answered code ${response.code}${detail}`, { url });
    }
    const servers = response.servers;
    if (!servers)
      throw new ProviderError("SCHEMA_DRIFT", "Clore.ai marketplace response has code 0 but no servers", { url });
    const priced = servers.some((server) => {
      const usd = (server as { price?: { usd?: unknown } } | null)?.price?.usd;
      return usd !== null && typeof usd === "object";
    });
    if (servers.length > 0 && !priced)
      throw new ProviderError(
        "SCHEMA_DRIFT",
        `none of the ${servers.length} Clore.ai servers carries price.usd: its prices are in crypto only`,
        { url },
      );

    const groups = new Map<string, Listed[]>();
    const skipped: SkippedRecord[] = [];
    for (const record of servers) {
      const read = readServer(record);
      if ("skipped" in read) {
        skipped.push(read.skipped);
        continue;
      }
      const { listed } = read;
      const key = instanceTypeOf(listed.gpuName, listed.server.specs.gpuram, listed.gpuCount);
      const group = groups.get(key);
      if (group) group.push(listed);
      else groups.set(key, [listed]);
    }
    const offers = [...groups].flatMap(([instanceType, members]) => publish(instanceType, members, url) ?? []);
    return { offers, skipped };
  },
};
