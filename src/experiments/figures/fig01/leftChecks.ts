/**
 * The paper's qualitative claims for Fig. 1 left, checked on the figure's own data. They hold at the default
 * parameters (N = 400, σ = 5, η = 0.01, 3e5 epochs). Claims about a mean over draws are judged against its standard
 * error: PASS when the data support the claim by more than 2 SE, FAIL when they contradict it by more than 2 SE, and
 * UNSURE when the threshold lies within 2 SE. At N = 400 the per-draw spread of the final accuracy is ~0.09, mostly
 * between separable draws (which plateau) and inseparable ones (which grok); given each draw's stratum by
 * separability (separabilityStrata.ts) the means are Wendel-weighted over the two strata and their SE is the
 * stratified one, ~±0.01 over 24 seeds instead of ~±0.02.
 */

import type { Checkpoint } from "../../../train/gd.js";
import { type Check, exactClaim, seClaim } from "../../checks.js";
import { type Strata, wendelWeightedMean } from "../../separabilityStrata.js";
import { mean, standardError } from "../../stats.js";
import { meanCurve } from "./prediction.js";

export type { Check };

type Runs = readonly { checkpoints: Checkpoint[] }[];

/** One λ's runs; with `strata` (each run's separability and Wendel's P) its means are Wendel-weighted. */
export interface Fig1Column {
  runs: Runs;
  strata?: Strata;
}

/** Index of the last checkpoint with epoch ≤ `epoch` (all runs share their checkpoint epochs). */
function indexAt(runs: Runs, epoch: number): number {
  const epochs = runs[0].checkpoints.map((c) => c.epoch);
  let i = 0;
  while (i + 1 < epochs.length && epochs[i + 1] <= epoch) i++;
  return i;
}

/** Per-seed values of `key` at checkpoint index i. */
const valuesAt = (runs: Runs, key: keyof Checkpoint, i: number) => runs.map((r) => r.checkpoints[i][key] as number);

const fmt = (x: number) => x.toFixed(3);

/** Growth of mean σ‖S‖ over successive decades of epochs, for the decades the run covers fully. */
function growthPerDecade(runs: Runs): number[] {
  const last = runs[0].checkpoints[runs[0].checkpoints.length - 1].epoch;
  const curve = meanCurve(runs, "sigma_norm_s");
  const out: number[] = [];
  for (let e = 100; e * 10 <= last; e *= 10) out.push(curve[indexAt(runs, e * 10)] - curve[indexAt(runs, e)]);
  return out;
}

/** Mean ± SE of one value per run, and how it was estimated (said in the check's detail). */
function estimate(col: Fig1Column, xs: readonly number[]) {
  const seeds = `${xs.length} seeds`;
  if (!col.strata) return { mean: mean(xs), se: standardError(xs), how: `mean ± SE over ${seeds}` };
  const w = wendelWeightedMean(xs, col.strata);
  const how = w.stratified
    ? `Wendel-weighted mean ± SE over ${seeds} (${w.separable} separable, ${w.inseparable} not)`
    : `mean ± SE over ${seeds} (a stratum holds one draw, so unweighted)`;
  return { mean: w.mean, se: w.se, how };
}

const estimateText = (e: ReturnType<typeof estimate>) => `${fmt(e.mean)} ± ${fmt(e.se)}, ${e.how}`;

/** "mean of xs op threshold" over a column's runs, judged at 2 SE. */
function columnClaim(claim: string, col: Fig1Column, xs: readonly number[], op: "<" | ">", threshold: number) {
  const e = estimate(col, xs);
  return seClaim(claim, e.mean, e.se, op, threshold, estimateText(e));
}

