// Cache invalidation by versions, not purges. The Cache API is per colo and cannot be purged
// globally from a Worker, so cached responses are keyed by the data versions they were built from:
// one KV key per GPU model and per provider, set to the time of the last stored change. Ingestion
// bumps the versions it touched; a reader builds its cache key from the versions it depends on and
// so misses as soon as KV shows the new value (≈60 s worldwide). Distinct keys per entity keep
// writes well under KV's one write per second per key, and no read-modify-write races exist.

export type VersionScope = "gpu" | "provider" | "all";

/** `all` is bumped by every change; lists that can show any offer depend on it. */
export const versionKey = (scope: VersionScope, slug = "") =>
  scope === "all" ? "version:all" : `version:${scope}:${slug}`;

export async function bumpVersions(
  kv: KVNamespace,
  changed: { gpus: readonly string[]; providers: readonly string[] },
  now: Date,
): Promise<void> {
  const value = now.toISOString();
  await Promise.all([
    kv.put(versionKey("all"), value),
    ...changed.gpus.map((slug) => kv.put(versionKey("gpu", slug), value)),
    ...changed.providers.map((slug) => kv.put(versionKey("provider", slug), value)),
  ]);
}

/** The current version of each entity ("0" when it never changed), in the order asked. */
export async function readVersions(
  kv: KVNamespace,
  wanted: readonly { scope: VersionScope; slug?: string }[],
): Promise<string[]> {
  return Promise.all(
    wanted.map(async ({ scope, slug }) => (await kv.get(versionKey(scope, slug), { cacheTtl: 60 })) ?? "0"),
  );
}
