/**
 * Full-batch Adam on the constant-label model (SPEC §1 variants; Figs. 5 and 11), float64, with the update of PyTorch's
 * `torch.optim.Adam` (weight_decay = 0, amsgrad = false, maximize = false), applied elementwise to θ = (S, b): the bias
 * is one more parameter with its own moments. Metrics and grokking crossings are recorded exactly as by
 * gradientDescent (gd.ts), and the result has the same type.
 *
 * The training loop below (`descend`) is gradientDescent's loop with the update factored out into a StepRule, so that
 * gd.ts can later share it (gradientDescent = descend with the rule θ ← θ − η∇L); it is kept private here only because
 * gd.ts belongs to another change.
 */

import type { Dataset } from "../core/data.js";
import { type LossName, lossGradient } from "../core/lossKernel.js";
import { logisticPopulationLossLowerBound, populationAccuracy, populationLogLoss } from "../core/population.js";
import { norm } from "../core/vector.js";
import { checkpointEpochs } from "./checkpoints.js";
import type { GDOptions, GDResult } from "./gd.js";
import { CrossingTracker } from "./grokking.js";
import { type Checkpoint, checkpointMetrics } from "./metrics.js";

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
 * An optimiser step on θ = (S, b) (length d + 1, b last), split in two so that a step which would leave the float64
 * range is detected before the checkpoint of the current state is written and before θ changes.
 */
interface StepRule {
  /** Turn the kernel's gradient (∇L·e^{−logScale}, in place) into what `apply` needs; false when it is not finite. */
  prepare(grad: Float64Array, logScale: number): boolean;
  /** Step k = 1, 2, … with the prepared gradient. */
  apply(theta: Float64Array, grad: Float64Array, k: number): void;
}

/** Run Adam from (S0, b0) on `train`; `test` (optional) gives the empirical held-out metrics at checkpoints. */
export function adam(train: Dataset, test: Dataset | null, S0: Float64Array, b0: number, o: AdamOptions): GDResult {
  checkAdamOptions(o);
  return descend(train, test, S0, b0, o, adamRule(train.d + 1, o));
}

/** PyTorch's argument checks (its ValueErrors), so that a config PyTorch rejects is rejected here too. */
function checkAdamOptions(o: AdamOptions): void {
  if (!(o.lr >= 0)) throw new RangeError(`Adam: invalid learning rate ${o.lr}`);
  if (!(o.eps >= 0)) throw new RangeError(`Adam: invalid eps ${o.eps}`);
  if (!(o.beta1 >= 0 && o.beta1 < 1)) throw new RangeError(`Adam: invalid beta1 ${o.beta1}`);
  if (!(o.beta2 >= 0 && o.beta2 < 1)) throw new RangeError(`Adam: invalid beta2 ${o.beta2}`);
}

/**
 * torch.optim.Adam's single-tensor step (torch/optim/adam.py, `_single_tensor_adam`; ATen CPU kernels for lerp_,
 * addcmul_ and addcdiv_), operation for operation:
 *   m.lerp_(g, 1 − β1)                       m ← m + w(g − m) for w < ½, else g − (g − m)(1 − w)   (w = 1 − β1)
 *   v.mul_(β2).addcmul_(g, g, value=1 − β2)  v ← v·β2 + ((1 − β2)·g)·g
 *   step_size = lr / (1 − β1^k);  denom = √v / √(1 − β2^k) + ε
 *   θ.addcdiv_(m, denom, value=−step_size)   θ ← θ + ((−step_size)·m) / denom
 * All of this equals the textbook m̂/(√v̂ + ε) step in exact arithmetic; the order only matters at the last bit.
 * (PyTorch's vectorised CPU lerp uses a fused multiply-add and its CUDA addcdiv computes θ + s·(m/denom), so even
 * PyTorch is reproducible only to an ulp per operation across back ends; JavaScript has no fused multiply-add.)
 */
