/**
 * The other symmetric input distributions of SPEC §1 ("Other variants"): samplers and exact population metrics of
 * f(x) = S·x + b (SPEC §2); the normal CDF and quantile; and the loss kernel for data with labels y_i ∈ {±1} (the
 * discriminative labels themselves are in discriminative.ts).
 *
 * - power-law covariance: x ~ N(0, diag(λ_1..λ_d)), λ_k ∝ k^{−α}, Σ λ_k = σ·d;
 * - per-coordinate mixture: x_k = scale·(ε_k m + s g_k), ε_k = ±1 (fair), g_k ~ N(0, 1).
 *
 * Every random draw comes from the passed-in NormalSource, row by row, so a dataset is a function of its stream.
 */

import erfc from "@stdlib/math-base-special-erfc";
import erfcx from "@stdlib/math-base-special-erfcx";
import type { Dataset } from "./data.js";
import { cos, exp, log, log1p, pow, sin } from "./detMath.js";
import type { LossName } from "./losses.js";
import type { LossGradient } from "./lossKernel.js";
import { populationAccuracy, populationLogLoss } from "./population.js";
import type { NormalSource } from "./rng.js";
import { logSigmoid, logSoftplus } from "./special.js";
import { norm, rowDot } from "./vector.js";

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Standard normal CDF Φ(x) = ½ erfc(−x/√2), accurate (relative) in the lower tail. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** log Φ(x), finite down to x ≈ −1e154 (erfcx form for x < 0: Φ(x) = ½ erfcx(−x/√2) e^{−x²/2}). */
export function logNormalCdf(x: number): number {
  if (x >= 0) return log1p(-0.5 * erfc(x / Math.SQRT2));
  return log(0.5 * erfcx(-x / Math.SQRT2)) - 0.5 * x * x;
}

const ACKLAM_A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716];
const ACKLAM_B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const ACKLAM_C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
];
const ACKLAM_D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/** Horner evaluation of Σ c_i x^{n−i} + last (coefficients highest degree first). */
function horner(c: readonly number[], x: number, last: number): number {
  let v = 0;
  for (const ci of c) v = v * x + ci;
  return v * x + last;
}

/**
 * Φ^{-1}(p), the standard normal quantile, for p ∈ [0, 1]: Acklam's rational approximation (relative error 1.2e-9)
 * refined by one Halley step on Φ(x) − p (cubic convergence: to float precision). p > ½ uses −Φ^{-1}(1 − p).
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  if (p > 0.5) return -normalQuantile(1 - p);
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * log(p));
    x = horner(ACKLAM_C, q, 2.938163982698783) / horner(ACKLAM_D, q, 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = (horner(ACKLAM_A, r, 2.506628277459239) * q) / horner(ACKLAM_B, r, 1);
  }
  const u = (normalCdf(x) - p) * SQRT_2PI * exp(0.5 * x * x);
  return Number.isFinite(u) ? x - u / (1 + 0.5 * x * u) : x;
}

// ---------------------------------------------------------------------------------------------------------------
// Power-law covariance spectrum (SPEC §1: λ_n ∝ n^{−α}, trace σ²·d)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Parameters of the power-law Gaussian. The trace of the covariance is σ²·d (SPEC §1, corrected from σ·d: the paper's
 * Fig. 15 fits only this), so σ is the root-mean-square per-coordinate standard deviation, as in the isotropic model.
 */
export interface PowerLawParams {
  /** spectral exponent α ≥ 0 (α = 0 is the isotropic model of std σ) */
  alpha: number;
  /** √(trace / d) (units of x) */
  sigma: number;
}

/** Σ_{k=1}^d k^{−α} (the normaliser of the spectrum). */
function powerLawNormaliser(d: number, alpha: number): number {
  let h = 0;
  for (let k = d; k >= 1; k--) h += pow(k, -alpha); // smallest terms first
  return h;
}

/** The variances λ_k = σ² d k^{−α} / Σ_j j^{−α}, k = 1..d (axis-aligned eigenvalues, units x²); Σ λ_k = σ²·d. */
export function powerLawVariances(d: number, p: PowerLawParams): Float64Array {
  const c = (p.sigma * p.sigma * d) / powerLawNormaliser(d, p.alpha);
  return Float64Array.from({ length: d }, (_, k) => c * pow(k + 1, -p.alpha));
}

