/**
 * Full-batch gradient descent on the constant-label model (SPEC §1), float64, fixed η, with metrics at log-spaced
 * checkpoints (SPEC §2) and grokking-time crossings tracked at every step (SPEC §5).
 */

import type { Dataset } from "../core/data.js";
import { type LossName, lossAndAccuracy, lossGradient } from "../core/lossKernel.js";
import { logisticPopulationLossLowerBound, populationAccuracy, populationLogLoss } from "../core/population.js";
import { norm } from "../core/vector.js";
import { checkpointEpochs } from "./checkpoints.js";
import { type Crossing, CrossingTracker } from "./grokking.js";

/** One row of a run's history; the column names are the public record format. */
export interface Checkpoint {
  epoch: number;
  t: number;
  train_loss: number;
  log10_train_loss: number;
  train_acc: number;
  pop_loss: number;
  log10_pop_loss: number;
  pop_acc: number;
  test_loss: number | null;
  test_acc: number | null;
  norm_s: number;
  sigma_norm_s: number;
  b: number;
  b_over_sigma_norm_s: number | null;
}

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

function checkpointRow(
  epoch: number,
  o: GDOptions,
  S: Float64Array,
  b: number,
  train: { logLoss: number; accuracy: number },
  test: Dataset | null,
): Checkpoint {
  const normS = norm(S);
  const scale = o.sigma * normS;
  const logPop = populationLogLoss(o.loss, b, scale);
  const t = test ? lossAndAccuracy(test.X, test.n, test.d, S, b, o.loss) : null;
  return {
    epoch,
    t: o.lr * epoch,
    train_loss: Math.exp(train.logLoss),
    log10_train_loss: train.logLoss / Math.LN10,
    train_acc: train.accuracy,
    pop_loss: Math.exp(logPop),
    log10_pop_loss: logPop / Math.LN10,
    pop_acc: populationAccuracy(b, scale),
    test_loss: t ? Math.exp(t.logLoss) : null,
    test_acc: t ? t.accuracy : null,
    norm_s: normS,
    sigma_norm_s: scale,
    b,
    b_over_sigma_norm_s: scale > 0 ? b / scale : null,
  };
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
      checkpoints.push(checkpointRow(epoch, o, S, b, g, test));
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
