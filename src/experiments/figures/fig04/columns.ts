/**
 * Fig. 4's σ_A columns (SPEC §6): the two-Gaussian runs, one per σ_A × replicate on common noise draws, and their
 * checkpoints in the constant-label vocabulary of the training panels (SPEC §1 reduction).
 */

import { normalStream, Stream } from "../../../core/rng.js";
import type { Checkpoint } from "../../../train/gd.js";
import {
  FIG4_PARAMS,
  type TwoGaussianCheckpoint,
  type TwoGaussianParams,
  trainTwoGaussian,
  twoGaussianDataset,
  twoGaussianInit,
} from "../../../train/twoGaussian.js";

export interface Fig4Size {
  n: number;
  epochs: number;
  seeds: number;
}

/** One σ_A column: its runs' checkpoints, per replicate. */
export interface Fig4Column {
  sigmaA: number;
  label: string;
  runs: TwoGaussianCheckpoint[][];
}

/** A two-Gaussian checkpoint in the constant-label vocabulary of the panels: b = μw_1, σ‖S‖ = σ_B‖w_{2..}‖ (SPEC §1). */
export function asCheckpoint(c: TwoGaussianCheckpoint, p: TwoGaussianParams): Checkpoint {
  const b = p.mu * c.w1;
  const sigmaNormS = p.sigmaB * c.norm_rest;
  return {
    epoch: c.epoch,
    t: c.t,
    log10_t: Math.log10(c.t),
    train_loss: c.train_loss,
    log10_train_loss: c.log10_train_loss,
    train_acc: c.train_acc,
    pop_loss: c.pop_loss,
    log10_pop_loss: c.log10_pop_loss,
    pop_acc: c.pop_acc,
    test_loss: null,
    test_acc: null,
    norm_s: p.mu * c.norm_rest,
    sigma_norm_s: sigmaNormS,
    b,
    b_over_sigma_norm_s: sigmaNormS > 0 ? b / sigmaNormS : null,
  };
}

/**
 * Train every σ_A × replicate. Replicate r draws its data from stream (seed 0, r, train) and w_0 from (0, r, init), the
 * same for every σ_A (common random numbers: σ_A only scales the e_1 noise), so differences between columns are paired.
 */
export function trainFig4(size: Fig4Size, seeds: number, onEpochs?: (done: number) => void): Fig4Column[] {
  const { lambda, mu, sigmaB, lr, sigmaAs } = FIG4_PARAMS;
  const d = Math.round(lambda * size.n);
  let done = 0;
  return sigmaAs.map((sigmaA) => {
    const p = { mu, sigmaA, sigmaB };
    const runs = Array.from({ length: seeds }, (_, r) => {
      const train = twoGaussianDataset(normalStream(0, r, Stream.train), size.n, d, p);
      const w0 = twoGaussianInit(normalStream(0, r, Stream.init), d, mu);
      const res = trainTwoGaussian(train, w0, p, { lr, epochs: size.epochs, perDecade: 10 });
      done += size.epochs;
      onEpochs?.(done);
      return res.checkpoints;
    });
    return { sigmaA, label: `σ_A = ${sigmaA}`, runs };
  });
}
