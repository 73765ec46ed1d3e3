import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import {
  type GpuModelDoc,
  HIDDEN_PROVIDER_COLUMNS,
  type InstanceDoc,
  type Provenance,
  type ProviderDoc,
} from "../../../shared/api-schemas";
import { adapterFor } from "../../providers";
import { gpuModels, instances, providers } from "../schema";

// Rows become API documents: the database's own column names (snake_case), dates as ISO strings.

function columnNames(table: PgTable): Map<string, string> {
  const names = new Map<string, string>();
  const config = getTableConfig(table);
  for (const [key, column] of Object.entries(table)) {
    if (config.columns.includes(column as never)) names.set(key, (column as { name: string }).name);
  }
  return names;
}

const PROVIDER_COLUMNS = columnNames(providers);
const GPU_MODEL_COLUMNS = columnNames(gpuModels);
const INSTANCE_COLUMNS = columnNames(instances);
const HIDDEN_INSTANCE_COLUMNS = new Set(["raw_data", "scrape_job_id"]);

function toDoc(
  row: Record<string, unknown>,
  names: Map<string, string>,
  hidden = new Set<string>(),
): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    const name = names.get(key);
    if (!name || hidden.has(name)) continue;
    doc[name] = value instanceof Date ? value.toISOString() : value;
  }
  return doc;
}

const HIDDEN_PROVIDER = new Set<string>(HIDDEN_PROVIDER_COLUMNS);

export const providerDoc = (row: typeof providers.$inferSelect) =>
  toDoc(row, PROVIDER_COLUMNS, HIDDEN_PROVIDER) as ProviderDoc;
export const gpuModelDoc = (row: typeof gpuModels.$inferSelect) => toDoc(row, GPU_MODEL_COLUMNS) as GpuModelDoc;

export function provenanceOf(providerSlug: string, sourceUrl: string | null, lastScrapedAt: Date): Provenance {
  return {
    source_url: sourceUrl,
    last_scraped_at: lastScrapedAt.toISOString(),
    method: adapterFor(providerSlug)?.method ?? "manual",
  };
}

/** An instance document; with `depth` ≥ 1 its relations hold the related documents, as in Payload. */
export function instanceDoc(
  row: {
    instance: typeof instances.$inferSelect;
    provider: typeof providers.$inferSelect;
    gpu: typeof gpuModels.$inferSelect;
  },
  depth: number,
): InstanceDoc {
  const doc = toDoc(row.instance, INSTANCE_COLUMNS, HIDDEN_INSTANCE_COLUMNS);
  if (depth >= 1) {
    doc.provider_id = providerDoc(row.provider);
    doc.gpu_model_id = gpuModelDoc(row.gpu);
  }
  doc.provenance = provenanceOf(row.provider.slug, row.instance.sourceUrl, row.instance.lastScrapedAt);
  return doc as InstanceDoc;
}
