import { z } from "zod";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError, type ProviderHttp } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// DigitalOcean's Droplet sizes (a personal access token is required), where Paperspace's GPU fleet
// went: USD per hour and per month for the whole Droplet, `regions` where the size can be created
// now, `available` whether it can be created at all. A GPU size carries `gpu_info` {count, model
// ("nvidia_h100", "amd_mi300x"), vram}, whose `vram` is the memory of ALL the size's GPUs (640 GiB
// on gpu-h100x8-640gb), and whose slug repeats count and total ("x8-640gb"), which the adapter
// checks against each other. Spot capacity is listed as sizes of its own, "<on-demand slug>-spot".
// Paged by `links.pages.next`.

const MAX_PAGES = 20;
const PER_PAGE = 200;

// gpu-h100x8-640gb, gpu-4000adax1-20gb, gpu-h100x8-640gb-200 (small disk), gpu-b300x1-288gb-lc-spot.
const GPU_SLUG = /^gpu-[a-z0-9]+?x(\d+)-(\d+)gb(?:-|$)/;
const SPOT_SUFFIX = "-spot";

// DigitalOcean's GPU pricing page sells these as "NVIDIA HGX …" systems: SXM modules on an HGX
// baseboard, also when a Droplet gets one GPU of the eight. L40S and the RTX Ada cards are PCIe-only
// and the identity layer needs no form factor for them; AMD's Instinct parts are OAM modules.
const HGX_MODELS = new Set(["nvidia_h100", "nvidia_h200", "nvidia_b200", "nvidia_b300"]);

// GPU vendors size HBM and GDDR in binary units, so DigitalOcean's "80 gib" is the card sold as
// "80 GB": the figure is kept, not converted (×1.074 would make an H100 look like 86 GB). Disks,
// in gib too, are counted the same way, as the slugs and the pricing page name them.
const UNIT_TO_GB: Readonly<Record<string, number>> = { gib: 1, gb: 1, mib: 1 / 1024, mb: 1 / 1024 };

const errorSchema = z.object({ id: z.string().min(1), message: z.string().nullish() }).loose();
const pageSchema = z.object({
  sizes: z.array(z.unknown()),
  links: z
    .object({ pages: z.object({ next: z.string().nullish() }).loose().nullish() })
    .loose()
    .nullish(),
  meta: z.object({ total: z.int().nonnegative().nullish() }).loose().nullish(),
});

const sizeAmount = z.object({ amount: z.number().nonnegative(), unit: z.string() });
const sizeSchema = z.object({
  slug: z.string().min(1),
  description: z.string().nullish(),
  memory: z.number().nonnegative().nullish(), // MB
  vcpus: z.int().nonnegative().nullish(),
  disk: z.number().nonnegative().nullish(), // GB
  price_hourly: z.number().nonnegative(),
  price_monthly: z.number().nonnegative().nullish(),
  regions: z.array(z.string().min(1)),
  available: z.boolean(),
  gpu_info: z.object({
    count: z.int().positive(),
    model: z.string().min(1),
    vram: sizeAmount.nullish(),
  }),
  disk_info: z.array(z.object({ type: z.string(), size: sizeAmount }).loose()).nullish(),
});
type Size = z.infer<typeof sizeSchema>;

interface Listed {
  record: unknown;
  sourceUrl: string;
}

/** The next page's URL, on our base URL (the API names its own host; a proxy override must hold). */
function nextUrl(baseUrl: string, next: string | null | undefined): string | null {
  if (!next) return null;
  const parsed = new URL(next, `${baseUrl}/`);
  return `${baseUrl}${parsed.pathname}${parsed.search}`;
}

