/**
 * Gradient flow dS/dt = −∇_S L, db/dt = −∂_b L (SPEC §3; issue "long horizons"), integrated in the log-time variable
 * s = log(1 + t) by Hairer's GBS extrapolation (odex) with error control and dense output. In s the late-time dynamics
 * are slow and smooth (b ~ −log t becomes linear, ∇L ~ 1/t is multiplied back by dt/ds = 1 + t), so the solver takes
 * long steps and t = 1e100 costs a few hundred gradient passes. The gradient comes from the same fused kernel as GD,
 * with its log scale folded into dt/ds so that nothing under/overflows.
 */

import type { DataMatrix, Dataset } from "../core/data.js";
import { exp, expm1, log, log1p, log10, pow } from "../core/detMath.js";
import { FirstCrossing, log10TOfV } from "../core/logTime.js";
import type { LossName } from "../core/losses.js";
import { odexSolver } from "../core/odex.js";
import { hermite, rkc } from "../core/rkc.js";
import { type Checkpoint, checkpointMetrics } from "./metrics.js";
import { evaluationPass, gradientPass } from "./passes.js";
import { isotropicPopulation, type PopulationModel } from "./population.js";

export type FlowIntegrator = "rkc" | "odex";

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
  /** the integrator's relative and absolute tolerances on (S, b) per step */
  rtol: number;
  atol: number;
  /** "rkc" (default: Runge–Kutta–Chebyshev, core/rkc.ts) or "odex" (GBS extrapolation) */
  integrator?: FlowIntegrator;
  /** RKC gives up (completed: false) after this many gradient passes (default 10^6) */
  maxEvaluations?: number;
  /** called with t/η (GD-equivalent epochs) after each accepted step */
  onProgress?: (epochs: number) => void;
  /** integrate GD's modified equation (∇L + (η/2) H ∇L, η = lr): within O(η²) of GD instead of O(η); 2 passes a slope */
  modified?: boolean;
  /** the time t the flow starts at from (S0, b0) (default 0): a continuation of a run that reached t0 */
  t0?: number;
  /** checkpoint times t instead of the log-spaced ones (ascending, the last is the horizon; tMax, tFirst unused) */
  checkpointTimes?: readonly number[];
  /** false: only the end state is wanted (no checkpoints but t = 0, no crossings, no test set): fewer passes */
  checkpoints?: boolean;
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
  /** passes over the training set without a gradient: checkpoints and the bisections of training crossings (not counted by conformalFlow) */
  evaluationPasses?: number;
  steps: number;
  rejectedSteps: number;
  /** false when the solver gave up (step cap) before tMax: the checkpoints then stop early */
  completed: boolean;
}

/** t/η as a whole number of epochs where it is one to rounding (GD's checkpoint epochs × η / η), else as is. */
function gdEpoch(e: number): number {
  const r = Math.round(e);
  return Math.abs(e - r) <= 1e-9 * Math.max(1, e) ? r : e;
}

/** log10 t from s = log(1 + t), also where t overflows (the same as core/logTime's log10TOfV). */
export const log10TimeOf = log10TOfV;

