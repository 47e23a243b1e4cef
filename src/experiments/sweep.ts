/**
 * Declarative sweeps: a grid over any run parameters × replicates, validated by the one run schema (config/run.ts).
 *
 * A spec (JSON, keys are the flag names of `grokedge train`):
 *
 *     { "name": "edge", "seed": 0, "replicates": 4,
 *       "base": { "N": 100, "sigma": 5, "epochs": 20000 },
 *       "grid": { "lambda": [0.4, 0.48, 0.52], "sigma": [1, 5] } }
 *
 * Cells. The grid points are the Cartesian product of the grid's value lists, in the spec's key order with the last
 * key varying fastest; each point has `replicates` cells. Cell (point p, replicate r) has index p·replicates + r and
 * runs the configuration base ⊕ point with seed = the spec's seed and runIndex = r. Every cell is therefore
 * deterministic from (sweep seed, cell) alone, and `grokedge train --seed S --run-index r <base and point flags>`
 * reruns it outside the sweep. Replicate r of every grid point shares its random streams (common random numbers, as
 * in Fig. 1): differences between grid points are not the noise of different draws.
 *
 * Keys. The sweep key hashes the name and the fully resolved spec (defaults included, so a change of defaults is a
 * different sweep); a cell's key is `<sweep key>:<cell index>`. Keys are stable across machines and runs, so shard
 * stores merge and a queue that re-enqueues a cell never duplicates it.
 */

import { createHash } from "node:crypto";
import { type RawLayer, type RunConfig, resolveRunConfig, runFields } from "../config/run.js";
import { type Field, parseField, parseObject, toUserNames, UsageError } from "../config/schema.js";

/** A grid value, in the user's vocabulary (a number or an enum string). */
export type GridValue = number | string;

export interface SweepSpec {
  name: string;
  description: string;
  /** the seed of every cell (SPEC: the runs' streams are (seed, runIndex, stream)) */
  seed: number;
  /** cells per grid point; replicate r runs with runIndex r */
  replicates: number;
  /** validated base settings, keyed by flag name (seed and run-index excluded: the sweep sets them) */
  base: Record<string, GridValue>;
  /** parameter (flag name) → its values, in the spec's order */
  grid: [string, GridValue[]][];
}

export interface SweepCell {
  index: number;
  /** `<sweep key>:<index>`: stable, unique across sweeps */
  key: string;
  /** index of the grid point (cells point·replicates … point·replicates + replicates − 1) */
  pointIndex: number;
  /** the grid point, keyed by flag name */
  point: Record<string, GridValue>;
  replicate: number;
  /** the cell's configuration, or the reason it cannot run (an invalid combination of base and point) */
  config: RunConfig | null;
  error: string | null;
}