/** N points x ~ N(0, diag(λ)), λ = powerLawVariances(d, p); row-major N×d, row by row from `normal`. */
export function powerLawDataset(normal: NormalSource, n: number, d: number, p: PowerLawParams): Dataset {
  const sd = powerLawVariances(d, p).map(Math.sqrt);
  const X = new Float64Array(n * d);
  for (let i = 0, off = 0; i < n; i++, off += d) for (let k = 0; k < d; k++) X[off + k] = sd[k] * normal();
  return { X, n, d };
}

/**
 * The standard deviation of S·x for x from the power-law Gaussian: √(Σ_k λ_k S_k²) (units of f). The population
 * metrics are those of SPEC §2 with σ‖S‖ replaced by this scale. No allocation.
 */
export function powerLawScale(S: ArrayLike<number>, alpha: number, sigma: number): number {
  const d = S.length;
  const c = (sigma * sigma * d) / powerLawNormaliser(d, alpha);
  let v = 0;
  for (let k = 0; k < d; k++) v += pow(k + 1, -alpha) * S[k] * S[k];
  return Math.sqrt(c * v);
}

/** Exact population accuracy P(S·x + b < 0) under the power-law Gaussian (SPEC §2 with the scale above). */
export function powerLawPopulationAccuracy(S: ArrayLike<number>, b: number, p: PowerLawParams): number {
  return populationAccuracy(b, powerLawScale(S, p.alpha, p.sigma));
}

/** Natural log of the exact population loss (logistic: 1-D quadrature; exp: closed form) under the power law. */
export function powerLawPopulationLogLoss(loss: LossName, S: ArrayLike<number>, b: number, p: PowerLawParams): number {
  return populationLogLoss(loss, b, powerLawScale(S, p.alpha, p.sigma));
}

// ---------------------------------------------------------------------------------------------------------------
// Per-coordinate two-Gaussian mixture (SPEC §1; Fig. 15: m = 1, s = 0.25, ×5)
// ---------------------------------------------------------------------------------------------------------------

/** x_k = scale·(ε_k m + s g_k), ε_k = ±1 with probability ½, g_k ~ N(0, 1), all independent. */
export interface MixtureParams {
  /** centres ±m (before scaling) */
  m: number;
  /** std s of each component (before scaling) */
  s: number;
  /** overall multiplier */
  scale: number;
}

/** The mixture of SPEC §6 Fig. 15. */
export const FIG15_MIXTURE: MixtureParams = { m: 1, s: 0.25, scale: 5 };

/**
 * N points of the per-coordinate mixture, row-major N×d. Two draws per coordinate from `normal`: the sign of the first
 * is the coin ε (P(draw < 0) = ½ by symmetry; an exact 0, probability ~2^-53 or less, counts as +), the second is g.
 */
export function mixtureDataset(normal: NormalSource, n: number, d: number, p: MixtureParams): Dataset {
  const X = new Float64Array(n * d);
  const am = p.scale * p.m;
  const as = p.scale * p.s;
  for (let i = 0; i < n * d; i++) {
    const eps = normal() < 0 ? -1 : 1;
    X[i] = eps * am + as * normal();
  }
  return { X, n, d };
}

/**
 * Exact population accuracy P(S·x + b < 0) under the mixture.
 *
 * Y = S·x + b = b + A·T + c·G with A = scale·m, T = Σ_k ε_k S_k (a Rademacher sum), c = scale·s·‖S‖, G ~ N(0, 1).
 * Not a 1-D Gaussian integral: it is computed by the Gil-Pelaez inversion of φ_Y(u) = e^{ibu} Π_k cos(A S_k u)
 * e^{−c²u²/2}, discretised as in Davies (1973) — see `mixtureAccuracyDavies` for the error bound (< 1e-15 absolute).
 * Where c = 0 (s = 0, S ≠ 0) Y is atomic and the exact 2^k-atom enumeration is used (k = #nonzero S_k ≤ 24).
 */
export function mixturePopulationAccuracy(S: ArrayLike<number>, b: number, p: MixtureParams): number {
  const c = p.scale * p.s * norm(S);
  if (c > 0) return mixtureAccuracyDavies(S, b, p.scale * p.m, c);
  if (norm(S) === 0 || p.m === 0 || p.scale === 0) return populationAccuracy(b, 0);
  return mixtureAccuracyByEnumeration(S, b, p);
}

