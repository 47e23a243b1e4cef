/**
 * Threshold-free grokking measures (README "Threshold-free grokking measures"): read off a run's recorded history in
 * x = log10 t, with no accuracy or loss threshold. Only checkpoints with t > 0 count (log10 t finite). A_gen is the
 * exact population accuracy, or the held-out test accuracy for a model without one (Rademacher inputs).
 *
 * - steepest rise: the x where A_gen (population accuracy) rises fastest per decade of t. The largest slope between
 *   consecutive checkpoints picks the segment; a parabola through that slope and its two neighbours (at the segment
 *   midpoints) places the maximum between checkpoints.
 * - plateau and limit: the plateau is A_gen at the first checkpoint where the training accuracy reaches its largest
 *   recorded value (the end of memorisation, x_mem); the limit is A_gen at the last checkpoint.
 * - half-way time: the first x ≥ x_mem at which A_gen has covered half the way from its plateau to its limit
 *   (linear interpolation in x between checkpoints); its delay is x_half − x_mem, in decades.
 * - area: ∫ (A_train − A_gen) d log10 t over the recorded range (trapezoids), in decades: how long, in decades of t,
 *   the training set is fitted better than the population. For two equal-shaped steps it is their distance.
 */

import type { Checkpoint } from "./gd.js";

export interface GrokkingMeasures {
  /** log10 t of the steepest rise of A_gen; null when A_gen never rises between checkpoints */
  log10_t_steepest: number | null;
  /** that largest slope dA_gen/dlog10 t (accuracy per decade) between two checkpoints */
  steepest_slope: number | null;
  /** log10 t at which the training accuracy first reaches its largest recorded value (end of memorisation) */
  log10_t_memorised: number | null;
  /** A_gen there (the plateau) and at the last checkpoint (the limit) */
  plateau: number | null;
  limit: number | null;
  /** log10 t at which A_gen first covers half the way from plateau to limit; null when limit = plateau */
  log10_t_halfway: number | null;
  /** log10_t_halfway − log10_t_memorised (decades) */
  halfway_delay_decades: number | null;
  /** ∫ (A_train − A_gen) d log10 t over the checkpoints with t > 0 (decades) */
  area_decades: number | null;
}

/** The definitions printed with the measures (README, SPEC-level words). */
export const MEASURE_DEFINITIONS = {
  steepest:
    "log10 t where the population accuracy A_gen rises fastest per decade of t (largest slope between checkpoints, refined by a parabola through it and its neighbours)",
  halfway:
    "first log10 t, after the training accuracy first reaches its largest value (end of memorisation), at which A_gen has covered half the way from its value there (plateau) to its last value (limit); delay = that minus the end of memorisation, in decades",
  area: "∫ (training accuracy − A_gen) d log10 t over the recorded checkpoints with t > 0, in decades",
} as const;

/** Threshold-free grokking measures of a history (checkpoints in increasing t). */
export function grokkingMeasures(checkpoints: readonly Checkpoint[]): GrokkingMeasures {
  const rows = checkpoints.filter((c) => Number.isFinite(c.log10_t));
  const x = rows.map((c) => c.log10_t);
  const gen = rows.map(generalisation);
  const train = rows.map((c) => c.train_acc);
  const rise = steepestRise(x, gen);
  const half = halfwayTime(x, train, gen);
  return {
    log10_t_steepest: rise?.x ?? null,
    steepest_slope: rise?.slope ?? null,
    ...half,
    area_decades: rows.length < 2 ? null : areaBetween(x, train, gen),
  };
}

/** A_gen at a checkpoint: the exact population accuracy, or the held-out one where the model has none (Rademacher). */
export function generalisation(c: Pick<Checkpoint, "pop_acc" | "test_acc">): number {
  return Number.isFinite(c.pop_acc) ? c.pop_acc : (c.test_acc ?? Number.NaN);
}

/** Location and value of the largest slope of y(x) (x increasing); null with no positive slope. */
export function steepestRise(x: readonly number[], y: readonly number[]): { x: number; slope: number } | null {
  const mid: number[] = [];
  const slope: number[] = [];
  for (let k = 0; k + 1 < x.length; k++) {
    const dx = x[k + 1] - x[k];
    if (!(dx > 0)) continue;
    mid.push(0.5 * (x[k] + x[k + 1]));
    slope.push((y[k + 1] - y[k]) / dx);
  }
  let best = -1;
  for (let k = 0; k < slope.length; k++) if (slope[k] > 0 && (best < 0 || slope[k] > slope[best])) best = k;
  if (best < 0) return null;
  if (best === 0 || best === slope.length - 1) return { x: mid[best], slope: slope[best] };
  return { x: parabolaVertex(mid, slope, best), slope: slope[best] };
}

/** The vertex of the parabola through points k − 1, k, k + 1, kept within [x_{k−1}, x_{k+1}]. */
function parabolaVertex(x: readonly number[], y: readonly number[], k: number): number {
  const [x0, x1, x2] = [x[k - 1], x[k], x[k + 1]];
  const [y0, y1, y2] = [y[k - 1], y[k], y[k + 1]];
  const d01 = (y1 - y0) / (x1 - x0);
  const d12 = (y2 - y1) / (x2 - x1);
  const curvature = (d12 - d01) / (x2 - x0); // the parabola's leading coefficient
  if (!(curvature < 0)) return x1;
  const v = 0.5 * (x0 + x1) - d01 / (2 * curvature);
  return Math.min(x2, Math.max(x0, v));
}

/** The plateau, limit and half-way time of gen after train's first maximum (see the module comment). */
function halfwayTime(x: readonly number[], train: readonly number[], gen: readonly number[]) {
  const none = {
    log10_t_memorised: null,
    plateau: null,
    limit: null,
    log10_t_halfway: null,
    halfway_delay_decades: null,
  };
  if (x.length === 0) return none;
  const top = Math.max(...train);
  const m = train.indexOf(top);
  const plateau = gen[m];
  const limit = gen[gen.length - 1];
  const base = { ...none, log10_t_memorised: x[m], plateau, limit };
  if (!(Math.abs(limit - plateau) > 0)) return base;
  const level = 0.5 * (plateau + limit);
  const sign = Math.sign(limit - plateau);
  for (let k = m; k + 1 < x.length; k++) {
    const a = sign * (gen[k] - level);
    const b = sign * (gen[k + 1] - level);
    if (a < 0 && b >= 0) {
      const at = x[k] + ((x[k + 1] - x[k]) * -a) / (b - a);
      return { ...base, log10_t_halfway: at, halfway_delay_decades: at - x[m] };
    }
  }
  return base;
}

/** ∫ (train − gen) dx by trapezoids. */
export function areaBetween(x: readonly number[], train: readonly number[], gen: readonly number[]): number {
  let area = 0;
  for (let k = 0; k + 1 < x.length; k++) {
    area += 0.5 * (train[k] - gen[k] + train[k + 1] - gen[k + 1]) * (x[k + 1] - x[k]);
  }
  return area;
}
