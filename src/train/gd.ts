/**
 * Full-batch gradient descent on the constant-label model (SPEC §1), float64, fixed η, with metrics at log-spaced
 * checkpoints (SPEC §2) and grokking-time crossings tracked at every step (SPEC §5).
 */

import type { DataMatrix, Dataset } from "../core/data.js";
import { exp, log } from "../core/detMath.js";
import type { LossGradient, LossName } from "../core/lossKernel.js";
import { checkpointEpochs } from "./checkpoints.js";
import { type Crossing, CrossingTracker } from "./grokking.js";
import { type Checkpoint, checkpointMetrics } from "./metrics.js";
import { gradientPass } from "./passes.js";
import { isotropicPopulation, type PopulationModel } from "./population.js";

export type { Checkpoint } from "./metrics.js";

export interface GDOptions {
  lr: number;
  epochs: number;
  loss: LossName;
  /** std of the isotropic inputs; ignored when `population` is given */
  sigma: number;
  /** the data model's population metrics (default: isotropic with std sigma) */
  population?: PopulationModel;
  perDecade: number;
  accThreshold: number;
  lossThreshold: number;
  /** called with the number of epochs done, every `progressEvery` epochs */
  onProgress?: (epochsDone: number) => void;
  progressEvery?: number;
}

export interface GDResult {
  checkpoints: Checkpoint[];
  accuracyCrossing: Crossing;
  lossCrossing: Crossing;
  S: Float64Array;
  b: number;
  /** epochs actually run (< epochs only when the iterate left the float64 range) */
  epochsRun: number;
  diverged: boolean;
  gradientEvaluations: number;
}

/**
 * An optimizer step at epoch k (0-based): update S in place and return the new b, given the gradient
 * exp(g.gradLogScale)·(grad, g.gradB) at the current (S, b).
 */
export type StepRule = (S: Float64Array, b: number, grad: Float64Array, g: LossGradient, epoch: number) => number;

/** Plain gradient descent with learning rate η. */
export function gdStep(lr: number): StepRule {
  return (S, b, grad, g) => {
    const step = lr * exp(g.gradLogScale);
    for (let j = 0; j < S.length; j++) S[j] -= step * grad[j];
    return b - step * g.gradB;
  };
}

/**
 * Full-batch descent from (S0, b0) on `train` with any step rule; `test` (optional) gives the empirical held-out
 * metrics at checkpoints. Grokking crossings are tracked every step (at checkpoints only for population models too
 * costly per step).
 */
export function descend(
  train: Dataset<DataMatrix>,
  test: Dataset | null,
  S0: Float64Array,
  b0: number,
  o: GDOptions,
  rule: StepRule,
): GDResult {
  const S = Float64Array.from(S0);
  let b = b0;
  const grad = new Float64Array(train.d);
  const pop = o.population ?? isotropicPopulation(o.loss, o.sigma);
  const marks = checkpointEpochs(o.epochs, o.perDecade);
  const checkpoints: Checkpoint[] = [];
  const acc = new CrossingTracker();
  const lossX = new CrossingTracker();
  const logEps = log(o.lossThreshold);
  const every = o.progressEvery ?? 1000;
  let next = 0; // index into marks
  let epoch = 0;
  let diverged = false;
  for (; ; epoch++) {
    const g = gradientPass(train, S, b, o.loss, grad);
    const scale = pop.scale(S);
    diverged = !Number.isFinite(b) || !Number.isFinite(scale) || !Number.isFinite(g.logLoss);
    const mark = epoch === marks[next] || epoch === o.epochs || diverged;
    if (pop.perStep || mark) {
      if (!acc.done) acc.observe(epoch, g.accuracy >= o.accThreshold, pop.accuracy(S, b, scale) >= o.accThreshold);
      if (!lossX.done) lossX.observe(epoch, g.logLoss <= logEps, pop.lossBelow(S, b, scale, logEps));
    }
    if (mark) {
      checkpoints.push(checkpointMetrics(epoch, o.lr * epoch, S, b, g, test, o.loss, pop));
      next++;
    }
    if (epoch === o.epochs || diverged) break;
    b = rule(S, b, grad, g, epoch);
    if (o.onProgress && (epoch + 1) % every === 0) o.onProgress(epoch + 1);
  }
  const result = { accuracyCrossing: acc.result(), lossCrossing: lossX.result(), S, b, epochsRun: epoch, diverged };
  return { checkpoints, ...result, gradientEvaluations: epoch + 1 };
}

/** Run GD from (S0, b0) on `train` (SPEC §1: full batch, fixed η, float64). */
export function gradientDescent(
  train: Dataset<DataMatrix>,
  test: Dataset | null,
  S0: Float64Array,
  b0: number,
  o: GDOptions,
): GDResult {
  return descend(train, test, S0, b0, o, gdStep(o.lr));
}
