/**
 * The discriminative labels of SPEC §1 ("Other variants"): x ~ N(0, σ² I_d), y = −1 if x_1 > μ_r else +1,
 * P(y = −1) = r; its sampler (from the passed-in NormalSource, row by row), its constant-label form, and the exact
 * population metrics of f(x) = S·x + b (SPEC §2). The other input distributions are in distributions.ts.
 */

import erf from "@stdlib/math-base-special-erf";
import { type DataMatrix, gaussianDataset, matrixParts } from "./data.js";
import { exp } from "./detMath.js";
import { type LabelledDataset, logNormalCdf, normalCdf, normalQuantile } from "./distributions.js";
import { populationAccuracy } from "./population.js";
import { integrateAdaptive } from "./quadrature.js";
import { fillNormal, type NormalSource } from "./rng.js";
import { logAddExp } from "./special.js";
import { norm } from "./vector.js";

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** x ~ N(0, σ² I_d) (σ a standard deviation, as in SPEC §1); a fraction r ∈ (0, 1] of the population has y = −1. */
export interface DiscriminativeParams {
  sigma: number;
  r: number;
}

/** ‖S_{2..d}‖ (all coordinates but the first). */
function tailNorm(S: ArrayLike<number>): number {
  return norm(Array.from(S).slice(1));
}

/** The label threshold μ_r = σ Φ^{-1}(1 − r) (units of x): P(x_1 > μ_r) = r; −∞ for r = 1. */
export function discriminativeThreshold(p: DiscriminativeParams): number {
  if (!(p.r > 0 && p.r <= 1)) throw new RangeError(`label fraction r must lie in (0, 1], got ${p.r}`);
  return p.sigma * normalQuantile(1 - p.r);
}

/** Labels of the rows of X (N×d): −1 where x_1 (column 0) > mu, else +1. */
export function discriminativeLabels(X: Float64Array, n: number, d: number, mu: number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = X[i * d] > mu ? -1 : 1;
  return y;
}

/** N points x ~ N(0, σ² I_d) (same draws as gaussianDataset) with the discriminative labels of fraction r. */
export function discriminativeDataset(
  normal: NormalSource,
  n: number,
  d: number,
  p: DiscriminativeParams,
): LabelledDataset {
  const data = gaussianDataset(normal, n, d, p.sigma);
  return { ...data, y: discriminativeLabels(data.X, n, d, discriminativeThreshold(p)) };
}

/**
 * The discriminative training set drawn straight into constant-label form: row i of F (n × (d + 1), any storage) becomes
 * −y_i (x_i, 1), the bits of flipByLabels(X, y, n, d, true) on discriminativeDataset's draw (the label is read from
 * the float64 draw, as there), without ever holding X itself: the paper's 40000 × 19200 set is stored once.
 */
export function drawConstantLabelForm<M extends DataMatrix>(
  normal: NormalSource,
  F: M,
  d: number,
  p: DiscriminativeParams,
): M {
  const mu = discriminativeThreshold(p);
  const row = new Float64Array(d);
  const w = d + 1;
  for (const { part } of matrixParts(F)) {
    for (let off = 0; off < part.length; off += w) {
      fillNormal(normal, row, p.sigma);
      const s = row[0] > mu ? 1 : -1; // −y_i
      for (let k = 0; k < d; k++) part[off + k] = s * row[k];
      part[off + d] = s;
    }
  }
  return F;
}

/**
 * Exact population accuracy of f(x) = S·x + b with the discriminative labels (correct: y f(x) > 0).
 * With u = x_1/σ, α = σ S_1, ρ = σ‖S_{2..d}‖, u_r = μ_r/σ, given u the logit is N(αu + b, ρ²), so
 *   P = P(u > u_r, f < 0) + P(u ≤ u_r, f > 0) = A_0 + ∫_{−∞}^{u_r} φ(u) erf((αu + b)/(√2 ρ)) du,
 * A_0 = ½ erfc(b/(√2 σ‖S‖)) the constant-label accuracy (SPEC §2): exact at r = 1, and the correction (mass ≤ 1 − r)
 * is computed by adaptive Gauss–Kronrod quadrature to 1e-12 relative (see `belowThresholdCorrection`).
 */
