/**
 * Full-batch gradient descent on the constant-label model (SPEC §1), float64, fixed η, with metrics at log-spaced
 * checkpoints (SPEC §2) and grokking-time crossings tracked at every step (SPEC §5).
 */

import type { Dataset } from "../core/data.js";
import { type LossName, lossGradient } from "../core/lossKernel.js";
import { logisticPopulationLossLowerBound, populationAccuracy, populationLogLoss } from "../core/population.js";
import { norm } from "../core/vector.js";
import { checkpointEpochs } from "./checkpoints.js";
import { type Crossing, CrossingTracker } from "./grokking.js";
import { type Checkpoint, checkpointMetrics } from "./metrics.js";

export type { Checkpoint } from "./metrics.js";

export interface GDOptions {
  lr: number;
  epochs: number;
  loss: LossName;
  sigma: number;
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
 * Is the population loss ≤ ε? Cheap bounds first, so the quadrature runs only near the crossing:
 * L_gen ≥ max(softplus(b), E[z₊]) and L_gen ≤ E e^{z} = e^{b + a²/2}.
 */
function populationLossBelow(loss: LossName, b: number, scale: number, logEps: number): boolean {
  if (loss === "logistic") {
    if (Math.log(logisticPopulationLossLowerBound(b, scale)) > logEps) return false;
    if (b + 0.5 * scale * scale <= logEps) return true;
  }
  return populationLogLoss(loss, b, scale) <= logEps;
}

/** Run GD from (S0, b0) on `train`; `test` (optional) gives the empirical held-out metrics at checkpoints. */
export function gradientDescent(
  train: Dataset,
  test: Dataset | null,
  S0: Float64Array,
  b0: number,
  o: GDOptions,
): GDResult {
  const { X, n, d } = train;
  const S = Float64Array.from(S0);
  let b = b0;
  const grad = new Float64Array(d);
  const marks = checkpointEpochs(o.epochs, o.perDecade);
  const checkpoints: Checkpoint[] = [];
  const acc = new CrossingTracker();
  const lossX = new CrossingTracker();
  const logEps = Math.log(o.lossThreshold);
  const every = o.progressEvery ?? 1000;
  let next = 0; // index into marks
  let epoch = 0;
  let diverged = false;
  for (; ; epoch++) {
    const g = lossGradient(X, n, d, S, b, o.loss, grad);
    const scale = o.sigma * norm(S);
    if (!acc.done) acc.observe(epoch, g.accuracy >= o.accThreshold, populationAccuracy(b, scale) >= o.accThreshold);
    if (!lossX.done) {
      lossX.observe(epoch, g.logLoss <= logEps, populationLossBelow(o.loss, b, scale, logEps));
    }
    diverged = !Number.isFinite(b) || !Number.isFinite(scale) || !Number.isFinite(g.logLoss);
    if (epoch === marks[next] || epoch === o.epochs || diverged) {
      checkpoints.push(checkpointMetrics(epoch, o.lr * epoch, S, b, g, test, o.loss, o.sigma));
      next++;
    }
    if (epoch === o.epochs || diverged) break;
    const step = o.lr * Math.exp(g.gradLogScale);
    for (let j = 0; j < d; j++) S[j] -= step * grad[j];
    b -= step * g.gradB;
    if (o.onProgress && (epoch + 1) % every === 0) o.onProgress(epoch + 1);
  }
  return {
    checkpoints,
    accuracyCrossing: acc.result(),
    lossCrossing: lossX.result(),
    S,
    b,
    epochsRun: epoch,
    diverged,
    gradientEvaluations: epoch + 1,
  };
}
