import type { Context } from "hono";
import type { Paginated } from "../../../shared/api-schemas";
import { toCsv } from "../../../shared/csv";
import {
  type CollectionSpec,
  canonicalQuery,
  type ListQuery,
  parseListQuery,
  type SortKey,
} from "../../../shared/query-grammar";
import { type CachePolicy, cachedResponse } from "../../cache/response-cache";
import type { Database } from "../../db/client";
import { type DbPurpose, withDb } from "../../db/client";
import type { AppEnv } from "../types";
import { invalidQuery } from "../validation";

export interface ListEndpoint<Doc> {
  /** For the CSV file name. */
  name: string;
  fields: CollectionSpec;
  defaultSort: readonly SortKey[];
  cache: CachePolicy;
  purpose: DbPurpose;
  load(db: Database, query: ListQuery): Promise<Paginated<Doc>>;
  /** The fields of a document, which `select[field]=true` may name. */
  docFields: readonly string[];
  /** `format=csv`: the columns, and one flat row per document. */
  csv: { columns: readonly string[]; row(doc: Doc): Record<string, unknown> };
}

/** Payload 3's field selection: the document with only the selected fields, and its id. */
const selected =
  (fields: readonly string[]) =>
  <Doc>(doc: Doc): Partial<Doc> =>
    Object.fromEntries(
      Object.entries(doc as Record<string, unknown>).filter(([key]) => key === "id" || fields.includes(key)),
    ) as Partial<Doc>;

/**
 * A Payload-style list endpoint: the query grammar (400 naming every bad parameter), the edge
 * cache keyed on the canonical query, and JSON (PaginatedResponse) or CSV.
 */
export function listEndpoint<Doc>(endpoint: ListEndpoint<Doc>) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const parsed = parseListQuery(new URL(c.req.url).searchParams, endpoint.fields, {
      defaultSort: endpoint.defaultSort,
      selectable: endpoint.docFields,
    });
    if (!parsed.ok) throw invalidQuery(parsed.problems);
    const { query } = parsed;
    return cachedResponse(c, endpoint.cache, canonicalQuery(query), async () => {
      // A CSV row is flat: its relation columns show the related slugs, which need the relations
      // loaded whatever `depth` says (at depth 0 they would be bare UUIDs).
      const load = query.format === "csv" ? { ...query, depth: Math.max(1, query.depth) } : query;
      const page = await withDb(c.env, endpoint.purpose, (db) => endpoint.load(db, load));
      if (query.format === "json")
        return c.json(query.select ? { ...page, docs: page.docs.map(selected(query.select)) } : page);
      return new Response(toCsv(endpoint.csv.columns, page.docs.map(endpoint.csv.row)), {
        headers: {
          "Content-Type": "text/csv; charset=utf-8; header=present",
          "Content-Disposition": `attachment; filename="cloudgpus-${endpoint.name}-page-${query.page}.csv"`,
        },
      });
    });
  };
}
