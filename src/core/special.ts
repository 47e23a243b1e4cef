/**
 * Numerically stable scalar functions of a logit z (SPEC §1: finite for any finite z, e.g. ±1e4).
 * Pure math: numbers in, numbers out.
 */

/** softplus(z) = log(1 + e^z), never overflows. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** log(softplus(z)); for z ≪ 0 softplus(z) ≈ e^z underflows, so use log softplus = z + log(1 − e^z/2 + …). */
export function logSoftplus(z: number): number {
  if (z < -30) {
    const e = Math.exp(z);
    return z - 0.5 * e; // next term e^{2z}/... is < 1e-26 relative
  }
  return Math.log(softplus(z));
}

/** sigmoid(z) = 1 / (1 + e^{-z}), exact in both tails. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(sigmoid(z)) = −softplus(−z). */
export function logSigmoid(z: number): number {
  return -softplus(-z);
}

/** log(e^a + e^b) without overflow; −Infinity is the identity. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** log Σ_i e^{v_i} over a typed array, one pass with a running maximum. */
export function logSumExp(values: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === Number.NEGATIVE_INFINITY) continue;
    if (v > m) {
      s = s * Math.exp(m - v) + 1;
      m = v;
    } else {
      s += Math.exp(v - m);
    }
  }
  return m === Number.NEGATIVE_INFINITY ? m : m + Math.log(s);
}

/** log10 of a value held as a natural log. */
export function lnToLog10(ln: number): number {
  return ln / Math.LN10;
}
