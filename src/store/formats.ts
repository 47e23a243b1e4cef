/** Text encodings of checkpoint records: CSV (header + rows) and JSON Lines. Pure string building, no I/O. */

import type { Checkpoint } from "../train/gd.js";
import { CHECKPOINT_COLUMNS } from "./resultsStore.js";

/** A CSV cell: numbers at full precision (shortest round-trip form), null as empty, strings quoted when needed. */
function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : v > 0 ? "inf" : v < 0 ? "-inf" : "nan";
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV of checkpoint rows, optionally prefixed by fixed columns (e.g. run_id, lambda, seed) per row. */
export function checkpointsCsv(
  rows: readonly Checkpoint[],
  prefix?: { columns: string[]; values: unknown[][] },
): string {
  const header = [...(prefix?.columns ?? []), ...CHECKPOINT_COLUMNS].join(",");
  const lines = rows.map((r, i) =>
    [...(prefix?.values[i] ?? []), ...CHECKPOINT_COLUMNS.map((c) => r[c])].map(csvCell).join(","),
  );
  return `${header}\n${lines.join("\n")}${lines.length ? "\n" : ""}`;
}

/** One JSON object per line. */
export function jsonLines(rows: readonly object[]): string {
  return rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length ? "\n" : "");
}

/** CSV of flat records: the columns are the union of the records' keys, in order of first appearance. */
export function recordsCsv(rows: readonly object[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const lines = rows.map((r) => {
    const values: Record<string, unknown> = { ...r };
    return columns.map((c) => csvCell(values[c])).join(",");
  });
  return `${columns.join(",")}\n${lines.join("\n")}${lines.length ? "\n" : ""}`;
}
