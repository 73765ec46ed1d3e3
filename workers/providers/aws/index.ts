import { z } from "zod";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift } from "../parse";
import type { AdapterContext, ProviderAdapter } from "../types";

// AWS EC2 on-demand prices from the small per-location JSON documents that aws.amazon.com's own
// on-demand pricing page loads (one per location, Linux, shared tenancy), instead of the bulk price
// list, which runs to hundreds of MB per region and does not fit a Worker. Each document maps
// entries to `{ "Instance Type", price }`, the price a decimal string in USD per hour for the whole
// instance. The documents are keyed by location NAME ("US East (N. Virginia)"); the region code is
// ours, from the table below. The documents do not name GPUs: the instance type → GPU model, count
// and memory table below is ours, from AWS's accelerated-computing instance documentation.
// Spot prices come from the public feed behind aws.amazon.com/ec2/spot/pricing (one ~3 MB JSON,
// `config.regions[].instanceTypes[].sizes[]`, "N/A*" where a size has no spot price). AWS publishes
// no stock signal here, so every offer is "limited". Reserved rates are only in the bulk file and
// are left out.

/** The spot feed's fixed address; it lives on another host than the on-demand documents. */
export const AWS_SPOT_URL = "https://website.spot.ec2.aws.a2z.com/spot.json";
const ON_DEMAND_PATH = "/pricing/2.0/meteredUnitMaps/ec2/USD/current/ec2-ondemand-without-sec-sel";

/** Location name as AWS's pricing documents spell it → region code. */
export const AWS_LOCATIONS: Readonly<Record<string, string>> = {
  "US East (N. Virginia)": "us-east-1",
  "US East (Ohio)": "us-east-2",
  "US West (N. California)": "us-west-1",
  "US West (Oregon)": "us-west-2",
  "Canada (Central)": "ca-central-1",
  "Canada West (Calgary)": "ca-west-1",
  "South America (Sao Paulo)": "sa-east-1",
  "Europe (Frankfurt)": "eu-central-1",
  "Europe (Zurich)": "eu-central-2",
  "Europe (Ireland)": "eu-west-1",
  "Europe (London)": "eu-west-2",
  "Europe (Paris)": "eu-west-3",
  "Europe (Stockholm)": "eu-north-1",
  "Europe (Milan)": "eu-south-1",
  "Europe (Spain)": "eu-south-2",
  "Asia Pacific (Tokyo)": "ap-northeast-1",
  "Asia Pacific (Seoul)": "ap-northeast-2",
  "Asia Pacific (Osaka)": "ap-northeast-3",
  "Asia Pacific (Singapore)": "ap-southeast-1",
  "Asia Pacific (Sydney)": "ap-southeast-2",
  "Asia Pacific (Jakarta)": "ap-southeast-3",
  "Asia Pacific (Melbourne)": "ap-southeast-4",
  "Asia Pacific (Mumbai)": "ap-south-1",
  "Asia Pacific (Hyderabad)": "ap-south-2",
  "Asia Pacific (Hong Kong)": "ap-east-1",
  "Middle East (Bahrain)": "me-south-1",
  "Middle East (UAE)": "me-central-1",
  "Israel (Tel Aviv)": "il-central-1",
  "Africa (Cape Town)": "af-south-1",
};

interface GpuSpec {
  gpu: string;
  count: number;
  /** Per GPU, GB, as AWS's instance documentation states it. */
  memoryGb: number;
  formFactor: string | null;
}

const spec = (gpu: string, count: number, memoryGb: number, formFactor: string | null = null): GpuSpec => ({
  gpu,
  count,
  memoryGb,
  formFactor,
});

const sizes = (family: string, names: string[], gpu: GpuSpec) =>
  Object.fromEntries(names.map((size) => [`${family}.${size}`, gpu]));

