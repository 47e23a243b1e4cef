/**
 * The 1-D model's flow integrated numerically in conformal time (any λ) by odex, with first-crossing events located
 * on its dense output; and the flow's rates d/dlog t at a state.
 */

import { FirstCrossing, firstTrue, log10TOfV, logExpm1, vOfLog10T } from "../core/logTime.js";
import { odexSolver } from "../core/odex.js";
import { expm1MinusLinear, inseparableLimitS, type Toy1dParams, type Toy1dState, xOfLambda } from "./toy1dModel.js";

/**
 * Solver settings: odex's per-step tolerances on y = (Σ, b, v) and its step cap. Every component is a logarithm
 * (of t, of e^b, of |S̃ − S̃_∞|) or grows like one, so the absolute tolerance is what controls the relative accuracy of
 * t, the losses and S; a relative tolerance on y ~ 200 would only loosen it (measured: rtol 1e-11 → 1e-7 errors).
 */
export interface Toy1dSolverOptions {
  /** relative tolerance per step (default 0) */
  rtol?: number;
  /** absolute tolerance per step (default 1e-12: closed forms reproduced to ~1e-10 relative up to t = 1e90) */
  atol?: number;
  /** accepted-step cap (default 200000) */
  maxSteps?: number;
}

/**
 * The flow as odex integrates it. Independent variable w = log(1 + τ): still conformal time, stepped
 * logarithmically because τ spans 0 … 1e50 (for λ > ½, τ ~ t^{M²/(1+M²)}); dy/dw = (1 + τ) dy/dτ.
 * Components y = (Σ, b, v): v = log(1 + t) accumulates t in log space, dv/dτ = e^{−b−v} (finite at t = 0, unlike log t).
 * Σ carries S̃. For λ ≥ ½ (no fixed point) Σ = S̃. For λ < ½, S̃ relaxes to S̃_∞ at rate μ = (κ/2)q(1 + x),
 * q = e^{−S̃_∞}, which is ∝ σ² (stiff for large σ) and leaves S̃ − S̃_∞ ~ e^{−μτ} (S itself ~1e-90 at λ = 0). So Σ is
 * ζ = log|S̃ − S̃_∞| + μτ: S̃ never crosses its unique fixed point, dζ/dτ → 0, and ζ stays O(1), so an absolute
 * tolerance on ζ is a relative one on S̃ − S̃_∞. All three components are logarithms: atol is a relative error.
 */
class Toy1dFlow {
  readonly x: number;
  readonly kappa: number;
  readonly sInf: number;
  /** relaxation rate of S̃ to S̃_∞ in τ (λ < ½) */
  readonly mu: number;
  /** sign of S̃ − S̃_∞ (λ < ½), 0 when S̃_0 = S̃_∞ (S̃ stays put), NaN for λ ≥ ½ (Σ = S̃) */
  readonly sign: number;
  evaluations = 0;

  constructor(readonly p: Toy1dParams) {
    this.x = xOfLambda(p.lambda);
    this.kappa = p.lr * p.sigma * p.sigma;
    this.sInf = this.x > 0 ? inseparableLimitS(p.lambda, 1) : Number.NaN;
    this.mu = this.x > 0 ? 0.5 * this.kappa * Math.exp(-this.sInf) * (1 + this.x) : 0;
    this.sign = this.x > 0 ? Math.sign(p.sigma * p.S0 - this.sInf) : Number.NaN;
  }

  /** Initial y = (Σ, b, v) at w = 0. */
  initial(): number[] {
    const s0 = this.p.sigma * this.p.S0;
    if (Number.isNaN(this.sign)) return [s0, this.p.b0, 0];
    return [this.sign === 0 ? 0 : Math.log(Math.abs(s0 - this.sInf)), this.p.b0, 0];
  }

  /** S̃ − S̃_∞ from ζ at conformal time τ (λ < ½). */
  deviation(zeta: number, tau: number): number {
    return this.sign === 0 ? 0 : this.sign * Math.exp(zeta - this.mu * tau);
  }

  /** S̃ from Σ at conformal time τ. */
  sTilde(sigmaComponent: number, tau: number): number {
    return Number.isNaN(this.sign) ? sigmaComponent : this.sInf + this.deviation(sigmaComponent, tau);
  }

  /**
   * dΣ/dτ. With δ = S̃ − S̃_∞ and x e^{S̃_∞x} = e^{−S̃_∞} = q, dS̃/dτ = −(κ/2)q(e^{δx} − e^{−δ}); writing
   * e^z = 1 + z + E(z), the linear part is −μδ, so dζ/dτ = (dS̃/dτ)/δ + μ = −(κ/2)q(E(δx) − E(−δ))/δ, no cancellation.
   */
  dSigmaDtau(sigmaComponent: number, tau: number): number {
    const k2 = 0.5 * this.kappa;
    if (Number.isNaN(this.sign)) {
      const s = sigmaComponent;
      return -k2 * (this.x * Math.exp(s * this.x) - Math.exp(-s));
    }
    const delta = this.deviation(sigmaComponent, tau);
    if (delta === 0) return 0;
    return (-k2 * Math.exp(-this.sInf) * (expm1MinusLinear(delta * this.x) - expm1MinusLinear(-delta))) / delta;
  }

