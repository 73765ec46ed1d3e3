interface StoredPayload<T> {
  storedAt: string;
  version: string;
  payload: T;
}

/** KV refuses keys over 512 bytes; a longer one is kept as its start and the SHA-256 of the whole. */
const MAX_KEY_BYTES = 512;

export async function kvKey(key: string): Promise<string> {
  const bytes = new TextEncoder().encode(key);
  if (bytes.byteLength <= MAX_KEY_BYTES) return key;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = [...digest].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${key.slice(0, 100)}…sha256:${hex}`;
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
  key = await kvKey(key);
  const stored = await kv.get<StoredPayload<T>>(key, "json");
  if (stored && stored.version === version && now.getTime() - Date.parse(stored.storedAt) < maxAgeSeconds * 1000)
    return stored.payload;
  const payload = await compute();
  const record: StoredPayload<T> = { storedAt: now.toISOString(), version, payload };
  await kv.put(key, JSON.stringify(record), { expirationTtl: Math.max(60, maxAgeSeconds * 4) });
  return payload;
}
