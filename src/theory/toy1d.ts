/**
 * The one-dimensional toy model of SPEC §4 (paper Figs. 3, 8, 9): two points x_1 = −σ, x_2 = σx with x = 1 − 2λ,
 * exponential loss L = ½(e^{S x_1 + b} + e^{S x_2 + b}), gradient flow dS/dt = −η ∂L/∂S, db/dt = −η ∂L/∂b
 * (t in GD epochs, η the learning rate).
 *
 * Everything is written for S̃ = σS (SPEC §3.7): the logits are −S̃ + b and S̃x + b, so the loss is the σ = 1 loss,
 * and the flow of S̃ has rate κ = ησ² while b keeps rate η. In conformal time τ (dτ = e^b dt, SPEC §3.5):
 *   dS̃/dτ = −(κ/2)(x e^{S̃x} − e^{−S̃}),   db/dτ = −(η/2)(e^{S̃x} + e^{−S̃}),   dt/dτ = e^{−b}.
 * The S̃ equation is autonomous and b-free; b and t then follow by quadrature. With σ = 1 these are SPEC §4's equations.
 *
 * Time t reaches 1e100 and losses 1e−90, so t is carried as v = log(1 + t) (natural log) and losses as natural logs;
 * outputs are log10 (names say which).
 */

import odex from "odex";
import { lambertW0, lambertWOfExp } from "../core/lambertw.js";
import { FirstCrossing, firstTrue, log10TOfV, logExpm1, vOfLog10T } from "../core/logTime.js";
import { populationAccuracy, populationLogLoss } from "../core/population.js";
import { logAddExp } from "../core/special.js";

/** Parameters of the 1-D model. */
export interface Toy1dParams {
  /** λ = d/N ∈ [0, 1]; the second point sits at σ(1 − 2λ) */
  lambda: number;
  /** data scale σ > 0 (std of the Gaussian the population metrics use) */
  sigma: number;
  /** learning rate η > 0 (t is in epochs) */
  lr: number;
  /** initial weight S (S̃ = σS is the σ = 1 weight, SPEC §3.7) */
  S0: number;
  /** initial bias */
  b0: number;
}

/** Defaults: σ = 1, η = 1 (unstated in the paper, SPEC §6), S_0 = b_0 = 0 (b_0 as SPEC §1; S_0 = 0 is the 1-D origin). */
export const TOY1D_DEFAULTS = { sigma: 1, lr: 1, S0: 0, b0: 0 } as const;

/** A point of the trajectory: τ (conformal time), the weight S, b, and log t (natural log; −Infinity at t = 0). */
export interface Toy1dState {
  tau: number;
  S: number;
  b: number;
  logT: number;
}

// ─── small log-space helpers ─────────────────────────────────────────────────────────────────────────────────────

/** log sinh(y) for y > 0, finite for any y (sinh overflows at y ≈ 710). */
function logSinh(y: number): number {
  return y > 1 ? y - Math.LN2 + Math.log1p(-Math.exp(-2 * y)) : Math.log(Math.sinh(y));
}

/** −log tanh(θ) for θ > 0 = 2 atanh(e^{−2θ}); near θ = 0 via expm1 so that 1 − e^{−2θ} keeps its digits. */
function minusLogTanh(theta: number): number {
  if (theta > 0.5) return 2 * Math.atanh(Math.exp(-2 * theta));
  return Math.log1p(Math.exp(-2 * theta)) - Math.log(-Math.expm1(-2 * theta));
}

/** e^z − 1 − z, without the cancellation of expm1(z) − z for small z (Taylor to z^11 there: error < 1e-16 relative). */
function expm1MinusLinear(z: number): number {
  if (Math.abs(z) >= 0.1) return Math.expm1(z) - z;
  let term = 0.5 * z * z;
  let sum = term;
  for (let k = 3; k <= 11; k++) {
    term *= z / k;
    sum += term;
  }
  return sum;
}

/** x = 1 − 2λ, the position of the second point in units of σ. */
export function xOfLambda(lambda: number): number {
  return 1 - 2 * lambda;
}

export { log10TOfV, vOfLog10T };

