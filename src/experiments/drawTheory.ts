/**
 * Theory for one training draw (SPEC §3): separability from the origin, and either the margin M with the predicted
 * limiting accuracy (separable) or S_∞ (inseparable). `grokedge train --theory` and the theory commands use this.
 */

import type { Dataset } from "../core/data.js";
import { separableLimitAccuracy } from "../theory/predictions.js";
import { decideSeparability } from "../theory/separability.js";
import { sInfinity } from "../theory/sinf.js";
import { svmThroughOrigin } from "../theory/svm.js";
import { wendelProbability } from "../theory/wendel.js";

export interface DrawTheory {
  /** Wendel's P(separable) for this (N, d) */
  wendel_probability: number;
  separable: boolean | null;
  method: string;
  /** separable draws: the margin M of the data as drawn, and the predicted end state (SPEC §3.4) */
  margin?: number;
  predicted_final_pop_acc?: number;
  predicted_b_over_norm_s?: number;
  /** inseparable draws: S_∞ and its predicted end state (S → S_∞, b → −∞, A_gen → 1) */
  s_inf_norm?: number;
  sigma_s_inf_norm?: number;
  positive_fraction?: number;
  positive_mean?: number;
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
  if (separable === false) {
    return {
      wendel_probability: wendel,
      separable,
      method,
      s_inf_norm: sinf.norm,
      sigma_s_inf_norm: sigma * sinf.norm,
      positive_fraction: sinf.positiveFraction,
      positive_mean: sinf.positiveMean,
      predicted_final_pop_acc: 1,
    };
  }
  if (separable === null) return { wendel_probability: wendel, separable, method };
  const svm = svmThroughOrigin(X, n, d);
  if (!svm.separable) return { wendel_probability: wendel, separable: null, method: `${method}+svm disagree` };
  return {
    wendel_probability: wendel,
    separable,
    method,
    margin: svm.margin,
    predicted_final_pop_acc: separableLimitAccuracy(svm.margin, sigma),
    predicted_b_over_norm_s: -1 / svm.margin,
  };
}
