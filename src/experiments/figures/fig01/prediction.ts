/** Pieces of Fig. 1 left (SPEC §6) shared by its recipe and its checks: seed means and the long-time prediction. */

import type { Checkpoint } from "../../../train/gd.js";
import type { RunResult } from "../../../train/run.js";
import { mean } from "../../stats.js";

/** Mean over runs of one checkpoint column; the runs share their checkpoint epochs. */
export function meanCurve(runs: readonly { checkpoints: Checkpoint[] }[], key: keyof Checkpoint): number[] {
  const len = Math.min(...runs.map((r) => r.checkpoints.length));
  return Array.from({ length: len }, (_, i) => mean(runs.map((r) => r.checkpoints[i][key] as number)));
}

/**
 * The dashed long-time prediction of Fig. 1 for one λ (SPEC §6): each inseparable run's own prediction
 * (summary.prediction: S frozen at its draw's S_∞ from t = 0, b(t) from the bias equation; experiments/longTime.ts),
 * averaged over those runs at their shared checkpoints. Null when no run has one (all separable, or not computed).
 */
export function fig1LongTimePrediction(runs: readonly Pick<RunResult, "summary">[]) {
  const each = runs.flatMap((r) => (r.summary.prediction ? [r.summary.prediction.points] : []));
  if (each.length === 0) return null;
  const len = Math.min(...each.map((p) => p.length));
  const avg = (k: number, key: "pop_acc" | "log10_pop_loss" | "sigma_norm_s" | "b") => mean(each.map((p) => p[k][key]));
  return {
    draws: each.length,
    points: Array.from({ length: len }, (_, k) => ({
      epoch: each[0][k].epoch,
      pop_acc: avg(k, "pop_acc"),
      log10_pop_loss: avg(k, "log10_pop_loss"),
      sigma_norm_s: avg(k, "sigma_norm_s"),
      b: avg(k, "b"),
    })),
  };
}