// ─── closed forms (SPEC §4) ──────────────────────────────────────────────────────────────────────────────────────

/** The three exactly solvable cases x = 1 − 2λ ∈ {1, 0, −1}; throws otherwise. */
function solvableX(p: Toy1dParams): 1 | 0 | -1 {
  const x = xOfLambda(p.lambda);
  if (x === 1 || x === 0 || x === -1) return x;
  throw new Error(`toy1d closed forms need λ ∈ {0, ½, 1} (x = 1 − 2λ ∈ {1, 0, −1}); got λ = ${p.lambda}`);
}

/**
 * x = 1: u = e^{S̃} obeys du/dτ = −(κ/2)(u² − 1), solved by u = tanh θ (S̃_0 < 0) or coth θ (S̃_0 > 0) with
 * θ = κτ/2 + θ_0, θ_0 = atanh e^{S̃_0} resp. arcoth e^{S̃_0}; both are θ_0 = −½ log tanh(|S̃_0|/2), and
 * S̃ = sgn(S̃_0)·(−log tanh θ). Then u + 1/u = 2 coth 2θ, so db/dτ = −η coth 2θ integrates (dτ = 2dθ/κ) to
 * b = b_0 − σ^{−2} log(sinh 2θ / sinh 2θ_0), where log(sinh 2θ/sinh 2θ_0) = κτ + log(1−e^{−4θ}) − log(1−e^{−4θ_0}).
 */
function closedFormX1(p: Toy1dParams, tau: number): { sTilde: number; b: number; theta: number; theta0: number } {
  const s0 = p.sigma * p.S0;
  const kappa = p.lr * p.sigma * p.sigma;
  if (s0 === 0) return { sTilde: 0, b: p.b0 - p.lr * tau, theta: Infinity, theta0: Infinity }; // fixed point u = 1
  const theta0 = -0.5 * Math.log(Math.tanh(0.5 * Math.abs(s0)));
  const theta = theta0 + 0.5 * kappa * tau;
  const logSinhRatio = kappa * tau + Math.log(-Math.expm1(-4 * theta)) - Math.log(-Math.expm1(-4 * theta0));
  return { sTilde: Math.sign(s0) * minusLogTanh(theta), b: p.b0 - logSinhRatio / (p.sigma * p.sigma), theta, theta0 };
}

/** S̃ and b in closed form at conformal time τ, for any σ (x ∈ {1, 0, −1}; SPEC §4 generalised by S̃ = σS). */
export function closedFormSb(p: Toy1dParams, tau: number): { S: number; b: number } {
  const x = solvableX(p);
  const s0 = p.sigma * p.S0;
  const kappa = p.lr * p.sigma * p.sigma;
  const invSigma2 = 1 / (p.sigma * p.sigma);
  if (x === 1) {
    const c = closedFormX1(p, tau);
    return { S: c.sTilde / p.sigma, b: c.b };
  }
  if (x === 0) {
    // dS̃/dτ = (κ/2)e^{−S̃} ⇒ e^{S̃} = e^{S̃_0} + κτ/2; db/dτ = −(η/2)(1 + e^{−S̃}) integrates to the log below
    const g = Math.log1p((0.5 * kappa * tau) / Math.exp(s0));
    return { S: (s0 + g) / p.sigma, b: p.b0 - 0.5 * p.lr * tau - invSigma2 * g };
  }
  // x = −1: dS̃/dτ = κ e^{−S̃} ⇒ e^{S̃} = e^{S̃_0} + κτ; db/dτ = −η e^{−S̃} ⇒ b = b_0 − σ^{−2} log(1 + κτ e^{−S̃_0})
  const g = Math.log1p(kappa * tau * Math.exp(-s0));
  return { S: (s0 + g) / p.sigma, b: p.b0 - invSigma2 * g };
}

/**
 * log t(τ) (natural log) in closed form: t = ∫_0^τ e^{−b} dτ'. Elementary for x = −1 at any σ
 * ((1 + q)^{1/σ²} integrates to a power), and for x ∈ {1, 0} at σ = 1 only (else an incomplete beta/gamma function).
 */
