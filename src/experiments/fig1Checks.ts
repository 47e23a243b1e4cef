/**
 * The paper's qualitative claims for Fig. 1 left, checked on the figure's own data. They hold at the default
 * parameters (N = 400, σ = 5, η = 0.01, 3e5 epochs). Claims about a mean over draws are judged against its standard
 * error: PASS when the data support the claim by more than 2 SE, FAIL when they contradict it by more than 2 SE, and
 * UNSURE when the threshold lies within 2 SE — at N = 400 the per-draw spread of the final accuracy is ~0.09, so a
 * 24-seed mean is only good to ~±0.02 and a threshold that close cannot be decided by the figure alone.
 */

import type { Checkpoint } from "../train/gd.js";
import { type Check, exactClaim, meanClaim, seClaim } from "./checks.js";
import { meanCurve } from "./fig1.js";
import { mean, standardError } from "./stats.js";

export type { Check };

type Runs = readonly { checkpoints: Checkpoint[] }[];

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

/** Grokking at λ = 0.48: chance level at first, fit training set, late generalization, saturating ‖S‖. */
function edgeChecks(edge: Runs): Check[] {
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
    meanClaim(
      "λ=0.48: population accuracy < 0.75 at epoch 1000",
      valuesAt(edge, "pop_acc", indexAt(edge, 1000)),
      "<",
      0.75,
    ),
    meanClaim(
      `λ=0.48: population accuracy > 0.85 at epoch ${edge[0].checkpoints[lastIndex].epoch}`,
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

/**
 * Memorization at λ = 0.52: training accuracy reaches 1 while the mean population accuracy plateaus well below 1
 * (most draws are separable there: Wendel gives ~0.8 at N = 400), and below where λ = 0.48 ends.
 */
function separableChecks(sep: Runs, edge: Runs | undefined): Check[] {
  const last = sep[0].checkpoints.length - 1;
  const trainEnd = meanCurve(sep, "train_acc").at(-1) ?? 0;
  const final = valuesAt(sep, "pop_acc", last);
  const checks = [
    meanClaim(
      `λ=0.52: population accuracy plateaus below 0.9 (epoch ${sep[0].checkpoints[last].epoch})`,
      final,
      "<",
      0.9,
    ),
    exactClaim("λ=0.52: training accuracy ends at 1", trainEnd === 1, fmt(trainEnd)),
  ];
  if (edge) {
    const other = valuesAt(edge, "pop_acc", edge[0].checkpoints.length - 1);
    const diff = mean(other) - mean(final);
    const se = Math.hypot(standardError(other), standardError(final));
    const detail = `difference ${fmt(diff)} ± ${fmt(se)} (SE)`;
    checks.push(seClaim("λ=0.52 ends below λ=0.48 (memorization vs grokking)", diff, se, ">", 0, detail));
  }
  return checks;
}

/** Checks for λ = 0.48 (grokking), 0.05 (fast generalization) and 0.52 (memorization); missing λ are skipped. */
export function fig1Checks(byLambda: Map<number, Runs>): Check[] {
  const checks: Check[] = [];
  const edge = byLambda.get(0.48);
  if (edge) checks.push(...edgeChecks(edge));
  const easy = byLambda.get(0.05);
  if (easy) {
    const xs = valuesAt(easy, "pop_acc", indexAt(easy, 999));
    const at = easy[0].checkpoints[indexAt(easy, 999)].epoch;
    checks.push(meanClaim(`λ=0.05: population accuracy > 0.95 before epoch 1000 (at ${at})`, xs, ">", 0.95));
  }
  const sep = byLambda.get(0.52);
  if (sep) checks.push(...separableChecks(sep, edge));
  return checks;
}
