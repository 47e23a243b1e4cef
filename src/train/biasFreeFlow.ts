/**
 * The bias-free gradient flow dS/dτ = −∇F(S), F(S) = (1/N) Σ exp(S·x_i) (SPEC §3.5; paper Fig. 2 middle): the S of
 * the exponential-loss flow with bias at the same conformal time τ (conformal.ts integrates that flow on the same
 * field), with the convergence test that freezes S at S_∞.
 */

import type { DataMatrix, Dataset } from "../core/data.js";
import { exp, expm1, log, log1p } from "../core/detMath.js";
import { lossGradient } from "../core/lossKernel.js";
import { odexSolver } from "../core/odex.js";
import { norm } from "../core/vector.js";

/**
 * The bias-free field dS/dw = −e^w ∇F(S) for S = y[0..d), written into out[0..d); eval returns log F(S).
 * The kernel at b = 0 gives ∇F · e^{−gradLogScale}, and its ∂/∂b is F · e^{−gradLogScale} (exp loss: weight = loss).
 */
export class BiasFreeField {
  readonly S: Float64Array;
  private readonly grad: Float64Array;
  evaluations = 0;

  constructor(readonly data: Dataset<DataMatrix>) {
    this.S = new Float64Array(data.d);
    this.grad = new Float64Array(data.d);
  }

  /** Evaluate at (w, y); y holds S in its first d entries. */
  eval(w: number, y: ArrayLike<number>, out: number[]): number {
    const { X, n, d } = this.data;
    for (let j = 0; j < d; j++) this.S[j] = y[j];
    const g = lossGradient(X, n, d, this.S, 0, "exp", this.grad);
    this.evaluations++;
    const f = -exp(w + g.gradLogScale);
    for (let j = 0; j < d; j++) out[j] = f * this.grad[j];
    return g.gradLogScale + log(g.gradB);
  }
}

/**
 * Decides from the step ends that S has converged to within the solver tolerance. F is convex, so along its
 * gradient flow the speed ‖dS/dτ‖ = ‖∇F‖ never increases, and near S_∞ it decays as e^{−rτ} with r → λ_min(∇²F)
 * from above (the Rayleigh quotient of the decaying mode). The step-mean speed v gives r from successive steps;
 * a "clean" reading (r steady to 10% over two steps, v/r well above the tolerance scale ‖sc‖, sc_j = atol + rtol|S_j|
 * as odex weighs errors) is extrapolated: the remaining motion ∫v dτ = v_ref e^{−r(τ − τ_ref)}/r. Freeze when that is
 * below ‖sc‖ and the last step moved at most 10‖sc‖, or its speed v/r predicts at most that (S only jitters at the
 * solver's resolution). Measured: the freeze leaves ‖S − S_∞‖/‖S_∞‖ ≈ rtol (4e-10 at rtol 1e-10). A hidden
 * slower mode could make this early by at most the condition number of ∇²F times ‖sc‖. Separable draws never
 * freeze: there ‖S‖ ~ log τ, r ~ 1/τ and v/r stays O(1).
 */
export class ConvergenceWatch {
  private prev: { S: Float64Array; tau: number; v: number; m: number; r: number } | null = null;
  private ref: { v: number; m: number; r: number } | null = null;

  constructor(
    private readonly d: number,
    private readonly rtol: number,
    private readonly atol: number,
  ) {}

  /** Feed a step end (τ, S = y[0..d)); true once S's remaining motion is below the tolerance scale. */
  observe(tau: number, y: ArrayLike<number>): boolean {
    const S = Float64Array.from({ length: this.d }, (_, j) => y[j]);
    const p = this.prev;
    if (p === null || !(tau > p.tau)) {
      this.prev = { S, tau, v: Number.NaN, m: Number.NaN, r: Number.NaN };
      return false;
    }
    let motion2 = 0;
    let sc2 = 0;
    for (let j = 0; j < this.d; j++) {
      const dS = S[j] - p.S[j];
      motion2 += dS * dS;
      const sc = this.atol + this.rtol * Math.abs(S[j]);
      sc2 += sc * sc;
    }
    const motion = Math.sqrt(motion2);
    const sc = Math.sqrt(sc2);
    const v = motion / (tau - p.tau);
    const m = 0.5 * (tau + p.tau);
    const r = log(p.v / v) / (m - p.m); // NaN on the first pair
    if (r > 0 && p.r > 0 && Number.isFinite(r) && Math.abs(r / p.r - 1) < 0.1 && v / r > 10 * sc) {
      this.ref = { v, m, r };
    }
    this.prev = { S, tau, v, m, r };
    const ref = this.ref;
    if (ref === null) return false;
    const remaining = (ref.v * exp(-ref.r * (tau - ref.m))) / ref.r;
    return remaining <= sc && Math.min(motion, v / ref.r) <= 10 * sc;
  }
}