export function closedFormLogT(p: Toy1dParams, tau: number): number {
  const x = solvableX(p);
  if (tau === 0) return Number.NEGATIVE_INFINITY;
  const s0 = p.sigma * p.S0;
  if (x === -1) {
    // t = e^{−b_0} ∫ (1 + κτ'e^{−S̃_0})^{1/σ²} dτ' = e^{S̃_0 − b_0}/(κ π)·[(1+q)^π − 1], π = 1 + σ^{−2}, q = κτe^{−S̃_0}
    const kappa = p.lr * p.sigma * p.sigma;
    const pw = 1 + 1 / (p.sigma * p.sigma);
    const q = kappa * tau * Math.exp(-s0);
    return s0 - p.b0 - Math.log(kappa * pw) + logExpm1(pw * Math.log1p(q));
  }
  if (p.sigma !== 1) throw new Error("toy1d: closed-form t(τ) for x ∈ {1, 0} exists for σ = 1 only (SPEC §4)");
  if (x === 1) return closedFormLogTX1(p, tau);
  return closedFormLogTX0(p, tau);
}

/**
 * x = 1, σ = 1: e^{−b} = e^{−b_0} sinh 2θ / sinh 2θ_0, ∫ sinh 2θ dτ = (cosh 2θ − cosh 2θ_0)/η, and
 * cosh 2θ − cosh 2θ_0 = 2 sinh(θ+θ_0) sinh(θ−θ_0) with θ − θ_0 = ητ/2 exactly: no cancellation at small τ.
 */
function closedFormLogTX1(p: Toy1dParams, tau: number): number {
  if (p.S0 === 0) return -p.b0 - Math.log(p.lr) + logExpm1(p.lr * tau); // b = b_0 − ητ
  const { theta, theta0 } = closedFormX1(p, tau);
  const sum = logSinh(theta + theta0) + logSinh(0.5 * p.lr * tau);
  return -p.b0 - Math.log(p.lr) - logSinh(2 * theta0) + Math.LN2 + sum;
}

/**
 * x = 0, σ = 1: with a = e^{S_0}, P = ητ/2, e^{−b} = e^{−b_0 − S_0}(a + P)e^P, so
 * t = (2e^{−b_0−S_0}/η)[(a − 1 + P)e^P − (a − 1)] = (2e^{−b_0−S_0}/η) e^P B, B = P + (a − 1)(1 − e^{−P}).
 * For a < 1, B = aP + (1 − a)(P − 1 + e^{−P}) keeps both terms positive (no cancellation).
 */
function closedFormLogTX0(p: Toy1dParams, tau: number): number {
  const a = Math.exp(p.S0);
  const P = 0.5 * p.lr * tau;
  let B: number;
  if (a >= 1) B = P + (a - 1) * -Math.expm1(-P);
  else B = a * P + (1 - a) * expm1MinusLinear(-P); // e^{−P} − 1 + P ≥ 0
  return Math.LN2 - p.b0 - p.S0 - Math.log(p.lr) + P + Math.log(B);
}

/**
 * τ(t) from log t (natural log) in closed form, inverting closedFormLogT. x = 0 uses Lambert W (SPEC §4):
 * (P + a − 1)e^P = R with R = ηt e^{b_0+S_0}/2 + a − 1, so P = W0(R e^{a−1}) − (a − 1); W0 because P + a − 1 ≥ a − 1 > −1.
 */
export function closedFormTauOfLogT(p: Toy1dParams, logT: number): number {
  const x = solvableX(p);
  if (logT === Number.NEGATIVE_INFINITY) return 0;
  const s0 = p.sigma * p.S0;
  if (x === -1) {
    // (1+q)^π = 1 + t κπ e^{b_0 − S̃_0}: log(1+q) = log1p(R)/π, τ = e^{S̃_0}(e^{log(1+q)} − 1)/κ
    const kappa = p.lr * p.sigma * p.sigma;
    const pw = 1 + 1 / (p.sigma * p.sigma);
    const logR = logT + Math.log(kappa * pw) + p.b0 - s0;
    return (Math.exp(s0) * Math.expm1(logAddExp(0, logR) / pw)) / kappa;
  }
  if (p.sigma !== 1) throw new Error("toy1d: closed-form τ(t) for x ∈ {1, 0} exists for σ = 1 only (SPEC §4)");
  if (x === 1) return tauOfLogTX1(p, logT);
  const A = Math.exp(p.S0) - 1;
  const logK = logT + Math.log(0.5 * p.lr) + p.b0 + p.S0; // log(ηt e^{b_0+S_0}/2)
  let W: number;
  if (logK < 30) W = lambertW0((Math.exp(logK) + A) * Math.exp(A));
  else W = lambertWOfExp(logK + Math.log1p(A * Math.exp(-logK)) + A); // R e^{A} overflows: log form
  return (2 * (W - A)) / p.lr;
}

