/**
 * Full-batch gradient descent on the constant-label model (SPEC §1), float64, fixed η, with metrics at log-spaced
 * checkpoints (SPEC §2) and grokking-time crossings tracked at every step (SPEC §5).
 */

import type { DataMatrix, Dataset } from "../core/data.js";
import { exp, log } from "../core/detMath.js";
import type { LossName } from "../core/losses.js";
import type { LossGradient } from "../core/lossKernel.js";
import { checkpointEpochs } from "./checkpoints.js";
import { type Crossing, CrossingTracker } from "./grokking.js";
import { type Checkpoint, checkpointMetrics } from "./metrics.js";
import { gradientPass, gradientPasses } from "./passes.js";
import { isotropicPopulation, type PopulationModel } from "./population.js";

export type { Checkpoint } from "./metrics.js";

export interface GDOptions {
  lr: number;
  epochs: number;
  loss: LossName;
  /** std of the isotropic inputs; ignored when `population` is given */
  sigma: number;
  /** the data model's population metrics (default: isotropic with std sigma) */
  population?: PopulationModel;
  perDecade: number;
  accThreshold: number;
  lossThreshold: number;
  /** called with the number of epochs done, every `progressEvery` epochs */
  onProgress?: (epochsDone: number) => void;
  progressEvery?: number;
}

export interface GDResult {
  checkpoints: Checkpoint[];
  accuracyCrossing: Crossing;
  lossCrossing: Crossing;
  S: Float64Array;
  b: number;
  /** epochs actually run (< epochs only when the iterate left the float64 range) */
  epochsRun: number;
  diverged: boolean;
  gradientEvaluations: number;
}

/**
 * An optimizer step at epoch k (0-based): update S in place and return the new b, given the gradient
 * exp(g.gradLogScale)·(grad, g.gradB) at the current (S, b).
 */
export type StepRule = (S: Float64Array, b: number, grad: Float64Array, g: LossGradient, epoch: number) => number;

/** Plain gradient descent with learning rate η. */
export function gdStep(lr: number): StepRule {
  return (S, b, grad, g) => {
    const step = lr * exp(g.gradLogScale);
    for (let j = 0; j < S.length; j++) S[j] -= step * grad[j];
    return b - step * g.gradB;
  };
}

/** A training loss this many times its first value ends a run as diverged. */
export const DIVERGENCE_FACTOR = 1e4;
const LOG_DIVERGENCE_FACTOR = Math.LN10 * 4;

/**
 * One run of full-batch descent: its iterate (S, b), gradient buffer, checkpoints and grokking crossings. A driver
 * computes the gradient pass at (S, b) into `grad`, hands it to `record`, and, while that returns true, to `advance`:
 * `descend` in one go, `descendTogether` for several runs, the explorer's Trainer in slices.
 */
export class Descent {
  readonly S: Float64Array;
  b: number;
  readonly grad: Float64Array;
  private readonly pop: PopulationModel;
  private readonly marks: number[];
  readonly checkpoints: Checkpoint[] = [];
  private readonly acc = new CrossingTracker();
  private readonly lossX = new CrossingTracker();
  private readonly logEps: number;
  private readonly every: number;
  private next = 0; // index into marks
  /** epochs done: the epoch of the current iterate */
  epoch = 0;
  diverged = false;
  /** set by the `record` that returned false: the run is over */
  ended = false;
  /** natural log of the first epoch's training loss: a loss DIVERGENCE_FACTOR above it is a divergence */
  private logLoss0 = Number.NaN;

  constructor(
    d: number,
    private readonly test: Dataset | null,
    S0: Float64Array,
    b0: number,
    readonly o: GDOptions,
    private readonly rule: StepRule,
  ) {
    this.S = Float64Array.from(S0);
    this.b = b0;
    this.grad = new Float64Array(d);
    this.pop = o.population ?? isotropicPopulation(o.loss, o.sigma);
    this.marks = checkpointEpochs(o.epochs, o.perDecade);
    this.logEps = log(o.lossThreshold);
    this.every = o.progressEvery ?? 1000;
  }

