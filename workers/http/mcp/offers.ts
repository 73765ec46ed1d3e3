import { z } from "zod";
import type { InstanceDoc } from "../../../shared/api-schemas";
import { type AvailabilityStatus, availabilityStatuses } from "../../../shared/domain";
import { perGpu } from "../../../shared/money";
import { type ListQuery, MAX_UNPAGINATED, parseListQuery } from "../../../shared/query-grammar";
import { type Database, withDb } from "../../db/client";
import { gpuModelBySlug, providerBySlug } from "../../db/queries/catalog";
import { INSTANCE_DEFAULT_SORT, INSTANCE_FIELDS, listInstances } from "../../db/queries/instances";
import { found, type McpTool, refused, slugSchema, type ToolAnswer } from "./tool";

// search_offers and cheapest_offer: /api/instances under another name. The filters become a query
// in the API's own grammar and go through its parser and its query function, so a tool accepts and
// answers exactly what the endpoint would.

const KINDS = ["on_demand", "spot"] as const;
const SORTS = ["price", "-price", "gpu_count", "-gpu_count"] as const;
type Kind = (typeof KINDS)[number];
type Sort = (typeof SORTS)[number];
const ON_DEMAND_SORT: Record<Sort, string> = {
  price: "price_per_gpu_hour",
  "-price": "-price_per_gpu_hour",
  gpu_count: "gpu_count,price_per_gpu_hour",
  "-gpu_count": "-gpu_count,price_per_gpu_hour",
};

export const offerSchema = z.object({
  id: z.uuid().describe("The offer's id (price_history takes it as offer_id)"),
  provider: z.object({ slug: z.string(), name: z.string() }),
  upstream_provider: z.string().nullable().describe("For a reseller's offer, the cloud that runs it"),
  gpu: z.object({ slug: z.string(), name: z.string() }),
  instance_type: z.string(),
  gpu_count: z.int(),
  price_per_hour: z.number().describe("USD per hour for the whole instance, on demand"),
  price_per_gpu_hour: z.number().describe("USD per GPU-hour, on demand"),
  price_per_hour_spot: z.number().nullable().describe("USD per hour for the whole instance, spot"),
  price_per_gpu_hour_spot: z.number().nullable().describe("USD per GPU-hour, spot"),
  availability: z.enum(availabilityStatuses),
  regions: z.array(z.string()),
  source_url: z.string().nullable().describe("Where the price was read"),
  last_scraped_at: z.string().describe("When the price was read (ISO 8601)"),
});
export type Offer = z.infer<typeof offerSchema>;

const filters = {
  gpu: slugSchema("GPU model").describe("GPU model slug, e.g. h100-sxm or a100-80gb (list_gpus names them all)"),
  provider: z
    .union([slugSchema("provider"), z.array(slugSchema("provider")).min(1).max(10)])
    .optional()
    .describe("A provider slug (e.g. runpod, lambda-labs) or a list of up to 10; offers of any of them"),
  kind: z
    .enum(KINDS)
    .default("on_demand")
    .describe(
      "on_demand: the hourly price without commitment. spot: only offers with a spot (interruptible) price, priced by it",
    ),
  region: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("A region as the provider names it, e.g. us-east-1; offers that list it among their regions"),
  availability: z
    .enum(availabilityStatuses)
    .optional()
    .describe("Only offers with this availability; available and limited can be rented now"),
};

interface OfferSearch {
  gpu?: string;
  provider?: string | string[];
  kind: Kind;
  region?: string;
  availability?: AvailabilityStatus;
  max_price_per_gpu_hour?: number;
  sort: Sort;
  limit: number;
}

const providersOf = (search: Pick<OfferSearch, "provider">) => [...new Set([search.provider ?? []].flat())];