/**
 * x = 1, σ = 1 inverse: cosh 2θ = cosh 2θ_0 + ηt e^{b_0} sinh 2θ_0 =: Y, 2θ = acosh Y = log Y + log(1 + √(1 − Y^{−2})),
 * with log Y from logAddExp (Y overflows for t ≳ 1e300); τ = (2θ − 2θ_0)/η.
 */
function tauOfLogTX1(p: Toy1dParams, logT: number): number {
  if (p.S0 === 0) return Math.log1p(Math.exp(logT + Math.log(p.lr) + p.b0)) / p.lr; // t = e^{−b_0}(e^{ητ} − 1)/η
  const theta0 = -0.5 * Math.log(Math.tanh(0.5 * Math.abs(p.S0)));
  const logCosh0 = 2 * theta0 - Math.LN2 + Math.log1p(Math.exp(-4 * theta0));
  const logY = logAddExp(logCosh0, logT + Math.log(p.lr) + p.b0 + logSinh(2 * theta0));
  const twoTheta = logY + Math.log1p(Math.sqrt(-Math.expm1(-2 * logY)));
  return (twoTheta - 2 * theta0) / p.lr;
}

/** The closed-form state at a given log t (natural log): τ(t), then S(τ), b(τ). */
export function closedFormAtLogT(p: Toy1dParams, logT: number): Toy1dState {
  const tau = closedFormTauOfLogT(p, logT);
  const { S, b } = closedFormSb(p, tau);
  return { tau, S, b, logT };
}

// ─── the inseparable limit and the long-time table (SPEC §4) ─────────────────────────────────────────────────────

/**
 * S_∞ (the weight S) for λ < ½: the zero of dS̃/dτ, x e^{S̃x} = e^{−S̃} ⇒ S̃_∞ = log(1/x)/(1 + x) = log(1/(1−2λ))/(2(1−λ)),
 * and S_∞ = S̃_∞/σ; Infinity for λ ≥ ½ (separable: S grows without bound).
 */
export function inseparableLimitS(lambda: number, sigma = 1): number {
  const x = xOfLambda(lambda);
  if (x <= 0) return Number.POSITIVE_INFINITY;
  return -Math.log(x) / (1 + x) / sigma;
}

/** Predicted late-time behaviour (SPEC §4 table, at general σ): limits for λ < ½, slopes in log t for λ > ½. */
export interface LongTimePrediction {
  regime: "inseparable" | "critical" | "separable";
  /** λ < ½: S_∞ (the weight S itself, S̃_∞/σ) */
  sInfinity?: number;
  /** λ < ½: lim (b + log t) = −log(η g), g = ½(e^{S̃_∞x} + e^{−S̃_∞}) the training loss per unit e^b at S_∞ */
  bPlusLogT?: number;
  /** λ = ½: lim (σS − log log t) = log σ² (e^{S̃} ≈ κτ/2 while log t = ητ/2 + O(log τ)) */
  sTildeMinusLogLogT?: number;
  /** λ > ½: lim dS/dlog t = M/(1+M²), M = σ(2λ − 1) the margin of the data as drawn (SPEC §3.4) */
  dSdLogT?: number;
  /** λ > ½: lim db/dlog t = −1/(1+M²) */
  dbdLogT?: number;
}

