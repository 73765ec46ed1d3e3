import { eq } from "drizzle-orm";
import type { Database } from "../database";
import { affiliateClicks, providers } from "../schema";

export type ProviderRecord = typeof providers.$inferSelect;

/** The provider's row, active or not; undefined when no provider has that slug. */
export async function providerRecord(db: Database, slug: string): Promise<ProviderRecord | undefined> {
  const [provider] = await db.select().from(providers).where(eq(providers.slug, slug));
  return provider;
}

/** One `/go/:provider` click: only the provider, our page it came from, and the visitor's country. */
export async function recordAffiliateClick(
  db: Database,
  click: { providerId: string; sourcePath: string | null; country: string | null },
): Promise<void> {
  await db.insert(affiliateClicks).values(click);
}
