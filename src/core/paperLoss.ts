/**
 * The loss as the paper's float32 PyTorch measured it (SPEC §6): `BCELoss(sigmoid(f), 0)`, each operation rounded to
 * float32 and the log clamped at −100. Once e^{−f} ≤ 2^−24, 1 + e^{−f} rounds to 1, sigmoid(f) is exactly 1 and the
 * point's loss is 100 where the exact loss softplus(f) ≈ f: so wherever σ‖S‖ is large enough that some points reach
 * f ≥ 24 ln 2 ≈ 16.6, the paper's curves lie above the exact ones.
 */

import { exp, log } from "./detMath.js";
import { populationLoss } from "./population.js";
import { integrateAdaptive } from "./quadrature.js";
import { softplus } from "./special.js";

/** The logit from which float32 sigmoid(f) is exactly 1: e^{−f} ≤ 2^−24 rounds 1 + e^{−f} to 1 (ties to even). */
export const FLOAT32_SIGMOID_SATURATES = 24 * Math.LN2;

/** PyTorch's clamp of log p and log(1 − p) in BCELoss. */
const BCE_LOG_CLAMP = -100;

const f32 = Math.fround;

/** float32 BCELoss of one logit f against target 0, as PyTorch computes it: −max(log(1 − sigmoid(f)), −100). */
export function float32BceLoss(f: number): number {
  const p = f32(1 / f32(1 + f32(exp(-f32(f)))));
  return -Math.max(f32(log(f32(1 - p))), BCE_LOG_CLAMP);
}

const LOG_SQRT_2PI = 0.5 * log(2 * Math.PI);

/**
 * E[(100 − softplus(z)) · 1(z ≥ 24 ln 2)] for z = a·u + b, u ~ N(0, 1) (a = σ‖S‖, SPEC §2): what the saturated points
 * add to the exact logistic population loss in the paper's float32 BCELoss. It leaves out float32's rounding of
 * 1 − sigmoid(z) below saturation, which changes a point's loss by less than log 2 and only for z > 14 (relative
 * rounding of 1 − p below 2^−24 / e^{−14} ≈ 7 % elsewhere).
 */
export function float32BceExcess(b: number, a: number): number {
  if (a === 0) return b >= FLOAT32_SIGMOID_SATURATES ? -BCE_LOG_CLAMP - softplus(b) : 0;
  const uSat = (FLOAT32_SIGMOID_SATURATES - b) / a;
  // φ(u) < e^{−800} beyond |u| = 40: nothing left to add there
  if (uSat > 40) return 0;
  const lo = Math.max(uSat, -40);
  const excess = (u: number) => (-BCE_LOG_CLAMP - softplus(a * u + b)) * exp(-0.5 * u * u - LOG_SQRT_2PI);
  return integrateAdaptive(excess, [lo, 40], 1e-10, 20_000);
}

/** The population mean of the paper's float32 BCELoss: the exact logistic population loss plus float32BceExcess. */
export function float32BcePopulationLoss(b: number, a: number): number {
  return populationLoss("logistic", b, a) + float32BceExcess(b, a);
}