/**
 * The long-time table of SPEC §4 (σ = 1 there). For λ > ½ only x_2 = σx is a support vector (x_1 = −σ lies farther
 * out), so late on z_2 = Sσx + b carries the loss: (dS, db)/dt ∝ (σx, 1) e^{z_2}, dz_2/dt = −(η/2)(1 + M²)e^{z_2},
 * e^{−z_2} ≈ (η/2)(1 + M²)t, hence db/dlog t → −1/(1+M²) and dS/dlog t = σx·db/dlog t → M/(1+M²).
 * For λ < ½, S̃ → S̃_∞ and then db/dt = −η g e^b, so e^{−b} ≈ η g t.
 */
export function longTimePrediction(p: Pick<Toy1dParams, "lambda" | "sigma" | "lr">): LongTimePrediction {
  const x = xOfLambda(p.lambda);
  if (x > 0) {
    const sInf = inseparableLimitS(p.lambda, 1);
    const g = 0.5 * (Math.exp(sInf * x) + Math.exp(-sInf));
    return { regime: "inseparable", sInfinity: sInf / p.sigma, bPlusLogT: -Math.log(p.lr * g) };
  }
  if (x === 0) return { regime: "critical", sTildeMinusLogLogT: 2 * Math.log(p.sigma) };
  const M = -p.sigma * x;
  return { regime: "separable", dSdLogT: M / (1 + M * M), dbdLogT: -1 / (1 + M * M) };
}

// ─── numerical integration in conformal time (any λ) ─────────────────────────────────────────────────────────────

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
  const solver = new odex.Solver(3);
  solver.denseOutput = true;
  solver.relativeTolerance = o.rtol ?? TOY1D_SOLVER_DEFAULTS.rtol;
  solver.absoluteTolerance = o.atol ?? TOY1D_SOLVER_DEFAULTS.atol;
  solver.maxSteps = o.maxSteps ?? TOY1D_SOLVER_DEFAULTS.maxSteps;
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

// ─── metrics along the curve ─────────────────────────────────────────────────────────────────────────────────────

/** Training and population metrics at (S, b); losses as log10, accuracies as fractions. */
export interface Toy1dMetrics {
  /** log10 of the training loss ½(e^{−σS + b} + e^{σSx + b}) */
  log10TrainLoss: number;
  /** log10 of the population exp loss E e^{Sz + b}, z ~ N(0, σ²) (SPEC §2: b + σ²S²/2) */
  log10PopLoss: number;
  /** population accuracy P(Sz + b < 0) = ½ erfc(b/(√2 σ|S|)) */
  popAcc: number;
  /** fraction of the two training points with f < 0 */
  trainAcc: number;
}

/** The metrics of SPEC §2 for the 1-D model with data std σ. */
export function toy1dMetrics(p: Toy1dParams, S: number, b: number): Toy1dMetrics {
  const x = xOfLambda(p.lambda);
  const sT = p.sigma * S;
  const logTrain = b - Math.LN2 + logAddExp(-sT, sT * x);
  const scale = Math.abs(sT);
  return {
    log10TrainLoss: logTrain / Math.LN10,
    log10PopLoss: populationLogLoss("exp", b, scale) / Math.LN10,
    popAcc: populationAccuracy(b, scale),
    trainAcc: ((b - sT < 0 ? 1 : 0) + (sT * x + b < 0 ? 1 : 0)) / 2,
  };
}

// ─── grokking times (SPEC §4, §5) ────────────────────────────────────────────────────────────────────────────────

/** One grokking-time measurement (SPEC §5) with the definition that must be printed next to it. */
export interface Toy1dGrokkingTime {
  definition: string;
  /**
   * log10 of the first t where the training metric crosses (−Infinity: already at t = 0; null: not reached). Located by
   * bisection in w = log(1 + τ), so a crossing at t = 0⁺ (true for every t > 0, e.g. training accuracy from b_0 = 0)
   * reads as the bisection floor, t ≈ 1e-22.
   */
  log10TTrain: number | null;
  /** log10 of the first t where the generalization metric crosses */
  log10TGen: number | null;
  /** log10(t_gen − t_tr), the grokking time proper; null unless t_gen > t_tr */
  log10Delay: number | null;
  /** √(log(t_gen/t_tr)) (natural log; Fig. 9 right); null unless t_gen ≥ t_tr > 0 */
  sqrtLogRatio: number | null;
}

