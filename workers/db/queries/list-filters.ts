import {
  and,
  arrayContains,
  arrayOverlaps,
  asc,
  desc,
  eq,
  gt,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  not,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import {
  type Condition,
  isCondition,
  type ScalarValue,
  type SortKey,
  type WhereNode,
} from "../../../shared/query-grammar";

/**
 * A field's column, or for `uuid_or_slug` fields the reference column (`id`), and the related
 * table's key and slug columns.
 */
export type FieldColumn = AnyPgColumn | Reference;
interface Reference {
  id: AnyPgColumn;
  related: { id: AnyPgColumn; slug: AnyPgColumn };
}
export type FieldColumns = Record<string, FieldColumn>;

const isRef = (column: FieldColumn): column is Reference => "related" in column;

/**
 * Rows whose reference names one of `slugs`. The slugs are looked up once, in a sub-select the
 * planner runs before the scan (an InitPlan), so the reference is compared with known ids and its
 * indexes serve the list, in their order: a join on the slug would leave the planner guessing
 * which ids it meets, and walking the whole price index to find them.
 */
function referenceToSlugs(column: Reference, slugs: string[]): SQL {
  const { id, slug } = column.related;
  return sql`${column.id} = ANY(ARRAY(SELECT ${id} FROM ${slug.table} WHERE ${inArray(slug, slugs)}))`;
}

function driverValue(condition: Condition, value: ScalarValue): unknown {
  if (condition.type === "datetime") return new Date(value as string);
  return value;
}

/** A LIKE pattern matching `text` literally: `%`, `_` and the escape character itself escaped. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

function comparison(column: AnyPgColumn, condition: Condition, value: unknown): SQL {
  switch (condition.operator) {
    case "equals":
      return condition.type === "string_array" ? arrayContains(column, [value]) : eq(column, value);
    case "not_equals":
      return condition.type === "string_array"
        ? sql`(${isNull(column)} OR ${not(arrayContains(column, [value]))})`
        : sql`${column} IS DISTINCT FROM ${value}`;
    case "less_than":
      return lt(column, value);
    case "less_than_equal":
      return lte(column, value);
    case "greater_than":
      return gt(column, value);
    case "greater_than_equal":
      return gte(column, value);
    default:
      throw new Error(`unexpected operator ${condition.operator}`);
  }
}

/**
 * The SQL of a parsed `where` (shared/query-grammar.ts): nodes AND-ed, and/or groups as their
 * elements joined, every value a bound parameter. `uuid_or_slug` fields compare ids with ids and slugs with the related slug column.
 */
export function whereOf(nodes: readonly WhereNode[], columns: FieldColumns): SQL | undefined {
  const parts = nodes.map((node): SQL => {
    if (!isCondition(node)) {
      const elements = node.elements.map((element) => whereOf(element, columns) ?? sql`true`);
      return (node.group === "or" ? or(...elements) : and(...elements)) ?? sql`true`;
    }
    const condition = node;
    const column = columns[condition.field];
    if (!column) throw new Error(`no column for field ${condition.field}`);
    if (condition.operator === "exists") {
      const target = isRef(column) ? column.id : column;
      return condition.value ? isNotNull(target) : isNull(target);
    }
    if (isRef(column)) {
      const refs = Array.isArray(condition.value)
        ? (condition.value as { kind: string; value: string }[])
        : [condition.value as { kind: string; value: string }];
      const ids = refs.filter((ref) => ref.kind === "uuid").map((ref) => ref.value);
      const slugs = refs.filter((ref) => ref.kind === "slug").map((ref) => ref.value);
      const matches =
        or(
          ids.length ? inArray(column.id, ids) : undefined,
          slugs.length ? referenceToSlugs(column, slugs) : undefined,
        ) ?? sql`false`;
      return condition.operator === "not_equals" || condition.operator === "not_in" ? not(matches) : matches;
    }
    if (condition.operator === "in" || condition.operator === "not_in" || condition.operator === "all") {
      const values = (condition.value as ScalarValue[]).map((value) => driverValue(condition, value));
      if (condition.type === "string_array") {
        if (condition.operator === "all") return arrayContains(column, values);
        const any = arrayOverlaps(column, values);
        return condition.operator === "in" ? any : sql`(${isNull(column)} OR ${not(any)})`;
      }
      // NOT IN never matches a null: a row without the value is "not in" the list.
      return condition.operator === "in"
        ? inArray(column, values)
        : sql`(${isNull(column)} OR ${not(inArray(column, values))})`;
    }
    if (condition.operator === "like" || condition.operator === "not_like" || condition.operator === "contains") {
      const text = condition.value as string;
      const patterns = condition.operator === "contains" ? [text] : text.split(/\s+/).filter(Boolean);
      const matches = and(...patterns.map((pattern) => ilike(column, `%${escapeLike(pattern)}%`))) ?? sql`true`;
      return condition.operator === "not_like" ? sql`(${isNull(column)} OR ${not(matches)})` : matches;
    }
    return comparison(column, condition, driverValue(condition, condition.value as ScalarValue));
  });
  return parts.length ? and(...parts) : undefined;
}

/** ORDER BY the requested keys, then `tieBreaker` so pages never overlap or skip rows. */
export function orderOf(sort: readonly SortKey[], columns: FieldColumns, tieBreaker: AnyPgColumn): SQL[] {
  const keys = sort.map((key) => {
    const column = columns[key.field];
    if (!column) throw new Error(`no column for field ${key.field}`);
    const target = isRef(column) ? column.related.slug : column;
    return key.direction === "desc" ? sql`${desc(target)} NULLS LAST` : sql`${asc(target)} NULLS LAST`;
  });
  return [...keys, asc(tieBreaker)];
}
