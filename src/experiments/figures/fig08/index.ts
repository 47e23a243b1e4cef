/**
 * Fig. 8 of the paper (SPEC §6): the 1-D toy model of SPEC §4.
 * Left (dynamics.ts): σ = 5, training and population loss and A_gen against t for several λ near ½.
 * Right (delay.ts): σ = 20, ε = 1e-50: the grokking delay (t*_gen − t*_tr)·ε against 1 − 2λ ∈ [1e-4, 1e-1], with the
 * SPEC §4 prediction and the σ → ∞ limit of the flow.
 */

import { figureTitle, panelRowSpec, TOY1D_CONFIG } from "../../../plot/figureLayout.js";
import { wrapToWidth } from "../../../plot/textWidth.js";
import {
  type DataRow,
  defineFigure,
  type FigureContext,
  type FigureRecipe,
  type FigureSize,
  type FigureView,
} from "../recipe.js";
import {
  DELAY_PANEL,
  DELAY_RANGE_TEXT,
  type DelaySize,
  delaySizes,
  round6,
  TOY1D_ETA,
  TOY1D_ETA_REVEALED,
} from "../toy1dFigures.js";
import {
  CURVE_POINTS,
  type DelaySeries,
  delayChecks,
  delayMarks,
  delayPanel,
  delaySeries,
  EPSILON,
  RIGHT_SIGMA,
  TOL_FROZEN,
  TOL_PREDICTION,
} from "./delay.js";
import {
  type Curve,
  curveLabel,
  dynamicsChecks,
  dynamicsCurves,
  dynamicsMarks,
  dynamicsPanel,
  LEFT_LOG10_T,
  LEFT_SIGMA,
  LEFT_XS,
} from "./dynamics.js";

/** Fig. 8's typed result: the sampling at the run's size, the left panels' flows and the right panel's delays. */
interface Fig8Result {
  size: FigureSize;
  sampling: DelaySize;
  curves: Curve[];
  delay: DelaySeries;
}

async function computeFig8(ctx: FigureContext, sampling: DelaySize): Promise<Fig8Result> {
  const curves = dynamicsCurves(sampling.perDecade);
  ctx.onProgress?.(1, 2);
  const delay = delaySeries(sampling.log10Xs);
  ctx.onProgress?.(2, 2);
  return { size: ctx.size, sampling, curves, delay };
}

function fig8View({ size, curves, delay }: Fig8Result): FigureView {
  const title = figureTitle(
    "Fig. 8 — the 1-D model: grokking near λ = ½ and its delay",
    [
      `exponential loss, gradient flow from S_0 = b_0 = 0, η = ${TOY1D_ETA}; ${size} size`,
      "left: the training losses of all λ lie on one line, ≈ 1/(ηt) (SPEC §4); λ > ½ (negative 1 − 2λ): the " +
        "population loss rises without end, off the top",
      `right: t*_tr, t*_gen = first t with training / population loss ≤ ε = ${EPSILON} (SPEC §5)`,
    ].flatMap((line) => wrapToWidth(line, 900, 11)),
  );
  const panels = [dynamicsPanel(curves), delayPanel(delay)];
  return {
    spec: panelRowSpec({ title, panels, spacing: 30, independent: ["color", "strokeDash"], config: TOY1D_CONFIG }),
  };
}

/** The CSV: the left panels' samples tagged "dynamics", then the right panel's marks tagged "delay". */
function fig8Rows({ curves, delay }: Fig8Result): DataRow[] {
  return [
    ...dynamicsMarks(curves).map((m) => ({ panel: "dynamics", ...m })),
    ...delayMarks(delay).map((m) => ({ panel: "delay", ...m })),
  ];
}

function fig8Table({ delay }: Fig8Result): { rows: DataRow[]; notes: string[] } {
  return {
    rows: delay.points.map((d) => ({
      one_minus_2lambda: round6(10 ** d.log10X),
      log10_t_train: d.log10TTrain,
      log10_t_gen: d.log10TGen,
      log10_delay_eps_measured: d.measured,
      log10_delay_eps_predicted: d.predicted,
      log10_delay_eps_sigma_inf: d.frozen,
    })),
    notes: [
      `σ = ${RIGHT_SIGMA}, ε = ${EPSILON}, η = ${TOY1D_ETA}; t*_tr / t*_gen = first t (epochs) with training / ` +
        "population exp loss ≤ ε; delay·ε as log10",
      "predicted: SPEC §4, t*_gen − t*_tr = (2e^{½log²(1−2λ)} − 1)/(ηε); σ_inf: the flow with σS frozen at S̃_∞",
    ],
  };
}

function fig8Notes({ size, sampling }: Fig8Result): string[] {
  return [
    `η = ${TOY1D_ETA} (unstated in the paper, revealed by its axes: SPEC §6): t scales as 1/η, and (t*_gen − t*_tr)·ε as 1/η`,
    `left: 1 − 2λ ∈ {${LEFT_XS.map(curveLabel).join(", ")}} (the paper: "several λ", separable ones from λ = 0.505), t from 1e${LEFT_LOG10_T[0]} to ` +
      `1e${LEFT_LOG10_T[1]}, ${sampling.perDecade} samples per decade`,
    `right: ${size} size, ${sampling.log10Xs.length} values of 1 − 2λ, evenly spaced in log10 over ${DELAY_RANGE_TEXT}; the two ` +
      `curves are drawn on ${CURVE_POINTS} points`,
    "right: the SPEC §4 prediction is the λ → ½ form; its error grows with 1 − 2λ (0.35 decades at 1e-1). The " +
      "σ → ∞ limit of the same flow (S frozen at S̃_∞ = log(1/(1−2λ))/(2(1−λ)) from t = 0) is drawn as well and agrees " +
      "over the whole range",
    "gradient flow (the continuous-time limit) stands in for GD: the 1-D model reaches t ~ 1e70 epochs",
  ];
}

/** Fig. 8 (SPEC §6). */
export const fig8: FigureRecipe = defineFigure({
  id: "8",
  title: "1-D model: loss and A_gen against t for λ near ½ (σ = 5), and the grokking delay against 1 − 2λ (σ = 20)",
  sizes: delaySizes(5),
  stated: {
    left: { sigma: LEFT_SIGMA },
    right: { sigma: RIGHT_SIGMA, epsilon: EPSILON, one_minus_2lambda: [...DELAY_PANEL.oneMinus2Lambda] },
  },
  revealed: TOY1D_ETA_REVEALED,
  compute: computeFig8,
  checks: (r) => [...dynamicsChecks(r.curves), ...delayChecks(r.delay)],
  view: fig8View,
  rows: fig8Rows,
  chosen: ({ sampling }) => ({
    S0: 0,
    b0: 0,
    left: {
      one_minus_2lambda: [...LEFT_XS],
      t: [`1e${LEFT_LOG10_T[0]}`, `1e${LEFT_LOG10_T[1]}`],
      perDecade: sampling.perDecade,
    },
    right: { log10_one_minus_2lambda: sampling.log10Xs },
    tolerances_decades: { prediction: TOL_PREDICTION, sigma_inf_limit: TOL_FROZEN },
    loss: "exponential (SPEC §4), gradient flow (conformal-time ODE, odex, atol 1e-12 on log variables)",
  }),
  notes: fig8Notes,
  table: fig8Table,
});
