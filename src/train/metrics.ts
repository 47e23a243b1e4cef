/** The metrics recorded at a checkpoint (SPEC §2): training, exact population and empirical test metrics. */

import type { Dataset } from "../core/data.js";
import { exp, log10 } from "../core/detMath.js";
import type { LossName } from "../core/losses.js";
import { norm } from "../core/vector.js";
import { evaluationPass } from "./passes.js";
import type { PopulationModel } from "./population.js";

/** One row of a run's history; the column names are the public record format. */
export interface Checkpoint {
  epoch: number;
  t: number;
  /** log10 t, finite also where t itself overflows (gradient flow to t ≫ 1e308) */
  log10_t: number;
  train_loss: number;
  log10_train_loss: number;
  train_acc: number;
  pop_loss: number;
  log10_pop_loss: number;
  pop_acc: number;
  test_loss: number | null;
  test_acc: number | null;
  norm_s: number;
  sigma_norm_s: number;
  b: number;
  b_over_sigma_norm_s: number | null;
}

/** Checkpoint columns, in record order: the public CSV/JSONL format of the CLI, the store and the explorer. */
export const CHECKPOINT_COLUMNS = [
  "epoch",
  "t",
  "log10_t",
  "train_loss",
  "log10_train_loss",
  "train_acc",
  "pop_loss",
  "log10_pop_loss",
  "pop_acc",
  "test_loss",
  "test_acc",
  "norm_s",
  "sigma_norm_s",
  "b",
  "b_over_sigma_norm_s",
] as const satisfies readonly (keyof Checkpoint)[];

/**
 * A checkpoint row at (epoch, t) for parameters (S, b) with training metrics `train` from a kernel pass; `pop` is the
 * data model's population metrics.
 */
export function checkpointMetrics(
  epoch: number,
  t: number,
  S: Float64Array,
  b: number,
  train: { logLoss: number; accuracy: number },
  test: Dataset | null,
  loss: LossName,
  pop: PopulationModel,
  log10t: number = log10(t),
): Checkpoint {
  const normS = norm(S);
  const scale = pop.scale(S);
  // a diverged iterate (S or b out of the float range) has no meaningful training loss (the kernel would report the
  // loss of infinite logits as 0): NaN, printed as "—"
  const trainLogLoss = Number.isFinite(normS) && Number.isFinite(b) ? train.logLoss : Number.NaN;
  const logPop = pop.logLoss(S, b, scale);
  const held = test ? evaluationPass(test, S, b, loss) : null;
  return {
    epoch,
    t,
    log10_t: log10t,
    train_loss: exp(trainLogLoss),
    log10_train_loss: trainLogLoss / Math.LN10,
    train_acc: train.accuracy,
    pop_loss: exp(logPop),
    log10_pop_loss: logPop / Math.LN10,
    pop_acc: pop.accuracy(S, b, scale),
    test_loss: held ? exp(held.logLoss) : null,
    test_acc: held ? held.accuracy : null,
    norm_s: normS,
    sigma_norm_s: scale,
    b,
    b_over_sigma_norm_s: scale > 0 ? b / scale : null,
  };
}
