/**
 * Parquet encoding of flat records (hyparquet-writer: pure JavaScript, no native code). Numbers are written as
 * DOUBLE (exact for every integer a sweep stores, up to 2^53), strings as UTF-8, booleans as BOOLEAN; null and
 * undefined are nulls. Non-finite numbers stay IEEE values (±Infinity, NaN), as Parquet readers expect.
 */

import { type ColumnSource, parquetWriteBuffer } from "hyparquet-writer";

type ColumnType = "DOUBLE" | "STRING" | "BOOLEAN";

/** The column's Parquet type from its non-null values; a column mixing kinds is written as strings. */
function columnType(values: readonly unknown[]): ColumnType {
  const kinds = new Set(values.filter((v) => v !== null && v !== undefined).map((v) => typeof v));
  if (kinds.size === 1 && kinds.has("number")) return "DOUBLE";
  if (kinds.size === 1 && kinds.has("boolean")) return "BOOLEAN";
  return "STRING";
}

function columnData(name: string, values: unknown[]): ColumnSource {
  const type = columnType(values);
  const data = values.map((v) => (v === undefined || v === null ? null : type === "STRING" ? String(v) : v));
  return { name, data, type, nullable: true };
}

/**
 * A Parquet file of flat records: the columns are the union of the records' keys in order of first appearance
 * (as recordsCsv); `metadata` becomes the file's key-value metadata (e.g. the interval definition).
 */
export function recordsParquet(
  rows: readonly Record<string, unknown>[],
  metadata: Record<string, string> = {},
): Uint8Array {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const buffer = parquetWriteBuffer({
    columnData: columns.map((c) =>
      columnData(
        c,
        rows.map((r) => r[c]),
      ),
    ),
    kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    createdBy: "grokedge",
  });
  return new Uint8Array(buffer);
}
