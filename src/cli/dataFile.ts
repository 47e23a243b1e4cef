/**
 * Data files: `--data FILE` (a CSV of points, one per row, no header, or a 2-D .npy array), `--labels FILE` (±1 or
 * 0/1, one per row) and their writers for `--save-data`. Every problem is a one-line UsageError naming the file.
 */

import { readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { UsageError } from "../config/schema.js";
import type { Dataset } from "../core/data.js";
import { writeFileAtomic } from "../store/atomicFile.js";
import { decodeNpy, encodeNpy } from "../store/npy.js";
import { existingFile } from "./runOptions.js";

/** A decimal number (no hex, octal or binary literals, no Infinity, no NaN). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** A CSV above this is refused (a JavaScript string holds at most ~5·10^8 characters): use .npy. */
export const MAX_CSV_BYTES = 500e6;

/** Points from a .csv or .npy file (by extension), n × d row-major float64. */
export function readDataFile(path: string, flag = "--data"): Dataset {
  const full = existingFile(flag, path);
  const ext = extname(path).toLowerCase();
  const data = ext === ".npy" ? readNpyFile(full, path, flag) : readCsvMatrix(full, path, flag);
  if (data.n > 0 && data.X.every((v) => v === data.X[0])) {
    throw new UsageError(
      `${flag} must not be constant (every value of "${path}" is ${data.X[0]}): there is nothing to learn`,
    );
  }
  return data;
}

function readNpyFile(full: string, path: string, flag: string): Dataset {
  try {
    const m = decodeNpy(readFileSync(full));
    if (m.n === 0 || m.d === 0) throw new Error(`shape (${m.n}, ${m.d}) holds no values`);
    return { X: m.values, n: m.n, d: m.d };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(
      `${flag} must be a 2-D float64 or float32 .npy array (${(err as Error).message} in "${path}")`,
    );
  }
}

function csvLines(full: string, path: string, flag: string): string[] {
  const bytes = statSync(full).size;
  if (bytes > MAX_CSV_BYTES) {
    throw new UsageError(
      `${flag} CSV files must be at most ${MAX_CSV_BYTES / 1e6} MB (got ${(bytes / 1e6).toFixed(0)} MB in "${path}"): save it as .npy`,
    );
  }
  const lines = readFileSync(full, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  if (lines.length === 0)
    throw new UsageError(`${flag} must hold at least one row of numbers (got an empty file "${path}")`);
  return lines;
}

function readCsvMatrix(full: string, path: string, flag: string): Dataset {
  const rows = csvLines(full, path, flag).map((line, i) => parseRow(line, i + 1, path, flag));
  const d = rows[0].length;
  const ragged = rows.findIndex((r) => r.length !== d);
  if (ragged >= 0) {
    throw new UsageError(
      `${flag} rows must all have ${d} values (row ${ragged + 1} of "${path}" has ${rows[ragged].length})`,
    );
  }
  const X = new Float64Array(rows.length * d);
  for (const [i, r] of rows.entries()) X.set(r, i * d);
  return { X, n: rows.length, d };
}

function parseRow(line: string, lineNo: number, path: string, flag: string): number[] {
  return line.split(",").map((cell, j) => {
    const v = Number(cell.trim());
    if (!DECIMAL.test(cell.trim()) || !Number.isFinite(v)) {
      throw new UsageError(
        `${flag} values must be finite decimal numbers, e.g. -1.5 or 2e-3 (got "${cell.trim()}" at row ${lineNo}, column ${j + 1} of "${path}")`,
      );
    }
    return v;
  });
}

/** Labels y_i ∈ {−1, +1} for n points, from ±1 or 0/1 values (0 read as −1), one per row (.csv) or a .npy vector. */
export function readLabelsFile(path: string, n: number): Float64Array {
  const data = readDataFile(path, "--labels");
  if (data.d !== 1) throw new UsageError(`--labels must hold one value per row (got ${data.d} columns in "${path}")`);
  if (data.n !== n)
    throw new UsageError(`--labels must have one row per point of --data: ${n} (got ${data.n} in "${path}")`);
  const values = new Set(data.X);
  const zeroOne = [...values].every((v) => v === 0 || v === 1);
  const signs = [...values].every((v) => v === -1 || v === 1);
  if (!zeroOne && !signs) {
    throw new UsageError(`--labels must be -1/+1 or 0/1 (got ${[...values].slice(0, 3).join(", ")} in "${path}")`);
  }
  return zeroOne ? data.X.map((v) => 2 * v - 1) : data.X;
}

/** A number as CSV text that reads back to the same bits (−0 included). */
const csvNumber = (v: number) => (Object.is(v, -0) ? "-0" : String(v));

/** Write n × d values (row-major) as CSV (numbers in their shortest round-trip form: read back exactly) or .npy. */
export function writeDataFile(path: string, X: Float64Array, n: number, d: number): void {
  if (extname(path).toLowerCase() === ".npy") {
    writeFileAtomic(path, encodeNpy(X, n, d));
    return;
  }
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(Array.from(X.subarray(i * d, (i + 1) * d), csvNumber).join(","));
  writeFileAtomic(path, `${lines.join("\n")}\n`);
}
