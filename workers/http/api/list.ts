import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { z } from "zod";
import { type Paginated, paginatedSchema } from "../../../shared/api-schemas";
import { toCsv } from "../../../shared/csv";
import {
  type CollectionSpec,
  canonicalQuery,
  type ListQuery,
  type ListQueryResult,
  parseListQuery,
  type SortKey,
} from "../../../shared/query-grammar";
import { TtlMap } from "../../../shared/ttl-map";
import { type CachePolicy, cachedResponse } from "../../cache/response-cache";
import type { Database } from "../../db/client";
import { type DbPurpose, withDb } from "../../db/client";
import type { AppEnv } from "../types";
import { invalidQuery } from "../validation";
import { listParameters, listResponses } from "./openapi";

export interface ListEndpoint<Doc, Path extends string> {
  path: Path;
  summary: string;
  /** The document schema, its list's component name, and what a page is. */
  doc: z.ZodObject;
  listId: string;
  description: string;
  /** Notes on single fields in the documented field list. */
  notes?: Record<string, string>;
  /** For the CSV file name. */
  name: string;
  fields: CollectionSpec;
  defaultSort: readonly SortKey[];
  cache: CachePolicy;
  purpose: DbPurpose;
  load(db: Database, query: ListQuery): Promise<Paginated<Doc>>;
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
 * A Payload-style list endpoint, declared and served from one description: the route (its
 * parameters documented from the field specs, its page schema from the document schema), the query
 * grammar (400 naming every bad parameter; `select` may name any document field), the edge cache
 * keyed on the canonical query, and JSON (PaginatedResponse) or CSV.
 */
export function listEndpoint<Doc, Path extends string>(endpoint: ListEndpoint<Doc, Path>) {
  const route = createRoute({
    method: "get",
    path: endpoint.path,
    summary: endpoint.summary,
    parameters: listParameters(endpoint.fields, endpoint.notes),
    responses: listResponses(paginatedSchema(endpoint.doc, endpoint.listId), endpoint.description),
  });
  const selectable = Object.keys(endpoint.doc.shape);
  // Parsing is a pure function of the query string: the isolate keeps the last ones it parsed, so a
  // repeated read (what the edge cache serves) is not parsed again.
  const parsedQueries = new TtlMap<string, { parsed: ListQueryResult; canonical: string }>(500);
  const parse = (search: string) => {
    const known = parsedQueries.get(search, 0);
    if (known) return known;
    const parsed = parseListQuery(new URLSearchParams(search), endpoint.fields, {
      defaultSort: endpoint.defaultSort,
      selectable,
    });
    const entry = { parsed, canonical: parsed.ok ? canonicalQuery(parsed.query) : "" };
    parsedQueries.set(search, entry, Number.POSITIVE_INFINITY);
    return entry;
  };
  const handler = async (c: Context<AppEnv>): Promise<Response> => {
    const url = c.req.url;
    const { parsed, canonical } = parse(url.includes("?") ? url.slice(url.indexOf("?")) : "");
    if (!parsed.ok) throw invalidQuery(parsed.problems);
    const { query } = parsed;
    return cachedResponse(c, endpoint.cache, canonical, async () => {
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
  return { route, handler };
}
