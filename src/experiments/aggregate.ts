/**
 * Aggregation over seeds: the cells of a sweep grouped by grid point, each metric summarised by its mean with either
 * ± one standard error or a seeded percentile-bootstrap confidence interval, at the final state and per checkpoint.
 * The interval is written with every row (column `interval`), so a number never travels without its definition.
 */

import type { Checkpoint } from "../train/gd.js";
import { CHECKPOINT_COLUMNS } from "../train/metrics.js";
import type { RunSummary } from "../train/run.js";
import { mean, standardError } from "./stats.js";
import type { GridValue } from "./sweep.js";

export interface IntervalOptions {
  /** se: lo/hi = mean ∓ 1 standard error; bootstrap: percentile interval of resampled means */
  method: "se" | "bootstrap";
  /** bootstrap confidence level, e.g. 0.95 */
  level: number;
  resamples: number;
  /** bootstrap seed: the same seed gives the same interval */
  seed: number;
}

export const defaultIntervalOptions: IntervalOptions = { method: "se", level: 0.95, resamples: 2000, seed: 0 };

/** A metric over one group; all null when no value was finite. */
export interface Interval {
  count: number;
  mean: number | null;
  /** null for fewer than two values (unknown, not zero) */
  se: number | null;
  lo: number | null;
  hi: number | null;
}

/** The interval's definition in words, written with each aggregated row. */
export function intervalDescription(o: IntervalOptions): string {
  if (o.method === "se") return "mean ± 1 standard error over seeds";
  return `${Number((100 * o.level).toPrecision(12))}% percentile bootstrap of the mean over seeds (${o.resamples} resamples, seed ${o.seed})`;
}

/** 32-bit integer hash (murmur3's finaliser): mixes seed and stream ids into a generator state. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Seeded uniform [0, 1) generator (mulberry32) for stream (seed, ...path); bootstrap needs nothing stronger. */
export function uniformStream(seed: number, ...path: number[]): () => number {
  let state = mix32(seed >>> 0) ^ mix32(Math.floor(seed / 2 ** 32));
  for (const p of path) state = mix32(state ^ mix32(p + 0x9e3779b9));
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Quantile q of sorted values, linear interpolation between order statistics (R type 7). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const k = Math.floor(h);
  return k + 1 < sorted.length ? sorted[k] + (h - k) * (sorted[k + 1] - sorted[k]) : sorted[k];
}

/** Percentile bootstrap interval of the mean of xs at `level`, from stream (seed, ...path). */
export function bootstrapInterval(
  xs: readonly number[],
  o: Pick<IntervalOptions, "level" | "resamples" | "seed">,
  ...path: number[]
): [number, number] {
  const u = uniformStream(o.seed, ...path);
  const means = new Float64Array(o.resamples);
  for (let b = 0; b < o.resamples; b++) {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[Math.floor(u() * xs.length)];
    means[b] = s / xs.length;
  }
  const sorted = Array.from(means.sort());
  const tail = (1 - o.level) / 2;
  return [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
}

/** Summarise the finite values of xs (nulls and non-finite values are left out and not counted). */
export function summarize(xs: readonly (number | null)[], o: IntervalOptions, ...path: number[]): Interval {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  if (v.length === 0) return { count: 0, mean: null, se: null, lo: null, hi: null };
  const m = mean(v);
  if (v.length < 2) return { count: 1, mean: m, se: null, lo: null, hi: null };
  const se = standardError(v);
  const [lo, hi] = o.method === "se" ? [m - se, m + se] : bootstrapInterval(v, o, ...path);
  return { count: v.length, mean: m, se, lo, hi };
}

/** One finished cell's data, as aggregation needs it. */
export interface CellData {
  point: Record<string, GridValue>;
  summary: RunSummary;
  checkpoints: readonly Checkpoint[];
}

/** The metrics aggregated per checkpoint: every checkpoint column but the time axis. */
export const CHECKPOINT_METRICS = CHECKPOINT_COLUMNS.filter(
  (c): c is Exclude<(typeof CHECKPOINT_COLUMNS)[number], "epoch" | "t" | "log10_t"> =>
    c !== "epoch" && c !== "t" && c !== "log10_t",
);

/** The final-state metrics: the last checkpoint's metrics and the two grokking delays (null when not crossed). */
export const FINAL_METRICS = [...CHECKPOINT_METRICS, "grok_acc_delay_epochs", "grok_loss_delay_epochs"] as const;

/** A cell's final-state metric values, keyed as FINAL_METRICS. */
export function finalValues(cell: Pick<CellData, "summary">): Record<(typeof FINAL_METRICS)[number], number | null> {
  const f = cell.summary.final;
  const out = Object.fromEntries(CHECKPOINT_METRICS.map((k) => [k, f[k]])) as Record<string, number | null>;
  out.grok_acc_delay_epochs = cell.summary.grokking.accuracy.delayEpochs;
  out.grok_loss_delay_epochs = cell.summary.grokking.loss.delayEpochs;
  return out as Record<(typeof FINAL_METRICS)[number], number | null>;
}

/** Cells grouped by grid point, in order of first appearance. */
export function groupByPoint<T extends { point: Record<string, GridValue> }>(cells: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const c of cells) {
    const k = JSON.stringify(c.point);
    const g = groups.get(k);
    if (g) g.push(c);
    else groups.set(k, [c]);
  }
  return [...groups.values()];
}

/** Columns metric_mean, metric_se, metric_lo, metric_hi, metric_count of one summarised metric. */
function metricColumns(name: string, s: Interval): Record<string, number | null> {
  return {
    [`${name}_mean`]: s.mean,
    [`${name}_se`]: s.se,
    [`${name}_lo`]: s.lo,
    [`${name}_hi`]: s.hi,
    [`${name}_count`]: s.count,
  };
}

/** One row per grid point: the point, the number of cells, and every final-state metric summarised over seeds. */
export function aggregateFinal(cells: readonly CellData[], o: IntervalOptions): Record<string, unknown>[] {
  const interval = intervalDescription(o);
  return groupByPoint(cells).map((group, g) => {
    const values = group.map(finalValues);
    const row: Record<string, unknown> = { ...group[0].point, n_cells: group.length };
    FINAL_METRICS.forEach((m, k) => {
      Object.assign(
        row,
        metricColumns(
          m,
          summarize(
            values.map((v) => v[m]),
            o,
            g,
            k,
          ),
        ),
      );
    });
    row.interval = interval;
    return row;
  });
}

/**
 * One row per grid point and checkpoint position: checkpoints are aligned by position (GD runs of one point share
 * their checkpoint epochs); epoch, t and log10_t are their means over the cells that reached that checkpoint.
 */
export function aggregateCheckpoints(cells: readonly CellData[], o: IntervalOptions): Record<string, unknown>[] {
  const interval = intervalDescription(o);
  return groupByPoint(cells).flatMap((group, g) => {
    const len = Math.max(...group.map((c) => c.checkpoints.length));
    return Array.from({ length: len }, (_, idx) => {
      const rows = group.flatMap((c) => (idx < c.checkpoints.length ? [c.checkpoints[idx]] : []));
      const row: Record<string, unknown> = { ...group[0].point, checkpoint: idx, n_cells: rows.length };
      for (const axis of ["epoch", "t", "log10_t"] as const) row[axis] = mean(rows.map((r) => r[axis]));
      CHECKPOINT_METRICS.forEach((m, k) => {
        Object.assign(
          row,
          metricColumns(
            m,
            summarize(
              rows.map((r) => r[m]),
              o,
              g,
              idx,
              k,
            ),
          ),
        );
      });
      row.interval = interval;
      return row;
    });
  });
}
