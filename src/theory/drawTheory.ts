/**
 * The theory of one training draw (SPEC §3), one type for every user — `grokedge train --theory`, the theory
 * commands, the figures' "draw" tasks (on the pool or the queue) and the explorer: separability from the origin, then
 * either the margin M with the predicted end state (separable) or S_∞ (inseparable), built here from the margin or the
 * S_∞ solve. The field names are the ones written out (summary JSON), so nothing is mapped on the way out. No LP here
 * (the page imports this): decideDraw.ts decides with the exact LP behind Newton, web/drawTheory.ts with the SVM.
 */

import { separableLimitAccuracy } from "./predictions.js";
import type { SInfinityResult } from "./sinf.js";

/** The end state the theory predicts for a separable draw (SPEC §3.4). */
export interface SeparableTheory {
  /** the margin M of the data as drawn (units of x) */
  margin: number;
  /** the t → ∞ population accuracy ½[1 + erf(1/(√2σM))] */
  predicted_final_pop_acc: number;
  /** b/‖S‖ → −1/M */
  predicted_b_over_norm_s: number;
}

/** S_∞ of an inseparable draw and its predicted end state (S → S_∞, b → −∞, A_gen → 1; SPEC §3.5). */
export interface InseparableTheory {
  /** ‖S_∞‖ (units 1/x) and σ‖S_∞‖ */
  s_inf_norm: number;
  sigma_s_inf_norm: number;
  /** fraction of i with S_∞·x_i > 0, and the mean of S_∞·x_i/‖S_∞‖ over them */
  positive_fraction: number;
  positive_mean: number;
  /** 1: the population accuracy tends to one */
  predicted_final_pop_acc: number;
}

/** A draw's theory: the decision, then the separable or the inseparable part (predicted_final_pop_acc in both). */
export interface DrawTheory extends Partial<SeparableTheory>, Partial<InseparableTheory> {
  /** Wendel's P(separable) for this (N, d) */
  wendel_probability: number;
  /** null: undecided (the solvers disagree, or the draw is beyond them) */
  separable: boolean | null;
  /** what decided it: "newton", "lp", "svm", or why it is undecided */
  method: string;
  /** the t → ∞ population accuracy: < 1 if separable, 1 if not; absent if undecided */
  predicted_final_pop_acc?: number;
}

/** The separable end state from the margin M (of the data as drawn, std σ). */
export function separableTheory(margin: number, sigma: number): SeparableTheory {
  return {
    margin,
    predicted_final_pop_acc: separableLimitAccuracy(margin, sigma),
    predicted_b_over_norm_s: -1 / margin,
  };
}

/** The inseparable end state from the draw's S_∞ solve (data std σ). */
export function inseparableTheory(sinf: SInfinityResult, sigma: number): InseparableTheory {
  return {
    s_inf_norm: sinf.norm,
    sigma_s_inf_norm: sigma * sinf.norm,
    positive_fraction: sinf.positiveFraction,
    positive_mean: sinf.positiveMean,
    predicted_final_pop_acc: 1,
  };
}