async function listSizes(http: ProviderHttp, baseUrl: string, token: string): Promise<Listed[]> {
  const listed: Listed[] = [];
  const seen = new Set<string>();
  let url: string | null = `${baseUrl}/v2/sizes?per_page=${PER_PAGE}`;
  for (let page = 1; url && page <= MAX_PAGES; page++) {
    seen.add(url);
    const body = await http.json({ url, headers: { Authorization: `Bearer ${token}` } });
    const upstream = errorSchema.safeParse(body);
    if (upstream.success && !(body as { sizes?: unknown }).sizes) {
      const { id, message } = upstream.data;
      throw new ProviderError(
        id === "unauthorized" ? "INVALID_API_KEY" : "UPSTREAM_ERROR",
        `DigitalOcean API error ${id}: ${message ?? "(no message)"}`,
        { url },
      );
    }
    const answer = parseOrDrift(pageSchema, body, "DigitalOcean sizes response");
    const sourceUrl: string = url;
    listed.push(...answer.sizes.map((record) => ({ record, sourceUrl })));
    url = nextUrl(baseUrl, answer.links?.pages?.next);
    if (url && seen.has(url))
      throw new ProviderError("UPSTREAM_ERROR", `DigitalOcean sizes page ${page} points back to ${url}`, { url });
  }
  if (url)
    throw new ProviderError("UPSTREAM_ERROR", `DigitalOcean sizes still had a next page after ${MAX_PAGES} pages`, {
      url,
    });
  return listed;
}

/** Memory of one GPU: the size's total VRAM over its GPU count, checked against what the slug says. */
function memoryPerGpu(size: Size): { gb: number | null } | { unreadable: string } {
  const { count, vram } = size.gpu_info;
  const slug = GPU_SLUG.exec(size.slug);
  const slugCount = slug ? Number(slug[1]) : null;
  const slugTotal = slug ? Number(slug[2]) : null;
  if (slugCount !== null && slugCount !== count)
    return { unreadable: `the slug says x${slugCount} but gpu_info.count is ${count}` };
  if (!vram) return { gb: slugTotal === null ? null : round(slugTotal / count) };
  const factor = UNIT_TO_GB[vram.unit.toLowerCase()];
  if (factor === undefined) return { unreadable: `gpu_info.vram in an unknown unit ${JSON.stringify(vram.unit)}` };
  const total = vram.amount * factor;
  if (!(total > 0)) return { unreadable: `gpu_info.vram of ${vram.amount} ${vram.unit}` };
  // A vram that became per GPU (80 on an x8-640gb slug) would make eight cards look like slices.
  if (slugTotal !== null && Math.abs(total - slugTotal) > 0.5)
    return {
      unreadable: `gpu_info.vram ${vram.amount} ${vram.unit} is not the ${slugTotal} GB the slug names for all ${count} GPUs`,
    };
  return { gb: round(total / count) };
}

const round = (value: number) => Math.round(value * 100) / 100;
const gbFromMb = (mb: number | null | undefined) => (mb ? round(mb / 1024) : null);

function storageOf(size: Size): number | null {
  const disks = size.disk_info ?? [];
  const gb = disks.reduce((sum, disk) => sum + disk.size.amount * (UNIT_TO_GB[disk.size.unit.toLowerCase()] ?? 0), 0);
  return gb > 0 ? round(gb) : (size.disk ?? null);
}

type Read = { size: Size; listed: Listed } | { skipped: SkippedRecord } | null;

function readSize(listed: Listed): Read {
  const { record } = listed;
  const loose = record as { slug?: unknown; gpu_info?: unknown } | null;
  const slug = typeof loose?.slug === "string" ? loose.slug : undefined;
  // Only GPU sizes are validated: a CPU size with an odd field is none of this adapter's business.
  if (!loose?.gpu_info && !slug?.startsWith("gpu-")) return null;
  const parsed = sizeSchema.safeParse(record);
  if (!parsed.success) return { skipped: { reason: describeIssues(parsed.error), instanceType: slug, raw: record } };
  return { size: parsed.data, listed };
}

const canCreate = (size: Size) => size.available && size.regions.length > 0;

