/** One complete training run from a validated RunConfig: draw the data, train, summarise. Deterministic in the seed. */

import { flowTolerance, type RunConfig } from "../config/run.js";
import { type DataMatrix, type Dataset, fillNormalMatrix, gaussianDataset, randomDirection } from "../core/data.js";
import { log1p } from "../core/detMath.js";
import { discriminativeDataset, drawConstantLabelForm } from "../core/discriminative.js";
import { mixtureDataset, powerLawDataset } from "../core/distributions.js";
import { defaultKernel } from "../core/kernel/kernel.js";
import { drawsIntoKernel, passColumns } from "../core/kernel/layout.js";
import { type NormalSource, normalStream, Stream } from "../core/rng.js";
import { rademacherDataset, spikedDataset, studentDataset } from "../core/symmetricFamilies.js";
import { norm } from "../core/vector.js";
import { adamStep } from "./adam.js";
import { checkpointEpochs } from "./checkpoints.js";
import { conformalFlow } from "./conformal.js";
import { gradientFlow } from "./flow.js";
import { type Checkpoint, descend, type GDOptions, type GDResult, gdStep, type StepRule } from "./gd.js";
import { accuracyDefinition, type Crossing, type GrokkingTimes, lossDefinition } from "./grokking.js";
import { type GrokkingMeasures, grokkingMeasures } from "./grokkingMeasures.js";
import type { ConstantLabelSet } from "./passes.js";
import {
  discriminativePopulation,
  heldOutOnlyPopulation,
  isotropicPopulation,
  mixturePopulation,
  type PopulationModel,
  powerLawPopulation,
  spikedPopulation,
  studentPopulation,
} from "./population.js";

export interface RunSummary {
  status: "ok" | "diverged" | "solver gave up";
  epochs_run: number;
  gradient_evaluations: number;
  final: Checkpoint;
  grokking: GrokkingTimes;
  /** the threshold-free grokking measures of the history (train/grokkingMeasures.ts) */
  measures?: GrokkingMeasures;
  /** `train --data`: the files the run trained and was tested on (instead of a draw) */
  data?: {
    data: string;
    labels: string | null;
    test_data: string | null;
    test_labels: string | null;
    /** with labels: "on" (rows −y_i(x_i, 1), b trained) or "off" (rows −y_i x_i, b fixed at 0); null without */
    labelled_bias: "on" | "off" | null;
  };
  /** the draw's theory (separability, margin or S_∞, predicted end state), when asked for */
  theory?: object;
  /** the long-time prediction on the run's own draw (experiments/longTime.ts), when asked for; null: separable */
  prediction?: RunPrediction | null;
  /**
   * gradient flow only: the integrator and its tolerance, accepted and rejected steps, passes over X (gradient and
   * evaluation passes) of the run and of its error estimate, and the relative error of ‖S‖ and b at the end, estimated
   */
  flow?: {
    integrator: string;
    rtol: number;
    gd_equivalent: string;
    steps: number;
    rejected_steps: number;
    passes: number;
    error_estimate_passes: number;
    /** null: not estimated (errorEstimate "off") */
    error_estimate: number | null;
  };
}

/** A run's long-time prediction on its own draw, as stored with the run (summary.prediction; Fig. 1's dashed curves). */
export interface RunPrediction {
  /** which bias equation was solved */
  form: string;
  /** the draw's S_∞ by Newton–CG (theory/sinfNewtonCG.ts) from the run's end state */
  s_inf: {
    norm: number;
    sigma_norm: number;
    converged: boolean;
    grad_norm: number;
    newton_steps: number;
    cg_iterations: number;
    passes: number;
    seconds: number;
  };
  /** at the run's checkpoint times: epoch, t, b(t), A_gen, log10 L_gen, σ‖S_∞‖ */
  points: { epoch: number; t: number; b: number; pop_acc: number; log10_pop_loss: number; sigma_norm_s: number }[];
}

