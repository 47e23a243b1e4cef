/**
 * The original two-Gaussian problem (SPEC §1 "The original two-Gaussian problem"): points in R^{d+1}, two classes at
 * ±μ e_1, noise std σ_A along e_1 and σ_B in the other d directions, a linear model w·x WITHOUT bias, trained by
 * full-batch GD (float64, fixed η) on the logistic loss (exp loss also accepted).
 *
 * Label convention: the class centred at +μ e_1 has label y = −1, the class at −μ e_1 has y = +1, i.e. the centre of
 * class y is −yμ e_1. A point is correct iff y w·x > 0, its loss is softplus(−y w·x).
 * Why this sign: it makes the reduction of SPEC §1 sign-free. With σ_A = 0, x_1 = −yμ and
 *   −y w·x = μ w_1 + (μ w_{2..})·x̃,  x̃ = −y x_{2..}/μ ~ N(0, (σ_B/μ)² I_d),
 * which is the constant-label logit S·x̃ + b with b = μ w_1, S = μ w_{2..}, σ = σ_B/μ; and since ∂/∂w = μ ∂/∂(S, b),
 * GD with rate η on w is GD with rate ημ² on (S, b). (`constantLabelReduction` builds the mapped data.)
 *
 * Population accuracy (exact, SPEC §2 analogue): for class y, w·x ~ N(−yμ w_1, v²), v² = σ_A² w_1² + σ_B² ‖w_{2..}‖²,
 * so −y w·x ~ N(μ w_1, v²) for both classes and P(correct) = Φ(−μ w_1/v) = ½ erfc(μ w_1/(√2 v)) =
 * populationAccuracy(μ w_1, v); the population loss is E loss(μ w_1 + v u), u ~ N(0, 1) = populationLogLoss(μ w_1, v).
 * Coordinates: index 0 is e_1 (the class axis), indices 1..d the noise directions.
 */

import type { Dataset } from "../core/data.js";
import { randomDirection } from "../core/data.js";
import { exp, hypot } from "../core/detMath.js";
import { flipByLabels, type LabelledDataset } from "../core/distributions.js";
import { defaultKernel } from "../core/kernel/kernel.js";
import type { LossName } from "../core/losses.js";
import { lossGradient } from "../core/lossKernel.js";
import { populationAccuracy, populationLogLoss } from "../core/population.js";
import type { NormalSource } from "../core/rng.js";
import { norm } from "../core/vector.js";
import { checkpointEpochs } from "./checkpoints.js";

export interface TwoGaussianParams {
  /** class centres ±μ e_1 (units of x) */
  mu: number;
  /** noise std along e_1 */
  sigmaA: number;
  /** noise std in each of the other d directions */
  sigmaB: number;
}

/** SPEC §6 Fig. 4 (σ_A varies: 0, 0.01, 0.05, 0.1); λ = d/N = 0.4, η = 0.1. */
export const FIG4_PARAMS = { lambda: 0.4, mu: 0.2, sigmaB: 1, lr: 0.1, sigmaAs: [0, 0.01, 0.05, 0.1], epochs: 5000 };

/**
 * N points in R^{d+1} (rows of length d + 1, row-major), balanced classes: rows i < ⌈N/2⌉ have y = −1 (centre +μe_1),
 * the rest y = +1 (centre −μe_1). Per row, from `normal`: one draw for the e_1 noise (drawn even when σ_A = 0, so
 * datasets differing only in σ_A share all other noise), then d draws for the other directions.
 */
export function twoGaussianDataset(normal: NormalSource, n: number, d: number, p: TwoGaussianParams): LabelledDataset {
  const dim = d + 1;
  const X = new Float64Array(n * dim);
  const y = new Float64Array(n);
  const half = Math.ceil(n / 2);
  for (let i = 0, off = 0; i < n; i++, off += dim) {
    y[i] = i < half ? -1 : 1;
    X[off] = -y[i] * p.mu + p.sigmaA * normal();
    for (let k = 1; k < dim; k++) X[off + k] = p.sigmaB * normal();
  }
  return { X, y, n, d: dim };
}

/** The std v = √(σ_A² w_1² + σ_B² ‖w_{2..}‖²) of w·x within a class (units of w·x). */
export function twoGaussianScale(w: ArrayLike<number>, p: TwoGaussianParams): number {
  const rest = norm(Array.from(w).slice(1));
  return hypot(p.sigmaA * w[0], p.sigmaB * rest);
}

/** Exact population accuracy ½ erfc(μ w_1/(√2 v)) of the bias-free model w (length d + 1). */
export function twoGaussianPopulationAccuracy(w: ArrayLike<number>, p: TwoGaussianParams): number {
  return populationAccuracy(p.mu * w[0], twoGaussianScale(w, p));
}

/** Natural log of the exact population loss E loss(μ w_1 + v u), u ~ N(0, 1). */
export function twoGaussianPopulationLogLoss(loss: LossName, w: ArrayLike<number>, p: TwoGaussianParams): number {
  return populationLogLoss(loss, p.mu * w[0], twoGaussianScale(w, p));
}

/**
 * The initial w matching the constant-label defaults of SPEC §1 through the reduction: w_1 = b_0/μ and w_{2..} a
 * random direction of norm ‖S_0‖/μ (one call to randomDirection on `normal`). Length d + 1.
 */
