/**
 * Gradient flow dS/dt = −∇_S L, db/dt = −∂_b L (SPEC §3; issue "long horizons"), integrated in the log-time variable
 * s = log(1 + t) by Hairer's GBS extrapolation (odex) with error control and dense output. In s the late-time dynamics
 * are slow and smooth (b ~ −log t becomes linear, ∇L ~ 1/t is multiplied back by dt/ds = 1 + t), so the solver takes
 * long steps and t = 1e100 costs a few hundred gradient passes. The gradient comes from the same fused kernel as GD,
 * with its log scale folded into dt/ds so that nothing under/overflows.
 */

import odex from "odex";
import type { DataMatrix, Dataset } from "../core/data.js";
import { exp, expm1, log, log1p, log10, pow } from "../core/detMath.js";
import { firstTrue, log10TOfV } from "../core/logTime.js";
import type { LossName } from "../core/lossKernel.js";
import { type Checkpoint, checkpointMetrics } from "./metrics.js";
import { evaluationPass, gradientPass } from "./passes.js";
import { isotropicPopulation, type PopulationModel } from "./population.js";

export interface FlowOptions {
  loss: LossName;
  /** std of the isotropic inputs; ignored when `population` is given */
  sigma: number;
  /** the data model's population metrics (default: isotropic with std sigma) */
  population?: PopulationModel;
  /** final time t (units of η·epochs) */
  tMax: number;
  /** checkpoint times: 0, then log-spaced from tFirst to tMax, perDecade per decade */
  tFirst: number;
  perDecade: number;
  /** odex's relative and absolute tolerances on (S, b) per step */
  rtol: number;
  atol: number;
  accThreshold: number;
  lossThreshold: number;
  /** η, only to label checkpoints with the GD-equivalent epoch t/η */
  lr: number;
}

export interface FlowResult {
  checkpoints: Checkpoint[];
  /** first times t at which training and population accuracy reach accThreshold (located on the dense output) */
  accuracyCrossing: { trainT: number | null; genT: number | null };
  /** first times t at which training and population loss fall to lossThreshold */
  lossCrossing: { trainT: number | null; genT: number | null };
  S: Float64Array;
  b: number;
  gradientEvaluations: number;
  steps: number;
  rejectedSteps: number;
  /** false when the solver gave up (step cap) before tMax: the checkpoints then stop early */
  completed: boolean;
}

/** log10 t from s = log(1 + t), also where t overflows (the same as core/logTime's log10TOfV). */
export const log10TimeOf = log10TOfV;

/** Checkpoint times 0, tFirst·10^{k/perDecade} ≤ tMax, and tMax, mapped to s = log(1 + t). */
function checkpointLogTimes(o: FlowOptions): number[] {
  const out = [0];
  const first = log10(o.tFirst);
  const last = log10(o.tMax);
  // stepped in log10 t so that times near the top of the float64 range do not overflow to Infinity
  for (let k = 0; first + k / o.perDecade < last - 1e-12; k++) {
    const t = pow(10, first + k / o.perDecade);
    out.push(t > 1e15 ? (first + k / o.perDecade) * Math.LN10 + log1p(1 / t) : log1p(t));
  }
  out.push(log1p(o.tMax));
  return out;
}

