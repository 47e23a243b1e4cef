/**
 * A resumable training run for the explorer: src/train/gd.ts's Descent (the state `descend` drives: the same kernel
 * pass, population model, checkpoints and grokking crossings), advanced in slices so that a Web Worker can stop
 * between them (pause, step) and stream checkpoints to the page. GD and Adam only; gradient flow runs in one piece
 * through the library's runTraining (see runWhole). Browser-safe: no DOM, no Node.
 */

import type { OwnDataset } from "../config/ownData.js";
import type { RunConfig } from "../config/run.js";
import { type DataMatrix, type Dataset, matrixParts } from "../core/data.js";
import type { LossGradient } from "../core/lossKernel.js";
import { type Checkpoint, Descent } from "../train/gd.js";
import type { Crossing } from "../train/grokking.js";
import { gradientPass, isConstantLabelForm } from "../train/passes.js";
import {
  descentOptions,
  initialS,
  inRunStorage,
  runTraining,
  stepRule,
  testData,
  trainingSet,
  trainOn,
} from "../train/run.js";

/** A checkpoint with what the page needs to inspect the state there: the training projections S·x_i/‖S‖. */
export interface Snapshot {
  row: Checkpoint;
  /** S·x_i/‖S‖ for every training point (empty when ‖S‖ = 0) */
  projections: Float64Array;
}

/** What a slice of training produced. */
export interface SliceResult {
  snapshots: Snapshot[];
  /** epochs completed so far (the epoch of the current iterate) */
  epoch: number;
  done: boolean;
  diverged: boolean;
  accuracy: Crossing;
  loss: Crossing;
}

/**
 * Projections S·x_i/‖S‖ of the points of `data` (n). A labelled set held in constant-label form has rows
 * −y_i (x_i, 1) (train/passes.ts): its last column −y_i = ±1 turns a row back into x_i.
 */
export function projections(data: Dataset<DataMatrix>, S: Float64Array): Float64Array {
  const { X, n, d } = data;
  const w = isConstantLabelForm(data) ? d + 1 : d;
  let s2 = 0;
  for (let j = 0; j < d; j++) s2 += S[j] * S[j];
  const out = new Float64Array(s2 > 0 ? n : 0);
  if (s2 === 0) return out;
  const inv = 1 / Math.sqrt(s2);
  for (const { part, row0 } of matrixParts(X)) {
    // a split X (over several WASM memories) part by part; a plain one is one part
    for (let i = row0; i < Math.min(n, row0 + part.length / w); i++) {
      const off = (i - row0) * w;
      let z = 0;
      for (let j = 0; j < d; j++) z += part[off + j] * S[j];
      out[i] = (w > d ? part[off + d] : 1) * z * inv;
    }
  }
  return out;
}

/** GD or Adam on one configuration, advanced by `advance` in slices; identical numbers to runTraining. */
export class Trainer {
  readonly train: Dataset<DataMatrix>;
  /** the run's state and bookkeeping: train/gd.ts Descent, the same object `descend` drives */
  private readonly run: Descent;
  /** the kernel pass at the current iterate, already recorded (the slice stopped before stepping) */
  private pending: LossGradient | null = null;

  /** `own`: the user's points (config resized to them, no test set) instead of the configuration's draw */
  constructor(
    readonly config: RunConfig,
    own?: OwnDataset,
  ) {
    if (config.optimizer !== "gd" && config.optimizer !== "adam") {
      throw new Error(`Trainer steps GD and Adam only (got ${config.optimizer})`);
    }
    this.train = own ? inRunStorage(config, own) : trainingSet(config);
    const o = descentOptions(config);
    const test = own ? null : testData(config);
    this.run = new Descent(config.d, test, initialS(config), config.b0, o, stepRule(config));
  }

  /** the last epoch or divergence has been recorded */
  get done(): boolean {
    return this.run.ended;
  }

  get epoch(): number {
    return this.run.epoch;
  }

  get diverged(): boolean {
    return this.run.diverged;
  }

  /** The next checkpoint epoch (or the last epoch), for "step". */
  get nextMark(): number {
    return this.run.nextMark;
  }

  /**
   * Run until `untilEpoch` (inclusive of its evaluation), the end, or divergence, at most `maxEpochs` steps;
   * returns the checkpoints passed on the way.
   */
  advance(maxEpochs: number, untilEpoch = this.config.epochs): SliceResult {
    const { run } = this;
    const snapshots: Snapshot[] = [];
    const stopAt = Math.min(untilEpoch, run.epoch + maxEpochs, this.config.epochs);
    while (!this.done) {
      if (this.pending === null) {
        const marked = run.checkpoints.length;
        this.pending = gradientPass(this.train, run.S, run.b, this.config.loss, run.grad);
        run.record(this.pending);
        if (run.checkpoints.length > marked) {
          snapshots.push({ row: run.checkpoints[marked], projections: projections(this.train, run.S) });
        }
        if (this.done) break;
      }
      if (run.epoch >= stopAt) break;
      run.advance(this.pending);
      this.pending = null;
    }
    const { accuracyCrossing, lossCrossing } = run.crossings();
    return {
      snapshots,
      epoch: run.epoch,
      done: this.done,
      diverged: run.diverged,
      accuracy: accuracyCrossing,
      loss: lossCrossing,
    };
  }
}

/**
 * Gradient flow (or any optimizer) in one piece through the library: all checkpoints, final projections only. `own`:
 * the user's points instead of the draw (no test set).
 */
export function runWhole(config: RunConfig, own?: OwnDataset): SliceResult {
  const r = own ? trainOn(config, inRunStorage(config, own), undefined, null).run : runTraining(config);
  const snapshots = r.checkpoints.map((row) => ({ row, projections: new Float64Array(0) }));
  const g = r.summary.grokking;
  return {
    snapshots,
    epoch: r.summary.epochs_run,
    done: true,
    diverged: r.summary.status !== "ok",
    accuracy: { trainEpoch: g.accuracy.trainEpoch, genEpoch: g.accuracy.genEpoch, delayEpochs: g.accuracy.delayEpochs },
    loss: { trainEpoch: g.loss.trainEpoch, genEpoch: g.loss.genEpoch, delayEpochs: g.loss.delayEpochs },
  };
}