/** Options of biasFreeFlow. */
export interface BiasFreeOptions {
  /** conformal times τ ≥ 0 at which to report ‖S‖, ascending */
  taus: readonly number[];
  /** odex's per-step relative and absolute tolerances on S */
  rtol: number;
  atol: number;
  /** freeze S once converged (ConvergenceWatch; default true) */
  freezeConverged?: boolean;
  /** odex accepted-step cap (default 1e6) */
  maxSteps?: number;
}

/** What biasFreeFlow returns. */
export interface BiasFreeResult {
  /** ‖S(τ)‖ at each requested τ (units 1/σ of the data); shorter only if odex hit maxSteps */
  normS: number[];
  /** S at the last requested τ */
  S: Float64Array;
  /** τ from which S was frozen as converged (null: integrated throughout) */
  frozenFromTau: number | null;
  gradientEvaluations: number;
  steps: number;
  rejectedSteps: number;
}

/**
 * The bias-free flow dS/dτ = −∇F(S), F(S) = (1/N) Σ exp(S·x_i), from S0: by SPEC §3.5 the S of the exponential-loss
 * flow with bias at the same conformal time τ (Fig. 2 middle). Integrated in w = log(1 + τ); ‖S‖ at the requested τ
 * from the dense output. Once S has converged to within the tolerance (ConvergenceWatch; inseparable draws) it is
 * frozen, and later τ report the converged ‖S‖.
 */
export function biasFreeFlow(train: Dataset<DataMatrix>, S0: Float64Array, o: BiasFreeOptions): BiasFreeResult {
  const d = train.d;
  const field = new BiasFreeField(train);
  const rhs = (w: number, y: number[]): number[] => {
    const out = new Array<number>(d);
    field.eval(w, y, out);
    return out;
  };
  const marks = o.taus.map((t) => log1p(t));
  const normS: number[] = [];
  const out = { last: S0 as ArrayLike<number>, frozenFromTau: null as number | null, steps: 0, rejectedSteps: 0 };
  let next = 0;
  for (; next < marks.length && marks[next] <= 0; next++) normS.push(norm(S0));
  if (next < marks.length) {
    const watch = o.freezeConverged === false ? null : new ConvergenceWatch(d, o.rtol, o.atol);
    const solver = odexSolver(d, { rtol: o.rtol, atol: o.atol, maxSteps: o.maxSteps ?? 1_000_000 });
    const result = solver.solve(rhs, 0, [...S0], marks[marks.length - 1], (_nr, wOld, w, y, dense) => {
      if (!dense || w === wOld) return;
      for (; next < marks.length && marks[next] <= w; next++) {
        const u = marks[next];
        out.last = u === w ? Array.from(y) : Array.from({ length: d }, (_, i) => dense(i, u));
        normS.push(norm(out.last));
      }
      if (next < marks.length && watch?.observe(expm1(w), y)) {
        out.frozenFromTau = expm1(w);
        out.last = Array.from(y);
        return false;
      }
    });
    out.steps = result.nAccept;
    out.rejectedSteps = result.nReject;
  }
  // frozen: S stays at its converged value (without a freeze, a short normS means odex gave up at maxSteps)
  if (out.frozenFromTau !== null) for (; next < marks.length; next++) normS.push(norm(out.last));
  return {
    normS,
    S: Float64Array.from(out.last),
    frozenFromTau: out.frozenFromTau,
    gradientEvaluations: field.evaluations,
    steps: out.steps,
    rejectedSteps: out.rejectedSteps,
  };
}