function offerOf(
  { size, listed }: { size: Size; listed: Listed },
  spot: Size | undefined,
): ProviderOffer | SkippedRecord {
  const skip = (reason: string): SkippedRecord => ({
    reason,
    instanceType: size.slug,
    gpuNameRaw: size.gpu_info.model,
    raw: listed.record,
  });
  const pricePerHour = positive(size.price_hourly);
  if (pricePerHour === null) return skip(`price_hourly ${size.price_hourly} is not a price`);
  const memory = memoryPerGpu(size);
  if ("unreadable" in memory) return skip(memory.unreadable);
  // A spot size that cannot be created now is no spot offer; nor is one dearer than on demand.
  const spotPrice = spot && canCreate(spot) ? positive(spot.price_hourly) : null;
  const pricePerHourSpot = spotPrice !== null && spotPrice < pricePerHour ? spotPrice : null;
  return {
    instanceType: size.slug,
    instanceName: size.description ?? null,
    gpuNameRaw: size.gpu_info.model,
    gpuCount: size.gpu_info.count,
    gpuMemoryGb: memory.gb,
    formFactor: HGX_MODELS.has(size.gpu_info.model.toLowerCase()) ? "SXM" : null,
    currency: "USD",
    pricePerHour,
    pricePerHourSpot,
    pricePerMonth: positive(size.price_monthly),
    availability: canCreate(size) ? "available" : "sold_out",
    regions: canCreate(size) ? size.regions : [],
    vcpuCount: size.vcpus ?? null,
    ramGb: gbFromMb(size.memory),
    storageGb: storageOf(size),
    priceIncludes: {
      gpu_vram_total: size.gpu_info.vram ?? null,
      disks: size.disk_info ?? null,
      ...(spot
        ? {
            spot_size: spot.slug,
            spot_price_hourly: spot.price_hourly,
            spot_regions: canCreate(spot) ? spot.regions : [],
          }
        : {}),
    },
    sourceUrl: listed.sourceUrl,
    raw: spot ? { size: listed.record, spot } : listed.record,
  };
}

export const digitalocean: ProviderAdapter = {
  slug: "digitalocean",
  method: "api",
  version: "digitalocean/1",
  baseUrl: { env: "DIGITALOCEAN_BASE_URL", default: "https://api.digitalocean.com" },
  credential: { secret: "DIGITALOCEAN_API_KEY", required: true },

  async scrape({ http, baseUrl, credential }) {
    const url = `${baseUrl}/v2/sizes?per_page=${PER_PAGE}`;
    // Without a token DigitalOcean answers 401 anyway; failing here keeps a request from going out for nothing.
    if (!credential)
      throw new ProviderError("MISSING_CREDENTIALS", "DigitalOcean's sizes API needs DIGITALOCEAN_API_KEY", { url });

    const skipped: SkippedRecord[] = [];
    const onDemand: { size: Size; listed: Listed }[] = [];
    const spotSizes = new Map<string, Size>();
    const spotRecords: { size: Size; listed: Listed }[] = [];
    // Every GPU slug seen, readable or not: a spot size whose on-demand twin was unreadable is
    // covered by that twin's report, not excluded as spot-only.
    const gpuSlugs = new Set<string>();
    for (const listed of await listSizes(http, baseUrl, credential)) {
      const read = readSize(listed);
      if (!read) continue;
      const slug = "skipped" in read ? read.skipped.instanceType : read.size.slug;
      if (slug) gpuSlugs.add(slug);
      if ("skipped" in read) skipped.push(read.skipped);
      else if (read.size.slug.endsWith(SPOT_SUFFIX)) {
        spotSizes.set(read.size.slug.slice(0, -SPOT_SUFFIX.length), read.size);
        spotRecords.push(read);
      } else onDemand.push(read);
    }

    const offers: ProviderOffer[] = [];
    for (const read of onDemand) {
      const outcome = offerOf(read, spotSizes.get(read.size.slug));
      if ("pricePerHour" in outcome) offers.push(outcome);
      else skipped.push(outcome);
    }
    for (const { size, listed } of spotRecords) {
      const onDemandSlug = size.slug.slice(0, -SPOT_SUFFIX.length);
      if (gpuSlugs.has(onDemandSlug)) continue;
      skipped.push({
        reason: `spot-only size: there is no on-demand ${onDemandSlug} to publish its spot price beside`,
        cause: "excluded",
        instanceType: size.slug,
        gpuNameRaw: size.gpu_info.model,
        raw: listed.record,
      });
    }
    return { offers, skipped };
  },
};
