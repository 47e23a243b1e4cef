/**
 * Full-batch Adam on the constant-label model (SPEC §1 variants; Figs. 5 and 11), float64, with the update of PyTorch's
 * `torch.optim.Adam` (weight_decay = 0, amsgrad = false, maximize = false), applied elementwise to θ = (S, b): the bias
 * is one more parameter with its own moments. It is gd.ts's `descend` loop with an Adam StepRule, so metrics, grokking
 * crossings, checkpoints (t = η·epoch, as for GD) and the result type are exactly those of gradientDescent.
 */

import type { DataMatrix, Dataset } from "../core/data.js";
import { exp, pow } from "../core/detMath.js";
import { descend, type GDOptions, type GDResult, type StepRule } from "./gd.js";

export interface AdamOptions extends GDOptions {
  /** decay of the first moment, PyTorch default 0.9 */
  beta1: number;
  /** decay of the second moment, PyTorch default 0.999 */
  beta2: number;
  /** added to the bias-corrected √v, PyTorch default 1e-8 */
  eps: number;
}

/** PyTorch's defaults (SPEC §1; Fig. 11 uses them, Fig. 5 uses β = (0.8, 0.9)). */
export const adamDefaults = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

/**
 * Run Adam from (S0, b0) on `train`; `test` (optional) gives the empirical held-out metrics at checkpoints. When the
 * true gradient (or its square) overflows float64, the step sets b to NaN and leaves S at its last finite value, so
 * the run stops one epoch later with `diverged` (PyTorch would turn every parameter into NaN there).
 */
export function adam(
  train: Dataset<DataMatrix>,
  test: Dataset | null,
  S0: Float64Array,
  b0: number,
  o: AdamOptions,
): GDResult {
  checkAdamOptions(o);
  return descend(train, test, S0, b0, o, adamStep(train.d, o));
}

/** PyTorch's argument checks (its ValueErrors), so that a config PyTorch rejects is rejected here too. */
function checkAdamOptions(o: AdamOptions): void {
  if (!(o.lr >= 0)) throw new RangeError(`Adam: invalid learning rate ${o.lr}`);
  if (!(o.eps >= 0)) throw new RangeError(`Adam: invalid eps ${o.eps}`);
  if (!(o.beta1 >= 0 && o.beta1 < 1)) throw new RangeError(`Adam: invalid beta1 ${o.beta1}`);
  if (!(o.beta2 >= 0 && o.beta2 < 1)) throw new RangeError(`Adam: invalid beta2 ${o.beta2}`);
}

/**
 * torch.optim.Adam's single-tensor step (torch/optim/adam.py `_single_tensor_adam`; ATen CPU kernels of lerp_,
 * addcmul_ and addcdiv_), operation for operation, at step k = epoch + 1:
 *   m.lerp_(g, 1 − β1)                       m ← m + w(g − m) if w < ½, else g − (g − m)(1 − w)   (w = 1 − β1)
 *   v.mul_(β2).addcmul_(g, g, value=1 − β2)  v ← v·β2 + ((1 − β2)·g)·g
 *   step_size = lr / (1 − β1^k);  denom = (√v / √(1 − β2^k)) + ε
 *   θ.addcdiv_(m, denom, value=−step_size)   θ ← θ + ((−step_size)·m) / denom
 * In exact arithmetic this is the textbook θ ← θ − η·m̂/(√v̂ + ε); the order matters only in the last bits. (PyTorch
 * itself differs there between back ends: its vectorised CPU lerp uses a fused multiply-add, and its CUDA addcdiv
 * computes θ + s·(m/denom); JavaScript has no fused multiply-add.) Index d of m and v is the bias.
 */
export function adamStep(d: number, o: Pick<AdamOptions, "lr" | "beta1" | "beta2" | "eps">): StepRule {
  const { lr, beta1, beta2, eps } = o;
  const m = new Float64Array(d + 1);
  const v = new Float64Array(d + 1);
  const w1 = 1 - beta1;
  const w2 = 1 - beta2;
  const small = Math.abs(w1) < 0.5; // ATen's is_lerp_weight_small: which of lerp's two forms is used
  // one coordinate's update of m, v and the parameter θ, given its true gradient g
  const update = (j: number, theta: number, g: number, stepSize: number, bc2Sqrt: number): number => {
    const mj = small ? m[j] + w1 * (g - m[j]) : g - (g - m[j]) * (1 - w1);
    const vj = v[j] * beta2 + w2 * g * g;
    m[j] = mj;
    v[j] = vj;
    return theta + (-stepSize * mj) / (Math.sqrt(vj) / bc2Sqrt + eps);
  };
  return (S, b, grad, g, epoch) => {
    // Adam needs the true gradient: ε breaks its scale invariance, so e^{gradLogScale} cannot be dropped
    const c = exp(g.gradLogScale);
    if (!squareFinite(c, grad, d) || !Number.isFinite(c * g.gradB * (c * g.gradB))) return Number.NaN;
    const k = epoch + 1;
    const stepSize = lr / (1 - pow(beta1, k));
    const bc2Sqrt = Math.sqrt(1 - pow(beta2, k));
    for (let j = 0; j < d; j++) S[j] = update(j, S[j], c * grad[j], stepSize, bc2Sqrt);
    return update(d, b, c * g.gradB, stepSize, bc2Sqrt);
  };
}

/** Are all (c·grad_j)² finite? An infinite g or g² would make v, hence every later step, Inf or NaN. */
function squareFinite(c: number, grad: Float64Array, d: number): boolean {
  for (let j = 0; j < d; j++) {
    const gj = c * grad[j];
    if (!Number.isFinite(gj * gj)) return false;
  }
  return true;
}