export interface RunResult {
  config: RunConfig;
  checkpoints: Checkpoint[];
  summary: RunSummary;
}

type DataConfig = Pick<RunConfig, "seed" | "runIndex" | "n" | "d" | "sigma"> &
  Partial<
    Pick<RunConfig, "distribution" | "alpha" | "nu" | "spike" | "mixMean" | "mixStd" | "labelFraction" | "precision">
  >;

/** n points of the run's data model from one stream (SPEC §1: the Gaussian model and its variants). */
function drawData(c: DataConfig, normal: NormalSource, n: number): Dataset {
  if (c.distribution === "powerlaw") return powerLawDataset(normal, n, c.d, { alpha: c.alpha ?? 1.5, sigma: c.sigma });
  if (c.distribution === "mixture") {
    return mixtureDataset(normal, n, c.d, { m: c.mixMean ?? 1, s: c.mixStd ?? 0.25, scale: c.sigma });
  }
  if (c.distribution === "student") return studentDataset(normal, n, c.d, { nu: c.nu ?? 3, sigma: c.sigma });
  if (c.distribution === "rademacher") return rademacherDataset(normal, n, c.d, c.sigma);
  if (c.distribution === "spiked") return spikedDataset(normal, n, c.d, { beta: c.spike ?? 3, sigma: c.sigma });
  if ((c.labelFraction ?? 1) < 1)
    return discriminativeDataset(normal, n, c.d, { sigma: c.sigma, r: c.labelFraction ?? 1 });
  return gaussianDataset(normal, n, c.d, c.sigma);
}

/**
 * The training draw of a run, as the run sees it, in float64: stream (seed, runIndex, train), each value rounded to
 * float32 when the run stores X in f32 (so that theory commands describe the draw the run trained on).
 */
export function trainingData(c: DataConfig): Dataset {
  const data = drawData(c, normalStream(c.seed, c.runIndex, Stream.train), c.n);
  if (c.precision === "f32") data.X = Float64Array.from(Float32Array.from(data.X));
  return data;
}

/**
 * The training draw in the run's storage: trainingData, held as a Float32Array when precision is f32. A large draw of
 * the Gaussian model (N·d ≥ 2^18, core/kernel/layout.ts drawsIntoKernel) is drawn straight into the kernel's memory
 * (core/kernel/kernel.ts Kernel.matrix), so that
 * X is held once, not twice; the values are the same (a float32 store rounds σ·z exactly as Float32Array.from does).
 * An X too large for one WASM memory (4 GiB: f64 at the paper's 40000 × 19200) is split over several (RowBlocks),
 * with the same passes bit for bit. `runs`: how many runs will share it in one pass (runTogether); `memoryBytes`: the
 * largest WASM memory to use (default 4 GiB; smaller only to test the split).
 */
export function trainingSet(c: DataConfig, runs = 1, memoryBytes?: number): Dataset<DataMatrix> {
  const normal = normalStream(c.seed, c.runIndex, Stream.train);
  const isotropic = (c.distribution ?? "gaussian") === "gaussian";
  const r = c.labelFraction ?? 1;
  const width = passColumns(c.d, r < 1); // a labelled set is held in constant-label form, with a bias column
  const inKernel =
    isotropic && drawsIntoKernel(c.n, width)
      ? defaultKernel().matrix(c.n, width, c.precision ?? "f64", runs, memoryBytes)
      : null;
  if (inKernel !== null && r < 1) {
    const X = drawConstantLabelForm(normal, inKernel, c.d, { sigma: c.sigma, r }); // discriminativeDataset's draw
    const flipped: ConstantLabelSet = { X, n: c.n, d: c.d, constantLabelForm: true };
    return flipped;
  }
  if (inKernel !== null) {
    return { X: fillNormalMatrix(normal, inKernel, c.sigma), n: c.n, d: c.d }; // gaussianDataset's draw, in place
  }
  const data = drawData(c, normal, c.n);
  return c.precision === "f32" ? { ...data, X: Float32Array.from(data.X) } : data;
}

