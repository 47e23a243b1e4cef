/**
 * Three more symmetric input families beyond the paper's (README "Beyond the paper"), for universality studies;
 * Wendel's theorem holds for all (symmetric, in general position with probability 1 or, for Rademacher, up to 2^−d):
 *
 * - multivariate Student-t with ν degrees of freedom (integer ν ≥ 1): x = σ z / √(W/ν), z ~ N(0, I_d),
 *   W ~ χ²_ν = Σ of ν squared normals, one W per point. Elliptical, so S·x = σ‖S‖·T with T ~ t_ν exactly: the
 *   population accuracy is the t CDF (regularised incomplete beta) and the logistic population loss a 1-D integral;
 *   the exponential population loss is infinite (t has no moment generating function). Heavy tails: ν = 1 is Cauchy.
 * - Rademacher: every coordinate ±σ with a fair sign (the sign of a normal draw). S·x has std σ‖S‖ but is not
 *   Gaussian and its exact distribution is a sum over 2^d sign patterns: no exact population metrics here (NaN); a
 *   held-out test set measures generalisation instead.
 * - spiked covariance: x ~ N(0, σ²(I + β e_1 e_1ᵀ)), one direction (the first coordinate) with variance σ²(1 + β),
 *   the rest σ². Gaussian, so S·x ~ N(0, σ²(‖S‖² + β S_1²)) exactly: SPEC §2's formulas at that scale.
 *
 * Every random draw comes from the passed-in NormalSource, row by row, so a dataset is a function of its stream.
 */

import betainc from "@stdlib/math-base-special-betainc";
import gammaln from "@stdlib/math-base-special-gammaln";
import type { Dataset } from "./data.js";
import { cos, log, pow, sin } from "./detMath.js";
import type { LossName } from "./losses.js";
import { integrateAdaptive } from "./quadrature.js";
import type { NormalSource } from "./rng.js";
import { softplus } from "./special.js";

/** Student-t inputs: ν degrees of freedom (an integer ≥ 1) and the scale σ (x = σ z/√(W/ν)). */
export interface StudentParams {
  nu: number;
  sigma: number;
}

/** N points of the multivariate Student-t: per row, d normals z then ν normals for W. */
export function studentDataset(normal: NormalSource, n: number, d: number, p: StudentParams): Dataset {
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) X[i * d + k] = normal();
    let w = 0;
    for (let j = 0; j < p.nu; j++) {
      const g = normal();
      w += g * g;
    }
    const scale = p.sigma / Math.sqrt(w / p.nu); // sqrt is correctly rounded on every engine
    for (let k = 0; k < d; k++) X[i * d + k] *= scale;
  }
  return { X, n, d };
}

/** N points with coordinates ±σ, each sign that of one normal draw. */
export function rademacherDataset(normal: NormalSource, n: number, d: number, sigma: number): Dataset {
  const X = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) X[i] = normal() < 0 ? -sigma : sigma;
  return { X, n, d };
}

/** Spiked-covariance inputs: the spike β ≥ 0 (variance σ²(1 + β) along e_1) and the scale σ. */
export interface SpikedParams {
  beta: number;
  sigma: number;
}

/** N points of N(0, σ²(I + β e_1 e_1ᵀ)): per row, d normals, the first scaled by σ√(1 + β), the others by σ. */
export function spikedDataset(normal: NormalSource, n: number, d: number, p: SpikedParams): Dataset {
  const X = new Float64Array(n * d);
  const spike = p.sigma * Math.sqrt(1 + p.beta); // sqrt is correctly rounded on every engine
  for (let i = 0, off = 0; i < n; i++, off += d) {
    X[off] = spike * normal();
    for (let k = 1; k < d; k++) X[off + k] = p.sigma * normal();
  }
  return { X, n, d };
}

/** The std σ√(‖S‖² + β S_1²) of S·x for spiked inputs (units of S·x). */
export function spikedScale(S: ArrayLike<number>, p: SpikedParams): number {
  let s2 = 0;
  for (let k = 0; k < S.length; k++) s2 += S[k] * S[k];
  return p.sigma * Math.sqrt(s2 + p.beta * S[0] * S[0]);
}

/** The CDF of Student's t with ν degrees of freedom at t: ½ I_{ν/(ν+t²)}(ν/2, ½) in the lower tail. */
export function studentCdf(t: number, nu: number): number {
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tail = 0.5 * betainc(nu / (nu + t * t), nu / 2, 0.5);
  return t < 0 ? tail : 1 - tail;
}

/** Exact population accuracy P(S·x + b < 0) = F_ν(−b/(σ‖S‖)) for Student-t inputs; scale = σ‖S‖. */
export function studentPopulationAccuracy(b: number, scale: number, nu: number): number {
  if (scale === 0) return b < 0 ? 1 : 0;
  return studentCdf(-b / scale, nu);
}

/**
 * Natural log of the population loss E loss(σ‖S‖T + b), T ~ t_ν: exp loss +∞ (no moment generating function);
 * logistic by adaptive quadrature in θ (t = √ν tan θ, f_ν(t) dt = c_ν cos^{ν−1}θ dθ) to 1e-10 relative, +∞ for ν = 1
 * (a Cauchy T has no mean).
 */
export function studentPopulationLogLoss(loss: LossName, b: number, scale: number, nu: number): number {
  if (loss === "exp") return scale === 0 ? b : Number.POSITIVE_INFINITY;
  if (scale === 0) return log(softplus(b));
  if (nu < 2) return Number.POSITIVE_INFINITY;
  const logC = gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * log(Math.PI);
  const a = scale * Math.sqrt(nu);
  const f = (theta: number) => {
    const c = cos(theta);
    return c <= 0 ? 0 : softplus((a * sin(theta)) / c + b) * pow(c, nu - 1);
  };
  const h = Math.PI / 2;
  // a cut near the softplus kink a·tan θ = −b (any monotone stand-in for atan will do: the rule adapts around it)
  const y = -b / a;
  const mid = (h * y) / (1 + Math.abs(y));
  return logC + log(integrateAdaptive(f, [-h, mid, h], 1e-10));
}
