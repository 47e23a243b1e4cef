/**
 * Fig. 9 left (SPEC §6): training and population loss at 1 − 2λ = 1e-3 carried to t ~ 1e91 (losses ~1e-90: log space
 * throughout), with the first crossings of ε = 1e-50 marked.
 */

import { NEUTRAL_COLOURS, ROLE_COLOURS } from "../../../core/palette.js";
import { decadeChannel } from "../../../plot/decadeAxes.js";
import { panelTitle } from "../../../plot/figureLayout.js";
import { cornerLegend } from "../../../plot/legends.js";
import { type Toy1dRecord, toy1dCurve } from "../../../theory/toy1d.js";
import { type Check, exactClaim } from "../../checks.js";
import { DELAY_PANEL, lambdaOfX, linearFit, round6, TOY1D_ETA, toy1dModel } from "../toy1dFigures.js";

/** The paper's 1 − 2λ of the left panel. */
export const LEFT_X = 1e-3;
/** σ of the left panel (unstated; σ = 5 as in Fig. 8 left and the `grokedge toy1d` default). */
export const LEFT_SIGMA = 5;
/** The left panel's time range, log10 t: the paper's t ~ 1e91. */
export const LEFT_LOG10_T: [number, number] = [-1, 91];
/** Loss threshold of the grokking times (unstated for Fig. 9; Fig. 8's ε). */
export const EPSILON = DELAY_PANEL.epsilon;

/** The losses along one flow, log10, and their first crossings of ε. */
export interface LossCurve {
  records: Toy1dRecord[];
  log10TTrain: number | null;
  log10TGen: number | null;
  reachedLog10T: number;
}

export function lossCurve(perDecade: number): LossCurve {
  const { records, summary } = toy1dCurve({
    ...toy1dModel(LEFT_X, LEFT_SIGMA),
    log10TMin: LEFT_LOG10_T[0],
    log10TMax: LEFT_LOG10_T[1],
    perDecade,
    epsilon: EPSILON,
  });
  const g = summary.grokking.loss;
  return { records, log10TTrain: g.log10TTrain, log10TGen: g.log10TGen, reachedLog10T: summary.reachedLog10T };
}

const TRAIN = "training loss";
const POP = "population loss";
const CROSSINGS = ["t*_tr", "t*_gen"];

/** One drawn point: a sample of either loss, or a crossing of ε (series t*_tr, t*_gen). */
export interface LossMark {
  sigma: number;
  lambda: number;
  one_minus_2lambda: number;
  series: string;
  log10_t: number | null;
  log10_loss: number;
}

/** Both losses at every sample, then the two crossings. */
export function lossMarks(d: LossCurve): LossMark[] {
  const base = { sigma: LEFT_SIGMA, lambda: lambdaOfX(LEFT_X), one_minus_2lambda: LEFT_X };
  const curve = d.records.flatMap((r) => [
    { ...base, series: TRAIN, log10_t: r.log10_t, log10_loss: round6(r.log10_train_loss) },
    { ...base, series: POP, log10_t: r.log10_t, log10_loss: round6(r.log10_pop_loss) },
  ]);
  const log10Eps = Math.log10(EPSILON);
  const marks = [
    { ...base, series: CROSSINGS[0], log10_t: d.log10TTrain, log10_loss: log10Eps },
    { ...base, series: CROSSINGS[1], log10_t: d.log10TGen, log10_loss: log10Eps },
  ];
  return [...curve, ...marks];
}

