import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError, type ProviderHttp } from "../http";
import { describeIssues, parseOrDrift, positive } from "../parse";
import type { ProviderAdapter } from "../types";

// io.net's IO Cloud publishes its hardware catalogue without a key. The VM listing
// (`/v1/io-cloud/vmaas/hardware`) carries one record per hardware configuration and location: the
// GPU model (`name`), `num_cards` GPUs of `vram_per_card` GB each, `interconnect` ("sxm5", "sxm6" or
// null), the host's vCPUs, RAM and disk in GB, `sold_out`, and `price` in USD per hour for the whole
// configuration. The container listing (`/v1/io-cloud/caas/hardware`) repeats the same ids with
// `available_replicas`, the number of deployable copies right now. Both stock signals are read; a
// configuration that has no replica count is never claimed to be available.

const idSchema = z.union([z.string().min(1), z.number()]).transform(String);

const hardwareSchema = z
  .object({
    id: idSchema,
    deploy_id: z.union([z.string(), z.number()]).nullish(),
    // "" on the CPU-only configurations.
    name: z.string(),
    num_cards: z.number().nonnegative(),
    supplier: z.string().nullish(),
    sold_out: z.boolean(),
    // USD per hour for all num_cards GPUs together.
    price: z.number(),
    vram_per_card: z.number().nullish(),
    interconnect: z.string().nullish(),
    nvlink: z.boolean().nullish(),
    storage: z.number().nullish(),
    vcpu: z.number().nullish(),
    memory: z.number().nullish(),
    location: z.string().nullish(),
  })
  .loose();
type Hardware = z.infer<typeof hardwareSchema>;

const supplySchema = z
  .object({
    id: idSchema,
    available_replicas: z.number().nullish(),
    brand_name: z.string().nullish(),
  })
  .loose();

const listingSchema = z.union([
  z.object({ data: z.object({ hardware: z.array(z.unknown()) }).loose() }).loose(),
  // FastAPI's error body, which the keyed enterprise API answers with.
  z.object({ detail: z.unknown() }).loose(),
]);

/** What the container listing says about a configuration's stock. */
interface Supply {
  replicas: number | null;
  brand: string | null;
}

const formFactorOf = (interconnect: string | null | undefined) => {
  const value = interconnect?.trim().toLowerCase() ?? "";
  if (/^sxm\d*$/.test(value)) return "SXM";
  if (/^pci[ -]?e?\d*$/.test(value)) return "PCIe";
  if (/^nvl\d*$/.test(value)) return "NVL";
  return null;
};

/**
 * A listed configuration is sold out when either listing says so. Without a replica count (the
 * container listing failed, or does not name the configuration) `sold_out: false` is all we know:
 * that is "limited", not "available".
 */
function availabilityOf(hardware: Hardware, supply: Supply | undefined): AvailabilityStatus {
  if (hardware.sold_out) return "sold_out";
  const replicas = supply?.replicas;
  if (replicas === null || replicas === undefined) return "limited";
  return replicas > 0 ? "available" : "sold_out";
}

async function listing(http: ProviderHttp, url: string, what: string): Promise<unknown[]> {
  const body = parseOrDrift(listingSchema, await http.json({ url }), what);
  if ("detail" in body) {
    const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    throw new ProviderError("UPSTREAM_ERROR", `io.net answered an error for ${url}: ${detail}`, { url });
  }
  return body.data.hardware;
}

/** Replica counts by hardware id; null when the container listing could not be had. */
async function supplyById(http: ProviderHttp, url: string): Promise<Map<string, Supply> | null> {
  let records: unknown[];
  try {
    records = await listing(http, url, "io.net container hardware response");
  } catch (error) {
    // Stock is the second signal: prices stand without it, and are published as "limited". A
    // changed shape is still drift, so the parser gets fixed rather than stock silently lost.
    if (error instanceof ProviderError && error.code !== "SCHEMA_DRIFT") return null;
    throw error;
  }
  const supply = new Map<string, Supply>();
  for (const record of records) {
    const parsed = supplySchema.safeParse(record);
    if (!parsed.success) continue; // a malformed stock record only costs that record its count
    const replicas = parsed.data.available_replicas;
    supply.set(parsed.data.id, {
      replicas: replicas === null || replicas === undefined || replicas < 0 ? null : replicas,
      brand: parsed.data.brand_name ?? null,
    });
  }
  return supply;
}