/** The user's points in the run's storage: precision f32 holds each value rounded to float32, as trainingSet does. */
export function inRunStorage<D extends Dataset>(c: Pick<RunConfig, "precision">, data: D): Dataset<DataMatrix> {
  return c.precision === "f32" ? { ...data, X: Float32Array.from(data.X) } : data;
}

/** The held-out test set of a run (null when testSize is 0): stream (seed, runIndex, test). */
export function testData(c: DataConfig & Pick<RunConfig, "testSize">): Dataset | null {
  if (c.testSize === 0) return null;
  return drawData(c, normalStream(c.seed, c.runIndex, Stream.test), c.testSize);
}

/** The population metrics of the run's data model. */
export function populationModel(c: RunConfig): PopulationModel {
  if (c.distribution === "powerlaw") return powerLawPopulation(c.loss, { alpha: c.alpha, sigma: c.sigma });
  if (c.distribution === "mixture") return mixturePopulation(c.loss, { m: c.mixMean, s: c.mixStd, scale: c.sigma });
  if (c.distribution === "student") return studentPopulation(c.loss, { nu: c.nu, sigma: c.sigma });
  if (c.distribution === "rademacher") return heldOutOnlyPopulation(c.sigma);
  if (c.distribution === "spiked") return spikedPopulation(c.loss, { beta: c.spike, sigma: c.sigma });
  if (c.labelFraction < 1) return discriminativePopulation(c.loss, { sigma: c.sigma, r: c.labelFraction });
  return isotropicPopulation(c.loss, c.sigma);
}

/** The initial S_0 of a run: a random direction (stream (seed, runIndex, init)) scaled to ‖S_0‖. */
export function initialS(config: RunConfig): Float64Array {
  return randomDirection(normalStream(config.seed, config.runIndex, Stream.init), config.d, config.s0);
}

/**
 * Train one configuration with its optimizer. `onProgress` receives epochs done (a flow: its progress in log time,
 * log(1 + t)/log(1 + t_end) of the epochs, after each accepted step).
 */
export function runTraining(config: RunConfig, onProgress?: (epochsDone: number) => void): RunResult {
  return trainOn(config, trainingSet(config), onProgress).run;
}

/**
 * runTraining on a training set the caller made (trainingSet(config), or a user's data), keeping the final (S, b): the
 * caller can go on working on the same draw (the long-time prediction of experiments/longTime.ts) without drawing it
 * again. `test`: the held-out set (default: the run's own test draw; null: none).
 */
export function trainOn(
  config: RunConfig,
  train: Dataset<DataMatrix>,
  onProgress?: (epochsDone: number) => void,
  test: Dataset | null = testData(config),
): RunWithState {
  const discrete = config.optimizer === "gd" || config.optimizer === "adam";
  if (!discrete) return runFlow(config, train, test, onProgress);
  const r = descend(train, test, initialS(config), config.b0, descentOptions(config, onProgress), stepRule(config));
  return discreteResult(config, r);
}

/** Both crossing kinds with their thresholds and printed definitions. */
function grokking(config: RunConfig, accuracy: Crossing, loss: Crossing): GrokkingTimes {
  return {
    accuracy: { ...accuracy, threshold: config.accThreshold, definition: accuracyDefinition(config.accThreshold) },
    loss: { ...loss, threshold: config.lossThreshold, definition: lossDefinition(config.lossThreshold) },
  };
}

/** Exact GD steps before a GD-equivalent flow takes over: where the curvature is largest, the flow's O(η²) terms. */
export const GD_WARMUP_EPOCHS = 16;