/** The two losses on decade axes, the ε line, and the crossings marked and named. */
export function lossesPanel(d: LossCurve) {
  const losses = d.records.flatMap((r) => [r.log10_train_loss, r.log10_pop_loss]);
  const yDomain: [number, number] = [
    10 * Math.floor(Math.min(...losses) / 10),
    10 * Math.ceil(Math.max(...losses) / 10),
  ];
  const x = decadeChannel("log10_t", LEFT_LOG10_T, "t (epochs)", 10);
  const y = decadeChannel("log10_loss", yDomain, "loss", 10);
  const colour = {
    field: "series",
    type: "nominal" as const,
    title: null,
    scale: { domain: [TRAIN, POP], range: [ROLE_COLOURS.training, ROLE_COLOURS.population] },
    legend: cornerLegend("top-right"),
  };
  const crossings = [{ filter: { field: "series", oneOf: CROSSINGS } }];
  return {
    title: panelTitle(`1 − 2λ = ${LEFT_X}, σ = ${LEFT_SIGMA}: losses to t = 1e${LEFT_LOG10_T[1]}`),
    width: 400,
    height: 300,
    data: { values: lossMarks(d) },
    layer: [
      {
        mark: { type: "rule" as const, strokeDash: [4, 4], color: NEUTRAL_COLOURS.grey },
        encoding: { y: { datum: Math.log10(EPSILON) } },
      },
      {
        transform: [{ filter: { field: "series", oneOf: [TRAIN, POP] } }],
        mark: { type: "line" as const, strokeWidth: 2, clip: true },
        encoding: { x, y, color: colour },
      },
      {
        transform: crossings,
        mark: { type: "point" as const, filled: true, size: 70, color: NEUTRAL_COLOURS.black },
        encoding: { x, y },
      },
      {
        transform: crossings,
        mark: { type: "text" as const, dy: -12, fontSize: 11 },
        encoding: { x, y, text: { field: "series", type: "nominal" as const } },
      },
    ],
  };
}

/** The left panel's claims: finite losses to t = 1e91, both ∝ 1/t late (b ≈ −log t), and t*_gen ≫ t*_tr. */
export function lossChecks(d: LossCurve): Check[] {
  const finite = d.records.every((r) => Number.isFinite(r.log10_train_loss) && Number.isFinite(r.log10_pop_loss));
  const last = d.records[d.records.length - 1];
  const late = d.records.filter((r) => r.log10_t >= LEFT_LOG10_T[1] - 11);
  const slope = (key: "log10_train_loss" | "log10_pop_loss") =>
    linearFit(
      late.map((r) => r.log10_t),
      late.map((r) => r[key]),
    ).slope;
  const slopes = [slope("log10_train_loss"), slope("log10_pop_loss")];
  const tr = d.log10TTrain ?? Number.NaN;
  const gen = d.log10TGen ?? Number.NaN;
  return [
    exactClaim(
      `losses carried to t = 1e${LEFT_LOG10_T[1]} without overflow: every sample finite, and the training loss ` +
        `there is 1/(ηt) within 0.01 decades`,
      finite &&
        last.log10_t === LEFT_LOG10_T[1] &&
        Math.abs(last.log10_train_loss + last.log10_t + Math.log10(TOY1D_ETA)) < 0.01,
      `reached log10 t = ${d.reachedLog10T.toFixed(2)}; log10 training loss at the end ${last.log10_train_loss.toFixed(4)}, ` +
        `population ${last.log10_pop_loss.toFixed(4)}`,
    ),
    exactClaim(
      `both losses fall as 1/t late on (b ≈ −log t, SPEC §4 table): log-log slope over t ∈ [1e${LEFT_LOG10_T[1] - 11}, ` +
        `1e${LEFT_LOG10_T[1]}] within 0.01 of −1`,
      slopes.every((s) => Math.abs(s + 1) < 0.01),
      `slopes: training ${slopes[0].toFixed(5)}, population ${slopes[1].toFixed(5)}`,
    ),
    exactClaim(
      `grokking at σ = ${LEFT_SIGMA}: the population loss reaches ε = ${EPSILON} more than 5 decades after the training loss`,
      gen - tr > 5,
      `log10 t*_tr = ${tr.toFixed(3)}, log10 t*_gen = ${gen.toFixed(3)} (large-σ prediction: ` +
        `${(Math.log10(2) + (0.5 * Math.log(LEFT_X) ** 2) / Math.LN10).toFixed(2)} decades apart)`,
    ),
  ];
}
