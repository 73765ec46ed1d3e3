import { z } from "@hono/zod-openapi";
import { getTableColumns, type Table } from "drizzle-orm";
import { createInsertSchema } from "drizzle-zod";

// What an operator may write to a catalog table (providers, GPU models) through the admin API:
// the table's own columns under their SQL names (as the public documents name them), each
// validated as drizzle-zod reads the column (lengths, ranges, enums, nullability), in a strict
// object, so a field that is not writable (id, timestamps, what ingestion maintains) is refused
// by name instead of being assigned.

export interface WritableFields {
  /** Field name (SQL) → the schema an operator's value must pass. */
  shape: Record<string, z.ZodType>;
  /** Field name (SQL) → the drizzle property it is written to. */
  property: Map<string, string>;
}

/**
 * The columns of `table` an operator may set, less `omit`, with `refine` replacing the schema of
 * some (a slug's pattern, a URL). `required` says which a create must carry (the columns with no
 * default that are not nullable).
 */
export function writableFields(
  table: Table,
  { omit, refine = {} }: { omit: readonly string[]; refine?: Record<string, z.ZodType> },
): WritableFields & { required: Set<string> } {
  const insert = createInsertSchema(table).shape as unknown as Record<string, z.ZodType>;
  const shape: Record<string, z.ZodType> = {};
  const property = new Map<string, string>();
  const required = new Set<string>();
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (omit.includes(column.name) || column.generated) continue;
    const schema = refine[column.name] ?? insert[key];
    if (!schema) continue;
    shape[column.name] = schema;
    property.set(column.name, key);
    if (column.notNull && !column.hasDefault) required.add(column.name);
  }
  return { shape, property, required };
}

/** The create body: required fields required, the rest optional. */
export function createSchema({ shape, required }: ReturnType<typeof writableFields>) {
  const fields: Record<string, z.ZodType> = {};
  for (const [name, schema] of Object.entries(shape)) fields[name] = required.has(name) ? schema : schema.optional();
  return z.strictObject(fields);
}

/** The update body: every field optional, at least one given. */
export function updateSchema(shape: Record<string, z.ZodType>) {
  const fields: Record<string, z.ZodType> = {};
  for (const [name, schema] of Object.entries(shape)) fields[name] = schema.optional();
  return z
    .strictObject(fields)
    .refine((body) => Object.values(body).some((value) => value !== undefined), "give at least one field to change");
}

/** A validated body (SQL names) as drizzle values (property names). */
export function asRow(body: Record<string, unknown>, property: Map<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    const key = property.get(name);
    if (key && value !== undefined) row[key] = value;
  }
  return row;
}