/** Checkpoint times 0, tFirst·10^{k/perDecade} ≤ tMax, and tMax, mapped to s = log(1 + t). */
function checkpointLogTimes(o: FlowOptions): number[] {
  if (o.checkpointTimes) return o.checkpointTimes.map((t) => log1p(t));
  const t0 = o.t0 ?? 0;
  const out = [log1p(t0)];
  // the log-spaced marks after t0 (all of them when the flow starts at 0)
  const first =
    log10(o.tFirst) + (t0 > 0 ? Math.ceil((log10(t0) - log10(o.tFirst)) * o.perDecade + 1e-9) / o.perDecade : 0);
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
  const counts = { gradient: 0, evaluation: 0 };
  const load = (y: ArrayLike<number>) => {
    for (let j = 0; j < d; j++) S[j] = y[j];
    return y[d];
  };
  // the training metrics of the last gradient pass, and the state it was taken at (a step's end, for RKC)
  let lastY: ArrayLike<number> | null = null;
  let lastTrain = { logLoss: 0, accuracy: 0 };
  const curvature = o.modified ? modifiedEquationTerm(train, o.loss, o.lr, counts) : null;
  // dy/ds = −(1 + t) ∇L = −exp(s + gradLogScale) · (gradS, gradB)   [modified: ∇L + (η/2) H ∇L]
  const slope = (s: number, y: ArrayLike<number>, out: { [i: number]: number }) => {
    const b = load(y);
    const g = gradientPass(train, S, b, o.loss, grad);
    counts.gradient++;
    lastY = y;
    lastTrain = g;
    for (let j = 0; j < d; j++) out[j] = grad[j];
    out[d] = g.gradB;
    curvature?.(S, b, g.gradLogScale, out);
    const f = -exp(s + g.gradLogScale);
    for (let j = 0; j <= d; j++) out[j] *= f;
  };
  const trainPass = (y: ArrayLike<number>) => {
    if (y === lastY) return lastTrain;
    counts.evaluation++;
    return evaluationPass(train, S, load(y), o.loss);
  };
  const marks = checkpointLogTimes(o);
  const checkpoints: Checkpoint[] = [];
  const record = (s: number, y: ArrayLike<number>) => {
    const train = trainPass(y);
    const b = load(y);
    const t = expm1(s);
    checkpoints.push(checkpointMetrics(gdEpoch(t / o.lr), t, S, b, train, test, o.loss, pop, log10TimeOf(s)));
  };
  const crossings = flowCrossings(o, pop, trainPass, (y) => ({ b: load(y), scale: pop.scale(S) }), S);
  const y0 = Float64Array.from([...S0, b0]);
  const s0 = marks[0];
  record(s0, y0);
  for (const c of Object.values(crossings)) c.observe(s0, y0, null);
  let next = 1;
  const onStep = (sOld: number, s: number, y: ArrayLike<number>, at: (x: number) => ArrayLike<number>) => {
    if (o.checkpoints === false) return; // the end state only
    o.onProgress?.(expm1(s) / o.lr);
    for (const c of Object.values(crossings)) c.observe(s, y, { wOld: sOld, at });
    for (; next < marks.length && marks[next] <= s; next++) record(marks[next], at(marks[next]));
  };
  const sEnd = marks[marks.length - 1];
  const run = (o.integrator ?? "rkc") === "rkc" ? integrateRkc : integrateOdex;
  const result = run({ slope, s0, y0, sEnd, o, onStep });
  const b = load(result.y);
  return {
    checkpoints,
    accuracyCrossing: { trainT: crossingTime(crossings.trainAcc), genT: crossingTime(crossings.genAcc) },
    lossCrossing: { trainT: crossingTime(crossings.trainLoss), genT: crossingTime(crossings.genLoss) },
    S: Float64Array.from(S),
    b,
    gradientEvaluations: counts.gradient,
    evaluationPasses: counts.evaluation,
    steps: result.steps,
    rejectedSteps: result.rejected,
    completed: result.completed,
  };
}

/**
 * GD's modified equation (Hairer, Lubich & Wanner, "Geometric Numerical Integration" IX; Barrett & Dherin 2021): GD
 * with step η follows the flow of L + (η/4)‖∇L‖² to O(η²), whose gradient is ∇L + (η/2) H ∇L. Returns the function
 * that adds (η/2) H ∇L · e^{−ls} to G̃ = ∇L · e^{−ls} (the gradient pass's scaled output, with its bias entry at d),
 * H ∇L by a forward difference of the gradient along ∇L: one more gradient pass.
 */
const MODIFIED_CUTOFF = 1e-4;

function modifiedEquationTerm(
  train: Dataset<DataMatrix>,
  loss: LossName,
  lr: number,
  counts: { gradient: number },
): (S: Float64Array, b: number, logScale: number, g: { [i: number]: number }) => void {
  const d = train.d;
  const S2 = new Float64Array(d);
  const grad2 = new Float64Array(d);
  // the term is (η/2)·(curvature along ∇L) relative to ∇L: ~0.1 in the first epochs, ~1e-6 by epoch 10^5 (N = 400);
  // below 1e-5 its effect on what follows is below the integrator's tolerance, so it is dropped for good
  let on = true;
  return (S, b, logScale, g) => {
    if (!on) return;
    let gg = g[d] * g[d];
    let ww = b * b;
    for (let j = 0; j < d; j++) {
      gg += g[j] * g[j];
      ww += S[j] * S[j];
    }
    const gNorm = Math.sqrt(gg);
    if (gNorm === 0) return;
    // w + ε ∇L/‖∇L‖, ε = √u (1 + ‖w‖): H u ≈ (∇L(w + εu) − ∇L(w))/ε
    const eps = 1.4901161193847656e-8 * (1 + Math.sqrt(ww));
    for (let j = 0; j < d; j++) S2[j] = S[j] + (eps * g[j]) / gNorm;
    const g2 = gradientPass(train, S2, b + (eps * g[d]) / gNorm, loss, grad2);
    counts.gradient++;
    // (η/2) H G̃ in units of e^{ls}: (η/2) ‖G̃‖ (e^{ls2} G̃2 − e^{ls} G̃)/ε
    const r = exp(g2.gradLogScale - logScale);
    const k = (0.5 * lr * gNorm * exp(logScale)) / eps;
    let cc = 0;
    for (let j = 0; j < d; j++) {
      const c = k * (r * grad2[j] - g[j]);
      cc += c * c;
      g[j] += c;
    }
    const cb = k * (r * g2.gradB - g[d]);
    g[d] += cb;
    if (Math.sqrt(cc + cb * cb) < MODIFIED_CUTOFF * gNorm) on = false;
  };
}