/** Grokking at λ = 0.48: chance level at first, fit training set, late generalization, saturating ‖S‖. */
function edgeChecks(col: Fig1Column): Check[] {
  const edge = col.runs;
  const lastIndex = edge[0].checkpoints.length - 1;
  const a0 = mean(valuesAt(edge, "pop_acc", 0));
  const firstPerfect = Math.max(
    ...edge.map((r) => {
      const k = r.checkpoints.findLastIndex((c) => c.train_acc < 1);
      return k + 1 < r.checkpoints.length ? r.checkpoints[k + 1].epoch : Number.POSITIVE_INFINITY;
    }),
  );
  const growth = growthPerDecade(edge);
  return [
    exactClaim("λ=0.48: population accuracy starts near 0.5", Math.abs(a0 - 0.5) < 0.1, fmt(a0)),
    columnClaim(
      "λ=0.48: population accuracy < 0.75 at epoch 1000",
      col,
      valuesAt(edge, "pop_acc", indexAt(edge, 1000)),
      "<",
      0.75,
    ),
    columnClaim(
      `λ=0.48: population accuracy > 0.85 at epoch ${edge[0].checkpoints[lastIndex].epoch}`,
      col,
      valuesAt(edge, "pop_acc", lastIndex),
      ">",
      0.85,
    ),
    exactClaim(
      "λ=0.48: training accuracy is 1 from a few thousand epochs on (every seed)",
      firstPerfect <= 5000,
      `from epoch ${firstPerfect}`,
    ),
    exactClaim(
      "λ=0.48: growth of σ‖S‖ per decade shrinks",
      growth.length >= 2 && growth.every((g, i) => i === 0 || g < growth[i - 1]),
      growth.map(fmt).join(" > "),
    ),
  ];
}

const SEVERITY = { PASS: 0, UNSURE: 1, FAIL: 2 } as const;

/**
 * "The mean population accuracy stays below `threshold` at every checkpoint": the worst verdict over checkpoints,
 * with the highest mean in the detail.
 */
function staysBelow(claim: string, col: Fig1Column, threshold: number): Check {
  const estimates = col.runs[0].checkpoints.map((_, i) => estimate(col, valuesAt(col.runs, "pop_acc", i)));
  const verdicts = estimates.map((e) => seClaim(claim, e.mean, e.se, "<", threshold, "").verdict);
  const worst = verdicts.reduce((a, v) => (SEVERITY[v] > SEVERITY[a] ? v : a), "PASS");
  const top = estimates.reduce((k, e, i) => (e.mean > estimates[k].mean ? i : k), 0);
  const at = col.runs[0].checkpoints[top].epoch;
  return { claim, verdict: worst, detail: `highest ${estimateText(estimates[top])} at epoch ${at}` };
}

/**
 * Memorization at λ = 0.52: training accuracy reaches 1 while the mean population accuracy stays below 0.8 (most
 * draws are separable there: Wendel gives 0.79 at N = 400), and below where λ = 0.48 ends.
 */
function separableChecks(col: Fig1Column, edge: Fig1Column | undefined): Check[] {
  const sep = col.runs;
  const last = sep[0].checkpoints.length - 1;
  const trainEnd = meanCurve(sep, "train_acc").at(-1) ?? 0;
  const checks = [
    staysBelow(`λ=0.52: population accuracy stays below 0.8 through epoch ${sep[0].checkpoints[last].epoch}`, col, 0.8),
    exactClaim("λ=0.52: training accuracy ends at 1", trainEnd === 1, fmt(trainEnd)),
  ];
  if (edge) {
    const a = estimate(edge, valuesAt(edge.runs, "pop_acc", edge.runs[0].checkpoints.length - 1));
    const b = estimate(col, valuesAt(sep, "pop_acc", last));
    const diff = a.mean - b.mean;
    const se = Math.hypot(a.se, b.se);
    const detail = `difference ${fmt(diff)} ± ${fmt(se)} (SE)`;
    checks.push(seClaim("λ=0.52 ends below λ=0.48 (memorization vs grokking)", diff, se, ">", 0, detail));
  }
  return checks;
}

/** Checks for λ = 0.48 (grokking), 0.05 (fast generalization) and 0.52 (memorization); missing λ are skipped. */
export function fig1Checks(byLambda: Map<number, Fig1Column>): Check[] {
  const checks: Check[] = [];
  const edge = byLambda.get(0.48);
  if (edge) checks.push(...edgeChecks(edge));
  const easy = byLambda.get(0.05);
  if (easy) {
    const xs = valuesAt(easy.runs, "pop_acc", indexAt(easy.runs, 999));
    const at = easy.runs[0].checkpoints[indexAt(easy.runs, 999)].epoch;
    checks.push(columnClaim(`λ=0.05: population accuracy > 0.95 before epoch 1000 (at ${at})`, easy, xs, ">", 0.95));
  }
  const sep = byLambda.get(0.52);
  if (sep) checks.push(...separableChecks(sep, edge));
  return checks;
}
