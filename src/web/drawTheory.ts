/**
 * The theory overlays of one run (SPEC §3), browser-safe (no LP solver): Wendel's P(separable) for (N, d); whether
 * this draw is separable (Newton on Σ exp(S·x_i), then the SVM's exact active set when Newton is undecided); the
 * margin M or S_∞; and the predicted end state and long-time asymptotes.
 */

import type { RunConfig } from "../config/run.js";
import type { Dataset } from "../core/data.js";
import { populationAccuracy, populationLogLoss } from "../core/population.js";
import { type DrawTheory, inseparableTheory, separableTheory } from "../theory/drawTheory.js";
import { separableAsymptote } from "../theory/predictions.js";
import { sInfinity } from "../theory/sinf.js";
import { svmThroughOrigin } from "../theory/svm.js";
import { wendelApproximation, wendelProbability } from "../theory/wendel.js";

/**
 * The draw's theory (theory/drawTheory.ts) as the overlays draw it: `separable: null` when the size is beyond the
 * in-browser solvers or they disagree.
 */
export interface WebTheory extends DrawTheory {
  /** the dimension of the rows decided: d, or d + 1 for labelled points with their bias column (a dropped file) */
  width: number;
  /** Wendel's large-N form of P(separable) */
  wendelLargeN: number;
  /** one line on what was decided and what the draw will do */
  note: string;
}

/** Largest N·d for which the page solves the draw's separability (Newton's N·d² Hessian stays under ~1 s). */
export const THEORY_MAX_ELEMENTS = 400_000;

/**
 * Theory of the run's training draw. Isotropic constant-label data only (the paper's model). Newton on Σ exp(S·x_i)
 * decides, then the SVM's exact active set when Newton is undecided (no LP solver in the browser).
 */
export function webTheory(config: RunConfig, data: Dataset): WebTheory {
  const { n, d, X } = data;
  const base = {
    width: d,
    wendel_probability: wendelProbability(n, d).probability,
    wendelLargeN: wendelApproximation(n, d),
  };
  if (config.distribution !== "gaussian" || config.labelFraction < 1) {
    return { ...base, separable: null, method: "none", note: "draw theory: constant-label Gaussian model only" };
  }
  if (n * d > THEORY_MAX_ELEMENTS) {
    const note = `draw not solved in the browser (N·d > ${THEORY_MAX_ELEMENTS})`;
    return { ...base, separable: null, method: "none", note };
  }
  const sinf = sInfinity(X, n, d);
  if (sinf.separable === false) {
    const note = "inseparable: S → S_∞, b → −∞";
    return { ...base, separable: false, method: "newton", ...inseparableTheory(sinf, config.sigma), note };
  }
  const svm = svmThroughOrigin(X, n, d);
  if (!svm.separable) {
    const note = `undecided (${svm.reason})`;
    if (sinf.separable === null) return { ...base, separable: false, method: "svm", note };
    return { ...base, separable: null, method: "newton+svm disagree", note };
  }
  const note = "separable: S, b grow like log t along the max-margin direction";
  const method = sinf.separable === null ? "svm" : "newton";
  return { ...base, separable: true, method, ...separableTheory(svm.margin, config.sigma), note };
}

/** A point of a long-time asymptote: epoch, predicted b, σ‖S‖ and population accuracy. */
export interface AsymptotePoint {
  epoch: number;
  b: number;
  sigmaNormS: number;
  popAcc: number;
  log10PopLoss: number;
}

/**
 * Long-time asymptotes from the last checkpoint (epoch e0, b0, σ‖S‖0) out to `toEpoch`, both starting at that
 * point: separable draws follow SPEC §3.4 (b ≈ −log t/(1+M²), ‖S‖ ≈ M log t/(1+M²), shifted to pass through it);
 * inseparable draws continue b(t) = b(t0) − log(t/t0) and take σ‖S‖ from its current value to σ‖S_∞‖ as
 * σ‖S_∞‖ + (σ‖S‖0 − σ‖S_∞‖)·t0/t. The t0/t approach is a guide for the eye: the theory fixes the end state, not its
 * rate (the paper's own dashed curve, S held at S_∞ from t = 0, is theory/predictions.ts's longTimePrediction).
 */
export function asymptote(
  theory: WebTheory,
  config: RunConfig,
  last: { epoch: number; b: number; sigma_norm_s: number },
  toEpoch: number,
  points = 40,
): AsymptotePoint[] {
  if (theory.separable === null || last.epoch <= 0 || toEpoch <= last.epoch) return [];
  const out: AsymptotePoint[] = [];
  const t0 = config.lr * last.epoch;
  for (let k = 0; k <= points; k++) {
    const epoch = last.epoch * (toEpoch / last.epoch) ** (k / points);
    const t = config.lr * epoch;
    let b: number;
    let sigmaNormS: number;
    if (theory.separable && theory.margin !== undefined) {
      const a = separableAsymptote(theory.margin, t);
      const a0 = separableAsymptote(theory.margin, t0);
      b = last.b + (a.b - a0.b);
      sigmaNormS = last.sigma_norm_s + config.sigma * (a.normS - a0.normS);
    } else {
      b = last.b - Math.log(t / t0);
      const sInf = theory.sigma_s_inf_norm ?? last.sigma_norm_s;
      sigmaNormS = sInf + (last.sigma_norm_s - sInf) * (t0 / t);
    }
    const log10PopLoss = populationLogLoss(config.loss, b, sigmaNormS) / Math.LN10;
    out.push({ epoch, b, sigmaNormS, popAcc: populationAccuracy(b, sigmaNormS), log10PopLoss });
  }
  return out;
}
