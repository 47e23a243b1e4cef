/** One complete training run from a validated RunConfig: draw the data, train, summarise. Deterministic in the seed. */

import type { RunConfig } from "../config/run.js";
import { type Dataset, gaussianDataset, randomDirection } from "../core/data.js";
import { normalStream, Stream } from "../core/rng.js";
import { type Checkpoint, gradientDescent } from "./gd.js";
import { accuracyDefinition, type GrokkingTimes, lossDefinition } from "./grokking.js";

export interface RunSummary {
  status: "ok" | "diverged";
  epochs_run: number;
  gradient_evaluations: number;
  final: Checkpoint;
  grokking: GrokkingTimes;
  /** the draw's theory (separability, margin or S_∞, predicted end state), when asked for */
  theory?: object;
}

export interface RunResult {
  config: RunConfig;
  checkpoints: Checkpoint[];
  summary: RunSummary;
}

/** The training draw of a run: stream (seed, runIndex, train). Theory commands use the same draw. */
export function trainingData(c: Pick<RunConfig, "seed" | "runIndex" | "n" | "d" | "sigma">): Dataset {
  return gaussianDataset(normalStream(c.seed, c.runIndex, Stream.train), c.n, c.d, c.sigma);
}

/** The held-out test set of a run (null when testSize is 0): stream (seed, runIndex, test). */
export function testData(c: Pick<RunConfig, "seed" | "runIndex" | "testSize" | "d" | "sigma">): Dataset | null {
  if (c.testSize === 0) return null;
  return gaussianDataset(normalStream(c.seed, c.runIndex, Stream.test), c.testSize, c.d, c.sigma);
}

/** Train one configuration. `onProgress` receives epochs done. */
export function runTraining(config: RunConfig, onProgress?: (epochsDone: number) => void): RunResult {
  const S0 = randomDirection(normalStream(config.seed, config.runIndex, Stream.init), config.d, config.s0);
  const r = gradientDescent(trainingData(config), testData(config), S0, config.b0, {
    lr: config.lr,
    epochs: config.epochs,
    loss: config.loss,
    sigma: config.sigma,
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
  return { config, checkpoints: r.checkpoints, summary };
}
