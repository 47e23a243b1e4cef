/** `--data FILE`: a CSV of points, one per row, no header — validated into a Dataset with one-line errors. */

import { readFileSync } from "node:fs";
import { UsageError } from "../config/schema.js";
import type { Dataset } from "../core/data.js";
import { existingFile } from "./runOptions.js";

/** A decimal number (no hex, octal or binary literals, no Infinity, no NaN). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function readDataFile(path: string): Dataset {
  const text = readFileSync(existingFile("--data", path), "utf8");
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0)
    throw new UsageError(`--data must hold at least one row of numbers (got an empty file "${path}")`);
  const rows = lines.map((line, i) => parseRow(line, i + 1, path));
  const d = rows[0].length;
  const ragged = rows.findIndex((r) => r.length !== d);
  if (ragged >= 0) {
    throw new UsageError(
      `--data rows must all have ${d} values (row ${ragged + 1} of "${path}" has ${rows[ragged].length})`,
    );
  }
  const X = new Float64Array(rows.length * d);
  for (const [i, r] of rows.entries()) X.set(r, i * d);
  return { X, n: rows.length, d };
}

function parseRow(line: string, lineNo: number, path: string): number[] {
  return line.split(",").map((cell, j) => {
    const v = Number(cell.trim());
    if (!DECIMAL.test(cell.trim()) || !Number.isFinite(v)) {
      throw new UsageError(
        `--data values must be finite decimal numbers, e.g. -1.5 or 2e-3 (got "${cell.trim()}" at row ${lineNo}, column ${j + 1} of "${path}")`,
      );
    }
    return v;
  });
}