/** Whole-GPU EC2 instance types. Fractional-GPU sizes (g6f, gr6f) are deliberately absent. */
export const AWS_GPU_INSTANCES: Readonly<Record<string, GpuSpec>> = {
  "p6-b200.48xlarge": spec("NVIDIA B200", 8, 180, "SXM"),
  "p5en.48xlarge": spec("NVIDIA H200", 8, 141, "SXM"),
  "p5e.48xlarge": spec("NVIDIA H200", 8, 141, "SXM"),
  "p5.48xlarge": spec("NVIDIA H100", 8, 80, "SXM"),
  "p5.4xlarge": spec("NVIDIA H100", 1, 80, "SXM"),
  "p4de.24xlarge": spec("NVIDIA A100 80GB", 8, 80, "SXM"),
  "p4d.24xlarge": spec("NVIDIA A100 40GB", 8, 40, "SXM"),
  "p3dn.24xlarge": spec("NVIDIA V100 32GB", 8, 32, "SXM"),
  "p3.2xlarge": spec("NVIDIA V100 16GB", 1, 16, "SXM"),
  "p3.8xlarge": spec("NVIDIA V100 16GB", 4, 16, "SXM"),
  "p3.16xlarge": spec("NVIDIA V100 16GB", 8, 16, "SXM"),
  ...sizes("g6e", ["xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge"], spec("NVIDIA L40S", 1, 48)),
  ...sizes("g6e", ["12xlarge", "24xlarge"], spec("NVIDIA L40S", 4, 48)),
  ...sizes("g6e", ["48xlarge"], spec("NVIDIA L40S", 8, 48)),
  ...sizes("g6", ["xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge"], spec("NVIDIA L4", 1, 24)),
  ...sizes("g6", ["12xlarge", "24xlarge"], spec("NVIDIA L4", 4, 24)),
  ...sizes("g6", ["48xlarge"], spec("NVIDIA L4", 8, 24)),
  ...sizes("gr6", ["4xlarge", "8xlarge"], spec("NVIDIA L4", 1, 24)),
  ...sizes("g5", ["xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge"], spec("NVIDIA A10G", 1, 24)),
  ...sizes("g5", ["12xlarge", "24xlarge"], spec("NVIDIA A10G", 4, 24)),
  ...sizes("g5", ["48xlarge"], spec("NVIDIA A10G", 8, 24)),
  ...sizes("g4dn", ["xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge"], spec("NVIDIA T4", 1, 16)),
  ...sizes("g4dn", ["12xlarge"], spec("NVIDIA T4", 4, 16)),
  ...sizes("g4dn", ["metal"], spec("NVIDIA T4", 8, 16)),
};

/** Families that carry GPUs; a size of one that the table does not know is reported, not guessed. */
const GPU_FAMILY = /^(p\d|g\d|gr\d)/;
const FRACTIONAL_FAMILY = /^(g6f|gr6f)\./;

// A plain decimal string: "55.0400000000". Anything else (a number, "N/A") means the format changed.
const decimalString = z.string().regex(/^\d+(\.\d+)?$/, "not a decimal string");

const onDemandEntrySchema = z.object({
  "Instance Type": z.string().min(1),
  price: decimalString,
  "Operating System": z.string().optional(),
  Location: z.string().optional(),
  vCPU: z.string().optional(),
  Memory: z.string().optional(),
});

const onDemandDocumentSchema = z.object({
  regions: z.record(z.string(), z.record(z.string(), z.unknown())),
});

const spotFeedSchema = z.object({
  config: z.object({
    regions: z.array(
      z.object({
        region: z.string().min(1),
        instanceTypes: z.array(
          z.object({
            sizes: z.array(
              z.object({
                size: z.string().min(1),
                valueColumns: z.array(z.object({ name: z.string(), prices: z.record(z.string(), z.string()) })),
              }),
            ),
          }),
        ),
      }),
    ),
  }),
});

const MEMORY_GIB = /^([\d.,]+)\s*GiB$/i;
const GB_PER_GIB = 1.073741824;

function ramGbOf(memory: string | undefined): number | null {
  const match = memory ? MEMORY_GIB.exec(memory.trim()) : null;
  return match ? Math.round(Number((match[1] ?? "").replace(/,/g, "")) * GB_PER_GIB) : null;
}

function vcpusOf(vcpu: string | undefined): number | null {
  const count = vcpu ? Number(vcpu) : Number.NaN;
  return Number.isInteger(count) && count > 0 ? count : null;
}

/** The on-demand document's URL for one location (the name is a path segment, percent-encoded). */
export function onDemandUrl(baseUrl: string, location: string): string {
  return `${baseUrl}${ON_DEMAND_PATH}/${encodeURIComponent(location)}/Linux/index.json`;
}

type SpotPrices = Map<string, number>;
const spotKey = (region: string, instanceType: string) => `${region}/${instanceType}`;

