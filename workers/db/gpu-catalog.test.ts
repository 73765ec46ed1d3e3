import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GPU_CATALOG } from "../../shared/gpu-catalog";
import { withDb } from "./client";

// shared/gpu-identity.ts maps provider names onto GPU_CATALOG, and ingestion stores the result as
// a gpu_models row: a slug the database lacks, or a row whose memory or form factor differs from
// what the matcher assumed, would price offers against the wrong GPU.

interface GpuRow extends Record<string, unknown> {
  slug: string;
  vram_gb: number;
  form_factor: string | null;
  manufacturer: string;
}

const gpuRows = () =>
  withDb(
    env,
    "fresh",
    async (db) =>
      (await db.execute<GpuRow>(sql`SELECT slug, vram_gb, form_factor, manufacturer FROM cloudgpus.gpu_models`)).rows,
  );

// The catalog spells form factors as marketed: "SXM5", "SXM4", "PCIe", "NVL".
const formFactorOf = (column: string | null) => column?.toLowerCase().replace(/^sxm\d*$/, "sxm") ?? null;

describe("GPU catalog in the database", () => {
  it("has a gpu_models row for every catalog GPU, with the catalog's memory and maker", async () => {
    const rows = new Map((await gpuRows()).map((row) => [row.slug, row]));
    const missing = GPU_CATALOG.filter((gpu) => !rows.has(gpu.slug)).map((gpu) => gpu.slug);
    expect(missing).toEqual([]);
    for (const gpu of GPU_CATALOG) {
      expect({
        slug: gpu.slug,
        vramGb: rows.get(gpu.slug)?.vram_gb,
        manufacturer: rows.get(gpu.slug)?.manufacturer,
      }).toEqual({
        slug: gpu.slug,
        vramGb: gpu.vramGb,
        manufacturer: gpu.manufacturer,
      });
    }
  });

  it("stores the catalog's form factor wherever the catalog tells form factors apart", async () => {
    const rows = new Map((await gpuRows()).map((row) => [row.slug, row]));
    const mismatched = GPU_CATALOG.filter((gpu) => gpu.formFactor !== null)
      .filter((gpu) => formFactorOf(rows.get(gpu.slug)?.form_factor ?? null) !== gpu.formFactor)
      .map((gpu) => `${gpu.slug}: catalog ${gpu.formFactor}, database ${rows.get(gpu.slug)?.form_factor}`);
    expect(mismatched).toEqual([]);
  });
});
