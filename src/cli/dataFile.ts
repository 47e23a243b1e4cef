/**
 * Data files: `--data FILE` (a CSV of points, one per row, no header, or a 2-D .npy array), `--labels FILE` (±1 or
 * 0/1, one per row) and their writers for `--save-data`. Every problem is a one-line UsageError naming the file.
 */

import { readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { checkCsvSize, checkNotConstant, labelsFromValues, parseCsvMatrix } from "../config/ownData.js";
import { UsageError } from "../config/schema.js";
import type { Dataset } from "../core/data.js";
import { writeFileAtomic } from "../store/atomicFile.js";
import { decodeNpy, encodeNpy } from "../store/npy.js";
import { existingFile } from "./runOptions.js";

/** Points from a .csv or .npy file (by extension), n × d row-major float64. */
export function readDataFile(path: string, flag = "--data"): Dataset {
  const full = existingFile(flag, path);
  const ext = extname(path).toLowerCase();
  const data = ext === ".npy" ? readNpyFile(full, path, flag) : readCsvFile(full, path, flag);
  return checkNotConstant(data, flag, path);
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

function readCsvFile(full: string, path: string, flag: string): Dataset {
  checkCsvSize(statSync(full).size, flag, path);
  return parseCsvMatrix(readFileSync(full, "utf8"), flag, path);
}

/** Labels y_i ∈ {−1, +1} for n points, from ±1 or 0/1 values (0 read as −1), one per row (.csv) or a .npy vector. */
export function readLabelsFile(path: string, n: number, flag = "--labels", of = "--data"): Float64Array {
  return labelsFromValues(readDataFile(path, flag), n, flag, path, of);
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
