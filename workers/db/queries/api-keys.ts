import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../database";
import { apiKeys, type apiKeyTiers } from "../schema";

type ApiKeyTier = (typeof apiKeyTiers)[number];

const listedColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  tier: apiKeys.tier,
  keyPrefix: apiKeys.keyPrefix,
  createdAt: apiKeys.createdAt,
  revokedAt: apiKeys.revokedAt,
  lastUsedAt: apiKeys.lastUsedAt,
};

export async function insertApiKey(
  db: Database,
  key: { name: string; tier: ApiKeyTier; keyPrefix: string; keyHash: string },
) {
  const [row] = await db.insert(apiKeys).values(key).returning({
    id: apiKeys.id,
    name: apiKeys.name,
    tier: apiKeys.tier,
    keyPrefix: apiKeys.keyPrefix,
    createdAt: apiKeys.createdAt,
  });
  if (!row) throw new Error("INSERT … RETURNING gave no row");
  return row;
}

/** Every key, newest first, without its hash. */
export function listApiKeys(db: Database) {
  return db.select(listedColumns).from(apiKeys).orderBy(desc(apiKeys.createdAt), apiKeys.id);
}

/** Marks a key revoked (keeping the first revocation time); null when no key has that id. */
export async function markApiKeyRevoked(
  db: Database,
  id: string,
): Promise<{ id: string; revokedAt: Date; keyHash: string } | null> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(eq(apiKeys.id, id))
    .returning({ id: apiKeys.id, revokedAt: apiKeys.revokedAt, keyHash: apiKeys.keyHash });
  if (!row?.revokedAt) return null;
  return { id: row.id, revokedAt: row.revokedAt, keyHash: row.keyHash };
}

/**
 * Sets `last_used_at` to now unless it was set within the hour: the guard that keeps every isolate
 * together to about one write an hour per key. True when it wrote.
 */
export async function markApiKeyUsed(db: Database, id: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 hour'`))),
    )
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}
