/**
 * Fig. 1 left of the paper (SPEC §6) at laptop size: GD on the logistic loss at λ ∈ {0.05, 0.48, 0.52}, several seeds
 * per λ; loss, accuracy, σ‖S‖ and b against epochs. The paper uses N = 40000; the default here is N = 400 with the
 * paper's σ = 5, η = 0.01, ‖S_0‖ = 0.1, b_0 = 0, 1e4 test points and 3e5 epochs.
 */

import { defaultRunConfig, dimensionFromLambda, type RunConfig } from "../config/run.js";
import { longTimePrediction } from "../theory/predictions.js";
import type { Checkpoint } from "../train/gd.js";
import { mean, median, standardError } from "./stats.js";

export const FIG1_LAMBDAS = [0.05, 0.48, 0.52] as const;

export interface Fig1Options {
  /** shared settings of every run (d is replaced per λ, runIndex per replicate) */
  base: RunConfig;
  lambdas: readonly number[];
  /** replicates per λ; replicate r uses runIndex r, so `grokedge train --run-index r` reruns it */
  seeds: number;
}

export const defaultFig1Options: Fig1Options = {
  base: { ...defaultRunConfig },
  lambdas: FIG1_LAMBDAS,
  seeds: 24,
};

export interface Fig1Run {
  lambda: number;
  replicate: number;
  config: RunConfig;
}

/** One configuration per (λ, replicate), λ-major. */
export function fig1Runs(o: Fig1Options): Fig1Run[] {
  return o.lambdas.flatMap((lambda) =>
    Array.from({ length: o.seeds }, (_, r) => ({
      lambda,
      replicate: r,
      config: { ...o.base, d: dimensionFromLambda(lambda, o.base.n), runIndex: r },
    })),
  );
}

/** Mean over runs of one checkpoint column; the runs share their checkpoint epochs. */
export function meanCurve(runs: readonly { checkpoints: Checkpoint[] }[], key: keyof Checkpoint): number[] {
  const len = Math.min(...runs.map((r) => r.checkpoints.length));
  return Array.from({ length: len }, (_, i) => mean(runs.map((r) => r.checkpoints[i][key] as number)));
}

export interface Fig1Row {
  lambda: number;
  d: number;
  seeds: number;
  trainAcc: [number, number];
  popAcc: [number, number];
  sigmaNormS: [number, number];
  b: [number, number];
  /** median grokking time (epochs) over the seeds where both metrics crossed, and how many did */
  grokMedian: number | null;
  grokCrossed: number;
}

const meanSe = (xs: number[]): [number, number] => [mean(xs), standardError(xs)];

/** Per-λ summary: mean ± standard error over seeds of the final state, and the accuracy grokking time. */
export function fig1Table(
  runs: readonly (Fig1Run & { summary: { final: Checkpoint; grokking: GrokLike } })[],
): Fig1Row[] {
  const lambdas = [...new Set(runs.map((r) => r.lambda))];
  return lambdas.map((lambda) => {
    const rs = runs.filter((r) => r.lambda === lambda);
    const delays = rs.map((r) => r.summary.grokking.accuracy.delayEpochs).filter((x): x is number => x !== null);
    return {
      lambda,
      d: rs[0].config.d,
      seeds: rs.length,
      trainAcc: meanSe(rs.map((r) => r.summary.final.train_acc)),
      popAcc: meanSe(rs.map((r) => r.summary.final.pop_acc)),
      sigmaNormS: meanSe(rs.map((r) => r.summary.final.sigma_norm_s)),
      b: meanSe(rs.map((r) => r.summary.final.b)),
      grokMedian: delays.length ? median(delays) : null,
      grokCrossed: delays.length,
    };
  });
}

interface GrokLike {
  accuracy: { delayEpochs: number | null };
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
