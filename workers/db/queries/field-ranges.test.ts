import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { CollectionSpec } from "../../../shared/query-grammar";
import { withDb } from "../client";
import { INTEGER_RANGE, SMALLINT_RANGE } from "../columns";
import { GPU_MODEL_FIELDS, PROVIDER_FIELDS } from "./catalog";
import { INSTANCE_FIELDS } from "./instances";

// The API's whole-number filters hold what their columns hold: each range is the one of the
// column's type as the database itself reports it, so a migration that widens a column shows here.

const RANGES: Record<string, { min: number; max: number }> = { smallint: SMALLINT_RANGE, integer: INTEGER_RANGE };

describe("whole-number filter ranges", () => {
  for (const [table, fields] of [
    ["instances", INSTANCE_FIELDS],
    ["gpu_models", GPU_MODEL_FIELDS],
    ["providers", PROVIDER_FIELDS],
  ] as [string, CollectionSpec][]) {
    it(`match the column types of ${table}`, async () => {
      const integers = Object.entries(fields).filter(([, spec]) => spec.type === "integer");
      const types = await withDb(env, "fresh", async (db) => {
        const result = await db.execute<{ table_name: string; column_name: string; data_type: string }>(sql`
          SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'cloudgpus'`);
        return new Map(result.rows.map((row) => [`${row.table_name}.${row.column_name}`, row.data_type]));
      });
      // A dotted field ("gpu_model.vram_gb") is a column of the related table.
      const RELATED: Record<string, string> = { provider: "providers", gpu_model: "gpu_models" };
      const columnOf = (field: string) => {
        const [relation, column] = field.split(".");
        return column && relation ? `${RELATED[relation]}.${column}` : `${table}.${field}`;
      };
      for (const [field, spec] of integers) {
        const range = RANGES[types.get(columnOf(field)) ?? ""];
        expect(range, `${columnOf(field)} is ${types.get(columnOf(field))}`).toBeDefined();
        expect({ field, min: "min" in spec ? spec.min : null, max: "max" in spec ? spec.max : null }).toEqual({
          field,
          ...range,
        });
      }
    });
  }
});