export function discriminativePopulationAccuracy(S: ArrayLike<number>, b: number, p: DiscriminativeParams): number {
  const a0 = populationAccuracy(b, p.sigma * norm(S));
  const ur = discriminativeThreshold(p) / p.sigma;
  const rho = p.sigma * tailNorm(S);
  return a0 + belowThresholdCorrection(p.sigma * S[0], b, rho, ur);
}

/**
 * ∫_{−∞}^{u_r} φ(u) erf((αu + b)/(√2ρ)) du. ρ = 0: closed form with Φ (erf becomes sgn). ρ > 0: the integrand has
 * the sign of αu + b, so [lo, u_r] is split at u0 = −b/α and each constant-sign piece is integrated with relative
 * tolerance 1e-12 (no cancellation inside a piece), with breakpoints at u0 ± kρ/|α| (the erf step of width ρ/|α|)
 * and u_r − k/|u_r| (the Gaussian tail's scale). lo = min(u_r, 0) − 13 drops < φ(13)/13 ≈ 1e-38 relative;
 * u_r < −37 contributes < Φ(−37) ≈ 6e-300 and is dropped.
 */
function belowThresholdCorrection(alpha: number, b: number, rho: number, ur: number): number {
  if (ur < -37) return 0;
  const u0 = alpha !== 0 ? -b / alpha : Number.NaN;
  if (rho === 0) return signIntegral(alpha, b, u0, ur);
  const lo = Math.min(ur, 0) - 13;
  const ends = [lo, ...(u0 > lo && u0 < ur ? [u0] : []), ur];
  const f = (u: number) => (exp(-0.5 * u * u) / SQRT_2PI) * erf((alpha * u + b) / (Math.SQRT2 * rho));
  const marks = [1, 4, 16].flatMap((k) => [
    ur - k / Math.max(1, Math.abs(ur)),
    ...(alpha !== 0 ? [u0 - (k * rho) / Math.abs(alpha), u0 + (k * rho) / Math.abs(alpha)] : []),
  ]);
  let total = 0;
  for (let i = 0; i + 1 < ends.length; i++) {
    const inner = [0, ...marks].filter((u) => u > ends[i] && u < ends[i + 1]);
    const cuts = [...new Set([ends[i], ...inner, ends[i + 1]])].sort((x, y) => x - y);
    total += integrateAdaptive(f, cuts, 1e-12);
  }
  return total;
}

/** ∫_{−∞}^{u_r} φ(u) sgn(αu + b) du in closed form (the ρ = 0 limit). */
function signIntegral(alpha: number, b: number, u0: number, ur: number): number {
  const pur = normalCdf(ur);
  if (alpha === 0 || !Number.isFinite(u0)) return Math.sign(b) * pur;
  if (u0 >= ur) return -Math.sign(alpha) * pur; // αu + b has the sign of −α on u < u0
  const left = normalCdf(u0);
  return -Math.sign(alpha) * left + Math.sign(alpha) * (pur - left);
}

/**
 * Natural log of the exact exponential population loss E e^{−y f(x)} with the discriminative labels (closed form):
 * with α, ρ, u_r as in discriminativePopulationAccuracy,
 *   E e^{−yf} = e^{b + (α²+ρ²)/2} Φ(α − u_r) + e^{−b + (α²+ρ²)/2} Φ(u_r + α)
 * (∫_{u_r}^∞ φ(u) e^{αu} du = e^{α²/2} Φ(α − u_r)); r = 1 gives b + σ²‖S‖²/2 (SPEC §2). The logistic population
 * loss is a 2-D integral here, not provided.
 */
export function discriminativePopulationLogExpLoss(S: ArrayLike<number>, b: number, p: DiscriminativeParams): number {
  const alpha = p.sigma * S[0];
  const rho = p.sigma * tailNorm(S);
  const ur = discriminativeThreshold(p) / p.sigma;
  const half = 0.5 * (alpha * alpha + rho * rho);
  return half + logAddExp(b + logNormalCdf(alpha - ur), -b + logNormalCdf(ur + alpha));
}