/** Linux spot prices by region and size; a feed that cannot be read leaves every offer without spot. */
async function readSpot(http: AdapterContext["http"], skipped: SkippedRecord[]): Promise<SpotPrices> {
  const prices: SpotPrices = new Map();
  let body: unknown;
  try {
    body = await http.json({ url: AWS_SPOT_URL });
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    skipped.push({ reason: `spot feed not read (${error.code}): no spot prices this run`, raw: null });
    return prices;
  }
  const parsed = spotFeedSchema.safeParse(body);
  if (!parsed.success) {
    skipped.push({ reason: `spot feed not in the known shape: ${describeIssues(parsed.error)}`, raw: null });
    return prices;
  }
  for (const region of parsed.data.config.regions)
    for (const group of region.instanceTypes)
      for (const size of group.sizes) {
        if (!AWS_GPU_INSTANCES[size.size]) continue;
        const linux = size.valueColumns.find((column) => column.name === "linux")?.prices.USD;
        // "N/A*": the size is not sold as spot in that region.
        if (linux && /^\d+(\.\d+)?$/.test(linux) && Number(linux) > 0)
          prices.set(spotKey(region.region, size.size), Number(linux));
      }
  return prices;
}

export const aws: ProviderAdapter = {
  slug: "aws",
  method: "api",
  version: "aws/1",
  baseUrl: { env: "AWS_BASE_URL", default: "https://b0.p.awsstatic.com" },

  async scrape({ http, baseUrl }) {
    const offers: ProviderOffer[] = [];
    const skipped: SkippedRecord[] = [];
    const documents: { location: string; region: string; url: string; entries: Record<string, unknown> }[] = [];
    let anyDocument = false;

    for (const [location, region] of Object.entries(AWS_LOCATIONS)) {
      const url = onDemandUrl(baseUrl, location);
      let body: unknown;
      try {
        body = await http.json({ url });
      } catch (error) {
        // A location AWS publishes no document for (a region too new or closed) answers 404.
        if (error instanceof ProviderError && error.code === "NOT_FOUND") continue;
        throw error;
      }
      anyDocument = true;
      const document = parseOrDrift(onDemandDocumentSchema, body, `AWS on-demand document for ${location}`);
      const entries = document.regions[location];
      if (!entries)
        throw new ProviderError(
          "SCHEMA_DRIFT",
          `AWS on-demand document for ${location} has no "${location}" entry (has: ${Object.keys(document.regions).join(", ") || "none"})`,
          { url },
        );
      documents.push({ location, region, url, entries });
    }
    if (!anyDocument)
      throw new ProviderError("NOT_FOUND", "no AWS on-demand price document was found for any location", {
        url: onDemandUrl(baseUrl, "US East (N. Virginia)"),
      });

    const spot = await readSpot(http, skipped);

    for (const { location, region, url, entries } of documents) {
      for (const record of Object.values(entries)) {
        const instanceType = (record as Record<string, unknown> | null)?.["Instance Type"];
        if (typeof instanceType !== "string" || !GPU_FAMILY.test(instanceType)) continue;
        const offerKey = `${instanceType}/${region}`;
        if (FRACTIONAL_FAMILY.test(instanceType)) {
          skipped.push({ reason: "a fraction of one GPU", cause: "excluded", instanceType: offerKey, raw: record });
          continue;
        }
        const gpu = AWS_GPU_INSTANCES[instanceType];
        if (!gpu) {
          skipped.push({
            reason: `${instanceType} is not in the adapter's instance → GPU table`,
            cause: "excluded",
            instanceType: offerKey,
            raw: record,
          });
          continue;
        }
        const parsed = onDemandEntrySchema.safeParse(record);
        if (!parsed.success) {
          skipped.push({ reason: describeIssues(parsed.error), instanceType: offerKey, raw: record });
          continue;
        }
        const entry = parsed.data;
        if (entry["Operating System"] !== undefined && entry["Operating System"] !== "Linux") continue;
        if (entry.Location !== undefined && entry.Location !== location) {
          skipped.push({
            reason: `entry is for ${entry.Location}, not ${location}`,
            instanceType: offerKey,
            raw: record,
          });
          continue;
        }
        const price = Number(entry.price);
        if (!(price > 0)) {
          skipped.push({ reason: `price ${entry.price} is not a price`, instanceType: offerKey, raw: record });
          continue;
        }
        offers.push({
          instanceType: offerKey,
          instanceName: instanceType,
          gpuNameRaw: gpu.gpu,
          gpuCount: gpu.count,
          gpuMemoryGb: gpu.memoryGb,
          formFactor: gpu.formFactor,
          currency: "USD",
          pricePerHour: price,
          pricePerHourSpot: spot.get(spotKey(region, instanceType)) ?? null,
          availability: "limited",
          regions: [region],
          vcpuCount: vcpusOf(entry.vCPU),
          ramGb: ramGbOf(entry.Memory),
          sourceUrl: url,
          raw: record,
        });
      }
    }
    return { offers, skipped };
  },
};