  /** Crossings and checkpoint metrics of the pass g at the current iterate; false when the run ends here. */
  record(g: LossGradient): boolean {
    const { S, b, o, pop, epoch } = this;
    const scale = pop.scale(S);
    if (epoch === 0) this.logLoss0 = g.logLoss;
    // diverged: the iterate left the float range, or the training loss grew DIVERGENCE_FACTOR-fold over its start
    // (a step too large for the curvature; descent from any start never gets there)
    this.diverged =
      !Number.isFinite(b) ||
      !Number.isFinite(scale) ||
      !Number.isFinite(g.logLoss) ||
      g.logLoss > this.logLoss0 + LOG_DIVERGENCE_FACTOR;
    const mark = epoch === this.marks[this.next] || epoch === o.epochs || this.diverged;
    // a diverged iterate crosses nothing: its loss and accuracy are those of a point off the float range
    if ((pop.perStep || mark) && !this.diverged) {
      if (!this.acc.done)
        this.acc.observe(epoch, g.accuracy >= o.accThreshold, pop.accuracy(S, b, scale) >= o.accThreshold);
      if (!this.lossX.done)
        this.lossX.observe(epoch, g.logLoss <= this.logEps, pop.lossBelow(S, b, scale, this.logEps));
    }
    if (mark) {
      this.checkpoints.push(checkpointMetrics(epoch, o.lr * epoch, S, b, g, this.test, o.loss, pop));
      this.next++;
    }
    this.ended = epoch === o.epochs || this.diverged;
    return !this.ended;
  }

  /** The optimizer step from the recorded pass g. */
  advance(g: LossGradient): void {
    this.b = this.rule(this.S, this.b, this.grad, g, this.epoch);
    this.epoch++;
    if (this.o.onProgress && this.epoch % this.every === 0) this.o.onProgress(this.epoch);
  }

  /** The next checkpoint epoch (or the last one). */
  get nextMark(): number {
    return this.marks[Math.min(this.next, this.marks.length - 1)];
  }

  /** The grokking crossings so far. */
  crossings(): { accuracyCrossing: Crossing; lossCrossing: Crossing } {
    return { accuracyCrossing: this.acc.result(), lossCrossing: this.lossX.result() };
  }

  result(): GDResult {
    const { checkpoints, S, b, epoch, diverged } = this;
    return { checkpoints, ...this.crossings(), S, b, epochsRun: epoch, diverged, gradientEvaluations: epoch + 1 };
  }
}

/**
 * Full-batch descent from (S0, b0) on `train` with any step rule; `test` (optional) gives the empirical held-out
 * metrics at checkpoints. Grokking crossings are tracked every step (at checkpoints only for population models too
 * costly per step).
 */
export function descend(
  train: Dataset<DataMatrix>,
  test: Dataset | null,
  S0: Float64Array,
  b0: number,
  o: GDOptions,
  rule: StepRule,
): GDResult {
  const run = new Descent(train.d, test, S0, b0, o, rule);
  for (;;) {
    const g = gradientPass(train, run.S, run.b, o.loss, run.grad);
    if (!run.record(g)) break;
    run.advance(g);
  }
  return run.result();
}

/** One run of descendTogether: its start, options (all runs share the loss) and step rule. */
export interface DescentSpec {
  S0: Float64Array;
  b0: number;
  o: GDOptions;
  rule: StepRule;
}

/**
 * Several descents on one training set advanced in lockstep, each step's gradient passes computed together
 * (passes.ts gradientPasses: X read once for all runs). Each run's result equals its own `descend`, bit for bit; a run
 * that ends (its last epoch, or diverged) leaves the batch. All runs must share the loss.
 */
export function descendTogether(train: Dataset<DataMatrix>, test: Dataset | null, specs: DescentSpec[]): GDResult[] {
  const loss = specs[0]?.o.loss;
  if (specs.some((r) => r.o.loss !== loss)) throw new Error("descendTogether: every run must use the same loss");
  const runs = specs.map((r) => new Descent(train.d, test, r.S0, r.b0, r.o, r.rule));
  let active = runs;
  // the active runs' vectors, rebuilt only when a run leaves; their biases rewritten each step
  let S = active.map((r) => r.S);
  let grad = active.map((r) => r.grad);
  const b = active.map((r) => r.b);
  while (active.length > 0) {
    for (let i = 0; i < active.length; i++) b[i] = active[i].b;
    const gs = gradientPasses(train, S, b, loss as LossName, grad);
    for (let i = 0; i < active.length; i++) if (active[i].record(gs[i])) active[i].advance(gs[i]);
    if (active.some((r) => r.ended)) {
      active = active.filter((r) => !r.ended);
      S = active.map((r) => r.S);
      grad = active.map((r) => r.grad);
      b.length = active.length;
    }
  }
  return runs.map((r) => r.result());
}

/** Run GD from (S0, b0) on `train` (SPEC §1: full batch, fixed η, float64). */
export function gradientDescent(
  train: Dataset<DataMatrix>,
  test: Dataset | null,
  S0: Float64Array,
  b0: number,
  o: GDOptions,
): GDResult {
  return descend(train, test, S0, b0, o, gdStep(o.lr));
}