/** The 1-D model's grokking times: loss threshold ε (Figs. 8–9), accuracy threshold (Fig. 3), large-σ prediction. */
export interface Toy1dGrokking {
  loss: Toy1dGrokkingTime & { epsilon: number };
  accuracy: Toy1dGrokkingTime & { threshold: number };
  prediction: Toy1dGrokkingTime & { epsilon: number };
}

/** Assemble a Toy1dGrokkingTime from the two crossing times (log10 t, or null). */
function grokkingTimes(definition: string, tr: number | null, gen: number | null): Toy1dGrokkingTime {
  const both = tr !== null && gen !== null;
  // gen = tr is a zero delay (log10 → −Infinity), not "not reached"
  const delay = both && gen >= tr ? gen + Math.log1p(-(10 ** (tr - gen))) / Math.LN10 : null;
  const ratio = both && gen >= tr && Number.isFinite(tr) ? Math.sqrt((gen - tr) * Math.LN10) : null;
  return { definition, log10TTrain: tr, log10TGen: gen, log10Delay: delay, sqrtLogRatio: ratio };
}

/** Common suffix of the definitions: the model, the dynamics and the unit of t. */
function runDescription(p: Toy1dParams): string {
  return `1-D model, λ = ${p.lambda}, σ = ${p.sigma}, gradient flow on the exp loss with η = ${p.lr}, t in epochs`;
}

/**
 * SPEC §4 large-σ prediction: S̃ reaches S̃_∞ ≈ log(1/x) before b moves, then e^{−b} ≈ η g t with g ≈ ½, so the training
 * loss g e^b ≈ 1/(ηt) and the population loss e^{b + S̃²/2} reach ε at t*_tr = 1/(ηε), t*_gen = (2/(ηε))e^{½log²(1−2λ)}.
 */
export function predictedGrokking(p: Toy1dParams, epsilon: number): Toy1dGrokkingTime & { epsilon: number } {
  const tr = -Math.log10(p.lr * epsilon);
  const logX = Math.log(xOfLambda(p.lambda));
  const gen = xOfLambda(p.lambda) > 0 ? tr + Math.log10(2) + (0.5 * logX * logX) / Math.LN10 : null;
  const definition =
    `large-σ prediction (SPEC §4) for loss threshold ε = ${epsilon}: t*_tr = 1/(ηε), ` +
    `t*_gen = (2/(ηε)) exp(½ log²(1−2λ)); ${runDescription(p)}`;
  return { ...grokkingTimes(definition, tr, gen), epsilon };
}

/**
 * The same large-σ argument without the λ → ½ approximations (derived here): with S̃ frozen at S̃_∞ from t = 0,
 * e^{−b} = e^{−b_0} + η g t, g = ½(e^{S̃_∞x} + e^{−S̃_∞}); training loss g e^b = ε at t = (1/ε − e^{−b_0}/g)/η and
 * population loss e^{b + S̃_∞²/2} = ε at t = (e^{S̃_∞²/2}/ε − e^{−b_0})/(ηg). The σ → ∞ limit of the flow (λ < ½).
 */
export function frozenLimitGrokking(p: Toy1dParams, epsilon: number): { log10TTrain: number; log10TGen: number } {
  const sInf = inseparableLimitS(p.lambda, 1);
  const x = xOfLambda(p.lambda);
  const logG = Math.log(0.5) + logAddExp(sInf * x, -sInf);
  const logEps = Math.log(epsilon);
  // log(e^A − e^B) = A + log(1 − e^{B−A}), A > B when the threshold is below the initial loss
  const logDiff = (a: number, b: number) => a + Math.log(-Math.expm1(b - a));
  const tr = logDiff(-logEps, -p.b0 - logG) - Math.log(p.lr);
  const gen = logDiff(0.5 * sInf * sInf - logEps, -p.b0) - Math.log(p.lr) - logG;
  return { log10TTrain: tr / Math.LN10, log10TGen: gen / Math.LN10 };
}

