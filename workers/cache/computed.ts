interface StoredPayload<T> {
  storedAt: string;
  version: string;
  payload: T;
}

/**
 * A computed payload shared by every colo through KV (compare tables, stats): reused while it was
 * built from the current data version and is younger than `maxAgeSeconds`, rebuilt otherwise. KV
 * holds it with its `storedAt` time; KV's one write per second per key is far above how often a
 * given payload changes.
 */
export async function computedPayload<T>(
  kv: KVNamespace,
  key: string,
  { version, maxAgeSeconds, now }: { version: string; maxAgeSeconds: number; now: Date },
  compute: () => Promise<T>,
): Promise<T> {
  const stored = await kv.get<StoredPayload<T>>(key, "json");
  if (stored && stored.version === version && now.getTime() - Date.parse(stored.storedAt) < maxAgeSeconds * 1000)
    return stored.payload;
  const payload = await compute();
  const record: StoredPayload<T> = { storedAt: now.toISOString(), version, payload };
  await kv.put(key, JSON.stringify(record), { expirationTtl: Math.max(60, maxAgeSeconds * 4) });
  return payload;
}
