/** Prints rows as an aligned table: the first `textColumns` columns left-aligned, figures right-aligned. */
export function printTable(rows: readonly (readonly string[])[], textColumns = 1): void {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  for (const row of rows)
    console.log(
      row
        .map((cell, column) =>
          column < textColumns ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join("  "),
    );
}
