/**
 * Gradient flow of the exponential loss in conformal time (SPEC §3.5; paper Fig. 2 middle).
 *
 * L = (1/N) Σ exp(S·x_i + b) = e^b F(S), F(S) = (1/N) Σ exp(S·x_i), so dS/dt = −e^b ∇F, db/dt = −e^b F. With
 * dτ = e^b dt this is
 *   dS/dτ = −∇F(S),   db/dτ = −F(S),   dt/dτ = e^{−b}:
 * S follows the bias-free flow of F whatever b does; b and t follow by quadrature along it.
 *
 * odex integrates y = (S, b, v), v = log(1 + t), in w = log(1 + τ), dy/dw = e^w dy/dτ, as the 1-D model does
 * (src/theory/toy1d.ts): τ runs to ~log t / F_∞ on inseparable draws but to τ ~ t^{M²/(1+M²)} on separable ones, so
 * both times are stepped logarithmically; dv/dw = e^{w − b − v} stays O(1) where t and e^{−b} overflow. F and ∇F come
 * from the fused kernel at b = 0 with their log scale, so F ~ e^{±700} only enters through e^{w + log F}.
 *
 * On an inseparable draw S → S_∞ exponentially in τ (SPEC §3.4), and from then on an explicit solver only pays for
 * stability: steps Δτ ~ 1/λ_max(∇²F) across τ ~ log t / F_∞, the same cost as the flow in log t (flow.ts). Once S's
 * remaining motion is below the solver tolerance (ConvergenceWatch) S is frozen and b, t continue in closed form,
 * b = b_1 − F_1 (τ − τ_1), t = t_1 + e^{−b_1} (e^{F_1 (τ − τ_1)} − 1)/F_1, so t = 1e300 costs what S_∞ costs.
 */

import type { DataMatrix, Dataset } from "../core/data.js";
import { exp, expm1, log, log1p, log10, pow } from "../core/detMath.js";
import { type DenseStep, FirstCrossing, firstTrue, logExpm1, vOfLog10T } from "../core/logTime.js";
import { lossAndAccuracy } from "../core/lossKernel.js";
import { odexSolver } from "../core/odex.js";
import { populationAccuracy, populationLogLoss } from "../core/population.js";
import { logAddExp, softplus } from "../core/special.js";
import { norm } from "../core/vector.js";
import { BiasFreeField, ConvergenceWatch } from "./biasFreeFlow.js";
import { type FlowOptions, type FlowResult, log10TimeOf } from "./flow.js";
import { type Checkpoint, checkpointMetrics } from "./metrics.js";
import { isotropicPopulation, type PopulationModel } from "./population.js";

/** FlowOptions (loss must be "exp") plus a horizon in log10 for t beyond float64, and the freeze switch. */
export interface ConformalOptions extends FlowOptions {
  /** log10 of the final time t; overrides tMax, so that t ≥ 1e308 can be asked for (default log10 tMax) */
  log10TMax?: number;
  /** freeze S once converged and continue b, t in closed form (default true; false integrates to the end) */
  freezeConverged?: boolean;
  /** odex accepted-step cap (default 1e6) */
  maxSteps?: number;
}

/** FlowResult plus conformal times. `S`, `b`: the state at the last checkpoint (the horizon unless odex gave up). */
export interface ConformalResult extends FlowResult {
  /** τ = ∫_0^t e^{b} dt' at each checkpoint, parallel to `checkpoints` (Infinity past 1e308) */
  tau: number[];
  /** log(1 + τ) at each checkpoint, parallel to `checkpoints` (finite where τ overflows) */
  log1pTau: number[];
  /** log10 t where integration stopped (the horizon, unless odex gave up) */
  log10TEnd: number;
  /** log10 t from which S was frozen as converged (null: integrated throughout) */
  frozenFromLog10T: number | null;
}

// ─── small helpers ───────────────────────────────────────────────────────────────────────────────────────────────

/** Upper end of w = log(1 + τ) handed to odex; integration stops earlier, when t reaches the horizon. */
const W_MAX = 2000;