function adamRule(p: number, o: AdamOptions): StepRule {
  const { lr, beta1, beta2, eps } = o;
  const m = new Float64Array(p);
  const v = new Float64Array(p);
  const w1 = 1 - beta1;
  const w2 = 1 - beta2;
  const small = Math.abs(w1) < 0.5; // ATen's is_lerp_weight_small: which of lerp's two forms is used
  return {
    prepare(grad, logScale) {
      // Adam sees the true gradient: ε breaks its scale invariance, so e^{logScale} cannot be dropped. g² must stay
      // finite too, or v (hence every later step) would be Inf.
      const c = Math.exp(logScale);
      for (let j = 0; j < p; j++) {
        const g = c * grad[j];
        if (!Number.isFinite(g * g)) return false;
        grad[j] = g;
      }
      return true;
    },
    apply(theta, grad, k) {
      const stepSize = lr / (1 - beta1 ** k);
      const bc2Sqrt = Math.sqrt(1 - beta2 ** k);
      const negStep = -stepSize;
      for (let j = 0; j < p; j++) {
        const g = grad[j];
        const mj = small ? m[j] + w1 * (g - m[j]) : g - (g - m[j]) * (1 - w1);
        const vj = v[j] * beta2 + w2 * g * g;
        m[j] = mj;
        v[j] = vj;
        theta[j] += (negStep * mj) / (Math.sqrt(vj) / bc2Sqrt + eps);
      }
    },
  };
}

/**
 * Is the population loss ≤ ε? A copy of gd.ts's private helper (to be shared once gd.ts exports it): cheap bounds
 * first, so the quadrature runs only near the crossing: L_gen ≥ max(softplus(b), E[z₊]) and L_gen ≤ e^{b + a²/2}.
 */
function populationLossBelow(loss: LossName, b: number, scale: number, logEps: number): boolean {
  if (loss === "logistic") {
    if (Math.log(logisticPopulationLossLowerBound(b, scale)) > logEps) return false;
    if (b + 0.5 * scale * scale <= logEps) return true;
  }
  return populationLogLoss(loss, b, scale) <= logEps;
}

/**
 * gradientDescent's loop with the update as a StepRule: gradient at the current state, crossings every step,
 * checkpoint at the log-spaced marks, then the step. Stops early (diverged) when the state or the gradient leaves the
 * float64 range; θ is then the last finite state. t = η·epoch in the checkpoints, as for GD.
 */
function descend(
  train: Dataset,
  test: Dataset | null,
  S0: Float64Array,
  b0: number,
  o: GDOptions,
  rule: StepRule,
): GDResult {
  const { X, n, d } = train;
  const theta = new Float64Array(d + 1);
  theta.set(S0.subarray(0, d));
  theta[d] = b0;
  const S = theta.subarray(0, d); // views: the kernel reads S and writes ∇_S in place, b is θ[d]
  const grad = new Float64Array(d + 1);
  const gradS = grad.subarray(0, d);
  const marks = checkpointEpochs(o.epochs, o.perDecade);
  const checkpoints: Checkpoint[] = [];
  const acc = new CrossingTracker();
  const lossX = new CrossingTracker();
  const logEps = Math.log(o.lossThreshold);
  const every = o.progressEvery ?? 1000;
  let next = 0; // index into marks
  let epoch = 0;
  let diverged = false;
  for (; ; epoch++) {
    const b = theta[d];
    const g = lossGradient(X, n, d, S, b, o.loss, gradS);
    grad[d] = g.gradB;
    const scale = o.sigma * norm(S);
    if (!acc.done) acc.observe(epoch, g.accuracy >= o.accThreshold, populationAccuracy(b, scale) >= o.accThreshold);
    if (!lossX.done) lossX.observe(epoch, g.logLoss <= logEps, populationLossBelow(o.loss, b, scale, logEps));
    diverged = !Number.isFinite(b) || !Number.isFinite(scale) || !Number.isFinite(g.logLoss);
    if (!diverged && epoch < o.epochs) diverged = !rule.prepare(grad, g.gradLogScale);
    if (epoch === marks[next] || epoch === o.epochs || diverged) {
      checkpoints.push(checkpointMetrics(epoch, o.lr * epoch, S, b, g, test, o.loss, o.sigma));
      next++;
    }
    if (epoch === o.epochs || diverged) break;
    rule.apply(theta, grad, epoch + 1);
    if (o.onProgress && (epoch + 1) % every === 0) o.onProgress(epoch + 1);
  }
  return {
    checkpoints,
    accuracyCrossing: acc.result(),
    lossCrossing: lossX.result(),
    S: theta.slice(0, d),
    b: theta[d],
    epochsRun: epoch,
    diverged,
    gradientEvaluations: epoch + 1,
  };
}
