/**
 * Deciding a training draw's separability — Newton on Σ exp(S·x_i) first, the exact LP only when Newton is
 * inconclusive, alone or along nested draws — and its theory (drawTheory.ts) for the CLI, the figures and the queue.
 */

import type { Dataset } from "../core/data.js";
import { type DrawTheory, inseparableTheory, separableTheory } from "./drawTheory.js";
import { decideSeparability } from "./separability.js";
import { sInfinity } from "./sinf.js";
import { svmThroughOrigin } from "./svm.js";
import { wendelProbability } from "./wendel.js";

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
