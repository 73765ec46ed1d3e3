import { datacrunch } from "./datacrunch";
import { lambdaLabs } from "./lambda-labs";
import { runpod } from "./runpod";
import { scaleway } from "./scaleway";
import type { ProviderAdapter } from "./types";
import { vastAi } from "./vast-ai";
import { vultr } from "./vultr";

/** Every provider with an adapter, by `providers.slug`. Providers left out, and why: README.md. */
export const ADAPTERS: Readonly<Record<string, ProviderAdapter>> = Object.fromEntries(
  [runpod, vastAi, lambdaLabs, datacrunch, vultr, scaleway].map((adapter) => [adapter.slug, adapter]),
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