/**
 * P(Y < 0), Y = b + A Σ ε_k S_k + c G (c > 0), by the midpoint (Davies) form of Gil-Pelaez inversion:
 *   P(Y < 0) = ½ − (1/π) Σ_{k≥0} Im φ_Y(u_k)/(k + ½),  u_k = (k + ½)Δ,  Im φ_Y(u) = sin(bu) Π_j cos(A S_j u) e^{−c²u²/2}.
 * Derivation: Σ_k sin((k+½)Δy)/(π(k+½)) = ½ sgn(sin(Δy/2)) (the square-wave series), which equals ½ sgn(y) for
 * |y| < 2π/Δ; so the sum is exact up to an aliasing error ≤ P(|Y| ≥ 2π/Δ). With 2π/Δ = |b| + A Σ|S_j| + 13c that is
 * ≤ P(|G| ≥ 13) = 1.2e-38. The series is cut where c u_k ≥ 10 (tail < e^{−50}). Terms: ≈ 1.6(|b| + A Σ|S_j|)/c + 21;
 * cost terms × d cosines. When |b| − A Σ|S_j| ≥ 9c the answer is 0 or 1 to within Φ(−9) = 1.1e-19 and is returned
 * as such (this also bounds the number of terms by 3.2 A Σ|S_j|/c + 35).
 */
function mixtureAccuracyDavies(S: ArrayLike<number>, b: number, A: number, c: number): number {
  let radius = 0;
  for (let j = 0; j < S.length; j++) radius += Math.abs(A * S[j]);
  if (Math.abs(b) - radius >= 9 * c) return b < 0 ? 1 : 0;
  const delta = (2 * Math.PI) / (Math.abs(b) + radius + 13 * c);
  const terms = Math.ceil(10 / (c * delta));
  let sum = 0;
  for (let k = terms - 1; k >= 0; k--) {
    const u = (k + 0.5) * delta;
    let im = sin(b * u) * exp(-0.5 * c * c * u * u);
    for (let j = 0; j < S.length && im !== 0; j++) im *= cos(A * S[j] * u);
    sum += im / (k + 0.5);
  }
  return Math.min(1, Math.max(0, 0.5 - sum / Math.PI));
}

/** All 2^k signed sums Σ ±v_j of `v`, each a sequential sum of k terms (no accumulated drift). */
function signedSums(v: readonly number[]): Float64Array {
  let sums = new Float64Array([0]);
  for (const x of v) {
    const next = new Float64Array(2 * sums.length);
    for (let i = 0; i < sums.length; i++) {
      next[2 * i] = sums[i] + x;
      next[2 * i + 1] = sums[i] - x;
    }
    sums = next;
  }
  return sums;
}

/**
 * Exact population accuracy under the mixture by enumerating the 2^k sign patterns of the k nonzero S_j:
 * P = 2^{−k} Σ_ε Φ(−(b + A Σ ε_j S_j)/c) (c = 0: the indicator of b + A T < 0). An independent algorithm (test
 * oracle) and the c = 0 path. Throws for k > 24 (cost 2^k erfc).
 */
export function mixtureAccuracyByEnumeration(S: ArrayLike<number>, b: number, p: MixtureParams): number {
  const A = p.scale * p.m;
  const c = p.scale * p.s * norm(S);
  const v = Array.from(S, (x) => A * x).filter((x) => x !== 0);
  if (v.length > 24) throw new RangeError(`enumeration over 2^${v.length} sign patterns: at most 24 nonzero weights`);
  const half = v.length >> 1;
  const lo = signedSums(v.slice(0, half));
  const hi = signedSums(v.slice(half));
  let total = 0;
  for (let i = 0; i < lo.length; i++) {
    let inner = 0;
    for (let j = 0; j < hi.length; j++) {
      const y = b + (lo[i] + hi[j]);
      inner += c > 0 ? 0.5 * erfc(y / (Math.SQRT2 * c)) : y < 0 ? 1 : 0;
    }
    total += inner;
  }
  return total / (lo.length * hi.length);
}

/** log cosh(x) without overflow. */
function logCosh(x: number): number {
  const a = Math.abs(x);
  return a + log1p(exp(-2 * a)) - Math.LN2;
}

/**
 * Natural log of the exact exponential population loss under the mixture (closed form, independent coordinates):
 * log E e^{S·x + b} = b + Σ_k log cosh(A S_k) + c²/2, A = scale·m, c = scale·s·‖S‖. (The logistic population loss
 * is a d-dimensional integral here, not provided: estimate it on a test set.)
 */
