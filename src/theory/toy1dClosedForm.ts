/**
 * The 1-D model's closed forms (SPEC §4) for x = 1 − 2λ ∈ {1, 0, −1}: S̃ and b at conformal time τ (any σ), and
 * t(τ) and its inverse (x = −1 at any σ, x ∈ {1, 0} at σ = 1). Natural logs throughout.
 */

import { lambertW0, lambertWOfExp } from "../core/lambertw.js";
import { logExpm1 } from "../core/logTime.js";
import { logAddExp } from "../core/special.js";
import { expm1MinusLinear, type Toy1dParams, type Toy1dState, xOfLambda } from "./toy1dModel.js";

/** log sinh(y) for y > 0, finite for any y (sinh overflows at y ≈ 710). */
function logSinh(y: number): number {
  return y > 1 ? y - Math.LN2 + Math.log1p(-Math.exp(-2 * y)) : Math.log(Math.sinh(y));
}

/** −log tanh(θ) for θ > 0 = 2 atanh(e^{−2θ}); near θ = 0 via expm1 so that 1 − e^{−2θ} keeps its digits. */
function minusLogTanh(theta: number): number {
  if (theta > 0.5) return 2 * Math.atanh(Math.exp(-2 * theta));
  return Math.log1p(Math.exp(-2 * theta)) - Math.log(-Math.expm1(-2 * theta));
}

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