/** SPEC §4: √log(t*_gen/t*_tr) ≈ |log(1−2λ)|/√2 (the log 2 of the prefactor dropped), λ < ½. */
export function predictedSqrtLogRatio(lambda: number): number {
  return Math.abs(Math.log(xOfLambda(lambda))) / Math.SQRT2;
}

/** The four first-crossing events, in order: train loss ≤ ε, population loss ≤ ε, train acc ≥ a, population acc ≥ a. */
function grokkingEvents(p: Toy1dParams, epsilon: number, accThreshold: number): Toy1dEvent[] {
  const log10Eps = Math.log10(epsilon);
  const m = (s: Toy1dState) => toy1dMetrics(p, s.S, s.b);
  return [
    { hit: (s) => m(s).log10TrainLoss <= log10Eps },
    { hit: (s) => m(s).log10PopLoss <= log10Eps },
    { hit: (s) => m(s).trainAcc >= accThreshold },
    { hit: (s) => m(s).popAcc >= accThreshold },
  ];
}

/** Grokking times from the four events of grokkingEvents (states or null). */
function grokkingFromEvents(
  p: Toy1dParams,
  found: readonly (Toy1dState | null)[],
  epsilon: number,
  accThreshold: number,
): Toy1dGrokking {
  const l10 = (s: Toy1dState | null) => (s === null ? null : s.logT / Math.LN10);
  const lossDef =
    `grokking time, loss threshold ε = ${epsilon} (SPEC §5): t*_tr = first t with training loss ` +
    `½(e^{−σS+b} + e^{σ(1−2λ)S+b}) ≤ ε, t*_gen = first t with population loss E e^{Sz+b}, z ~ N(0, σ²), ≤ ε; ` +
    runDescription(p);
  const accDef =
    `grokking time, accuracy threshold ${accThreshold} (SPEC §5, Fig. 3): t_tr = first t with training accuracy ` +
    `≥ ${accThreshold}, t_gen = first t with population accuracy ½ erfc(b/(√2σ|S|)) ≥ ${accThreshold}; ` +
    runDescription(p);
  return {
    loss: { ...grokkingTimes(lossDef, l10(found[0]), l10(found[1])), epsilon },
    accuracy: { ...grokkingTimes(accDef, l10(found[2]), l10(found[3])), threshold: accThreshold },
    prediction: predictedGrokking(p, epsilon),
  };
}

/**
 * Grokking times of one run: integrate until all four crossings are found or log10 t = log10TMax (default 200;
 * t*_gen ~ 1e107 at 1 − 2λ = 1e-7, ε = 1e-50).
 */
export function toy1dGrokking(
  p: Toy1dParams,
  o: Toy1dSolverOptions & { epsilon: number; accThreshold?: number; log10TMax?: number },
): Toy1dGrokking & { reachedLog10T: number } {
  const acc = o.accThreshold ?? 0.95;
  const events = grokkingEvents(p, o.epsilon, acc);
  const run = integrateToy1d(p, [], events, { ...o, log10TMax: o.log10TMax ?? 200, stopAfterEvents: true });
  return { ...grokkingFromEvents(p, run.events, o.epsilon, acc), reachedLog10T: run.reachedLog10T };
}

// ─── the curve for `grokedge toy1d` ──────────────────────────────────────────────────────────────────────────────

/** Options of toy1dCurve; omitted model fields take TOY1D_DEFAULTS. */
export interface Toy1dCurveOptions extends Toy1dSolverOptions {
  lambda: number;
  sigma?: number;
  lr?: number;
  S0?: number;
  b0?: number;
  /** first sampled log10 t (default −2) */
  log10TMin?: number;
  /** last sampled log10 t (default 100) */
  log10TMax?: number;
  /** samples per decade of t (default 10) */
  perDecade?: number;
  /** loss threshold ε of the grokking time (default 1e-50, Fig. 8 right) */
  epsilon?: number;
  /** accuracy threshold (default 0.95, Fig. 3 right) */
  accThreshold?: number;
}

/** One sample of the curve: t as log10 t, losses as log10, S the weight (σS = S̃). */
export interface Toy1dRecord {
  log10_t: number;
  tau: number;
  S: number;
  b: number;
  log10_train_loss: number;
  log10_pop_loss: number;
  pop_acc: number;
}

