/**
 * Fig. 9 of the paper (SPEC §6): the 1-D toy model of SPEC §4.
 * Left (losses.ts): training and population loss at 1 − 2λ = 1e-3 carried to t ~ 1e91, the crossings of ε marked.
 * Right (ratio.ts): √log(t*_gen/t*_tr) against log(1 − 2λ); SPEC §4 predicts the slope −1/√2 (large σ).
 */

import { figureTitle, panelRowSpec, TOY1D_CONFIG } from "../../../plot/figureLayout.js";
import {
  type DataRow,
  defineFigure,
  type FigureContext,
  type FigureRecipe,
  type FigureSize,
  type FigureView,
} from "../recipe.js";
import { DELAY_RANGE_TEXT, type DelaySize, delaySizes, TOY1D_ETA, TOY1D_ETA_REVEALED } from "../toy1dFigures.js";
import {
  EPSILON,
  LEFT_LOG10_T,
  LEFT_SIGMA,
  LEFT_X,
  type LossCurve,
  lossChecks,
  lossCurve,
  lossesPanel,
  lossMarks,
} from "./losses.js";
import {
  CONTRAST_SIGMA,
  type RatioSeries,
  RIGHT_SIGMA,
  ratioChecks,
  ratioMarks,
  ratioPanel,
  ratioSeries,
} from "./ratio.js";

/** Fig. 9's typed result: the sampling at the run's size, the left panel's flow and the right panel's two series. */
interface Fig9Result {
  size: FigureSize;
  sampling: DelaySize;
  losses: LossCurve;
  ratio: RatioSeries;
}

async function computeFig9(ctx: FigureContext, sampling: DelaySize): Promise<Fig9Result> {
  const losses = lossCurve(sampling.perDecade);
  ctx.onProgress?.(1, 2);
  const ratio = ratioSeries(sampling.log10Xs);
  ctx.onProgress?.(2, 2);
  return { size: ctx.size, sampling, losses, ratio };
}

function fig9View({ size, losses, ratio }: Fig9Result): FigureView {
  const title = figureTitle("Fig. 9 — the 1-D model to t ~ 1e91, and the scaling of the grokking time", [
    `exponential loss, gradient flow from S_0 = b_0 = 0, η = ${TOY1D_ETA}; ${size} size`,
    `t*_tr, t*_gen = first t with training / population loss ≤ ε = ${EPSILON} (SPEC §5)`,
    `right: fitted slope ${ratio.fit.slope.toFixed(4)} at σ = ${RIGHT_SIGMA} (−1/√2 = −0.7071); σ = ${CONTRAST_SIGMA} ` +
      "shows the finite-σ departure",
  ]);
  const panels = [lossesPanel(losses), ratioPanel(ratio)];
  return {
    spec: panelRowSpec({ title, panels, spacing: 30, independent: ["color", "strokeDash"], config: TOY1D_CONFIG }),
  };
}

/** The CSV: the left panel's marks tagged "losses", then the right panel's tagged "ratio". */
function fig9Rows({ losses, ratio }: Fig9Result): DataRow[] {
  return [
    ...lossMarks(losses).map((m) => ({ panel: "losses", ...m })),
    ...ratioMarks(ratio).map((m) => ({ panel: "ratio", ...m })),
  ];
}

function fig9Notes({ size, sampling }: Fig9Result): string[] {
  return [
    `η = ${TOY1D_ETA}, σ, ε and the 1 − 2λ range are unstated for Fig. 9: left σ = ${LEFT_SIGMA} (as Fig. 8 left), ` +
      `right σ = ${RIGHT_SIGMA}, ε = ${EPSILON} and 1 − 2λ ∈ ${DELAY_RANGE_TEXT} (as Fig. 8 right)`,
    `right: ${size} size, ${sampling.log10Xs.length} values of 1 − 2λ evenly spaced in log10; the slope is a least-squares ` +
      `fit over all of them; the theory line is |log(1 − 2λ)|/√2 through the origin (SPEC §4 drops the log 2)`,
    `right: σ = ${CONTRAST_SIGMA} is drawn for contrast (our addition): there S has not reached S_∞ when the losses ` +
      "cross ε near the edge, and the slope flattens — the prediction is a large-σ one",
    "time and losses are carried as logarithms throughout (SPEC §4); t in epochs of gradient flow",
  ];
}

/** Fig. 9 (SPEC §6). */
export const fig9: FigureRecipe = defineFigure({
  id: "9",
  title: "1-D model: losses to t ~ 1e91 at 1 − 2λ = 1e-3, and √log(t*_gen/t*_tr) against log(1 − 2λ) (slope −1/√2)",
  sizes: delaySizes(4),
  stated: { left: { one_minus_2lambda: LEFT_X, t_max: "~1e91" }, right: { slope: "−1/√2" } },
  revealed: TOY1D_ETA_REVEALED,
  compute: computeFig9,
  checks: (r) => [...lossChecks(r.losses), ...ratioChecks(r.ratio)],
  view: fig9View,
  rows: fig9Rows,
  chosen: ({ sampling }) => ({
    S0: 0,
    b0: 0,
    epsilon: EPSILON,
    left: { sigma: LEFT_SIGMA, t: [`1e${LEFT_LOG10_T[0]}`, `1e${LEFT_LOG10_T[1]}`], perDecade: sampling.perDecade },
    right: { sigma: RIGHT_SIGMA, contrast_sigma: CONTRAST_SIGMA, log10_one_minus_2lambda: sampling.log10Xs },
    loss: "exponential (SPEC §4), gradient flow (conformal-time ODE, odex, atol 1e-12 on log variables)",
  }),
  notes: fig9Notes,
  extra: ({ ratio: { fit, fitted } }) => ({
    fit: { sigma: RIGHT_SIGMA, slope: fit.slope, intercept: fit.intercept, points: fitted },
  }),
});
