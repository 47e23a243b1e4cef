/**
 * A resumable training run for the explorer: the loop of src/train/gd.ts `descend`, step for step (same kernel pass,
 * same population model, same checkpoints, same grokking crossings), cut into slices so that a Web Worker can stop
 * between them (pause, step) and stream checkpoints to the page. GD and Adam only; gradient flow runs in one piece
 * through the library's runTraining (see runWhole). Browser-safe: no DOM, no Node.
 */

import type { RunConfig } from "../config/run.js";
import type { DataMatrix, Dataset } from "../core/data.js";
import { log } from "../core/detMath.js";
import type { LossGradient } from "../core/lossKernel.js";
import { adamStep } from "../train/adam.js";
import { checkpointEpochs } from "../train/checkpoints.js";
import { type Checkpoint, gdStep, type StepRule } from "../train/gd.js";
import { type Crossing, CrossingTracker } from "../train/grokking.js";
import { checkpointMetrics } from "../train/metrics.js";
import { gradientPass } from "../train/passes.js";
import type { PopulationModel } from "../train/population.js";
import { initialS, populationModel, runTraining, testData, trainingSet } from "../train/run.js";

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

/** Projections S·x_i/‖S‖ of the rows of `data`. */
export function projections(data: Dataset<DataMatrix>, S: Float64Array): Float64Array {
  const { X, n, d } = data;
  let s2 = 0;
  for (let j = 0; j < d; j++) s2 += S[j] * S[j];
  const out = new Float64Array(s2 > 0 ? n : 0);
  if (s2 === 0) return out;
  const inv = 1 / Math.sqrt(s2);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0, off = i * d; j < d; j++) z += X[off + j] * S[j];
    out[i] = z * inv;
  }
  return out;
}

/** GD or Adam on one configuration, advanced by `advance` in slices; identical numbers to runTraining. */
export class Trainer {
  readonly train: Dataset<DataMatrix>;
  private readonly test: Dataset | null;
  private readonly S: Float64Array;
  private b: number;
  private readonly grad: Float64Array;
  private readonly pop: PopulationModel;
  private readonly marks: number[];
  private readonly rule: StepRule;
  private readonly acc = new CrossingTracker();
  private readonly lossX = new CrossingTracker();
  private readonly logEps: number;
  private next = 0;
  /** the kernel pass at the current iterate, already evaluated (the slice stopped before stepping) */
  private pending: LossGradient | null = null;
  epoch = 0;
  done = false;
  diverged = false;

  constructor(readonly config: RunConfig) {
    if (config.optimizer !== "gd" && config.optimizer !== "adam") {
      throw new Error(`Trainer steps GD and Adam only (got ${config.optimizer})`);
    }
    this.train = trainingSet(config);
    this.test = testData(config);
    this.S = Float64Array.from(initialS(config));
    this.b = config.b0;
    this.grad = new Float64Array(config.d);
    this.pop = populationModel(config);
    this.marks = checkpointEpochs(config.epochs, config.perDecade);
    this.rule = config.optimizer === "adam" ? adamStep(config.d, config) : gdStep(config.lr);
    this.logEps = log(config.lossThreshold);
  }

  /** The next checkpoint epoch (or the last epoch), for "step". */
  get nextMark(): number {
    return this.marks[Math.min(this.next, this.marks.length - 1)];
  }

  /**
   * Run until `untilEpoch` (inclusive of its evaluation), the end, or divergence, at most `maxEpochs` steps;
   * returns the checkpoints passed on the way.
   */
  advance(maxEpochs: number, untilEpoch = this.config.epochs): SliceResult {
    const snapshots: Snapshot[] = [];
    const stopAt = Math.min(untilEpoch, this.epoch + maxEpochs, this.config.epochs);
    while (!this.done) {
      if (this.pending === null) {
        this.pending = gradientPass(this.train, this.S, this.b, this.config.loss, this.grad);
        this.evaluate(this.pending, snapshots);
        if (this.done) break;
      }
      if (this.epoch >= stopAt) break;
      this.b = this.rule(this.S, this.b, this.grad, this.pending, this.epoch);
      this.pending = null;
      this.epoch++;
    }
    return {
      snapshots,
      epoch: this.epoch,
      done: this.done,
      diverged: this.diverged,
      accuracy: this.acc.result(),
      loss: this.lossX.result(),
    };
  }

  /** descend's bookkeeping at the current iterate: divergence, crossings, checkpoint. */
  private evaluate(g: LossGradient, out: Snapshot[]): void {
    const { S, b, pop, epoch, config: c } = this;
    const scale = pop.scale(S);
    this.diverged = !Number.isFinite(b) || !Number.isFinite(scale) || !Number.isFinite(g.logLoss);
    const mark = epoch === this.marks[this.next] || epoch === c.epochs || this.diverged;
    if (pop.perStep || mark) {
      if (!this.acc.done)
        this.acc.observe(epoch, g.accuracy >= c.accThreshold, pop.accuracy(S, b, scale) >= c.accThreshold);
      if (!this.lossX.done)
        this.lossX.observe(epoch, g.logLoss <= this.logEps, pop.lossBelow(S, b, scale, this.logEps));
    }
    if (mark) {
      const row = checkpointMetrics(epoch, c.lr * epoch, S, b, g, this.test, c.loss, pop);
      out.push({ row, projections: projections(this.train, S) });
      this.next++;
    }
    if (epoch === c.epochs || this.diverged) this.done = true;
  }
}

/** Gradient flow (or any optimizer) in one piece through the library: all checkpoints, final projections only. */
export function runWhole(config: RunConfig): SliceResult {
  const r = runTraining(config);
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