/** Checkpoint log10 times: log10 tFirst + k/perDecade below the horizon, then the horizon (t = 0 is apart). */
function checkpointLog10Times(o: ConformalOptions, log10TMax: number): number[] {
  const out: number[] = [];
  const first = log10(o.tFirst);
  for (let k = 0; ; k++) {
    const l = first + k / o.perDecade;
    if (l >= log10TMax + log10(1 - 1e-12)) break; // as flow.ts: a mark within 1e-12 of tMax is tMax
    out.push(l);
  }
  out.push(log10TMax);
  return out;
}

// ─── first crossings (SPEC §5) ───────────────────────────────────────────────────────────────────────────────────

/** A step's ends and an interpolant giving the state vector (S, b, v) at any w in the step. */
interface Step extends DenseStep<ArrayLike<number>> {
  w: number;
}

/** The crossing time t = e^v − 1, v = log(1 + t) the state's last component (Infinity past 1e308); null if none. */
function crossingTime(c: FirstCrossing<ArrayLike<number>>, d: number): number | null {
  return c.y === null ? null : expm1(c.y[d + 1]);
}

/** The four crossings of FlowResult: training/population accuracy ≥ threshold, training/population loss ≤ ε. */
function flowCrossings(train: Dataset<DataMatrix>, o: ConformalOptions) {
  const { X, n, d } = train;
  const S = new Float64Array(d);
  const load = (y: ArrayLike<number>) => {
    for (let j = 0; j < d; j++) S[j] = y[j];
    return y[d];
  };
  const trainPass = (y: ArrayLike<number>) => lossAndAccuracy(X, n, d, S, load(y), "exp");
  const scale = (y: ArrayLike<number>) => {
    load(y);
    return o.sigma * norm(S);
  };
  const logEps = log(o.lossThreshold);
  return {
    trainAcc: new FirstCrossing((y: ArrayLike<number>) => trainPass(y).accuracy >= o.accThreshold),
    genAcc: new FirstCrossing((y: ArrayLike<number>) => populationAccuracy(y[d], scale(y)) >= o.accThreshold),
    trainLoss: new FirstCrossing((y: ArrayLike<number>) => trainPass(y).logLoss <= logEps),
    genLoss: new FirstCrossing((y: ArrayLike<number>) => populationLogLoss("exp", y[d], scale(y)) <= logEps),
  };
}

// ─── the frozen tail ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The flow after S froze at (w_1, y_1): F = F_1 constant, so with Δτ = τ − τ_1
 *   b = b_1 − F_1 Δτ,   log t = logaddexp(log t_1, −b_1 − log F_1 + log(e^{F_1 Δτ} − 1)),
 * and inversely the Δτ at which t = T is log(1 + (T − t_1) F_1 e^{b_1}) / F_1, all in log space.
 */
class FrozenTail {
  private readonly tau1: number;
  private readonly logT1: number;

  constructor(
    private readonly w1: number,
    private readonly y1: ArrayLike<number>,
    private readonly logF1: number,
    private readonly d: number,
  ) {
    this.tau1 = expm1(w1);
    this.logT1 = logExpm1(y1[d + 1]);
  }

  /** The state (S, b, v) at Δτ ≥ 0 after the freeze. */
  private state(dTau: number): number[] {
    const { d, y1, logF1 } = this;
    const y = Array.from({ length: d + 2 }, (_, j) => y1[j]);
    y[d] = y1[d] - exp(logF1) * dTau;
    const logGrowth = -y1[d] - logF1 + logExpm1(exp(logF1) * dTau);
    y[d + 1] = softplus(logAddExp(this.logT1, logGrowth));
    return y;
  }

  /** The state at w = log(1 + τ) ≥ w_1. */
  at(w: number): number[] {
    return this.state(Math.max(expm1(w) - this.tau1, 0));
  }

  /** w and the state where log10 t = log10T (t beyond the freeze). */
  where(log10T: number): { w: number; y: number[] } {
    const logT = log10T * Math.LN10;
    const logDt = logT + log(-expm1(this.logT1 - logT)); // log(T − t_1)
    const dTau = softplus(logDt + this.logF1 + this.y1[this.d]) / exp(this.logF1);
    const y = this.state(dTau);
    y[this.d + 1] = vOfLog10T(log10T); // exact, not the round trip through Δτ
    return { w: log1p(this.tau1 + dTau), y };
  }