export function twoGaussianInit(normal: NormalSource, d: number, mu: number, normS0 = 0.1, b0 = 0): Float64Array {
  const rest = randomDirection(normal, d, normS0 / mu);
  const w = new Float64Array(d + 1);
  w[0] = b0 / mu;
  w.set(rest, 1);
  return w;
}

/**
 * The σ_A = 0 reduction of SPEC §1: x̃_i = −y_i x_{i,2..}/μ, an N×d constant-label dataset distributed as
 * N(0, (σ_B/μ)² I_d). Throws when some x_{i,1} ≠ −y_i μ (σ_A > 0: the reduction does not hold).
 */
export function constantLabelReduction(data: LabelledDataset, mu: number): Dataset {
  const { X, y, n, d: dim } = data;
  const d = dim - 1;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    if (X[i * dim] !== -y[i] * mu) throw new RangeError(`row ${i}: x_1 = ${X[i * dim]} ≠ −yμ; needs σ_A = 0`);
    for (let k = 0; k < d; k++) out[i * d + k] = (-y[i] * X[i * dim + 1 + k]) / mu;
  }
  return { X: out, n, d };
}

export interface TwoGaussianOptions {
  lr: number;
  epochs: number;
  /** checkpoints per decade of epochs (log-spaced, as checkpointEpochs) */
  perDecade: number;
  loss?: LossName;
  /** keep a copy of w at every checkpoint */
  recordWeights?: boolean;
}

/** Metrics of w at one checkpoint (training from one kernel pass, population exact). */
export interface TwoGaussianCheckpoint {
  epoch: number;
  /** η · epoch */
  t: number;
  train_loss: number;
  log10_train_loss: number;
  /** fraction of training points with y w·x > 0 */
  train_acc: number;
  pop_loss: number;
  log10_pop_loss: number;
  pop_acc: number;
  /** w_1 (the class-axis weight; b = μ w_1 under the reduction) */
  w1: number;
  /** ‖w_{2..}‖ (‖S‖ = μ‖w_{2..}‖ under the reduction) */
  norm_rest: number;
  /** within-class std of w·x, v */
  scale: number;
  w?: Float64Array;
}

export interface TwoGaussianResult {
  checkpoints: TwoGaussianCheckpoint[];
  w: Float64Array;
  epochsRun: number;
  /** stopped early because the iterate or the loss left the float64 range */
  diverged: boolean;
}

/** The checkpoint row for w with training metrics `g` from a kernel pass. */
function checkpointRow(
  epoch: number,
  w: Float64Array,
  g: { logLoss: number; accuracy: number },
  p: TwoGaussianParams,
  o: TwoGaussianOptions,
): TwoGaussianCheckpoint {
  const loss = o.loss ?? "logistic";
  const logPop = twoGaussianPopulationLogLoss(loss, w, p);
  const row: TwoGaussianCheckpoint = {
    epoch,
    t: o.lr * epoch,
    train_loss: exp(g.logLoss),
    log10_train_loss: g.logLoss / Math.LN10,
    train_acc: g.accuracy,
    pop_loss: exp(logPop),
    log10_pop_loss: logPop / Math.LN10,
    pop_acc: twoGaussianPopulationAccuracy(w, p),
    w1: w[0],
    norm_rest: norm(Array.from(w).slice(1)),
    scale: twoGaussianScale(w, p),
  };
  if (o.recordWeights) row.w = Float64Array.from(w);
  return row;
}

/**
 * Full-batch GD w ← w − η ∇_w L, L = (1/N) Σ loss(−y_i w·x_i), from w0 (length d + 1) on `train` (from
 * twoGaussianDataset or any labelled data in R^{d+1}), with metrics at log-spaced epochs. `p` is used only for the
 * population metrics. Bias-free, so −y_i w·x_i = w·(−y_i x_i): the rows are flipped once (exactly) into a kernel
 * workspace and every pass is the constant-label lossGradient (WASM where available) with b = 0 — the same values as
 * labelledLossGradient(X, y, …, w, 0, …), ~10× faster.
 */
export function trainTwoGaussian(
  train: LabelledDataset,
  w0: Float64Array,
  p: TwoGaussianParams,
  o: TwoGaussianOptions,
): TwoGaussianResult {
  const { X, y, n, d } = train;
  const loss = o.loss ?? "logistic";
  const w = Float64Array.from(w0);
  const ws = defaultKernel().workspace(n, d);
  flipByLabels(X, y, n, d, false, ws.X);
  const grad = ws.gradS;
  const marks = checkpointEpochs(o.epochs, o.perDecade);
  const checkpoints: TwoGaussianCheckpoint[] = [];
  let next = 0;
  let epoch = 0;
  let diverged = false;
  for (; ; epoch++) {
    const g = lossGradient(ws.X, n, d, w, 0, loss, grad);
    diverged = !Number.isFinite(g.logLoss) || !Number.isFinite(norm(w));
    if (epoch === marks[next] || epoch === o.epochs || diverged) {
      checkpoints.push(checkpointRow(epoch, w, g, p, o));
      next++;
    }
    if (epoch === o.epochs || diverged) break;
    const step = o.lr * exp(g.gradLogScale);
    for (let j = 0; j < d; j++) w[j] -= step * grad[j];
  }
  return { checkpoints, w, epochsRun: epoch, diverged };
}
