/**
 * A GD run as `grokedge train` makes it (train/run.ts trainDiscrete, which runTraining also calls), timed, with the
 * final (S, b), which a RunResult does not carry. Fig. 2 needs the final S for its histograms of
 * S·x_i/‖S‖ and as the start of its gradient-flow continuation; keeping it avoids training every run twice.
 * test/experiments/figures/fig02/gdWithState.test.ts checks that the run equals runTraining's, checkpoint for checkpoint.
 */

import type { RunConfig } from "../../../config/run.js";
import { trainDiscrete } from "../../../train/run.js";
import type { TimedRun } from "../../pool.js";

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
  const { run, S, b } = trainDiscrete(config, onProgress);
  return { run: { ...run, wallSeconds: (performance.now() - start) / 1000 }, S, b };
}