type Outcome = { offer: ProviderOffer } | { skipped: SkippedRecord };

function readHardware(record: unknown, supply: Map<string, Supply> | null, sourceUrl: string): Outcome {
  const parsed = hardwareSchema.safeParse(record);
  if (!parsed.success) {
    const id = (record as { id?: unknown } | null)?.id;
    return {
      skipped: {
        reason: describeIssues(parsed.error),
        instanceType: typeof id === "string" || typeof id === "number" ? String(id) : undefined,
        raw: record,
      },
    };
  }
  const hardware = parsed.data;
  const name = hardware.name.trim();
  const known = { instanceType: hardware.id, raw: record };
  if (hardware.num_cards === 0 || name === "")
    return { skipped: { reason: "CPU-only configuration, no GPU", cause: "excluded", ...known } };
  if (!Number.isInteger(hardware.num_cards))
    return { skipped: { reason: `num_cards ${hardware.num_cards} is not a whole number of GPUs`, ...known } };
  const gpu = { gpuNameRaw: name, ...known };
  // Listed at 0 (seen on a 1× L40S in the recorded answer): a configuration without a price.
  if (hardware.price === 0) return { skipped: { reason: "listed with price 0: no price", cause: "excluded", ...gpu } };
  if (!positive(hardware.price)) return { skipped: { reason: `price ${hardware.price} is not a price`, ...gpu } };

  const stock = supply?.get(hardware.id);
  return {
    offer: {
      instanceType: hardware.id,
      instanceName: `${hardware.num_cards}x ${name}`,
      gpuNameRaw: name,
      gpuCount: hardware.num_cards,
      gpuMemoryGb: positive(hardware.vram_per_card),
      formFactor: formFactorOf(hardware.interconnect),
      currency: "USD",
      pricePerHour: hardware.price,
      pricePerHourSpot: null,
      availability: availabilityOf(hardware, stock),
      regions: hardware.location ? [hardware.location] : [],
      vcpuCount: hardware.vcpu ?? null,
      ramGb: hardware.memory ?? null,
      storageGb: hardware.storage ?? null,
      hasNvlink: hardware.nvlink ?? null,
      priceIncludes: {
        deploy_id: hardware.deploy_id ?? null,
        supplier: hardware.supplier ?? null,
        available_replicas: stock?.replicas ?? null,
        stock_source: stock ? "sold_out and available_replicas" : "sold_out only",
      },
      sourceUrl,
      raw: stock ? { ...hardware, available_replicas: stock.replicas, brand_name: stock.brand } : hardware,
    },
  };
}

export const ioNet: ProviderAdapter = {
  slug: "io-net",
  method: "api",
  version: "io-net/1",
  baseUrl: { env: "IO_NET_BASE_URL", default: "https://api.io.solutions" },

  async scrape({ http, baseUrl }) {
    const vmUrl = `${baseUrl}/v1/io-cloud/vmaas/hardware`;
    const records = await listing(http, vmUrl, "io.net VM hardware response");
    const supply = await supplyById(http, `${baseUrl}/v1/io-cloud/caas/hardware`);

    const offers: ProviderOffer[] = [];
    const skipped: SkippedRecord[] = [];
    const seen = new Set<string>();
    for (const record of records) {
      const outcome = readHardware(record, supply, vmUrl);
      if ("skipped" in outcome) {
        skipped.push(outcome.skipped);
      } else if (seen.has(outcome.offer.instanceType)) {
        skipped.push({
          reason: "the listing names this id twice; the first record is kept",
          instanceType: outcome.offer.instanceType,
          gpuNameRaw: outcome.offer.gpuNameRaw,
          raw: record,
        });
      } else {
        seen.add(outcome.offer.instanceType);
        offers.push(outcome.offer);
      }
    }
    return { offers, skipped };
  },
};
