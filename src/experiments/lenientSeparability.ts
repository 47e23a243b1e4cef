/**
 * The paper's separability test as we read it (issue 15; SPEC §6 "the paper's inseparable fraction is not Wendel's"):
 * bias-free minimisation of the exponential loss (1/N) Σ_i exp(S·x_i) by Adam (PyTorch semantics and defaults,
 * train/adam.ts) from S = 0 for a fixed number of steps; a draw is called "separable" as soon as ‖S‖ passes a
 * divergence threshold, otherwise its ‖S‖ after the last step is taken as its "‖S_∞‖". A slowly diverging separable
 * draw (‖S‖ grows like log t) that stays below the threshold is then counted inseparable with a large ‖S‖, and an
 * inseparable draw with a large ‖S_∞‖ that Adam has not reached yet is reported short: the emulation shows which wins.
 */

import { lossGradient } from "../core/lossKernel.js";
import { norm } from "../core/vector.js";
import { adamDefaults, adamStep } from "../train/adam.js";

/** One setting of the emulated test: Adam's learning rate, its step count, and the threshold on ‖S‖ (units 1/σ). */
export interface LenientTest {
  lr: number;
  steps: number;
  threshold: number;
}

export interface LenientOutcome {
  /** ‖S‖ passed the threshold within the steps */
  separable: boolean;
  /** ‖S‖ at the end (or when it passed the threshold) */
  norm: number;
  /** Adam steps taken */
  steps: number;
}

/** The emulated test on X (n × d row-major, as drawn): Adam on (1/N) Σ exp(S·x_i) with b ≡ 0, from S = 0. */
export function lenientSeparability(X: Float64Array, n: number, d: number, t: LenientTest): LenientOutcome {
  const S = new Float64Array(d);
  const grad = new Float64Array(d);
  const step = adamStep(d, { lr: t.lr, ...adamDefaults });
  for (let k = 0; k < t.steps; k++) {
    const g = lossGradient(X, n, d, S, 0, "exp", grad);
    step(S, 0, grad, g, k); // the bias slot's moments see ∂L/∂b, but b stays 0: the returned b is dropped
    const s = norm(S);
    if (!(s <= t.threshold)) return { separable: true, norm: s, steps: k + 1 };
  }
  return { separable: false, norm: norm(S), steps: t.steps };
}

/** Why `t` is not a valid setting (a one-line message naming the value and what is allowed), or null when it is. */
export function lenientTestError(t: unknown): string | null {
  const x = t as Partial<LenientTest> | null;
  const ok =
    x !== null &&
    typeof x === "object" &&
    typeof x.lr === "number" &&
    x.lr > 0 &&
    x.lr <= 1 &&
    Number.isInteger(x.steps) &&
    (x.steps as number) >= 1 &&
    (x.steps as number) <= 1e6 &&
    typeof x.threshold === "number" &&
    x.threshold > 0 &&
    Number.isFinite(x.threshold);
  return ok
    ? null
    : `lenient test ${JSON.stringify(t)}: allowed, lr in (0, 1], steps an integer in [1, 1e6], threshold > 0`;
}

/** "lr,steps,threshold" (e.g. "0.01,1000,100") as a setting; throws RangeError with lenientTestError's message. */
export function parseLenientTest(text: string): LenientTest {
  const [lr, steps, threshold] = text.split(",").map((v) => Number(v.trim()));
  const t = { lr, steps, threshold };
  const why =
    text.split(",").length === 3 ? lenientTestError(t) : `lenient test "${text}": allowed, lr,steps,threshold`;
  if (why) throw new RangeError(why);
  return t;
}
