/**
 * One kernel pass over a data set, whichever its labels: constant −1 (the fused WASM/TS kernel) or ±1 labels
 * (discriminative data, SPEC §1: the labelled kernel, since the bias does not flip with the label).
 */

import type { Dataset } from "../core/data.js";
import type { LabelledDataset } from "../core/distributions.js";
import { labelledLossGradient } from "../core/distributions.js";
import { type LossGradient, type LossName, lossAndAccuracy, lossGradient } from "../core/lossKernel.js";

const hasLabels = (data: Dataset): data is LabelledDataset => "y" in data && data.y !== undefined;

/** Loss, accuracy and gradient at (S, b); gradS is overwritten (see lossGradient for the log scale). */
export function gradientPass(
  data: Dataset,
  S: Float64Array,
  b: number,
  loss: LossName,
  gradS: Float64Array,
): LossGradient {
  const { X, n, d } = data;
  return hasLabels(data)
    ? labelledLossGradient(X, data.y, n, d, S, b, loss, gradS)
    : lossGradient(X, n, d, S, b, loss, gradS);
}

/** Loss (natural log) and accuracy at (S, b), without a gradient where the kernel allows it. */
export function evaluationPass(
  data: Dataset,
  S: Float64Array,
  b: number,
  loss: LossName,
): { logLoss: number; accuracy: number } {
  const { X, n, d } = data;
  if (!hasLabels(data)) return lossAndAccuracy(X, n, d, S, b, loss);
  return labelledLossGradient(X, data.y, n, d, S, b, loss, new Float64Array(d)); // labelled: test sets only
}