  /** The tail from w_1 to w as a Step for the crossings. */
  step(w: number): Step {
    return { wOld: this.w1, w, at: (u) => this.at(u) };
  }
}

// ─── the flow with bias ──────────────────────────────────────────────────────────────────────────────────────────

/** Checkpoint rows (checkpointMetrics, as flow.ts), their conformal times, and the last state recorded. */
class Recorder {
  readonly checkpoints: Checkpoint[] = [];
  readonly tau: number[] = [];
  readonly log1pTau: number[] = [];
  last: { w: number; y: number[]; log10T: number } = { w: 0, y: [], log10T: Number.NEGATIVE_INFINITY };
  private readonly S: Float64Array;
  /** conformal time exists for the exponential loss on the constant-label isotropic model only */
  private readonly pop: PopulationModel;

  constructor(
    private readonly train: Dataset<DataMatrix>,
    private readonly test: Dataset | null,
    private readonly o: ConformalOptions,
  ) {
    this.S = new Float64Array(train.d);
    this.pop = isotropicPopulation("exp", o.sigma);
  }

  /** A checkpoint at w = log(1 + τ) with state y = (S, b, v); log10T is the exact requested time. */
  record(w: number, y: ArrayLike<number>, log10T: number): void {
    const { X, n, d } = this.train;
    for (let j = 0; j < d; j++) this.S[j] = y[j];
    const b = y[d];
    const t = pow(10, log10T); // Infinity past 1e308; log10_t carries the time there
    const m = lossAndAccuracy(X, n, d, this.S, b, "exp");
    this.checkpoints.push(checkpointMetrics(t / this.o.lr, t, this.S, b, m, this.test, "exp", this.pop, log10T));
    this.tau.push(expm1(w));
    this.log1pTau.push(w);
    this.last = { w, y: Array.from(y), log10T };
  }
}

/** Where the odex phase stopped: the last step end, whether S froze there, and the first mark not yet recorded. */
interface OdexPhase {
  w: number;
  y: number[];
  frozen: boolean;
  next: number;
  steps: number;
  rejectedSteps: number;
  gaveUp?: boolean;
}

/**
 * Integrate y = (S, b, v) in w with odex, recording the marks (log10 t, ascending) as v passes them (v is increasing:
 * dv/dw > 0, located by bisection on the dense v), until the last mark or until S converges (when o allows).
 */
function odexPhase(
  field: BiasFreeField,
  y0: number[],
  marks: readonly number[],
  rec: Recorder,
  observe: (y: ArrayLike<number>, step: Step) => void,
  o: ConformalOptions,
): OdexPhase {
  const d = field.data.d;
  // dS/dw = −e^w ∇F, db/dw = −e^{w + log F}, dv/dw = e^{w − b − v}
  const rhs = (w: number, y: number[]): number[] => {
    const out = new Array<number>(d + 2);
    const logF = field.eval(w, y, out);
    out[d] = -exp(w + logF);
    out[d + 1] = exp(w - y[d] - y[d + 1]);
    return out;
  };
  const watch = o.freezeConverged === false ? null : new ConvergenceWatch(d, o.rtol, o.atol);
  const stop: OdexPhase = { w: 0, y: y0, frozen: false, next: 0, steps: 0, rejectedSteps: 0 };
  const solver = odexSolver(d + 2, { rtol: o.rtol, atol: o.atol, maxSteps: o.maxSteps ?? 1_000_000 });
  const result = solver.solve(rhs, 0, y0, W_MAX, (_nr, wOld, w, y, dense) => {
    if (!dense || w === wOld) return;
    const at = (u: number) => (u === w ? y : Array.from({ length: d + 2 }, (_, i) => dense(i, u)));
    observe(y, { wOld, w, at });
    for (; stop.next < marks.length && vOfLog10T(marks[stop.next]) <= y[d + 1]; stop.next++) {
      const v = vOfLog10T(marks[stop.next]);
      const u = firstTrue(wOld, w, (m) => dense(d + 1, m) >= v);
      rec.record(u, at(u), marks[stop.next]);
    }
    stop.w = w;
    stop.y = Array.from(y);
    if (stop.next >= marks.length) return false;
    if (watch?.observe(expm1(w), y)) {
      stop.frozen = true;
      return false;
    }
  });
  // a frozen S ends the odex phase early on purpose (EarlyReturn); only a step-cap stop is a failure
  return { ...stop, steps: result.nAccept, rejectedSteps: result.nReject, gaveUp: result.outcome === 1 };
}