/** A deterministic slice of the cells: shard i of n takes the cells with index ≡ i (mod n). */
export interface Shard {
  index: number;
  count: number;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** More cells than this is almost surely a mistake in the grid (and would not fit a store comfortably). */
export const MAX_CELLS = 1_000_000;
const SPEC_KEYS = ["name", "description", "seed", "replicates", "base", "grid"];
const SWEEP_SET = new Set(["seed", "run-index"]);
const specFields: Field[] = [
  { key: "seed", flag: "seed", kind: { type: "int", min: 0 }, help: "seed of every cell" },
  { key: "replicates", flag: "replicates", kind: { type: "int", min: 1, max: 100_000 }, help: "cells per point" },
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Validate a parsed spec file (keys are flag names); every problem is a one-line UsageError naming the key. */
export function parseSweepSpec(raw: unknown, where = "the sweep spec"): SweepSpec {
  if (!isObject(raw)) throw new UsageError(`${where} must hold a JSON object (got ${JSON.stringify(raw)})`);
  for (const k of Object.keys(raw)) {
    if (!SPEC_KEYS.includes(k))
      throw new UsageError(`unknown key "${k}" in ${where} (allowed: ${SPEC_KEYS.join(", ")})`);
  }
  if (typeof raw.name !== "string" || !NAME.test(raw.name)) {
    throw new UsageError(
      `"name" in ${where} must be 1–100 letters, digits, ".", "_" or "-", starting with a letter or digit (got ${JSON.stringify(raw.name)})`,
    );
  }
  if (raw.description !== undefined && typeof raw.description !== "string") {
    throw new UsageError(`"description" in ${where} must be a string (got ${JSON.stringify(raw.description)})`);
  }
  const [seedField, repField] = specFields;
  const seed = raw.seed === undefined ? 0 : (parseField(seedField, raw.seed, `"seed" in ${where}`) as number);
  const replicates =
    raw.replicates === undefined ? 1 : (parseField(repField, raw.replicates, `"replicates" in ${where}`) as number);
  const base = parseBase(raw.base, where);
  const grid = parseGrid(raw.grid, where);
  const spec: SweepSpec = { name: raw.name, description: raw.description ?? "", seed, replicates, base, grid };
  const cells = pointCount(spec) * replicates;
  if (cells > MAX_CELLS) {
    throw new UsageError(`the grid × "replicates" in ${where} must give at most ${MAX_CELLS} cells (got ${cells})`);
  }
  return spec;
}

function rejectSweepKeys(keys: string[], section: string, where: string): void {
  for (const k of keys) {
    if (SWEEP_SET.has(k)) {
      throw new UsageError(
        `"${section}.${k}" in ${where} is not allowed: the sweep sets seed (its "seed") and run-index (the replicate)`,
      );
    }
  }
}

function parseBase(raw: unknown, where: string): Record<string, GridValue> {
  if (raw === undefined) return {};
  if (!isObject(raw))
    throw new UsageError(`"base" in ${where} must be an object of settings (got ${JSON.stringify(raw)})`);
  rejectSweepKeys(Object.keys(raw), "base", where);
  const typed = parseObject(runFields, raw, (f) => `"base.${f.flag}" in ${where}`, `"base" of ${where}`);
  if (typed.d !== undefined && typed.lambda !== undefined) {
    throw new UsageError(`give either d or lambda, not both (in "base" of ${where})`);
  }
  return toUserNames(runFields, typed) as Record<string, GridValue>;
}

function parseGrid(raw: unknown, where: string): [string, GridValue[]][] {
  if (raw === undefined) return [];
  if (!isObject(raw))
    throw new UsageError(`"grid" in ${where} must be an object of value lists (got ${JSON.stringify(raw)})`);
  rejectSweepKeys(Object.keys(raw), "grid", where);
  const byFlag = new Map<string, Field>(runFields.map((f) => [f.flag, f]));
  if ("d" in raw && "lambda" in raw) throw new UsageError(`"grid" in ${where} may vary d or lambda, not both`);
  return Object.entries(raw).map(([flag, values]) => {
    const field = byFlag.get(flag);
    if (!field) {
      const allowed = runFields.map((f) => f.flag).filter((f) => !SWEEP_SET.has(f));
      throw new UsageError(`unknown key "${flag}" in "grid" of ${where} (allowed: ${allowed.join(", ")})`);
    }
    if (!Array.isArray(values) || values.length === 0) {
      throw new UsageError(
        `"grid.${flag}" in ${where} must be a non-empty list of values (got ${JSON.stringify(values)})`,
      );
    }
    const parsed = values.map((v, i) => parseField(field, v, `"grid.${flag}[${i}]" in ${where}`));
    const dup = parsed.find((v, i) => parsed.indexOf(v) !== i);
    if (dup !== undefined) {
      throw new UsageError(`"grid.${flag}" in ${where} must not repeat a value (got ${JSON.stringify(dup)} twice)`);
    }
    return [flag, parsed];
  });
}

/** Number of grid points (1 for an empty grid). */
export function pointCount(spec: Pick<SweepSpec, "grid">): number {
  return spec.grid.reduce((k, [, values]) => k * values.length, 1);
}

/** Grid point p (last key fastest). */
export function gridPoint(spec: Pick<SweepSpec, "grid">, p: number): Record<string, GridValue> {
  const point: Record<string, GridValue> = {};
  for (let k = spec.grid.length - 1; k >= 0; k--) {
    const [flag, values] = spec.grid[k];
    point[flag] = values[p % values.length];
    p = Math.floor(p / values.length);
  }
  return Object.fromEntries(spec.grid.map(([flag]) => [flag, point[flag]]));
}

/** The configuration of grid point p: base ⊕ point over the defaults (cross-field errors are thrown). */
function pointConfig(spec: SweepSpec, point: Record<string, GridValue>): RunConfig {
  const layers: RawLayer[] = [
    { values: spec.base, namer: (f) => `"base.${f.flag}"`, where: `"base" of sweep ${spec.name}` },
    { values: point, namer: (f) => `"grid.${f.flag}"`, where: `a grid point of sweep ${spec.name}` },
  ];
  return { ...resolveRunConfig(layers), seed: spec.seed };
}

/**
 * The sweep's stable key: 16 hex digits of SHA-256 over the name, seed, replicates, grid labels and every point's
 * resolved configuration (defaults included; null for an invalid combination). A new version whose defaults or
 * fields differ gives a new key, so a resume never mixes cells computed under different settings.
 */
export function sweepKey(spec: SweepSpec): string {
  const points = Array.from({ length: pointCount(spec) }, (_, p) => {
    try {
      return toUserNames(runFields, pointConfig(spec, gridPoint(spec, p)));
    } catch {
      return null;
    }
  });
  const { name, seed, replicates, grid } = spec;
  return createHash("sha256")
    .update(JSON.stringify({ name, seed, replicates, grid, points }))
    .digest("hex")
    .slice(0, 16);
}

/** The spec as stored and as written back to a file (parseSweepSpec reads it to the same spec). */
export function specToJson(spec: SweepSpec): Record<string, unknown> {
  const { name, description, seed, replicates, base } = spec;
  return { name, description, seed, replicates, base, grid: Object.fromEntries(spec.grid) };
}

/** The key of cell `index` of a sweep. */
export function cellKey(sweep: string, index: number): string {
  return `${sweep}:${index}`;
}

/** Every cell of the sweep, in index order; cells whose point is an invalid combination carry the error instead. */
export function sweepCells(spec: SweepSpec, key = sweepKey(spec)): SweepCell[] {
  const cells: SweepCell[] = [];
  for (let p = 0; p < pointCount(spec); p++) {
    const point = gridPoint(spec, p);
    let config: RunConfig | null = null;
    let error: string | null = null;
    try {
      config = pointConfig(spec, point);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      error = err.message;
    }
    for (let r = 0; r < spec.replicates; r++) {
      const index = p * spec.replicates + r;
      const cellConfig = config && { ...config, runIndex: r };
      cells.push({ index, key: cellKey(key, index), pointIndex: p, point, replicate: r, config: cellConfig, error });
    }
  }
  if (cells.every((c) => c.error !== null)) {
    throw new UsageError(`no grid point of sweep "${spec.name}" is a valid configuration: ${cells[0].error}`);
  }
  return cells;
}

/** Parse `--shard i/n` (0 ≤ i < n, as SLURM_ARRAY_TASK_ID / JOB_COMPLETION_INDEX count from 0). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || !(count >= 1) || !(index < count) || !Number.isSafeInteger(count)) {
    throw new UsageError(`--shard must be i/n with integers 0 ≤ i < n, e.g. 0/4 (got "${text}")`);
  }
  return { index, count };
}

/** The cells of one shard: index ≡ shard.index (mod shard.count). Round robin spreads costly grid points evenly. */
export function shardCells<T extends { index: number }>(cells: readonly T[], shard: Shard): T[] {
  return cells.filter((c) => c.index % shard.count === shard.index);
}
