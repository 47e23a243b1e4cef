/**
 * The principal branch W0 of the Lambert W function (w e^w = z, w ≥ −1), for SPEC §4: the x = 0 toy model gives
 * τ(t) through W, and at t ~ 1e90 its argument overflows, so a log form W(e^L) is provided as well.
 * Pure math: numbers in, numbers out.
 */

import { exp, log, log1p } from "./detMath.js";

/** 1/e split into a double and its rounding error, so that z + 1/e is exact-ish near the branch point. */
const INV_E_HI = 0.36787944117144233;
const INV_E_LO = -1.2428753672788363e-17;

/**
 * Fritsch–Shafer–Crowley iteration for w e^w = z, driven by the residual r(w) = log(z/w) − w (cubically convergent:
 * from a guess within ~10% three steps reach double precision). The caller picks how r is evaluated: as
 * log(z/w) − w when z is a double (accurate for every |w|), or as L − log w − w for z = e^L beyond the double range
 * (accurate there because w > 600 dwarfs the rounding of L).
 */
function refine(w: number, residual: (w: number) => number): number {
  for (let k = 0; k < 8; k++) {
    if (w === 0) return w;
    const r = residual(w);
    const q = 2 * (1 + w) * (1 + w + (2 / 3) * r);
    const eps = (r / (1 + w)) * ((q - r) / (q - 2 * r));
    const next = w * (1 + eps);
    if (!Number.isFinite(next)) return w;
    const done = Math.abs(next - w) <= 2e-16 * Math.abs(next);
    w = next;
    if (done) break;
  }
  return w;
}

/** Winitzki's approximation W ≈ a(1 − log(1 + a)/(2 + a)), a = log(1 + z): within ~2% for −0.27 < z < e^1.5. */
function winitzki(z: number): number {
  const a = log1p(z);
  return a * (1 - log1p(a) / (2 + a));
}

/** Starting guess for W0(e^L): de Bruijn's L − log L + log L/L for L > 1.5 (within 2%), else Winitzki's. */
function initialGuess(L: number): number {
  if (L <= 1.5) return winitzki(exp(L));
  const l2 = log(L);
  return L - l2 + l2 / L;
}

/** Coefficients of W0 about the branch point in p = √(2(e z + 1)) (Corless et al. 1996, §4), checked against mpmath. */
const BRANCH_SERIES = [
  -1,
  1,
  -1 / 3,
  11 / 72,
  -43 / 540,
  769 / 17280,
  -221 / 8505,
  680863 / 43545600,
  -1963 / 204120,
  226287557 / 37623398400,
];

/** The branch-point series (Horner); truncation error ≈ 0.004 p^10: < 1e-17 for p < 0.03, a 1e-4 guess at p = 0.74. */
function branchPointSeries(p: number): number {
  let w = 0;
  for (let k = BRANCH_SERIES.length - 1; k >= 0; k--) w = w * p + BRANCH_SERIES[k];
  return w;
}

/** W0(z) for z ≥ −1/e (dimensionless); NaN below −1/e, Infinity at +Infinity. */
export function lambertW0(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z === 0 || z === Number.POSITIVE_INFINITY) return z;
  const shifted = z + INV_E_HI + INV_E_LO; // z + 1/e: z + INV_E_HI is exact near −1/e (Sterbenz)
  if (shifted < 0) return shifted > -1e-15 ? -1 : Number.NaN; // allow the rounding of z itself
  if (shifted < 0.1) {
    // near the branch point W is ill-conditioned in z (dW/dz ∝ 1/(1 + W)) and the iteration divides by 1 + W → 0, but
    // p comes from the exactly shifted z, so the series in p is accurate there; beyond p = 0.03, 1 + W > 0.03 and the
    // iteration loses at most a factor 30 over rounding
    const p = Math.sqrt(2 * Math.E * shifted);
    const w = branchPointSeries(p);
    return p < 0.03 ? w : refine(w, (v) => log(z / v) - v);
  }
  if (Math.abs(z) < 1e-8) return z * (1 - z * (1 - 1.5 * z)); // W = z − z² + 3z³/2 − …, next term < 3e-24 relative
  const guess = z < 0 ? winitzki(z) : initialGuess(log(z));
  return refine(guess, (v) => log(z / v) - v);
}

/**
 * W0(e^L) for any real L, without forming e^L where it overflows (L > 709): W0 of a huge argument, e.g. t·e^{ητ}.
 * Below L ≈ −708 the result is itself subnormal and carries only the digits a subnormal has.
 */
export function lambertWOfExp(L: number): number {
  if (Number.isNaN(L)) return Number.NaN;
  if (L === Number.POSITIVE_INFINITY) return L;
  if (L < 700) return lambertW0(exp(L));
  return refine(initialGuess(L), (w) => L - log(w) - w);
}