/** The search as an /api/instances query string (docs/design.md §11), and which argument each parameter comes from. */
export function offerQuery(search: OfferSearch): { params: URLSearchParams; argumentOf: Record<string, string> } {
  const params = new URLSearchParams({ depth: "1" });
  const argumentOf: Record<string, string> = {};
  const set = (parameter: string, value: string, argument: string) => {
    params.set(parameter, value);
    argumentOf[parameter] = argument;
  };
  if (search.gpu) set("where[gpu_model_id][equals]", search.gpu, "gpu");
  const providers = providersOf(search);
  if (providers.length > 0) set("where[provider_id][in]", providers.join(","), "provider");
  if (search.region !== undefined) set("where[available_regions][equals]", search.region, "region");
  if (search.availability) set("where[availability_status][equals]", search.availability, "availability");
  if (search.kind === "spot") {
    // A spot price is stored per instance: its per-GPU order is worked out after loading (spotRanked).
    set("where[price_per_hour_spot][exists]", "true", "kind");
  } else {
    if (search.max_price_per_gpu_hour !== undefined)
      set(
        "where[price_per_gpu_hour][less_than_equal]",
        String(search.max_price_per_gpu_hour),
        "max_price_per_gpu_hour",
      );
    set("sort", ON_DEMAND_SORT[search.sort], "sort");
    set("limit", String(search.limit), "limit");
  }
  return { params, argumentOf };
}

export function offerOf(doc: InstanceDoc): Offer {
  const provider = doc.provider_id;
  const gpu = doc.gpu_model_id;
  if (typeof provider === "string" || typeof gpu === "string") throw new Error("offers are loaded at depth 1");
  const upstream = doc.price_includes?.upstream_provider;
  return {
    id: doc.id,
    provider: { slug: provider.slug, name: provider.display_name },
    upstream_provider: typeof upstream === "string" ? upstream : null,
    gpu: { slug: gpu.slug, name: gpu.name },
    instance_type: doc.instance_type,
    gpu_count: doc.gpu_count,
    price_per_hour: doc.price_per_hour,
    price_per_gpu_hour: doc.price_per_gpu_hour,
    price_per_hour_spot: doc.price_per_hour_spot,
    price_per_gpu_hour_spot: perGpu(doc.price_per_hour_spot, doc.gpu_count),
    availability: doc.availability_status,
    regions: doc.available_regions ?? [],
    source_url: doc.source_url,
    last_scraped_at: doc.last_scraped_at,
  };
}

/** Spot offers by spot price per GPU-hour (as `sort` says), at most `max` of it. Ties keep their order. */
export function spotRanked(offers: Offer[], sort: Sort, max?: number): Offer[] {
  const spot = (offer: Offer) => offer.price_per_gpu_hour_spot ?? Number.POSITIVE_INFINITY;
  const direction = sort.startsWith("-") ? -1 : 1;
  return offers
    .filter((offer) => max === undefined || spot(offer) <= max)
    .sort((a, b) =>
      sort.endsWith("gpu_count")
        ? direction * (a.gpu_count - b.gpu_count) || spot(a) - spot(b)
        : direction * (spot(a) - spot(b)),
    );
}

/** Every page of a query: spot offers are ranked in full, since the database cannot order them per GPU. */
async function everyOffer(db: Database, query: ListQuery): Promise<InstanceDoc[]> {
  const docs: InstanceDoc[] = [];
  for (let page = 1; ; page++) {
    const result = await listInstances(db, { ...query, limit: MAX_UNPAGINATED, page });
    docs.push(...result.docs);
    if (!result.hasNextPage) return docs;
  }
}

/** A readable refusal for slugs the catalogue does not hold, or null when it holds them all. */
async function unknownSlugs(db: Database, search: OfferSearch): Promise<string | null> {
  const providers = providersOf(search);
  const [gpu, ...known] = await Promise.all([
    search.gpu ? gpuModelBySlug(db, search.gpu) : null,
    ...providers.map((slug) => providerBySlug(db, slug)),
  ]);
  if (search.gpu && !gpu) return `No GPU model "${search.gpu}". list_gpus names every GPU model.`;
  const missing = providers.filter((_, i) => !known[i]);
  if (missing.length > 0) return `No provider ${missing.map((slug) => `"${slug}"`).join(" or ")}.`;
  return null;
}

