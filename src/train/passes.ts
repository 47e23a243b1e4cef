/**
 * One kernel pass over a data set, whichever its labels: constant −1 (the fused WASM/TS kernel directly) or ±1 labels
 * (discriminative data, SPEC §1). A labelled set is rewritten once into constant-label form — row −y_i x_i and a bias
 * column −y_i (flipByLabels; no bias column for a bias-free set) — so that its passes run on the same fast kernel with
 * (S, b) as one weight vector.
 */

import { type DataMatrix, type Dataset, RowBlocks } from "../core/data.js";
import { flipByLabels } from "../core/distributions.js";
import { passColumns } from "../core/kernel/layout.js";
import type { LossName } from "../core/losses.js";
import { type LossGradient, lossAndAccuracy, lossGradient, lossGradients } from "../core/lossKernel.js";

/**
 * A training set with ±1 labels y (n), in either storage. `biasFree`: the bias-free model (b fixed at 0, as the
 * two-Gaussian model of SPEC §1): rows −y_i x_i only, ∂_b reported as 0, so that b stays at b_0 = 0 under every
 * optimizer.
 */
type Labelled = Dataset<DataMatrix> & { y: Float64Array; biasFree?: boolean };

/**
 * A labelled training set held in constant-label form only (trainingSet at large sizes: core/distributions.ts
 * drawConstantLabelForm): X is n × (d + 1), rows −y_i (x_i, 1); d is the model's dimension.
 */
export type ConstantLabelSet = Dataset<DataMatrix> & { constantLabelForm: true };

const hasLabels = (data: Dataset<DataMatrix>): data is Labelled => "y" in data && data.y !== undefined;
export const isConstantLabelForm = (data: Dataset<DataMatrix>): data is ConstantLabelSet => "constantLabelForm" in data;
/** ±1 labels in either form: the set's passes run on a constant-label X of n × (d + 1) (n × d bias-free). */
const isLabelled = (data: Dataset<DataMatrix>) => hasLabels(data) || isConstantLabelForm(data);

/** A labelled set in constant-label form (n × w, w = d + 1, or d when bias-free), with scratch (S, b) and gradient. */
interface Flipped {
  X: DataMatrix;
  w: number;
  Sb: Float64Array;
  grad: Float64Array;
}

/** Made on a set's first pass and kept while the set lives: the flip costs one pass, reused every step. */
const flippedSets = new WeakMap<Dataset<DataMatrix>, Flipped>();

/** The constant-label form of a labelled set at (S, b), or null for a set with constant labels −1. */
function flipped(data: Dataset<DataMatrix>, S: Float64Array, b: number): Flipped | null {
  let f = flippedSets.get(data);
  if (!f) {
    const X = isConstantLabelForm(data) ? data.X : hasLabels(data) ? flipCopy(data) : null;
    if (X === null) return null;
    const w = hasLabels(data) && data.biasFree ? data.d : passColumns(data.d, true);
    f = { X, w, Sb: new Float64Array(w), grad: new Float64Array(w) };
    flippedSets.set(data, f);
  }
  f.Sb.set(S);
  if (f.w > data.d) f.Sb[data.d] = b;
  return f;
}

/** flipByLabels into a copy of X in X's storage (a small set: large ones are drawn in constant-label form). */
function flipCopy(data: Labelled): DataMatrix {
  if (data.X instanceof RowBlocks) throw new Error("a labelled data set cannot be split over several WASM memories");
  const f32 = data.X instanceof Float32Array;
  const X = f32 ? Float64Array.from(data.X) : (data.X as Float64Array);
  const X64 = flipByLabels(X, data.y, data.n, data.d, !data.biasFree);
  return f32 ? Float32Array.from(X64) : X64; // ±x and ±1 of float32 values: exact in float32
}

/** Loss, accuracy and gradient at (S, b); gradS is overwritten (see lossGradient for the log scale). */
export function gradientPass(
  data: Dataset<DataMatrix>,
  S: Float64Array,
  b: number,
  loss: LossName,
  gradS: Float64Array,
): LossGradient {
  const { X, n, d } = data;
  const f = flipped(data, S, b);
  if (f === null) return lossGradient(X, n, d, S, b, loss, gradS);
  const g = lossGradient(f.X, n, f.w, f.Sb, 0, loss, f.grad);
  gradS.set(f.grad.subarray(0, d));
  // the bias is the last weight of the flipped problem (the kernel's own bias is 0 here); bias-free: none
  g.gradB = f.w > d ? f.grad[d] : 0;
  return g;
}

/**
 * gradientPass at several iterates (S[r], b[r]) on one set, each overwriting grad[r]: X read once for all (a
 * labelled set: one pass each).
 */
export function gradientPasses(
  data: Dataset<DataMatrix>,
  S: readonly Float64Array[],
  b: readonly number[],
  loss: LossName,
  grad: readonly Float64Array[],
): LossGradient[] {
  if (isLabelled(data)) return S.map((s, r) => gradientPass(data, s, b[r], loss, grad[r]));
  return lossGradients(data.X, data.n, data.d, S, b, loss, grad);
}

/** Loss (natural log) and accuracy at (S, b), without a gradient. */
export function evaluationPass(
  data: Dataset<DataMatrix>,
  S: Float64Array,
  b: number,
  loss: LossName,
): { logLoss: number; accuracy: number } {
  const { X, n, d } = data;
  const f = flipped(data, S, b);
  if (f === null) return lossAndAccuracy(X, n, d, S, b, loss);
  return lossAndAccuracy(f.X, n, f.w, f.Sb, 0, loss);
}
