/**
 * Draws stratified by separability from the origin (SPEC §3.2). At N = 400 a draw's final accuracy is bimodal —
 * separable draws plateau near the margin prediction, inseparable ones grok towards 1 — so a plain mean over a few
 * dozen consecutive seeds moves with how many of them happen to be separable (binomial, sd ≈ 2 of 24 at λ = 0.52).
 * Wendel's theorem gives that fraction exactly, so we fix it by design: proportional allocation, each stratum filled
 * by the first draws of its kind in run-index order (outcome-blind), and estimate with Wendel's weights.
 */

import type { RunConfig } from "../config/run.js";
import { decideSeparabilityFast } from "../theory/decideDraw.js";
import { wendelProbability } from "../theory/wendel.js";
import { trainingData } from "../train/run.js";
import { mean, standardError } from "./stats.js";

/** Draws examined per requested draw before giving up (a stratum with quota ≥ 1 has P ≳ 1/(2·draws)). */
const SCAN_FACTOR = 1000;

/**
 * Below this Wendel probability a stratum is taken to be empty and no draw is decided: far from λ = ½ (λ = 0.05 at
 * N = 400: P ~ 1e-88; the paper's N = 40000 at λ = 0.48: ~1e-15) an LP on every draw would only confirm the majority.
 */
export const NEGLIGIBLE_STRATUM = 1e-6;

/**
 * Is the training draw of `c` separable from the origin? Newton on S_∞, else the exact LP; when Wendel puts less than
 * NEGLIGIBLE_STRATUM on one answer, the other without deciding. Throws when neither method can decide.
 */
export async function drawIsSeparable(c: RunConfig): Promise<boolean> {
  const p = wendelProbability(c.n, c.d).probability;
  if (p < NEGLIGIBLE_STRATUM || 1 - p < NEGLIGIBLE_STRATUM) return p >= 0.5;
  const { separable } = await decideSeparabilityFast(trainingData(c));
  if (separable === null) throw new Error(`separability of draw ${c.runIndex} (N = ${c.n}, d = ${c.d}) is undecided`);
  return separable;
}

/** The strata of a column's draws: each draw's separability, and Wendel's P(separable), the separable weight. */
export interface Strata {
  separable: boolean[];
  pSeparable: number;
}

export interface StratifiedDraws extends Strata {
  /** the chosen run indices, ascending; `separable[k]` is the stratum of runIndices[k] */
  runIndices: number[];
  /** run indices examined (0 … scanned−1) */
  scanned: number;
}

/** round(draws·P) separable draws and the rest inseparable: the first of each kind among run indices 0, 1, 2, … */
export async function stratifiedDraws(c: RunConfig, draws: number): Promise<StratifiedDraws> {
  const pSeparable = wendelProbability(c.n, c.d).probability;
  const quota = { sep: Math.round(draws * pSeparable), insep: 0 };
  quota.insep = draws - quota.sep;
  const runIndices: number[] = [];
  const separable: boolean[] = [];
  let r = 0;
  for (; quota.sep + quota.insep > 0; r++) {
    if (r >= SCAN_FACTOR * draws) {
      throw new Error(`found too few draws of a stratum in ${r} run indices (N = ${c.n}, d = ${c.d})`);
    }
    const sep = await drawIsSeparable({ ...c, runIndex: r });
    const key = sep ? "sep" : "insep";
    if (quota[key] === 0) continue;
    quota[key]--;
    runIndices.push(r);
    separable.push(sep);
  }
  return { runIndices, separable, pSeparable, scanned: r };
}

/** The strata of draws already made (configurations of one (N, d) that differ in their run index). */
export async function strataOf(configs: readonly RunConfig[]): Promise<Strata> {
  const separable: boolean[] = [];
  for (const c of configs) separable.push(await drawIsSeparable(c));
  return { separable, pSeparable: wendelProbability(configs[0].n, configs[0].d).probability };
}

export interface WeightedMean {
  mean: number;
  se: number;
  /** draws in each stratum */
  separable: number;
  inseparable: number;
  /** true: Wendel-weighted over the strata; false: a stratum had a single draw, so the plain mean and its SE */
  stratified: boolean;
}

/**
 * The stratified estimate of E[x] over draws: P·mean(x | separable) + (1−P)·mean(x | inseparable), with standard error
 * √(Σ_h w_h² s_h²/n_h). A stratum without draws drops out (its weight renormalised away); when one holds a single draw
 * its variance is unknown and the plain mean ± SE is returned instead. xs[k] belongs to the stratum separable[k].
 */
export function wendelWeightedMean(xs: readonly number[], { separable, pSeparable }: Strata): WeightedMean {
  const nSeparable = separable.filter(Boolean).length;
  const counts = { separable: nSeparable, inseparable: xs.length - nSeparable };
  const strata = [
    { w: pSeparable, xs: xs.filter((_, k) => separable[k]) },
    { w: 1 - pSeparable, xs: xs.filter((_, k) => !separable[k]) },
  ].filter((s) => s.xs.length > 0);
  if (strata.some((s) => s.xs.length < 2)) {
    return { mean: mean(xs), se: standardError(xs), ...counts, stratified: false };
  }
  const total = strata.reduce((a, s) => a + s.w, 0);
  const m = strata.reduce((a, s) => a + (s.w / total) * mean(s.xs), 0);
  const variance = strata.reduce((a, s) => a + (s.w / total) ** 2 * standardError(s.xs) ** 2, 0);
  return { mean: m, se: Math.sqrt(variance), ...counts, stratified: true };
}