/** What accompanies the records: the resolved parameters, grokking times with definitions, solver statistics. */
export interface Toy1dSummary {
  params: Toy1dParams;
  grokking: Toy1dGrokking;
  longTime: LongTimePrediction;
  solver: { rtol: number; atol: number; steps: number; rejectedSteps: number; rhsEvaluations: number };
  reachedLog10T: number;
}

/** Reject values the model cannot take, naming the parameter (the CLI validates first; this guards the library). */
function checkCurveOptions(o: Toy1dCurveOptions, p: Toy1dParams, perDecade: number, min: number, max: number): void {
  const bad = (what: string) => {
    throw new RangeError(`toy1dCurve: ${what}`);
  };
  if (!(p.lambda >= 0 && p.lambda <= 1)) bad(`lambda must be in [0, 1] (got ${o.lambda})`);
  if (!(p.sigma > 0 && Number.isFinite(p.sigma))) bad(`sigma must be a positive number (got ${p.sigma})`);
  if (!(p.lr > 0 && Number.isFinite(p.lr))) bad(`lr must be a positive number (got ${p.lr})`);
  if (!Number.isFinite(p.S0) || !Number.isFinite(p.b0)) bad("S0 and b0 must be finite");
  if (!(Number.isInteger(perDecade) && perDecade >= 1)) bad(`perDecade must be an integer ≥ 1 (got ${perDecade})`);
  if (!(Number.isFinite(min) && Number.isFinite(max) && max > min)) bad("need finite log10TMin < log10TMax");
  const eps = o.epsilon ?? 1e-50;
  if (!(eps > 0 && eps < 1)) bad(`epsilon must be in (0, 1) (got ${eps})`);
}

/** The 1-D model's curve from t = 10^{log10TMin} to 10^{log10TMax}, perDecade samples per decade, and its summary. */
export function toy1dCurve(o: Toy1dCurveOptions): { records: Toy1dRecord[]; summary: Toy1dSummary } {
  const p: Toy1dParams = {
    lambda: o.lambda,
    sigma: o.sigma ?? TOY1D_DEFAULTS.sigma,
    lr: o.lr ?? TOY1D_DEFAULTS.lr,
    S0: o.S0 ?? TOY1D_DEFAULTS.S0,
    b0: o.b0 ?? TOY1D_DEFAULTS.b0,
  };
  const perDecade = o.perDecade ?? 10;
  const min = o.log10TMin ?? -2;
  const max = o.log10TMax ?? 100;
  checkCurveOptions(o, p, perDecade, min, max);
  const epsilon = o.epsilon ?? 1e-50;
  const acc = o.accThreshold ?? 0.95;
  const count = Math.floor((max - min) * perDecade + 1e-9);
  const grid = Array.from({ length: count + 1 }, (_, k) => (min * perDecade + k) / perDecade); // decimals round cleanly
  if (max - grid[count] > 1e-9) grid.push(max);
  const run = integrateToy1d(p, grid, grokkingEvents(p, epsilon, acc), { ...o, log10TMax: max });
  const records = run.samples.map((s, i): Toy1dRecord => {
    const m = toy1dMetrics(p, s.S, s.b);
    return {
      log10_t: grid[i],
      tau: s.tau,
      S: s.S,
      b: s.b,
      log10_train_loss: m.log10TrainLoss,
      log10_pop_loss: m.log10PopLoss,
      pop_acc: m.popAcc,
    };
  });
  const solver = {
    rtol: o.rtol ?? TOY1D_SOLVER_DEFAULTS.rtol,
    atol: o.atol ?? TOY1D_SOLVER_DEFAULTS.atol,
    steps: run.steps,
    rejectedSteps: run.rejectedSteps,
    rhsEvaluations: run.rhsEvaluations,
  };
  const grokking = grokkingFromEvents(p, run.events, epsilon, acc);
  return {
    records,
    summary: { params: p, grokking, longTime: longTimePrediction(p), solver, reachedLog10T: run.reachedLog10T },
  };
}