/**
 * Gradient flow to t = tMax (or η × epochs); crossing times are reported in GD-equivalent epochs t/η. GD-equivalent
 * (config.gdEquivalent "on", the default for the conformal-free flow): the first GD_WARMUP_EPOCHS epochs are exact GD
 * steps (its checkpoints and crossings), then the flow follows GD's modified equation from there. The achieved error is
 * estimated by repeating the integration at a 100× looser tolerance, end state only (a third to a half of the cost),
 * and comparing the end states: the tolerance-controlled error of the looser run bounds that of this one.
 */
function runFlow(
  config: RunConfig,
  train: Dataset<DataMatrix>,
  test: Dataset | null,
  onProgress?: (epochs: number) => void,
): RunWithState {
  const tMax = config.tMax > 0 ? config.tMax : config.lr * config.epochs;
  // conformal time (exp loss, isotropic data): the bias-free flow of S in τ, with b and t recovered (SPEC §3.5)
  const conformal = config.optimizer === "conformal";
  const integrate = conformal ? conformalFlow : gradientFlow;
  const warm = flowWarmup(config, train, test, tMax);
  if (warm?.gd.diverged) return discreteResult(config, warm.gd); // GD left the float range or blew up: so would the flow
  const rtol = flowTolerance(config);
  const options = (tol: number, checkpoints: boolean) => ({
    loss: config.loss,
    sigma: config.sigma,
    population: conformal ? undefined : populationModel(config),
    tMax,
    t0: warm?.t0,
    checkpointTimes: gdCheckpointTimes(config, tMax, warm?.t0 ?? 0),
    tFirst: Math.min(config.lr, tMax),
    perDecade: config.perDecade,
    rtol: tol,
    atol: tol * 1e-2,
    integrator: config.integrator,
    modified: warm !== null,
    checkpoints,
    accThreshold: config.accThreshold,
    lossThreshold: config.lossThreshold,
    lr: config.lr,
    // progress in log time (the fraction of log(1 + t) covered, in units of the run's epochs): a flow's steps are
    // spread evenly in log t, so the bar's ETA holds
    onProgress:
      checkpoints && onProgress
        ? (e: number) => onProgress(Math.round((config.epochs * log1p(e * config.lr)) / log1p(tMax)))
        : undefined,
  });
  const [S0, b0] = warm ? [warm.gd.S, warm.gd.b] : [initialS(config), config.b0];
  const r = integrate(train, test, S0, b0, options(rtol, true));
  const loose =
    config.errorEstimate === "on" ? integrate(train, null, S0, b0, options(Math.min(0.1, rtol * 100), false)) : null;
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
  const crossed = (flow: { trainT: number | null; genT: number | null }, gd?: Crossing): Crossing => {
    const tr = gd?.trainEpoch ?? (flow.trainT === null ? null : flow.trainT / config.lr);
    const gen = gd?.genEpoch ?? (flow.genT === null ? null : flow.genT / config.lr);
    return { trainEpoch: tr, genEpoch: gen, delayEpochs: tr !== null && gen !== null ? gen - tr : null };
  };
  // the warm-up's checkpoints, then the flow's after its first (the warm-up's end state again)
  const checkpoints = warm ? [...warm.gd.checkpoints, ...r.checkpoints.slice(1)] : r.checkpoints;
  const final = checkpoints[checkpoints.length - 1];
  const passes = (f: { gradientEvaluations: number; evaluationPasses?: number }) =>
    f.gradientEvaluations + (f.evaluationPasses ?? 0);
  const warmPasses = warm?.gd.gradientEvaluations ?? 0;
  const summary: RunSummary = {
    status: !r.completed ? "solver gave up" : Number.isFinite(r.b) ? "ok" : "diverged",
    epochs_run: final.epoch,
    gradient_evaluations: warmPasses + r.gradientEvaluations + (loose?.gradientEvaluations ?? 0),
    final,
    grokking: grokking(
      config,
      crossed(r.accuracyCrossing, warm?.gd.accuracyCrossing),
      crossed(r.lossCrossing, warm?.gd.lossCrossing),
    ),
    measures: grokkingMeasures(checkpoints),
    flow: {
      integrator: conformal ? "odex" : config.integrator,
      rtol,
      gd_equivalent: warm ? `${GD_WARMUP_EPOCHS} GD steps, then GD's modified equation` : "off (plain flow)",
      steps: r.steps,
      rejected_steps: r.rejectedSteps,
      passes: warmPasses + passes(r),
      error_estimate_passes: loose ? passes(loose) : 0,
      error_estimate: loose ? Math.max(rel(norm(loose.S), norm(r.S)), rel(loose.b, r.b)) : null,
    },
  };
  return { run: { config, checkpoints, summary }, S: r.S, b: r.b };
}

