/** Pieces of Fig. 1 left (SPEC §6) shared by the figure recipe and its checks: the λ values, seed means, the prediction. */

import type { RunConfig } from "../config/run.js";
import { longTimePrediction } from "../theory/predictions.js";
import type { Checkpoint } from "../train/gd.js";
import { mean } from "./stats.js";

export const FIG1_LAMBDAS = [0.05, 0.48, 0.52] as const;

/** Mean over runs of one checkpoint column; the runs share their checkpoint epochs. */
export function meanCurve(runs: readonly { checkpoints: Checkpoint[] }[], key: keyof Checkpoint): number[] {
  const len = Math.min(...runs.map((r) => r.checkpoints.length));
  return Array.from({ length: len }, (_, i) => mean(runs.map((r) => r.checkpoints[i][key] as number)));
}

/**
 * The dashed long-time prediction of Fig. 1 for one λ (our construction, SPEC §6 leaves it open): for each seed, hold
 * σ‖S‖ at its final value and continue b(t) = b(t_end) − log(t/t_end) (the inseparable law b ~ −log t with S at S_∞,
 * SPEC §3.4) for `decades` decades past the end, evaluate the exact population metrics, and average over seeds.
 */
export function fig1LongTimePrediction(
  runs: readonly { checkpoints: Checkpoint[] }[],
  config: Pick<RunConfig, "loss" | "lr" | "perDecade">,
  decades = 3,
) {
  const steps = decades * config.perDecade;
  const perSeed = runs.map((r) => {
    const end = r.checkpoints[r.checkpoints.length - 1];
    const times = Array.from({ length: steps + 1 }, (_, k) => end.t * 10 ** (k / config.perDecade));
    return longTimePrediction(config.loss, end.sigma_norm_s, end.b, end.t, times).map((p) => ({
      ...p,
      sns: end.sigma_norm_s,
    }));
  });
  return perSeed[0].map((p, k) => ({
    epoch: p.t / config.lr,
    pop_acc: mean(perSeed.map((s) => s[k].pop_acc)),
    log10_pop_loss: mean(perSeed.map((s) => s[k].log10_pop_loss)),
    sigma_norm_s: mean(perSeed.map((s) => s[k].sns)),
    b: mean(perSeed.map((s) => s[k].b)),
  }));
}
