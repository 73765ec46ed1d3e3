import { firstPartyWins } from "./aggregators";
import { akash } from "./akash";
import { aws } from "./aws";
import { azure } from "./azure";
import { cloreAi } from "./clore-ai";
import { cloudrift } from "./cloudrift";
import { coreweave } from "./coreweave";
import { crusoe } from "./crusoe";
import { cudo } from "./cudo";
import { datacrunch } from "./datacrunch";
import { digitalocean } from "./digitalocean";
import { gcp } from "./gcp";
import { hotAisle } from "./hot-aisle";
import { hyperstack } from "./hyperstack";
import { ioNet } from "./io-net";
import { jarvislabs } from "./jarvislabs";
import { lambdaLabs } from "./lambda-labs";
import { latitudeSh } from "./latitude-sh";
import { linode } from "./linode";
import { mithril } from "./mithril";
import { nebius } from "./nebius";
import { oblivus } from "./oblivus";
import { oci } from "./oci";
import { ovhcloud } from "./ovhcloud";
import { primeIntellect } from "./prime-intellect";
import { runpod } from "./runpod";
import { salad } from "./salad";
import { scaleway } from "./scaleway";
import { seeweb } from "./seeweb";
import { shadeform } from "./shadeform";
import { tensordock } from "./tensordock";
import type { ProviderAdapter } from "./types";
import { vastAi } from "./vast-ai";
import { voltagePark } from "./voltage-park";
import { vultr } from "./vultr";

const ALL: readonly ProviderAdapter[] = [
  runpod,
  vastAi,
  lambdaLabs,
  datacrunch,
  vultr,
  scaleway,
  linode,
  digitalocean,
  ovhcloud,
  cudo,
  cloudrift,
  tensordock,
  hyperstack,
  jarvislabs,
  ioNet,
  akash,
  cloreAi,
  voltagePark,
  hotAisle,
  latitudeSh,
  azure,
  oci,
  salad,
  oblivus,
  seeweb,
  mithril,
  gcp,
  aws,
  shadeform,
  primeIntellect,
  coreweave,
  nebius,
  crusoe,
];

// An aggregator leaves out what a first-party adapter covers (first-party wins).
const firstParty = new Set(ALL.filter((adapter) => !adapter.aggregator).map((adapter) => adapter.slug));

/** Every provider with an adapter, by `providers.slug`. Providers left out, and why: README.md. */
export const ADAPTERS: Readonly<Record<string, ProviderAdapter>> = Object.fromEntries(
  ALL.map((adapter) => [adapter.slug, adapter.aggregator ? firstPartyWins(adapter, firstParty) : adapter]),
);

export function adapterFor(slug: string): ProviderAdapter | null {
  return ADAPTERS[slug] ?? null;
}

/** The base URL for an adapter: the operator's override (`<PROVIDER>_BASE_URL`) or the default. */
export function baseUrlFor(adapter: ProviderAdapter, vars: Record<string, unknown>): string {
  const override = vars[adapter.baseUrl.env];
  return typeof override === "string" && override.length > 0 ? override : adapter.baseUrl.default;
}

/** The adapter's API key from the secrets, or null. */
export function credentialFor(adapter: ProviderAdapter, vars: Record<string, unknown>): string | null {
  if (!adapter.credential) return null;
  const value = vars[adapter.credential.secret];
  return typeof value === "string" && value.length > 0 ? value : null;
}