/**
 * A flow's checkpoint times: GD's checkpoint epochs (round(10^{k/perDecade}), train/checkpoints.ts) times η after t0,
 * so that a flow and a GD run of one configuration are recorded at the same epochs; undefined (the flow's own
 * log-spaced times) past 10^15 epochs, where rounding to whole epochs means nothing.
 */
function gdCheckpointTimes(config: RunConfig, tMax: number, t0: number): number[] | undefined {
  const epochs = tMax / config.lr;
  if (!(epochs <= 1e15)) return undefined;
  const after = checkpointEpochs(epochs, config.perDecade)
    .map((e) => e * config.lr)
    .filter((t) => t > t0);
  after[after.length - 1] = tMax;
  return [t0, ...after];
}

/** The exact GD steps a GD-equivalent flow starts with, and the time t0 they reach; null for a plain flow. */
function flowWarmup(config: RunConfig, train: Dataset<DataMatrix>, test: Dataset | null, tMax: number) {
  if (config.optimizer !== "flow" || config.gdEquivalent === "off") return null;
  const epochs = Math.min(GD_WARMUP_EPOCHS, Math.floor(tMax / config.lr));
  if (epochs < 1 || epochs * config.lr >= tMax) return null;
  const o = { ...descentOptions(config), epochs };
  const gd = descend(train, test, initialS(config), config.b0, o, gdStep(config.lr));
  return { gd, t0: epochs * config.lr };
}

/** A discrete-step run with its final (S, b), which a RunResult does not carry (Fig. 2 continues from them). */
export interface RunWithState {
  run: RunResult;
  S: Float64Array;
  b: number;
}

/** The descent options of a discrete-step configuration. */
export function descentOptions(config: RunConfig, onProgress?: (epochsDone: number) => void): GDOptions {
  return {
    lr: config.lr,
    epochs: config.epochs,
    loss: config.loss,
    sigma: config.sigma,
    population: populationModel(config),
    perDecade: config.perDecade,
    accThreshold: config.accThreshold,
    lossThreshold: config.lossThreshold,
    onProgress,
  };
}

/** The step rule of a discrete-step configuration: Adam (PyTorch semantics) or plain GD. */
export function stepRule(c: RunConfig): StepRule {
  return c.optimizer === "adam" ? adamStep(c.d, c) : gdStep(c.lr);
}

/** A discrete-step run's result with its configuration and summary. */
export function discreteResult(config: RunConfig, r: GDResult): RunWithState {
  const summary: RunSummary = {
    status: r.diverged ? "diverged" : "ok",
    epochs_run: r.epochsRun,
    gradient_evaluations: r.gradientEvaluations,
    final: r.checkpoints[r.checkpoints.length - 1],
    grokking: grokking(config, r.accuracyCrossing, r.lossCrossing),
    measures: grokkingMeasures(r.checkpoints),
  };
  return { run: { config, checkpoints: r.checkpoints, summary }, S: r.S, b: r.b };
}

/** Discrete steps (GD, or Adam with PyTorch semantics), keeping the final iterate. */
export function trainDiscrete(config: RunConfig, onProgress?: (epochsDone: number) => void): RunWithState {
  return trainOn(config, trainingSet(config), onProgress);
}
