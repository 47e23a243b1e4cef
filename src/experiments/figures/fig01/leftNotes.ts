/** What Fig. 1 left says about itself: its stated and chosen parameters and its notes, from the typed result. */

import { flowTolerance, type RunConfig } from "../../../config/run.js";
import { GD_WARMUP_EPOCHS } from "../../../train/run.js";
import { FLOW_GD_AGREEMENT } from "../../flowAgreement.js";
import { PREDICTION_FORM } from "../../longTime.js";
import type { DrawSampling } from "../recipe.js";
import { type LeftResult, runIndices } from "./left.js";
import { dynamicsLabel, seedsText, storageLabel } from "./leftView.js";
import { FIG1_LAMBDAS, FIG1_PAPER_N } from "./sizes.js";

/** How the figure chose its draws, said in its parameters. */
const SAMPLING_TEXT: Record<DrawSampling, string> = {
  stratified:
    "stratified by separability from the origin: round(seeds·P_Wendel) separable draws and the rest inseparable, each the first of its kind in run-index order (experiments/separabilityStrata.ts)",
  consecutive: "consecutive: run indices 0 … seeds−1",
};

/** The paper's parameters of the left grid, as this size's configuration carries them. */
export function leftStated(c: RunConfig): Record<string, unknown> {
  return {
    lambda: FIG1_LAMBDAS,
    sigma: c.sigma,
    lr: c.lr,
    s0: c.s0,
    b0: c.b0,
    epochs: c.epochs,
    "test-size": c.testSize,
    loss: c.loss,
  };
}

/** What this project chose for the left grid at this size. */
export function leftChosen(c: RunConfig, left: LeftResult, sampling: DrawSampling): Record<string, unknown> {
  return {
    N: c.n,
    seeds: left.seeds,
    seed: c.seed,
    draws: SAMPLING_TEXT[sampling],
    run_indices: runIndices(left),
    precision: storageLabel(c),
    dynamics: dynamicsLabel(c),
    ...(c.optimizer === "flow"
      ? { integrator: c.integrator, rtol: flowTolerance(c), gd_agreement: FLOW_GD_AGREEMENT }
      : {}),
    prediction: left.prediction
      ? { form: PREDICTION_FORM[c.loss], inseparable_draws: left.prediction.draws }
      : "none (no inseparable draw at λ = 0.48)",
    "per-decade": c.perDecade,
    "acc-threshold": c.accThreshold,
  };
}

/** The left grid's notes (its drawing adds those on the paper-measured loss: leftView). */
export function leftNotes(base: RunConfig, left: LeftResult, sampling: DrawSampling): string[] {
  return [
    `left: N = ${base.n} (the paper uses ${FIG1_PAPER_N}); ${seedsText(left.seeds)} per λ, ${sampling === "stratified" ? "stratified by separability in Wendel's proportion" : "consecutive run indices"}; seeds are unstated in the paper`,
    `left: the dashed long-time prediction is SPEC §6's reading of the paper's curve: ${PREDICTION_FORM[base.loss]}; each inseparable λ = 0.48 draw's S_∞ by Newton–CG from the run's end state`,
    ...(base.optimizer === "flow"
      ? [
          `left: the GD-equivalent gradient flow instead of 3·10^5 GD steps (${base.integrator}, rtol ${flowTolerance(base)}; ${GD_WARMUP_EPOCHS} GD steps, then GD's modified equation): against exact GD at η = 0.01, max |ΔA_gen| ${FLOW_GD_AGREEMENT.maxPopAccDiff.toExponential(1)}, σ‖S‖ and b within ${FLOW_GD_AGREEMENT.maxRelSigmaNormSDiff.toExponential(1)} relative (${FLOW_GD_AGREEMENT.measured})`,
        ]
      : []),
    ...(base.n === FIG1_PAPER_N && left.prediction
      ? [
          `left: at λ = 0.48 this draw's σ‖S_∞‖ is ${left.prediction.points[0].sigma_norm_s.toFixed(2)}; the paper's readings (σ‖S‖ ≈ 4.6 and A_gen ≥ 0.93 at 3·10^5 epochs, its prediction above its run) imply a smaller limit, which no draw we measured at N = 40000 has (σ‖S_∞‖ 5.5–7.0 over 4 draws; README "The paper's size")`,
        ]
      : []),
  ];
}