async function searchOffers(env: Env, search: OfferSearch): Promise<ToolAnswer<{ offers: Offer[]; total: number }>> {
  const { params, argumentOf } = offerQuery(search);
  const parsed = parseListQuery(params, INSTANCE_FIELDS, { defaultSort: INSTANCE_DEFAULT_SORT });
  if (!parsed.ok)
    return refused(
      parsed.problems
        .map((problem) => `${argumentOf[problem.parameter] ?? problem.parameter}: ${problem.message}`)
        .join("; "),
    );
  const { query } = parsed;
  return withDb(env, "fresh", async (db) => {
    const unknown = await unknownSlugs(db, search);
    if (unknown) return refused(unknown);
    if (search.kind === "on_demand") {
      const page = await listInstances(db, query);
      return found({ offers: page.docs.map(offerOf), total: page.totalDocs });
    }
    const ranked = spotRanked((await everyOffer(db, query)).map(offerOf), search.sort, search.max_price_per_gpu_hour);
    return found({ offers: ranked.slice(0, search.limit), total: ranked.length });
  });
}

const searchInput = z.object({
  ...filters,
  gpu: filters.gpu.optional(),
  max_price_per_gpu_hour: z
    .number()
    .positive()
    .max(1000)
    .optional()
    .describe("Only offers at or below this many USD per GPU-hour (the spot price per GPU-hour for kind spot)"),
  limit: z.int().min(1).max(50).default(20).describe("How many offers to answer, 1 to 50"),
  sort: z
    .enum(SORTS)
    .default("price")
    .describe("price: cheapest per GPU-hour first (-price: dearest first); gpu_count: smallest instances first"),
});

const searchOutput = z.object({
  offers: z.array(offerSchema),
  total: z.int().describe("Offers matching the filters; more than answered when total > offers.length"),
});

export const searchOffersTool: McpTool<typeof searchInput, typeof searchOutput> = {
  name: "search_offers",
  title: "Search GPU offers",
  description:
    "Active GPU cloud offers across providers, filtered by GPU model, provider, region, availability and price, cheapest per GPU-hour first. Prices are USD.",
  input: searchInput,
  output: searchOutput,
  run: (input, { env }) => searchOffers(env, input),
};

/** The search in words, for an answer without offers: `spot offer of h100-sxm from runpod in "eu-west-1"`. */
function searchText(search: Omit<OfferSearch, "sort" | "limit">): string {
  const providers = providersOf(search);
  return [
    `${search.kind === "spot" ? "spot " : ""}offer of ${search.gpu ?? "any GPU"}`,
    ...(providers.length > 0 ? [`from ${providers.join(" or ")}`] : []),
    ...(search.region !== undefined ? [`in "${search.region}"`] : []),
    ...(search.availability ? [`with availability ${search.availability}`] : []),
  ].join(" ");
}

const cheapestInput = z.object(filters);
const cheapestOutput = z.object({
  offer: offerSchema.nullable().describe("The cheapest matching offer, or null when none matches"),
  matching_offers: z.int(),
  message: z.string().optional(),
});

export const cheapestOfferTool: McpTool<typeof cheapestInput, typeof cheapestOutput> = {
  name: "cheapest_offer",
  title: "Cheapest offer of a GPU",
  description:
    "The single cheapest active offer of a GPU model by USD per GPU-hour (by the spot price per GPU-hour for kind spot), or null with a message when nothing matches.",
  input: cheapestInput,
  output: cheapestOutput,
  run: async (input, { env }) => {
    const answer = await searchOffers(env, { ...input, sort: "price", limit: 1 });
    if (!answer.ok) return answer;
    const [offer] = answer.value.offers;
    if (offer) return found({ offer, matching_offers: answer.value.total });
    return found({ offer: null, matching_offers: 0, message: `No active ${searchText(input)}.` });
  },
};