type Slope = (s: number, y: ArrayLike<number>, out: { [i: number]: number }) => void;
type OnStep = (sOld: number, s: number, y: ArrayLike<number>, at: (x: number) => ArrayLike<number>) => void;
/** What an integrator is handed: the slope in log time, the start (s0, y0), the end sEnd, options, the step callback. */
interface Integration {
  slope: Slope;
  s0: number;
  y0: Float64Array;
  sEnd: number;
  o: FlowOptions;
  onStep: OnStep;
}

interface Integrated {
  y: ArrayLike<number>;
  steps: number;
  rejected: number;
  completed: boolean;
}

/** The flow by RKC (core/rkc.ts); the slope at each step's end is the next step's first (no extra pass). */
function integrateRkc({ slope, s0, y0, sEnd, o, onStep }: Integration): Integrated {
  const tmp = new Float64Array(y0.length);
  const r = rkc(slope, s0, y0, sEnd, {
    rtol: o.rtol,
    atol: o.atol,
    maxEvaluations: o.maxEvaluations ?? 1_000_000,
    onStep: (step) => onStep(step.x0, step.x1, step.y1, (x) => (x === step.x1 ? step.y1 : hermite(step, x, tmp))),
  });
  return { y: r.y, steps: r.steps, rejected: r.rejected, completed: r.completed };
}

/** The flow by Hairer's GBS extrapolation (odex) with its dense output. */
function integrateOdex({ slope, s0, y0, sEnd, o, onStep }: Integration): Integrated {
  const n = y0.length;
  const solver = odexSolver(n, { rtol: o.rtol, atol: o.atol, maxSteps: 100_000 });
  // a copy, so that the gradient pass's cached training metrics are never mistaken for a step end's (odex may reuse y)
  const rhs = (s: number, y: number[]): number[] => {
    const out = new Array<number>(n);
    slope(s, y.slice(), out);
    return out;
  };
  const result = solver.solve(rhs, s0, Array.from(y0), sEnd, (_nr, sOld, s, y, dense) => {
    if (!dense || s === sOld) return;
    onStep(sOld, s, y, (x) => (x === s ? y : Array.from({ length: n }, (_, i) => dense(i, x))));
  });
  return { y: result.y, steps: result.nAccept, rejected: result.nReject, completed: result.outcome === 0 };
}

/** The four first crossings of SPEC §5: training/population accuracy ≥ threshold, training/population loss ≤ ε. */
function flowCrossings(
  o: FlowOptions,
  pop: PopulationModel,
  trainPass: (y: ArrayLike<number>) => { logLoss: number; accuracy: number },
  population: (y: ArrayLike<number>) => { b: number; scale: number },
  S: Float64Array,
) {
  const logEps = log(o.lossThreshold);
  // to 1e-7 in s (relative 1e-7 in t past t = 1): each probe of a training metric is a pass over X
  const resolution = (s: number) => 1e-7 * Math.max(1, s);
  const crossing = (hit: (y: ArrayLike<number>) => boolean) => new FirstCrossing(hit, resolution);
  return {
    trainAcc: crossing((y) => trainPass(y).accuracy >= o.accThreshold),
    genAcc: crossing((y) => {
      const p = population(y);
      return pop.accuracy(S, p.b, p.scale) >= o.accThreshold;
    }),
    trainLoss: crossing((y) => trainPass(y).logLoss <= logEps),
    genLoss: crossing((y) => {
      const p = population(y);
      return pop.lossBelow(S, p.b, p.scale, logEps);
    }),
  };
}

/** The crossing time t = e^s − 1 of a crossing located in s = log(1 + t); null if it never crossed. */
function crossingTime(c: FirstCrossing<ArrayLike<number>>): number | null {
  return c.w === null ? null : expm1(c.w);
}
