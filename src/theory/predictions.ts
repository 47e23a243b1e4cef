/**
 * Long-time predictions of SPEC §3.3–3.4 and the dashed long-time curve of Fig. 1. Inputs are plain numbers and
 * vectors; the margin M and S_∞ come from svm.ts and sinf.ts.
 */

import erf from "@stdlib/math-base-special-erf";
import type { LossName } from "../core/lossKernel.js";
import { populationAccuracy, populationLogLoss } from "../core/population.js";
import { dot, norm } from "../core/vector.js";

/** A_gen → ½[1 + erf(1/(√2 σ M))] for a separable draw with margin M (of the data as drawn, std σ). SPEC §3.4. */
export function separableLimitAccuracy(margin: number, sigma: number): number {
  return 0.5 * (1 + erf(1 / (Math.SQRT2 * sigma * margin)));
}

/** Separable asymptotes at time t (SPEC §3.4): b ≈ −log t/(1+M²), ‖S‖ ≈ M log t/(1+M²), so b/‖S‖ → −1/M. */
export function separableAsymptote(margin: number, t: number): { b: number; normS: number } {
  const k = Math.log(t) / (1 + margin * margin);
  return { b: -k, normS: margin * k };
}

/**
 * The extended-space SVM from the through-origin one (SPEC §3.4): with S* (margin M = 1/‖S*‖),
 * w_SVM = (M² S*, −1)/(1+M²) exactly — for fixed b the problem reduces to the through-origin SVM, and minimising
 * β²/M² + (β−1)² over the scale β of S* gives β = M²/(1+M²).
 */
export function extendedSvmFromThroughOrigin(Sstar: Float64Array, margin: number): { S: Float64Array; b: number } {
  const m2 = margin * margin;
  return { S: Sstar.map((s) => (m2 * s) / (1 + m2)), b: -1 / (1 + m2) };
}

/** cos∠((S, b), (wS, wb)) in the extended space R^{d+1}: the implicit-bias diagnostic of SPEC §3.3. */
export function extendedCosine(S: Float64Array, b: number, wS: Float64Array, wb: number): number {
  const num = dot(S, wS) + b * wb;
  return num / (Math.hypot(norm(S), b) * Math.hypot(norm(wS), wb));
}

export interface PredictedPoint {
  t: number;
  b: number;
  pop_acc: number;
  log10_pop_loss: number;
}

/**
 * The dashed long-time prediction of Fig. 1 (our construction; the paper does not state its own): from a late time
 * t0, hold σ‖S‖ at its value there and continue b(t) = b(t0) − log(t/t0) — the inseparable law b ~ −log t of SPEC §3.4
 * with S at (approximately) S_∞ — then evaluate the exact population metrics.
 */
export function longTimePrediction(
  loss: LossName,
  sigmaNormS: number,
  bAtT0: number,
  t0: number,
  times: readonly number[],
): PredictedPoint[] {
  return times.map((t) => {
    const b = bAtT0 - Math.log(t / t0);
    return {
      t,
      b,
      pop_acc: populationAccuracy(b, sigmaNormS),
      log10_pop_loss: populationLogLoss(loss, b, sigmaNormS) / Math.LN10,
    };
  });
}
