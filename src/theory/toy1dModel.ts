/**
 * The one-dimensional toy model of SPEC §4 (paper Figs. 3, 8, 9): its parameters, its state, and the training and
 * population metrics at a point (S, b). The closed forms (toy1dClosedForm.ts), the integration (toy1dFlow.ts), the
 * grokking times (toy1dGrokking.ts) and the curve (toy1d.ts) build on it; toy1d.ts's header gives the equations.
 */

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

/** A point of the trajectory: τ (conformal time), the weight S, b, and log t (natural log; −Infinity at t = 0). */
export interface Toy1dState {
  tau: number;
  S: number;
  b: number;
  logT: number;
}

/** e^z − 1 − z, without the cancellation of expm1(z) − z for small z (Taylor to z^11 there: error < 1e-16 relative). */
export function expm1MinusLinear(z: number): number {
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

/**
 * S_∞ (the weight S) for λ < ½: the zero of dS̃/dτ, x e^{S̃x} = e^{−S̃} ⇒ S̃_∞ = log(1/x)/(1 + x) = log(1/(1−2λ))/(2(1−λ)),
 * and S_∞ = S̃_∞/σ; Infinity for λ ≥ ½ (separable: S grows without bound).
 */
export function inseparableLimitS(lambda: number, sigma = 1): number {
  const x = xOfLambda(lambda);
  if (x <= 0) return Number.POSITIVE_INFINITY;
  return -Math.log(x) / (1 + x) / sigma;
}

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
