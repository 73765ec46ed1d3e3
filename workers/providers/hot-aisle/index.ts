import { z } from "zod";
import type { AvailabilityStatus } from "../../../shared/domain";
import type { ProviderOffer, SkippedRecord } from "../../../shared/offers";
import { ProviderError } from "../http";
import { describeIssues, parseOrDrift } from "../parse";
import type { ProviderAdapter } from "../types";

// Hot Aisle's admin API (key required, `Authorization: Token <key>`). Prices are per team: the
// key's first team (GET /api/teams/) names the listings to read. Both listings are bare arrays
// of machine types: /virtual_machines/available/ (1, 2, 4 GPU VMs) and /bare_metal/available/
// (8-GPU servers). `OnDemandPrice` is whole US cents per hour for the whole machine (Hot Aisle's
// own API reference says so), `Quantity` how many can be started now, and memory and disk
// capacities are bytes. The API names no location: Hot Aisle runs one site.

const BYTES_PER_GB = 1e9;
const BYTES_PER_GIB = 2 ** 30;

const teamSchema = z
  .object({ handle: z.string().min(1), name: z.string().nullish(), invitation: z.boolean().nullish() })
  .loose();
const teamsSchema = z.array(teamSchema);

const gpuSchema = z
  .object({ count: z.int().nonnegative(), model: z.string().nullish(), manufacturer: z.string().nullish() })
  .loose();
const machineSchema = z
  .object({
    // Cents: optional in Hot Aisle's schema, so a missing or odd one is checked per record.
    OnDemandPrice: z.number().nullish(),
    Quantity: z.int().nonnegative().nullish(),
    MinimumReservationMinutes: z.int().nonnegative().nullish(),
    Specs: z
      .object({
        cpu_cores: z.int().nonnegative().nullish(),
        ram_capacity: z.number().nonnegative().nullish(),
        disk_capacity: z.number().nonnegative().nullish(),
        gpus: z.array(gpuSchema).nullish(),
      })
      .loose(),
  })
  .loose();
type Machine = z.infer<typeof machineSchema>;

type Kind = "vm" | "bm";

const gb = (bytes: number | null | undefined) => (bytes ? Math.round(bytes / BYTES_PER_GB) : null);

function availabilityOf(quantity: number | null | undefined): AvailabilityStatus {
  if (quantity === null || quantity === undefined) return "limited"; // listed, but no count
  return quantity > 0 ? "available" : "sold_out";
}

/** The machine's GPUs as one model and a count, or why they cannot be read as such. */
function gpusOf(machine: Machine): { name: string; count: number } | { unreadable: string } | null {
  const gpus = (machine.Specs.gpus ?? []).filter((gpu) => gpu.count > 0);
  if (gpus.length === 0) return null;
  const models = [...new Set(gpus.map((gpu) => gpu.model?.trim() ?? ""))];
  const [model] = models;
  if (models.length > 1 || !model) return { unreadable: `GPU model not stated once: ${JSON.stringify(models)}` };
  const manufacturer = gpus[0]?.manufacturer?.trim();
  const name =
    manufacturer && !model.toUpperCase().startsWith(manufacturer.toUpperCase()) ? `${manufacturer} ${model}` : model;
  return { name, count: gpus.reduce((sum, gpu) => sum + gpu.count, 0) };
}

