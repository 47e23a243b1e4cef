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
