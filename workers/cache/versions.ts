import { TtlMap } from "../../shared/ttl-map";

// Cache invalidation by versions, not purges. The Cache API is per colo and cannot be purged
// globally from a Worker, so cached responses are keyed by the data versions they were built from:
// one KV key per GPU model and per provider, set to the time of the last stored change. Ingestion
// bumps the versions it touched; a reader builds its cache key from the versions it depends on and
// so misses as soon as KV shows the new value (≈60 s worldwide). Distinct keys per entity keep
// writes well under KV's one write per second per key, and no read-modify-write races exist.
//
// KV already lets a colo see a version up to 60 s late (the `cacheTtl` of the reads). On top of
// that an isolate remembers each version it read for one second (a busy isolate serves hundreds of
// requests in it), and the isolate that bumps a version remembers the new one at once, so a reader
// in the same isolate (the local stack, tests) never sees an old version after a bump.

export type VersionScope = "gpu" | "provider" | "all";

/** `all` is bumped by every change; lists that can show any offer depend on it. */
export const versionKey = (scope: VersionScope, slug = "") =>
  scope === "all" ? "version:all" : `version:${scope}:${slug}`;

const REMEMBER_MS = 1_000;
const remembered = new TtlMap<string, string>(1_000);

export async function bumpVersions(
  kv: KVNamespace,
  changed: { gpus: readonly string[]; providers: readonly string[] },
  now: Date,
): Promise<void> {
  const value = now.toISOString();
  const keys = [
    versionKey("all"),
    ...changed.gpus.map((slug) => versionKey("gpu", slug)),
    ...changed.providers.map((slug) => versionKey("provider", slug)),
  ];
  for (const key of keys) remembered.set(key, value, Date.now() + REMEMBER_MS);
  await Promise.all(keys.map((key) => kv.put(key, value)));
}

/** The current version of each entity ("0" when it never changed), in the order asked. */
export async function readVersions(
  kv: KVNamespace,
  wanted: readonly { scope: VersionScope; slug?: string }[],
): Promise<string[]> {
  const now = Date.now();
  return Promise.all(
    wanted.map(async ({ scope, slug }) => {
      const key = versionKey(scope, slug);
      const known = remembered.get(key, now);
      if (known !== undefined) return known;
      const value = (await kv.get(key, { cacheTtl: 60 })) ?? "0";
      // Versions are ISO times ("0" sorts first): a read that started before a bump in this
      // isolate must not put the older version back.
      const meanwhile = remembered.get(key, Date.now());
      if (meanwhile !== undefined && meanwhile > value) return meanwhile;
      remembered.set(key, value, now + REMEMBER_MS);
      return value;
    }),
  );
}
