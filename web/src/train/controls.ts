/**
 * The training tab's controls, each applied through the schema (withRun) so the URL can only hold valid states. λ is
 * kept as typed while N changes (d = round(λN)); the field shows the typed λ while it still gives the state's d.
 */

import type { RunConfig } from "../../../src/config/run.js";
import { UsageError } from "../../../src/config/schema.js";
import { lambdaText, type WebState, withRun } from "../../../src/web/state.js";
import type { ControlSpec } from "../controls.js";
import type { TabContext } from "../tabContext.js";

type Spec = ControlSpec<WebState>;
/** Applies run values by their flags; returns the error to show, or null. */
type Apply = (values: Record<string, unknown>) => string | null;

/** Every control of the run, in the order shown. */
export function runControls(ctx: TabContext): Spec[] {
  const apply: Apply = (values) => {
    try {
      ctx.update(withRun(ctx.state(), values));
      return null;
    } catch (err) {
      if (err instanceof UsageError) return err.message;
      throw err;
    }
  };
  return [...sizeControls(ctx, apply), ...fieldControls(apply), grokControl(ctx)];
}

/** N and λ = d/N: a typed λ is kept while N changes. */
function sizeControls(ctx: TabContext, apply: Apply): Spec[] {
  let typedLambda: number | null = null;
  const shownLambda = (r: RunConfig) =>
    typedLambda !== null && Math.max(1, Math.round(typedLambda * r.n)) === r.d
      ? String(typedLambda)
      : lambdaText(r.n, r.d);
  return [
    {
      id: "ctl-N",
      label: "N",
      title: "number of training points (λ is kept)",
      type: "number",
      get: (s) => String(s.run.n),
      set: (v) => {
        const n = Number(v);
        const run = ctx.state().run;
        const lambda = Number(shownLambda(run));
        typedLambda = lambda;
        return apply({ N: v, d: Number.isInteger(n) && n > 0 ? Math.max(1, Math.round(lambda * n)) : undefined });
      },
    },
    {
      id: "ctl-lambda",
      label: "λ = d/N",
      title: "d = round(λN); kept as typed when N changes",
      type: "number",
      slider: { min: 0.01, max: 0.99, step: 0.005 },
      get: (s) => shownLambda(s.run),
      set: (v) => {
        const lambda = Number(v);
        if (!(v !== "" && lambda > 0)) return `λ must be a positive number (got "${v}")`;
        typedLambda = lambda;
        return apply({ d: Math.max(1, Math.round(lambda * ctx.state().run.n)) });
      },
    },
  ];
}

/** The run's other fields, one control each. */
function fieldControls(apply: Apply): Spec[] {
  const num = (id: string, label: string, flag: string, get: (r: RunConfig) => number, title?: string): Spec => ({
    id,
    label,
    title,
    type: "number",
    get: (s) => String(get(s.run)),
    set: (v) => apply({ [flag]: v }),
  });
  /** A select over one run field, whose schema key is also its flag. */
  const select = <K extends "loss" | "optimizer" | "precision">(
    id: string,
    label: string,
    key: K,
    options: readonly RunConfig[K][],
    title?: string,
  ): Spec => ({ id, label, title, type: "select", options, get: (s) => s.run[key], set: (v) => apply({ [key]: v }) });
  const notAdam = (s: WebState) => s.run.optimizer !== "adam";
  return [
    {
      ...num("ctl-sigma", "σ", "sigma", (r) => r.sigma, "input std σ"),
      slider: { min: 0.1, max: 100, step: 0.05, log: true },
    },
    {
      ...num("ctl-lr", "η", "lr", (r) => r.lr, "learning rate"),
      slider: { min: 1e-4, max: 10, step: 0.05, log: true },
    },
    select("ctl-loss", "loss", "loss", ["logistic", "exp"]),
    select(
      "ctl-optimizer",
      "optimizer",
      "optimizer",
      ["gd", "adam", "flow"],
      "gd: gradient descent; adam: PyTorch's Adam; flow: gradient flow (adaptive ODE, computed in one piece)",
    ),
    { ...num("ctl-beta1", "Adam β1", "beta1", (r) => r.beta1), disabled: notAdam },
    { ...num("ctl-beta2", "Adam β2", "beta2", (r) => r.beta2), disabled: notAdam },
    {
      ...num("ctl-s0", "‖S₀‖", "s0", (r) => r.s0, "norm of the random initial S"),
      slider: { min: 0, max: 5, step: 0.05 },
    },
    { ...num("ctl-b0", "b₀", "b0", (r) => r.b0, "initial bias"), slider: { min: -5, max: 5, step: 0.1 } },
    num("ctl-seed", "seed", "seed", (r) => r.seed, "draw of the data and of S₀"),
    num("ctl-epochs", "epochs", "epochs", (r) => r.epochs, "run to this epoch"),
    select(
      "ctl-precision",
      "X storage",
      "precision",
      ["f64", "f32"],
      "f64, or f32: the draw rounded to float32 (half the memory), every sum still in float64",
    ),
    num("ctl-acc", "acc. threshold", "acc-threshold", (r) => r.accThreshold),
    num("ctl-eps", "loss threshold ε", "loss-threshold", (r) => r.lossThreshold),
  ];
}

/** The grokking-time definition drawn (a view setting, not part of the run). */
function grokControl(ctx: TabContext): Spec {
  return {
    id: "ctl-grok",
    label: "grokking time by",
    type: "select",
    options: ["acc", "loss"],
    title: "acc: accuracy ≥ threshold; loss: loss ≤ ε",
    get: (s) => s.view.grok,
    set: (v) => {
      ctx.update({ ...ctx.state(), view: { ...ctx.state().view, grok: v as "acc" | "loss" } });
      return null;
    },
  };
}