/**
 * Refuse what has no conformal time or is not handled here: other losses; ±1 labels (the bias does not flip with
 * the label, so L is no longer e^b F(S)); a non-isotropic population model (the metrics here are SPEC §2's, σ‖S‖).
 * Checked structurally, so that it holds whether or not Dataset and FlowOptions carry those fields.
 */
function checkConformal(train: Dataset<DataMatrix>, o: ConformalOptions): void {
  if (o.loss !== "exp") throw new Error(`conformalFlow needs the exponential loss (got ${o.loss})`);
  if ((train as { y?: unknown }).y !== undefined) throw new Error("conformalFlow needs constant labels −1");
  if ((o as { population?: unknown }).population !== undefined) {
    throw new Error(
      "conformalFlow computes isotropic population metrics only (sigma); population models are not wired",
    );
  }
}

/**
 * Integrate the exponential-loss flow from (S0, b0) on `train` to t = tMax (or 10^{log10TMax}) in conformal time.
 * Returns gradientFlow's checkpoints (t = 0, then log-spaced from tFirst; `log10_t` exact, `t` Infinity past
 * 1e308), the conformal time τ of each, the FlowResult crossings (t), (S, b) at the horizon and solver statistics
 * (gradientEvaluations: kernel passes). `test` (optional) gives held-out metrics. Only o.loss = "exp" qualifies.
 */
export function conformalFlow(
  train: Dataset<DataMatrix>,
  test: Dataset | null,
  S0: Float64Array,
  b0: number,
  o: ConformalOptions,
): ConformalResult {
  checkConformal(train, o);
  const d = train.d;
  const field = new BiasFreeField(train);
  const marks = checkpointLog10Times(o, o.log10TMax ?? log10(o.tMax));
  const rec = new Recorder(train, test, o);
  const crossings = flowCrossings(train, o);
  const observe = (y: ArrayLike<number>, step: Step | null) => {
    for (const c of Object.values(crossings)) c.observe(step?.w ?? 0, y, step);
  };
  const y0 = [...S0, b0, 0];
  rec.record(0, y0, Number.NEGATIVE_INFINITY);
  observe(y0, null);
  const run = odexPhase(field, y0, marks, rec, observe, o);
  const tailed = run.frozen && run.next < marks.length;
  if (tailed) {
    const tail = new FrozenTail(run.w, run.y, field.eval(run.w, run.y, new Array<number>(d)), d);
    for (let k = run.next; k < marks.length; k++) {
      const p = tail.where(marks[k]);
      rec.record(p.w, p.y, marks[k]);
    }
    observe(rec.last.y, tail.step(rec.last.w));
  }
  const done = tailed || run.next >= marks.length;
  return {
    checkpoints: rec.checkpoints,
    tau: rec.tau,
    log1pTau: rec.log1pTau,
    accuracyCrossing: { trainT: crossingTime(crossings.trainAcc, d), genT: crossingTime(crossings.genAcc, d) },
    lossCrossing: { trainT: crossingTime(crossings.trainLoss, d), genT: crossingTime(crossings.genLoss, d) },
    S: Float64Array.from(rec.last.y.slice(0, d)),
    b: rec.last.y[d],
    log10TEnd: done ? marks[marks.length - 1] : log10TimeOf(run.y[d + 1]),
    frozenFromLog10T: run.frozen ? log10TimeOf(run.y[d + 1]) : null,
    gradientEvaluations: field.evaluations,
    steps: run.steps,
    rejectedSteps: run.rejectedSteps,
    completed: !run.gaveUp,
  };
}
