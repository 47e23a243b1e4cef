/**
 * The theory of one training draw (SPEC §3), in one type and one computation for every user — `grokedge train
 * --theory`, the theory commands, the figures' "draw" tasks (on the pool or the queue) and the explorer: separability
 * from the origin, then either the margin M with the predicted end state (separable) or S_∞ (inseparable). The field
 * names are the ones written out (summary JSON), so nothing is mapped on the way out.
 */

import type { Dataset } from "../core/data.js";
import { separableLimitAccuracy } from "./predictions.js";
import { decideSeparability } from "./separability.js";
import { type SInfinityResult, sInfinity } from "./sinf.js";
import { svmThroughOrigin } from "./svm.js";
import { wendelProbability } from "./wendel.js";

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

/**
 * Separability by Newton on Σ exp(S·x_i) first — a finite minimiser certifies "not separable", an iterate with all
 * S·x_i < 0 certifies "separable" — and the exact LP only when Newton is inconclusive. Returns S_∞ when found.
 */
export async function decideSeparabilityFast(data: Dataset) {
  const { X, n, d } = data;
  const sinf = sInfinity(X, n, d);
  if (sinf.separable !== null) return { separable: sinf.separable, method: "newton", sinf };
  return { separable: (await decideSeparability(X, n, d)).separable, method: "lp", sinf };
}

/** One d of a nested chain (decideNested): the decision, its S_∞ solve (null when inherited), and its seconds. */
export interface NestedStep {
  d: number;
  separable: boolean | null;
  /** "newton", "lp", or "nested": separable because a smaller d of the same draw is */
  method: string;
  sinf: ReturnType<typeof sInfinity> | null;
  seconds: number;
}

/** Rows of X (n × dMax) cut to their first d columns, row-major n × d. */
export function firstColumns(X: Float64Array, n: number, dMax: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) out.set(X.subarray(i * dMax, i * dMax + d), i * d);
  return out;
}

/**
 * decideSeparabilityFast on nested draws: the first d columns of one n × dMax draw for each d of `ds` (ascending,
 * ≤ dMax), each Newton solve warm-started from the last S_∞ found (padded with zeros). Separability is monotone along
 * the chain — a separating S for d columns, padded with zeros, separates with more — so after the first separable d
 * every larger d is separable without a solve (method "nested").
 */
export async function decideNested(X: Float64Array, n: number, dMax: number, ds: readonly number[]) {
  const steps: NestedStep[] = [];
  let start: Float64Array | undefined;
  for (const d of ds) {
    const t0 = performance.now();
    if (steps.at(-1)?.separable === true) {
      steps.push({ d, separable: true, method: "nested", sinf: null, seconds: 0 });
      continue;
    }
    const Xd = firstColumns(X, n, dMax, d);
    const sinf = sInfinity(Xd, n, d, { start });
    const separable = sinf.separable ?? (await decideSeparability(Xd, n, d)).separable;
    if (separable === false && sinf.converged) start = sinf.S;
    const method = sinf.separable !== null ? "newton" : "lp";
    steps.push({ d, separable, method, sinf, seconds: (performance.now() - t0) / 1000 });
  }
  return steps;
}

/** Decide separability (decideSeparabilityFast), then the margin and predicted limit, or S_∞. */
export async function drawTheory(data: Dataset, sigma: number): Promise<DrawTheory> {
  const { X, n, d } = data;
  const wendel = wendelProbability(n, d).probability;
  const { separable, method, sinf } = await decideSeparabilityFast(data);
  if (separable === false) return { wendel_probability: wendel, separable, method, ...inseparableTheory(sinf, sigma) };
  if (separable === null) return { wendel_probability: wendel, separable, method };
  const svm = svmThroughOrigin(X, n, d);
  if (!svm.separable) return { wendel_probability: wendel, separable: null, method: `${method}+svm disagree` };
  return { wendel_probability: wendel, separable, method, ...separableTheory(svm.margin, sigma) };
}
