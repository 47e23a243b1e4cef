/**
 * The paper's qualitative claims for Fig. 1 left, checked on the figure's own data (means over seeds). They hold at
 * the default parameters (N = 400, σ = 5, η = 0.01, 3e5 epochs); with other settings a FAIL may be physics.
 */

import type { Checkpoint } from "../train/gd.js";
import { meanCurve } from "./fig1.js";

export interface Check {
  claim: string;
  pass: boolean;
  detail: string;
}

type Runs = readonly { checkpoints: Checkpoint[] }[];

/** Mean value of `key` at the last checkpoint with epoch ≤ `epoch`. */
function meanAt(runs: Runs, key: keyof Checkpoint, epoch: number): number {
  const epochs = runs[0].checkpoints.map((c) => c.epoch);
  let i = 0;
  while (i + 1 < epochs.length && epochs[i + 1] <= epoch) i++;
  return meanCurve(runs, key)[i];
}

const fmt = (x: number) => x.toFixed(3);

/** Growth of mean σ‖S‖ over successive decades of epochs, for the decades the run covers fully. */
function growthPerDecade(runs: Runs): number[] {
  const last = runs[0].checkpoints[runs[0].checkpoints.length - 1].epoch;
  const out: number[] = [];
  for (let e = 100; e * 10 <= last; e *= 10)
    out.push(meanAt(runs, "sigma_norm_s", e * 10) - meanAt(runs, "sigma_norm_s", e));
  return out;
}

/** Checks for λ = 0.48 (grokking), 0.05 (fast generalization) and 0.52 (memorization); missing λ are skipped. */
export function fig1Checks(byLambda: Map<number, Runs>): Check[] {
  const checks: Check[] = [];
  const edge = byLambda.get(0.48);
  if (edge) {
    const last = edge[0].checkpoints[edge[0].checkpoints.length - 1].epoch;
    const a0 = meanAt(edge, "pop_acc", 0);
    const a1k = meanAt(edge, "pop_acc", 1000);
    const aEnd = meanAt(edge, "pop_acc", last);
    const firstPerfect = Math.max(
      ...edge.map((r) => {
        const k = r.checkpoints.findLastIndex((c) => c.train_acc < 1);
        return k + 1 < r.checkpoints.length ? r.checkpoints[k + 1].epoch : Number.POSITIVE_INFINITY;
      }),
    );
    const growth = growthPerDecade(edge);
    checks.push(
      { claim: "λ=0.48: population accuracy starts near 0.5", pass: Math.abs(a0 - 0.5) < 0.1, detail: fmt(a0) },
      { claim: "λ=0.48: population accuracy < 0.75 at epoch 1000", pass: a1k < 0.75, detail: fmt(a1k) },
      {
        claim: `λ=0.48: population accuracy > 0.85 at epoch ${last}`,
        pass: aEnd > 0.85,
        detail: fmt(aEnd),
      },
      {
        claim: "λ=0.48: training accuracy is 1 from a few thousand epochs on (every seed)",
        pass: firstPerfect <= 5000,
        detail: `from epoch ${firstPerfect}`,
      },
      {
        claim: "λ=0.48: growth of σ‖S‖ per decade shrinks",
        pass: growth.length >= 2 && growth.every((g, i) => i === 0 || g < growth[i - 1]),
        detail: growth.map(fmt).join(" > "),
      },
    );
  }
  const easy = byLambda.get(0.05);
  if (easy) {
    const a = meanAt(easy, "pop_acc", 999);
    checks.push({ claim: "λ=0.05: population accuracy > 0.95 before epoch 1000", pass: a > 0.95, detail: fmt(a) });
  }
  const sep = byLambda.get(0.52);
  if (sep) {
    const curve = meanCurve(sep, "pop_acc");
    const maxAcc = Math.max(...curve);
    const trainEnd = meanCurve(sep, "train_acc").at(-1) ?? 0;
    checks.push(
      { claim: "λ=0.52: population accuracy stays < 0.8", pass: maxAcc < 0.8, detail: `max ${fmt(maxAcc)}` },
      { claim: "λ=0.52: training accuracy ends at 1", pass: trainEnd === 1, detail: fmt(trainEnd) },
    );
  }
  return checks;
}
