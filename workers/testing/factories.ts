import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import type { ProviderOffer } from "../../shared/offers";
import type { Database } from "../db/client";
import { gpuModels, instances, providers } from "../db/schema";

// Builders for rows the tests need. Every test file shares one database and files run in
// parallel, so each builder makes its own uniquely named provider (or GPU model) instead of
// touching seed rows that another test may change. Their slugs all start with `test-`.

type NewProvider = typeof providers.$inferInsert;
type NewInstance = typeof instances.$inferInsert;
type NewGpuModel = typeof gpuModels.$inferInsert;

export async function createProvider(db: Database, overrides: Partial<NewProvider> = {}) {
  const slug = overrides.slug ?? `test-${crypto.randomUUID().slice(0, 8)}`;
  const [row] = await db
    .insert(providers)
    .values({
      slug,
      name: `Test provider ${slug}`,
      displayName: slug,
      providerType: "marketplace",
      reliabilityTier: "standard",
      websiteUrl: `https://${slug}.example`,
      ...overrides,
    })
    .returning();
  return row!;
}

/**
 * A GPU model of the test's own (not in the catalog module), for tests that read anything
 * aggregated per GPU: prices compared across providers, GPU pages, GPU history. No other test file
 * and no recording stores offers of it, so the test sees exactly the offers it made.
 */
export async function createGpuModel(db: Database, overrides: Partial<NewGpuModel> = {}) {
  const slug = overrides.slug ?? `test-gpu-${crypto.randomUUID().slice(0, 8)}`;
  const [row] = await db
    .insert(gpuModels)
    .values({
      slug,
      name: `Test GPU ${slug}`,
      shortName: slug.slice(0, 30),
      manufacturer: "NVIDIA",
      architecture: "ampere",
      vramGb: 24,
      memoryType: "GDDR6X",
      ...overrides,
    })
    .returning();
  return row!;
}

export async function gpuModelId(db: Database, slug: string): Promise<string> {
  const [row] = await db.select({ id: gpuModels.id }).from(gpuModels).where(eq(gpuModels.slug, slug));
  if (!row) throw new Error(`GPU model ${slug} is not in the catalog`);
  return row.id;
}

export async function createInstance(
  db: Database,
  providerId: string,
  overrides: Partial<NewInstance> & { gpuSlug?: string } = {},
) {
  const { gpuSlug = "h100-sxm", ...values } = overrides;
  const [row] = await db
    .insert(instances)
    .values({
      providerId,
      gpuModelId: values.gpuModelId ?? (await gpuModelId(db, gpuSlug)),
      instanceType: `gpu_${crypto.randomUUID().slice(0, 8)}`,
      gpuCount: 1,
      pricePerHour: 2.5,
      ...values,
    })
    .returning();
  return row!;
}

/** An offer as an adapter would report it: one H100 SXM at $2.99/h unless told otherwise. */
export function providerOffer(
  instanceType = "gpu_1x_h100_sxm5",
  overrides: Partial<ProviderOffer> = {},
): ProviderOffer {
  return {
    instanceType,
    gpuNameRaw: "H100 (80 GB SXM5)",
    gpuCount: 1,
    gpuMemoryGb: 80,
    currency: "USD",
    pricePerHour: 2.99,
    availability: "available",
    regions: ["us-east-1"],
    sourceUrl: "https://provider.example/api",
    raw: { instanceType },
    ...overrides,
  };
}

/** Origin of requests the tests hand straight to the Worker's fetch handler (in-process; `.test` never resolves). */
export const WORKER_ORIGIN = "https://cloudgpus.test";

/** A request to the Worker as a fresh anonymous client (its own rate-limit bucket); redirects are returned, not followed. */
export function apiRequest(
  path: string,
  { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Response> {
  const client = `198.51.100.${Math.floor(Math.random() * 250) + 1}:${crypto.randomUUID()}`;
  return exports.default.fetch(`${WORKER_ORIGIN}${path}`, {
    method,
    headers: { "CF-Connecting-IP": client, ...headers },
    body,
    redirect: "manual",
  });
}

/** A GET to the Worker as a fresh anonymous client. */
export const apiGet = (path: string, headers: Record<string, string> = {}) => apiRequest(path, { headers });