function machineOffer(kind: Kind, record: unknown, sourceUrl: string, skipped: SkippedRecord[]): ProviderOffer | null {
  const parsed = machineSchema.safeParse(record);
  if (!parsed.success) {
    skipped.push({ reason: describeIssues(parsed.error), raw: record });
    return null;
  }
  const machine = parsed.data;
  const gpus = gpusOf(machine);
  if (gpus === null) return null; // a CPU-only machine
  if ("unreadable" in gpus) {
    skipped.push({ reason: gpus.unreadable, raw: record });
    return null;
  }
  const { Specs: specs } = machine;
  // vm-1x-mi300x-13c-224g: the kind, the GPUs, the cores and the RAM in GiB (as Hot Aisle sells it).
  const ramGib = specs.ram_capacity ? Math.round(specs.ram_capacity / BYTES_PER_GIB) : 0;
  const model = gpus.name
    .toLowerCase()
    .replace(/^amd\s+/, "")
    .replace(/\s+/g, "-");
  const instanceType = `${kind}-${gpus.count}x-${model}-${specs.cpu_cores ?? 0}c-${ramGib}g`;
  const cents = machine.OnDemandPrice;
  if (cents === null || cents === undefined || !Number.isInteger(cents) || cents <= 0) {
    // Whole cents only: a fraction would mean the unit changed (to dollars, say).
    skipped.push({
      reason: `OnDemandPrice ${cents ?? "missing"} is not a whole number of cents above 0`,
      instanceType,
      gpuNameRaw: gpus.name,
      raw: record,
    });
    return null;
  }
  return {
    instanceType,
    instanceName: `${gpus.count}x ${gpus.name} ${kind === "vm" ? "VM" : "bare metal"}`,
    gpuNameRaw: gpus.name,
    gpuCount: gpus.count,
    gpuMemoryGb: null, // not reported
    currency: "USD",
    pricePerHour: cents / 100,
    pricePerHourSpot: null,
    availability: availabilityOf(machine.Quantity),
    regions: [],
    vcpuCount: specs.cpu_cores ?? null,
    ramGb: gb(specs.ram_capacity),
    storageGb: gb(specs.disk_capacity),
    priceIncludes: {
      bare_metal: kind === "bm",
      quantity: machine.Quantity ?? null,
      minimum_reservation_minutes: machine.MinimumReservationMinutes ?? null,
    },
    sourceUrl,
    raw: record,
  };
}

/** Two machine types that read alike keep apart by their disk size, then by their position. */
function withUniqueTypes(offers: ProviderOffer[]): ProviderOffer[] {
  const dedupe = (list: ProviderOffer[], suffix: (offer: ProviderOffer, index: number) => string) => {
    const counts = new Map<string, number>();
    for (const offer of list) counts.set(offer.instanceType, (counts.get(offer.instanceType) ?? 0) + 1);
    return list.map((offer, index) =>
      (counts.get(offer.instanceType) ?? 0) > 1
        ? { ...offer, instanceType: `${offer.instanceType}-${suffix(offer, index)}` }
        : offer,
    );
  };
  return dedupe(
    dedupe(offers, (offer) => `${offer.storageGb ?? 0}gb`),
    (_, index) => String(index + 1),
  );
}

export const hotAisle: ProviderAdapter = {
  slug: "hot-aisle",
  method: "api",
  version: "hot-aisle/1",
  baseUrl: { env: "HOT_AISLE_BASE_URL", default: "https://admin.hotaisle.app" },
  credential: { secret: "HOT_AISLE_API_KEY", required: true },

  async scrape({ http, baseUrl, credential }) {
    const teamsUrl = `${baseUrl}/api/teams/`;
    if (!credential)
      throw new ProviderError("MISSING_CREDENTIALS", "Hot Aisle's API needs HOT_AISLE_API_KEY", { url: teamsUrl });
    const headers = { Authorization: `Token ${credential}` };

    const teams = parseOrDrift(teamsSchema, await http.json({ url: teamsUrl, headers }), "Hot Aisle teams response");
    // A pending invitation gives no access yet.
    const team = teams.find((candidate) => candidate.invitation !== true);
    if (!team)
      throw new ProviderError("FORBIDDEN", "the Hot Aisle API key has a role on no team, so no prices can be read", {
        url: teamsUrl,
      });

    const teamUrl = `${baseUrl}/api/teams/${encodeURIComponent(team.handle)}`;
    const skipped: SkippedRecord[] = [];
    const offers: ProviderOffer[] = [];
    for (const [kind, path, what] of [
      ["vm", "virtual_machines/available/", "Hot Aisle available virtual machines"],
      ["bm", "bare_metal/available/", "Hot Aisle available bare-metal servers"],
    ] as const) {
      const url = `${teamUrl}/${path}`;
      const machines = parseOrDrift(z.array(z.unknown()), await http.json({ url, headers }), what);
      for (const record of machines) {
        const offer = machineOffer(kind, record, url, skipped);
        if (offer) offers.push(offer);
      }
    }
    return { offers: withUniqueTypes(offers), skipped };
  },
};
