import { z } from "zod";
import { TtlMap } from "../../shared/ttl-map";
import { type Database, type DbEnv, withDb } from "../db/client";
import { insertApiKey, markApiKeyRevoked, markApiKeyUsed } from "../db/queries/api-keys";
import { apiKeyTiers } from "../db/schema";
import { errorFields, log } from "../log";
import { randomToken, sha256Hex } from "./tokens";

// The database is the source of truth for API keys; KV holds `apikey:<sha256>` → who the key
// belongs to, so checking a key on an API request costs one KV read and no database round trip.
// KV is eventually consistent: a revoked key keeps working for up to about a minute in other
// locations (the documented revocation delay). Each isolate also remembers what KV said about a key
// for that same minute, so a busy client's requests cost no KV read at all; revoking a key forgets it
// at once in the isolate that revoked it.

export const API_KEY_PREFIX = "cgp_";
/** `cgp_` and the first 8 characters of the secret: enough to tell keys apart, useless to guess one. */
const SHOWN_PREFIX_LENGTH = 12;
const KEY_PATTERN = /^cgp_[A-Za-z0-9_-]{43}$/;

export type ApiKeyTier = (typeof apiKeyTiers)[number];

const apiKeyOwnerSchema = z.object({ id: z.uuid(), name: z.string(), tier: z.enum(apiKeyTiers) });
/** Who presented a key: what the rate limiter needs, cached in KV. */
export type ApiKeyOwner = z.infer<typeof apiKeyOwnerSchema>;

export const apiKeyCacheKey = (keyHash: string) => `apikey:${keyHash}`;

/** The revocation delay KV already has; the isolate's memory keeps to it. */
const REMEMBER_MS = 60_000;
// Keyed by the key as presented (it is in this isolate's memory for the request anyway), so a
// remembered key costs not even its hash.
const remembered = new TtlMap<string, { hash: string; owner: ApiKeyOwner | null }>(10_000);

export const hashApiKey = sha256Hex;
const generateApiKey = () => randomToken(API_KEY_PREFIX);

/** Creates a key and returns it with the plaintext `key`, which is stored nowhere and cannot be shown again. */
export async function createApiKey(db: Database, kv: KVNamespace, { name, tier }: { name: string; tier: ApiKeyTier }) {
  const key = generateApiKey();
  const keyHash = await hashApiKey(key);
  const created = await insertApiKey(db, { name, tier, keyPrefix: key.slice(0, SHOWN_PREFIX_LENGTH), keyHash });
  await kv.put(
    apiKeyCacheKey(keyHash),
    JSON.stringify({ id: created.id, name: created.name, tier: created.tier } satisfies ApiKeyOwner),
  );
  return { ...created, key };
}

/** Revokes a key (again: keeps the first revocation time). Null when no key has that id. */
export async function revokeApiKey(
  db: Database,
  kv: KVNamespace,
  id: string,
): Promise<{ id: string; revokedAt: Date } | null> {
  const row = await markApiKeyRevoked(db, id);
  if (!row) return null;
  await kv.delete(apiKeyCacheKey(row.keyHash));
  remembered.deleteWhere((entry) => entry.hash === row.keyHash);
  return { id: row.id, revokedAt: row.revokedAt };
}

/** The owner of a presented key, or null for anything that is not a live key. */
export async function resolveApiKey(kv: KVNamespace, presentedKey: string): Promise<ApiKeyOwner | null> {
  if (!KEY_PATTERN.test(presentedKey)) return null; // not even shaped like a key: spare the KV read
  const now = Date.now();
  const known = remembered.get(presentedKey, now);
  if (known !== undefined) return known.owner;
  const keyHash = await hashApiKey(presentedKey);
  const parsed = apiKeyOwnerSchema.safeParse(await kv.get(apiKeyCacheKey(keyHash), "json"));
  const owner = parsed.success ? parsed.data : null;
  remembered.set(presentedKey, { hash: keyHash, owner }, now + REMEMBER_MS);
  return owner;
}

// `last_used_at` says which hour a key was last used in, no finer: a write per request would cost
// each request a round trip. The ids this isolate wrote a use for within the hour spare it the trip;
// the SQL guard in markApiKeyUsed holds the hour across isolates and once this map forgets a key.
const USE_RECORDED_FOR_MS = 3_600_000;
const useRecorded = new TtlMap<string, true>(10_000);

/**
 * Records that a key was used, at most once an hour per key, as work handed to `runLater`
 * (`ctx.waitUntil`): the request never waits for it, and a failed write is only logged.
 */
export function recordApiKeyUse(env: DbEnv, id: string, now: number, runLater: (task: Promise<unknown>) => void): void {
  if (useRecorded.get(id, now)) return;
  // Set before writing, so the requests that arrive while it is under way do not write too.
  useRecorded.set(id, true, now + USE_RECORDED_FOR_MS);
  runLater(
    withDb(env, "fresh", (db) => markApiKeyUsed(db, id)).catch((error) =>
      log.warn("api-key.last-use-not-recorded", { apiKeyId: id, ...errorFields(error) }),
    ),
  );
}