/** Integrate the flow from (S0, b0) on `train` to tMax; `test` (optional) for held-out metrics at checkpoints. */
export function gradientFlow(
  train: Dataset<DataMatrix>,
  test: Dataset | null,
  S0: Float64Array,
  b0: number,
  o: FlowOptions,
): FlowResult {
  const { d } = train;
  const pop = o.population ?? isotropicPopulation(o.loss, o.sigma);
  const S = new Float64Array(d);
  const grad = new Float64Array(d);
  let evaluations = 0;
  const load = (y: ArrayLike<number>) => {
    for (let j = 0; j < d; j++) S[j] = y[j];
    return y[d];
  };
  // dy/ds = −(1 + t) ∇L = −exp(s + gradLogScale) · (gradS, gradB)
  const rhs = (s: number, y: number[]): number[] => {
    const b = load(y);
    const g = gradientPass(train, S, b, o.loss, grad);
    evaluations++;
    const f = -exp(s + g.gradLogScale);
    const out = new Array<number>(d + 1);
    for (let j = 0; j < d; j++) out[j] = f * grad[j];
    out[d] = f * g.gradB;
    return out;
  };
  const marks = checkpointLogTimes(o);
  const checkpoints: Checkpoint[] = [];
  const record = (s: number, y: ArrayLike<number>) => {
    const b = load(y);
    const t = expm1(s);
    checkpoints.push(
      checkpointMetrics(t / o.lr, t, S, b, evaluationPass(train, S, b, o.loss), test, o.loss, pop, log10TimeOf(s)),
    );
  };
  // training and population accuracy ≥ threshold, training and population loss ≤ ε
  const trainPass = (y: ArrayLike<number>) => evaluationPass(train, S, load(y), o.loss);
  const population = (y: ArrayLike<number>) => {
    const b = load(y);
    return { b, scale: pop.scale(S) };
  };
  const logEps = log(o.lossThreshold);
  const crossings = {
    trainAcc: new FirstCrossing((y) => trainPass(y).accuracy >= o.accThreshold),
    genAcc: new FirstCrossing((y) => {
      const p = population(y);
      return pop.accuracy(S, p.b, p.scale) >= o.accThreshold;
    }),
    trainLoss: new FirstCrossing((y) => trainPass(y).logLoss <= logEps),
    genLoss: new FirstCrossing((y) => {
      const p = population(y);
      return pop.lossBelow(S, p.b, p.scale, logEps);
    }),
  };
  const observeAll = (s: number, y: ArrayLike<number>, step: StepInfo | null) => {
    for (const c of Object.values(crossings)) c.observe(s, y, step);
  };
  const y0 = [...S0, b0];
  record(0, y0);
  observeAll(0, y0, null);
  let next = 1;
  const solver = new odex.Solver(d + 1);
  solver.denseOutput = true;
  solver.relativeTolerance = o.rtol;
  solver.absoluteTolerance = o.atol;
  solver.maxSteps = 100_000;
  const sEnd = marks[marks.length - 1];
  const result = solver.solve(rhs, 0, y0, sEnd, (_nr, sOld, s, y, dense) => {
    if (!dense || s === sOld) return;
    const at = (x: number) => (x === s ? y : Array.from({ length: d + 1 }, (_, i) => dense(i, x)));
    observeAll(s, y, { sOld, at });
    for (; next < marks.length && marks[next] <= s; next++) record(marks[next], at(marks[next]));
  });
  const b = load(result.y);
  return {
    checkpoints,
    accuracyCrossing: { trainT: crossings.trainAcc.time(), genT: crossings.genAcc.time() },
    lossCrossing: { trainT: crossings.trainLoss.time(), genT: crossings.genLoss.time() },
    S: Float64Array.from(S),
    b,
    gradientEvaluations: evaluations,
    steps: result.nAccept,
    rejectedSteps: result.nReject,
    completed: result.outcome === 0,
  };
}

/** Step-end values and the dense interpolant of the step that ended there. */
interface StepInfo {
  sOld: number;
  at: (s: number) => ArrayLike<number>;
}

/**
 * The first time a metric crosses its threshold (SPEC §5), located within the step where it happens by bisection on
 * the dense output (to float resolution). `hit` judges a state vector (S, b).
 */
class FirstCrossing {
  private s: number | null = null;

  constructor(private readonly hit: (y: ArrayLike<number>) => boolean) {}

  /** Feed the state at the end of a step (and the step's interpolant; null for the initial state). */
  observe(s: number, y: ArrayLike<number>, step: StepInfo | null): void {
    if (this.s !== null || !this.hit(y)) return;
    if (!step) {
      this.s = s;
      return;
    }
    this.s = firstTrue(step.sOld, s, (m) => this.hit(step.at(m)));
  }

  /** The crossing time t, or null if it never crossed. */
  time(): number | null {
    return this.s === null ? null : expm1(this.s);
  }
}
