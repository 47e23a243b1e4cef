/**
 * Time carried in log space (SPEC §4: t reaches 1e91 and beyond, past float64 where needed): v = log(1 + t), the
 * variable the flows integrate in, and log10 t for output, with the bisection used to locate crossings on dense output.
 */

import { exp, expm1, log, log1p, pow } from "./detMath.js";

/** log(e^y − 1) for y ≥ 0, finite for any y (−Infinity at 0). */
export function logExpm1(y: number): number {
  return y > 1 ? y + log1p(-exp(-y)) : log(expm1(y));
}

/** log10 t from v = log(1 + t), also where t itself overflows. */
export function log10TOfV(v: number): number {
  return logExpm1(v) / Math.LN10;
}

/** v = log(1 + t) from log10 t, for any log10 t (10^{log10 t} may overflow). */
export function vOfLog10T(log10T: number): number {
  return log10T > 0 ? log10T * Math.LN10 + log1p(pow(10, -log10T)) : log1p(pow(10, log10T));
}

/**
 * Bisection (≤ 60 halvings, to float resolution or to an interval of `resolution`) for the first x in [lo, hi] where
 * `ok` holds; ok(hi) is true.
 */
export function firstTrue(lo: number, hi: number, ok: (x: number) => boolean, resolution = 0): number {
  for (let k = 0; k < 60 && hi - lo > resolution; k++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** One accepted step of an ODE solution: where it started in the integration variable, and its dense output. */
export interface DenseStep<Y> {
  wOld: number;
  at: (w: number) => Y;
}

/**
 * The first crossing of a threshold along an ODE solution (SPEC §5: the first time a metric reaches its threshold),
 * fed step by step in increasing w: located within the step where `hit` first holds by bisection on the step's dense
 * output, to `resolution(w)` in w (0: to float resolution). Keeps the crossing's w and the state there.
 */
export class FirstCrossing<Y> {
  w: number | null = null;
  y: Y | null = null;

  constructor(
    private readonly hit: (y: Y) => boolean,
    private readonly resolution: (w: number) => number = () => 0,
  ) {}

  /** Feed the state y at w, the end of `step` (null for the initial state). */
  observe(w: number, y: Y, step: DenseStep<Y> | null): void {
    if (this.w !== null || !this.hit(y)) return;
    if (!step) {
      this.w = w;
      this.y = y;
      return;
    }
    const m = firstTrue(step.wOld, w, (u) => this.hit(step.at(u)), this.resolution(w));
    this.w = m;
    this.y = step.at(m);
  }
}
