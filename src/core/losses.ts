/**
 * The loss table of the kernel: every training loss ℓ(z) of the model's logit z (labels −1, SPEC §1) with its code in
 * the WASM ABI and the per-row formulas of the TypeScript reference passes (core/lossKernel.ts). Adding a loss: an
 * entry here and its branch in assembly/lossKernel.ts (the section "the losses"), under the same code.
 */

import { exp, log1p } from "./detMath.js";
import { logSigmoid, logSoftplus } from "./special.js";

/** Largest |log weight| for which the linear pass is exact to float64 relative precision. */
export const SAFE_LOG = 600;

/** One loss: its ABI code and its per-row formulas. */
export interface LossDefinition {
  /** the `loss` argument of the WASM passes (assembly/lossKernel.ts LOSS_*) */
  readonly code: number;
  /** log of the per-point loss at logit z */
  logPointLoss(z: number): number;
  /** log of the weight w = ∂ℓ/∂z at z */
  logPointWeight(z: number): number;
  /** the linear-space pass's row: writes the weight w(z) to w[k] and returns ℓ(z) */
  linearPoint(z: number, w: Float64Array, k: number): number;
  /** whether the linear pass's weights are exact given the largest logit of the pass */
  linearOk(maxZ: number): boolean;
}

const logistic: LossDefinition = {
  code: 1,
  logPointLoss: logSoftplus,
  logPointWeight: logSigmoid,
  linearPoint(z, w, k) {
    const e = exp(-Math.abs(z));
    w[k] = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    return Math.max(z, 0) + log1p(e);
  },
  linearOk: (maxZ) => !(maxZ < -SAFE_LOG),
};

const exponential: LossDefinition = {
  code: 0,
  logPointLoss: (z) => z,
  logPointWeight: (z) => z,
  linearPoint(z, w, k) {
    w[k] = exp(z);
    return w[k];
  },
  linearOk: (maxZ) => !(maxZ < -SAFE_LOG || maxZ > SAFE_LOG),
};

/** The losses by name: logistic ℓ = softplus(z), exponential ℓ = e^z. */
export const LOSSES = { logistic, exp: exponential } as const;

export type LossName = keyof typeof LOSSES;

/** The loss names, in table order (the config schema's choices). */
export const LOSS_NAMES = Object.keys(LOSSES) as LossName[];
