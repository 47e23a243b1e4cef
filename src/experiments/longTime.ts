/**
 * The long-time prediction of a trained run on its own draw (SPEC §6, Fig. 1's dashed curves): S_∞ by Newton–CG
 * warm-started from the run's end state (theory/sinfNewtonCG.ts; X read in its own storage, never widened), then b(t)
 * with S frozen there (theory/predictions.ts) at the run's checkpoint times. Separable draws have no S_∞: null.
 */

import type { RunConfig } from "../config/run.js";
import type { DataMatrix, Dataset } from "../core/data.js";
import { norm } from "../core/vector.js";
import { drawLongTimePrediction } from "../theory/predictions.js";
import { sInfinityNewtonCG } from "../theory/sinfNewtonCG.js";
import { populationModel, type RunPrediction, type RunWithState } from "../train/run.js";

/** What the dashed curve solves, said on the figure and in the run's summary. */
export const PREDICTION_FORM: Record<RunConfig["loss"], string> = {
  logistic:
    "S frozen at the draw's S_∞ from t = 0; b(t) from db/dt = −(1/N) Σ sigmoid(S_∞·x_i + b), b(0) = b_0 (integrated numerically)",
  exp: "S frozen at the draw's S_∞ from t = 0; e^{−b(t)} = e^{−b_0} + C t, C = (1/N) Σ e^{S_∞·x_i}",
};

/** The prediction for a run of the Gaussian model trained on `train` (its own draw), or null for a separable draw. */
export function predictRun(config: RunConfig, train: Dataset<DataMatrix>, state: RunWithState): RunPrediction | null {
  const start = performance.now();
  const sinf = sInfinityNewtonCG(train, state.S);
  if (!sinf.converged) return null;
  const sigmaNorm = populationModel(config).scale(sinf.S);
  const times = state.run.checkpoints.map((c) => c.t);
  const points = drawLongTimePrediction(config, train, sinf.S, sigmaNorm, times);
  return {
    form: PREDICTION_FORM[config.loss],
    s_inf: {
      norm: norm(sinf.S),
      sigma_norm: sigmaNorm,
      converged: sinf.converged,
      grad_norm: sinf.gradNorm,
      newton_steps: sinf.newtonSteps,
      cg_iterations: sinf.cgIterations,
      passes: sinf.passes,
      seconds: (performance.now() - start) / 1000,
    },
    points: points.map((p, k) => ({ epoch: state.run.checkpoints[k].epoch, sigma_norm_s: sigmaNorm, ...p })),
  };
}
