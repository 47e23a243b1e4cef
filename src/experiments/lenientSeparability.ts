/**
 * The paper's separability test as we read it (issue 15; SPEC §6 "the paper's inseparable fraction is not Wendel's"):
 * bias-free minimisation of the exponential loss (1/N) Σ_i exp(S·x_i) by Adam (PyTorch semantics and defaults,
 * train/adam.ts) from S = 0 for a fixed number of steps; a draw is called "separable" as soon as ‖S‖ passes a
 * divergence threshold, otherwise its ‖S‖ after the last step is taken as its "‖S_∞‖". A slowly diverging separable
 * draw (‖S‖ grows like log t) that stays below the threshold is then counted inseparable with a large ‖S‖, and an
 * inseparable draw with a large ‖S_∞‖ that Adam has not reached yet is reported short: the emulation shows which wins.
 */

import { type Field, parseObject, UsageError } from "../config/schema.js";
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

/** The setting's fields, validated by the one schema (config/schema.ts) in the CLI flag and in queued jobs alike. */
const LENIENT_FIELDS: readonly Field[] = [
  { key: "lr", flag: "lr", kind: { type: "number", exclusiveMin: 0, max: 1 }, help: "Adam's learning rate" },
  { key: "steps", flag: "steps", kind: { type: "int", min: 1, max: 1e6 }, help: "Adam steps" },
  { key: "threshold", flag: "threshold", kind: { type: "number", exclusiveMin: 0 }, help: "threshold on ‖S‖" },
];

/** A setting from raw values keyed lr, steps, threshold (all three required); throws UsageError naming the bad one. */
function lenientFrom(raw: Record<string, unknown>, where: string): LenientTest {
  const missing = LENIENT_FIELDS.find((f) => raw[f.flag] === undefined);
  if (missing) throw new UsageError(`${where} needs ${missing.flag} (allowed: lr,steps,threshold)`);
  const v = parseObject(LENIENT_FIELDS, raw, (f) => `${where} ${f.flag}`, where);
  return { lr: v.lr as number, steps: v.steps as number, threshold: v.threshold as number };
}

/** Why `t` is not a valid setting (a one-line message naming the value and what is allowed), or null when it is. */
export function lenientTestError(t: unknown): string | null {
  if (t === null || typeof t !== "object")
    return `lenient test ${JSON.stringify(t)} must be an object {lr, steps, threshold}`;
  try {
    lenientFrom(t as Record<string, unknown>, "lenient test");
    return null;
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
}

/** "lr,steps,threshold" (e.g. "0.01,1000,100") as a setting; throws UsageError naming the bad part (as `--lenient`). */
export function parseLenientTest(text: string): LenientTest {
  const parts = text.split(",").map((v) => v.trim());
  if (parts.length !== 3) throw new UsageError(`--lenient must be lr,steps,threshold (got ${JSON.stringify(text)})`);
  const [lr, steps, threshold] = parts;
  return lenientFrom({ lr, steps, threshold }, "--lenient");
}
