/**
 * The user's own data (`train --data`, the explorer's dropped file): the option schema of labelled data and the pure
 * parsing and validation of CSV text and label values, shared by the CLI (src/cli/dataFile.ts reads the files) and the
 * page (which parses a dropped file locally). Every problem is a one-line UsageError naming the flag and the file.
 */

import type { Dataset } from "../core/data.js";
import { flipByLabels } from "../core/distributions.js";
import type { RunConfig } from "./run.js";
import { type ConfigOf, defaultsOf, type Field, flagNamer, parseObject, UsageError } from "./schema.js";

/** The options of labelled own data: one key per field below. */
export type OwnDataOptions = ConfigOf<typeof ownDataFields>;

/** The options of labelled own data, in `--help` order (flags `--labelled-bias`, URL key `labelled-bias`). */
export const ownDataFields = [
  // labelled data: "on" trains (S, b) on rows −y_i(x_i, 1); "off" trains S alone on rows −y_i x_i, b fixed at 0
  {
    key: "labelledBias",
    flag: "labelled-bias",
    default: "on",
    kind: { type: "enum", values: ["on", "off"] },
    help: "with --labels: on = rows −y_i(x_i, 1), the bias b trained; off = rows −y_i x_i, b fixed at 0 (the bias-free model)",
  },
] as const satisfies readonly Field[];

export const defaultOwnData: OwnDataOptions = defaultsOf(ownDataFields);

/** Validate raw own-data options (keyed by flag names) over the defaults. */
export function resolveOwnData(raw: Record<string, unknown>, where = "the command line"): OwnDataOptions {
  return { ...defaultOwnData, ...parseObject(ownDataFields, raw, flagNamer, where) } as OwnDataOptions;
}

/** A decimal number (no hex, octal or binary literals, no Infinity, no NaN). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** A CSV above this is refused (a JavaScript string holds at most ~5·10^8 characters): use .npy. */
export const MAX_CSV_BYTES = 500e6;

/** Refuse a CSV of `bytes` bytes above `max` (default MAX_CSV_BYTES), naming the way out (`advice`). */
export function checkCsvSize(
  bytes: number,
  flag: string,
  name: string,
  max = MAX_CSV_BYTES,
  advice = "save it as .npy",
) {
  if (bytes > max) {
    const mb = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(0)} MB` : `${(x / 1e3).toFixed(0)} kB`);
    throw new UsageError(`${flag} CSV files must be at most ${mb(max)} (got ${mb(bytes)} in "${name}"): ${advice}`);
  }
}

/** Points from CSV text (one per row, comma-separated decimals, no header; blank lines skipped), n × d float64. */
export function parseCsvMatrix(text: string, flag: string, name: string): Dataset {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0)
    throw new UsageError(`${flag} must hold at least one row of numbers (got an empty file "${name}")`);
  const rows = lines.map((line, i) => parseRow(line, i + 1, name, flag));
  const d = rows[0].length;
  const ragged = rows.findIndex((r) => r.length !== d);
  if (ragged >= 0) {
    throw new UsageError(
      `${flag} rows must all have ${d} values (row ${ragged + 1} of "${name}" has ${rows[ragged].length})`,
    );
  }
  const X = new Float64Array(rows.length * d);
  for (const [i, r] of rows.entries()) X.set(r, i * d);
  return { X, n: rows.length, d };
}

function parseRow(line: string, lineNo: number, name: string, flag: string): number[] {
  return line.split(",").map((cell, j) => {
    const v = Number(cell.trim());
    if (!DECIMAL.test(cell.trim()) || !Number.isFinite(v)) {
      throw new UsageError(
        `${flag} values must be finite decimal numbers, e.g. -1.5 or 2e-3 (got "${cell.trim()}" at row ${lineNo}, column ${j + 1} of "${name}")`,
      );
    }
    return v;
  });
}

/** Refuse a matrix whose values are all equal: there is nothing to learn. */
export function checkNotConstant(data: Dataset, flag: string, name: string): Dataset {
  if (data.n > 0 && data.X.every((v) => v === data.X[0])) {
    throw new UsageError(
      `${flag} must not be constant (every value of "${name}" is ${data.X[0]}): there is nothing to learn`,
    );
  }
  return data;
}

/**
 * Labels y_i ∈ {−1, +1} for n points from a one-column matrix of ±1 or 0/1 values (0 read as −1); `flag` names the
 * labels, `of` the points they label.
 */
export function labelsFromValues(data: Dataset, n: number, flag: string, name: string, of = "--data"): Float64Array {
  if (data.d !== 1) throw new UsageError(`${flag} must hold one value per row (got ${data.d} columns in "${name}")`);
  if (data.n !== n)
    throw new UsageError(`${flag} must have one row per point of ${of}: ${n} (got ${data.n} in "${name}")`);
  const values = new Set(data.X);
  const zeroOne = [...values].every((v) => v === 0 || v === 1);
  const signs = [...values].every((v) => v === -1 || v === 1);
  if (!zeroOne && !signs) {
    throw new UsageError(`${flag} must be -1/+1 or 0/1 (got ${[...values].slice(0, 3).join(", ")} in "${name}")`);
  }
  return zeroOne ? data.X.map((v) => 2 * v - 1) : data.X;
}

/** Labels of n points from CSV text (one ±1 or 0/1 value per row): parseCsvMatrix, then labelsFromValues. */
export function parseLabelsCsv(text: string, n: number, flag: string, name: string, of: string): Float64Array {
  const values = checkNotConstant(parseCsvMatrix(text, flag, name), flag, name);
  return labelsFromValues(values, n, flag, name, of);
}

/** The user's points, with ±1 labels y when labelled and `biasFree` for the bias-free model (train/passes.ts). */
export type OwnDataset = Dataset & { y?: Float64Array; biasFree?: boolean };

/**
 * The rows the run trains on in constant-label form (paper App. H/I), as the theory describes them: x_i without labels,
 * −y_i(x_i, 1) with labels and the bias, −y_i x_i bias-free; `form` says which in words.
 */
export function constantLabelRows(data: OwnDataset): { rows: Dataset; form: string } {
  const { X, y, n, d } = data;
  if (!y) return { rows: data, form: "rows x_i (constant labels −1, bias kept)" };
  if (data.biasFree) {
    return {
      rows: { X: flipByLabels(X, y, n, d, false), n, d },
      form: "rows −y_i x_i (labels flipped, bias-free: b = 0)",
    };
  }
  return {
    rows: { X: flipByLabels(X, y, n, d, true), n, d: d + 1 },
    form: "rows −y_i(x_i, 1) (labels flipped, bias kept)",
  };
}

/** A run configuration resized to the user's points: N and d from the file, the test set `testSize` points (or none). */
export function ownDataConfig(drawn: RunConfig, train: Dataset, testSize = 0): RunConfig {
  return { ...drawn, n: train.n, d: train.d, testSize };
}