  /** dy/dw = e^w dy/dτ, exponents combined so that nothing overflows. */
  rhs(w: number, y: number[]): number[] {
    this.evaluations++;
    const tau = Math.expm1(w);
    const s = this.sTilde(y[0], tau);
    const dSigma = Math.exp(w) * this.dSigmaDtau(y[0], tau);
    const db = -0.5 * this.p.lr * (Math.exp(w + s * this.x) + Math.exp(w - s));
    return [dSigma, db, Math.exp(w - y[1] - y[2])];
  }

  /** The state at (w, y). */
  state(w: number, y: ArrayLike<number>): Toy1dState {
    const tau = Math.expm1(w);
    return { tau, S: this.sTilde(y[0], tau) / this.p.sigma, b: y[1], logT: logExpm1(y[2]) };
  }
}

/** A first-crossing event (SPEC §5): the predicate on the state turns true at some t; located on the dense output. */
export interface Toy1dEvent {
  hit: (s: Toy1dState) => boolean;
}

/** What one integration returns. */
export interface Toy1dIntegration {
  /** states at the requested log10 t (those reached), in order */
  samples: Toy1dState[];
  /** per event: the state where it first turned true (tau 0 / logT −Infinity if at t = 0), or null if never */
  events: (Toy1dState | null)[];
  /** log10 t where integration stopped */
  reachedLog10T: number;
  steps: number;
  rejectedSteps: number;
  rhsEvaluations: number;
}

/** Default solver settings (see Toy1dSolverOptions). */
export const TOY1D_SOLVER_DEFAULTS = { rtol: 0, atol: 1e-12, maxSteps: 200_000 } as const;

/** Upper end of w = log(1 + τ) handed to odex; integration normally stops earlier, at log10TMax (τ ≤ e^{700}). */
const W_MAX = 700;

/**
 * Integrate the flow from t = 0 to log10TMax (or until every event is found, with stopAfterEvents), sampling the
 * state at the requested log10 t (ascending) and locating each event's first crossing. Samples and crossings come from
 * odex's dense output in w, by bisection on its v component (v is increasing): t to ~1e-15 relative.
 */
export function integrateToy1d(
  p: Toy1dParams,
  log10TTargets: readonly number[],
  events: readonly Toy1dEvent[],
  o: Toy1dSolverOptions & { log10TMax: number; stopAfterEvents?: boolean },
): Toy1dIntegration {
  const flow = new Toy1dFlow(p);
  const vEnd = vOfLog10T(o.log10TMax);
  const targets = log10TTargets.filter((l) => l <= o.log10TMax);
  const samples: Toy1dState[] = [];
  const y0 = flow.initial();
  const found = events.map((e) => new FirstCrossing(e.hit));
  for (const f of found) f.observe(0, flow.state(0, y0), null);
  const allFound = () => found.every((f) => f.y !== null);
  let next = 0;
  let vReached = 0;
  const solver = odexSolver(3, {
    rtol: o.rtol ?? TOY1D_SOLVER_DEFAULTS.rtol,
    atol: o.atol ?? TOY1D_SOLVER_DEFAULTS.atol,
    maxSteps: o.maxSteps ?? TOY1D_SOLVER_DEFAULTS.maxSteps,
  });
  const result = solver.solve(flow.rhs.bind(flow), 0, y0, W_MAX, (_nr, wOld, w, y, dense) => {
    if (!dense || w === wOld) return;
    const at = (u: number) => (u === w ? y : [dense(0, u), dense(1, u), dense(2, u)]);
    for (; next < targets.length && vOfLog10T(targets[next]) <= y[2]; next++) {
      const v = vOfLog10T(targets[next]);
      const u = firstTrue(wOld, w, (m) => dense(2, m) >= v);
      samples.push({ ...flow.state(u, at(u)), logT: targets[next] * Math.LN10 });
    }
    const step = { wOld, at: (m: number) => flow.state(m, at(m)) };
    for (const f of found) if (f.y === null) f.observe(w, flow.state(w, y), step);
    vReached = y[2];
    const pastEnd = vReached >= vEnd && next >= targets.length;
    if (pastEnd || (o.stopAfterEvents && allFound())) return false;
  });
  return {
    samples,
    events: found.map((f) => f.y),
    reachedLog10T: log10TOfV(vReached),
    steps: result.nAccept,
    rejectedSteps: result.nReject,
    rhsEvaluations: flow.evaluations,
  };
}

/** dS/dlog t and db/dlog t at a state, from the flow equations: d/dlog t = t e^{b} d/dτ. */
export function toy1dRates(p: Toy1dParams, s: Toy1dState): { dSdLogT: number; dbdLogT: number } {
  const x = xOfLambda(p.lambda);
  const sT = p.sigma * s.S;
  const f = Math.exp(s.b + s.logT);
  const dS = -0.5 * p.lr * p.sigma * (x * Math.exp(sT * x) - Math.exp(-sT)) * f;
  const db = -0.5 * p.lr * (Math.exp(sT * x) + Math.exp(-sT)) * f;
  return { dSdLogT: dS, dbdLogT: db };
}
