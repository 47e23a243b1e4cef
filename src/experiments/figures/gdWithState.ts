/**
 * A GD run exactly as `grokedge train` makes it (src/train/run.ts runTraining: same draw, same options, same record),
 * that also keeps the final (S, b), which a RunResult does not carry. Fig. 2 needs the final S for its histograms of
 * S·x_i/‖S‖ and as the start of its gradient-flow continuation; keeping it avoids training every run twice.
 * test/experiments/figures/fig02.test.ts checks that the run equals runTraining's, checkpoint for checkpoint.
 */

import type { RunConfig } from "../../config/run.js";
import { gradientDescent } from "../../train/gd.js";
import { accuracyDefinition, lossDefinition } from "../../train/grokking.js";
import { initialS, populationModel, type RunSummary, testData, trainingData } from "../../train/run.js";
import type { TimedRun } from "../pool.js";

export interface RunWithState {
  /** the run as runTraining records it, with its wall time */
  run: TimedRun;
  /** S and b after the last epoch */
  S: Float64Array;
  b: number;
}

/** Train a GD configuration in this thread as runTraining does, keeping the final (S, b). */
export function gdWithState(config: RunConfig, onProgress?: (epochsDone: number) => void): RunWithState {
  if (config.optimizer !== "gd") throw new RangeError(`gdWithState trains GD only (got ${config.optimizer})`);
  const start = performance.now();
  const r = gradientDescent(trainingData(config), testData(config), initialS(config), config.b0, {
    lr: config.lr,
    epochs: config.epochs,
    loss: config.loss,
    sigma: config.sigma,
    population: populationModel(config),
    perDecade: config.perDecade,
    accThreshold: config.accThreshold,
    lossThreshold: config.lossThreshold,
    onProgress,
  });
  const summary: RunSummary = {
    status: r.diverged ? "diverged" : "ok",
    epochs_run: r.epochsRun,
    gradient_evaluations: r.gradientEvaluations,
    final: r.checkpoints[r.checkpoints.length - 1],
    grokking: {
      accuracy: {
        ...r.accuracyCrossing,
        threshold: config.accThreshold,
        definition: accuracyDefinition(config.accThreshold),
      },
      loss: { ...r.lossCrossing, threshold: config.lossThreshold, definition: lossDefinition(config.lossThreshold) },
    },
  };
  const wallSeconds = (performance.now() - start) / 1000;
  return { run: { config, checkpoints: r.checkpoints, summary, wallSeconds }, S: r.S, b: r.b };
}
