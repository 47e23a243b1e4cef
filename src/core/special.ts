/**
 * Numerically stable scalar functions of a logit z (SPEC §1: finite for any finite z, e.g. ±1e4).
 * Pure math: numbers in, numbers out.
 */

import { exp, log, log1p } from "./detMath.js";

/** softplus(z) = log(1 + e^z), never overflows. */
export function softplus(z: number): number {
  return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
}

/** log(softplus(z)); for z ≪ 0 softplus(z) ≈ e^z underflows, so use log softplus = z + log(1 − e^z/2 + …). */
export function logSoftplus(z: number): number {
  if (z < -30) {
    const e = exp(z);
    return z - 0.5 * e; // next term e^{2z}/... is < 1e-26 relative
  }
  return log(softplus(z));
}

/** sigmoid(z) = 1 / (1 + e^{-z}), exact in both tails. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + exp(-z));
  const e = exp(z);
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
  return a > b ? a + log1p(exp(b - a)) : b + log1p(exp(a - b));
}

/** A running log Σ e^{v}: values are summed relative to the largest seen so far, so nothing over- or underflows. */
export class LogSumExp {
  max = Number.NEGATIVE_INFINITY;
  /** Σ e^{v − max} */
  sum = 0;

  add(v: number): void {
    if (v > this.max) {
      this.sum = this.sum * (this.max === Number.NEGATIVE_INFINITY ? 0 : exp(this.max - v)) + 1;
      this.max = v;
    } else if (v !== Number.NEGATIVE_INFINITY) {
      this.sum += exp(v - this.max);
    }
  }

  /** log Σ e^{v} (−Infinity when empty). */
  value(): number {
    return this.max === Number.NEGATIVE_INFINITY ? this.max : this.max + log(this.sum);
  }
}

/** log Σ_i e^{v_i} over an array, one pass. */
export function logSumExp(values: ArrayLike<number>): number {
  const acc = new LogSumExp();
  for (let i = 0; i < values.length; i++) acc.add(values[i]);
  return acc.value();
}