export function mixturePopulationLogExpLoss(S: ArrayLike<number>, b: number, p: MixtureParams): number {
  const A = p.scale * p.m;
  const c = p.scale * p.s * norm(S);
  let v = b + 0.5 * c * c;
  for (let k = 0; k < S.length; k++) v += logCosh(A * S[k]);
  return v;
}

// ---------------------------------------------------------------------------------------------------------------
// Loss kernel for labelled data
// ---------------------------------------------------------------------------------------------------------------

/** A dataset with labels y_i ∈ {−1, +1} (Float64Array, length N). */
export interface LabelledDataset extends Dataset {
  y: Float64Array;
}

/**
 * Loss, accuracy and gradient of f(x) = S·x + b on data with labels y_i ∈ {±1}, in one allocation-free pass.
 * With z_i = S·x_i + b and the margin m_i = −y_i z_i (m_i = z_i when y_i = −1, the constant-label model):
 * loss_i = softplus(m_i) or e^{m_i}; correct iff m_i < 0; w_i = σ(m_i) or e^{m_i}; ∂L/∂z_i = −y_i w_i/N, so
 * ∇_S L = −(1/N) Σ y_i w_i x_i and ∂_b L = −(1/N) Σ y_i w_i. (Flipping x_i by −y_i alone does not reduce this to the
 * constant-label kernel: the bias term −y_i b flips too.) Same return shape and scaling as lossGradient: the true
 * gradient is exp(gradLogScale)·(gradS, gradB). Everything is in log space with running maxima (as
 * lossGradient's log-space pass), so any finite logits work. `gradS` (length ≥ d) is overwritten.
 * This is the reference TypeScript pass; for long runs `flipByLabels` + lossGradient (WASM SIMD) is ~10× faster.
 */
export function labelledLossGradient(
  X: Float64Array,
  y: ArrayLike<number>,
  n: number,
  d: number,
  S: ArrayLike<number>,
  b: number,
  loss: LossName,
  gradS: Float64Array,
): LossGradient {
  gradS.fill(0, 0, d);
  const logistic = loss === "logistic";
  let maxW = Number.NEGATIVE_INFINITY; // running max of log w_i
  let sumW = 0; // Σ −y_i w_i e^{−maxW}
  let maxL = Number.NEGATIVE_INFINITY; // running max of log loss_i
  let sumL = 0; // Σ loss_i e^{−maxL}
  let correct = 0;
  for (let i = 0, off = 0; i < n; i++, off += d) {
    const yi = y[i];
    const m = -yi * (rowDot(X, off, d, S) + b);
    if (m < 0) correct++;
    const ll = logistic ? logSoftplus(m) : m;
    if (ll > maxL) {
      sumL = sumL * exp(maxL - ll) + 1;
      maxL = ll;
    } else sumL += exp(ll - maxL);
    const lw = logistic ? logSigmoid(m) : m;
    if (lw > maxW) {
      const f = exp(maxW - lw); // 0 on the first row
      for (let j = 0; j < d; j++) gradS[j] *= f;
      sumW *= f;
      maxW = lw;
    }
    const w = -yi * exp(lw - maxW);
    sumW += w;
    for (let j = 0; j < d; j++) gradS[j] += w * X[off + j];
  }
  const logN = log(n);
  return { logLoss: maxL + log(sumL) - logN, accuracy: correct / n, gradLogScale: maxW - logN, gradB: sumW };
}

/**
 * The labelled problem in constant-label form, for the fast lossGradient kernel (WASM): row i becomes −y_i x_i,
 * followed, when `withBias`, by a column −y_i. Then −y_i(S·x_i + b) = (S, b)·x'_i, so lossGradient(x', n, d + 1,
 * (S, b), 0, …) equals labelledLossGradient(X, y, n, d, S, b, …) with ∂_b in the last gradient entry; without the bias
 * column it is the bias-free model's kernel (b must be 0). Sign flips are exact. Writes into `out` when given (e.g. a
 * Kernel.workspace X of n×(d + 1) or n×d), else a new N×(d or d + 1) array.
 */
export function flipByLabels(
  X: Float64Array,
  y: ArrayLike<number>,
  n: number,
  d: number,
  withBias: boolean,
  out?: Float64Array,
): Float64Array {
  const w = withBias ? d + 1 : d;
  const o = out ?? new Float64Array(n * w);
  for (let i = 0; i < n; i++) {
    const s = -y[i];
    for (let k = 0; k < d; k++) o[i * w + k] = s * X[i * d + k];
    if (withBias) o[i * w + d] = s;
  }
  return o;
}
