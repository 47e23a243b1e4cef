/**
 * Fig. 9 of the paper (SPEC §6): the 1-D toy model of SPEC §4.
 * Left: training and population loss at 1 − 2λ = 1e-3 carried to t ~ 1e91 (losses ~1e-90: log space throughout),
 * with the first crossings of ε = 1e-50 marked.
 * Right: √log(t*_gen/t*_tr) against log(1 − 2λ); SPEC §4 predicts the slope −1/√2 (large σ).
 */

import type { TopLevelSpec } from "vega-lite";
import { type Toy1dRecord, toy1dCurve, toy1dGrokking } from "../../theory/toy1d.js";
import { type Check, exactClaim } from "../checks.js";
import { bySize, type DataRow, type FigureContext, type FigureRecipe, type FigureResult } from "./recipe.js";
import {
  DELAY_PANEL,
  type DelaySize,
  decadeTicks,
  delaySizes,
  figureTitle,
  lambdaOfX,
  linearFit,
  round6,
  TOY1D_CONFIG,
  TOY1D_ETA,
  TOY1D_ETA_REVEALED,
  toy1dModel,
} from "./toy1dFigures.js";

/** The paper's 1 − 2λ of the left panel. */
const LEFT_X = 1e-3;
/** σ of the left panel (unstated; σ = 5 as in Fig. 8 left and the `grokedge toy1d` default). */
const LEFT_SIGMA = 5;
/** The left panel's time range, log10 t: the paper's t ~ 1e91. */
const LEFT_LOG10_T: [number, number] = [-1, 91];
/** Loss threshold of the grokking times (unstated for Fig. 9; Fig. 8's ε). */
const EPSILON = DELAY_PANEL.epsilon;
/** σ of the fitted series on the right (unstated; Fig. 8 right's large σ) and of the finite-σ contrast. */
const RIGHT_SIGMA = DELAY_PANEL.sigma;
const CONTRAST_SIGMA = 5;
/** 1 − 2λ range of the right panel (unstated; Fig. 8 right's range). */
const RIGHT_LOG10_X = DELAY_PANEL.log10X;
/** The acceptance tolerance on the fitted slope. */
const SLOPE_TOL = 0.02;
/** Tolerance and range of the pointwise comparison with √(log 2 + ½log²(1−2λ)); see ratioChecks. */
const RATIO_TOL = 0.02;
const RATIO_VALID_LOG10_X = -3;

const SIZES = delaySizes(4);

// ─── left: losses to t ~ 1e91 ────────────────────────────────────────────────────────────────────────────────────

interface LeftData {
  records: Toy1dRecord[];
  log10TTrain: number | null;
  log10TGen: number | null;
  reachedLog10T: number;
}

function leftData(perDecade: number): LeftData {
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

function leftRows(d: LeftData): DataRow[] {
  const base = { panel: "losses", sigma: LEFT_SIGMA, lambda: lambdaOfX(LEFT_X), one_minus_2lambda: LEFT_X };
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

function leftView(rows: DataRow[], d: LeftData) {
  const losses = d.records.flatMap((r) => [r.log10_train_loss, r.log10_pop_loss]);
  const yDomain: [number, number] = [
    10 * Math.floor(Math.min(...losses) / 10),
    10 * Math.ceil(Math.max(...losses) / 10),
  ];
  const x = {
    field: "log10_t",
    type: "quantitative" as const,
    scale: { domain: LEFT_LOG10_T, nice: false, zero: false },
    axis: { title: "t (epochs)", ...decadeTicks(LEFT_LOG10_T[0], LEFT_LOG10_T[1], 10) },
  };
  const y = {
    field: "log10_loss",
    type: "quantitative" as const,
    scale: { domain: yDomain, nice: false, zero: false },
    axis: { title: "loss", ...decadeTicks(yDomain[0], yDomain[1], 10) },
  };
  const colour = {
    field: "series",
    type: "nominal" as const,
    title: null,
    scale: { domain: [TRAIN, POP], range: ["#1f77b4", "#d62728"] },
    legend: { orient: "top-right" as const, fillColor: "white" },
  };
  return {
    title: { text: `1 − 2λ = ${LEFT_X}, σ = ${LEFT_SIGMA}: losses to t = 1e${LEFT_LOG10_T[1]}`, fontSize: 12 },
    width: 400,
    height: 300,
    data: { values: rows },
    layer: [
      {
        mark: { type: "rule" as const, strokeDash: [4, 4], color: "#777" },
        encoding: { y: { datum: Math.log10(EPSILON) } },
      },
      {
        transform: [{ filter: { field: "series", oneOf: [TRAIN, POP] } }],
        mark: { type: "line" as const, strokeWidth: 2, clip: true },
        encoding: { x, y, color: colour },
      },
      {
        transform: [{ filter: { field: "series", oneOf: CROSSINGS } }],
        mark: { type: "point" as const, filled: true, size: 70, color: "#000" },
        encoding: { x, y },
      },
      {
        transform: [{ filter: { field: "series", oneOf: CROSSINGS } }],
        mark: { type: "text" as const, dy: -12, fontSize: 11 },
        encoding: { x, y, text: { field: "series", type: "nominal" as const } },
      },
    ],
  };
}

// ─── right: √log(t*_gen/t*_tr) against log(1 − 2λ) ───────────────────────────────────────────────────────────────

interface RatioPoint {
  sigma: number;
  /** natural log of 1 − 2λ */
  logX: number;
  /** √log(t*_gen/t*_tr), loss threshold ε */
  sqrtLogRatio: number | null;
}

function ratioPoints(sigma: number, log10Xs: number[]): RatioPoint[] {
  return log10Xs.map((lx) => {
    const g = toy1dGrokking(toy1dModel(10 ** lx, sigma), { epsilon: EPSILON });
    return { sigma, logX: lx * Math.LN10, sqrtLogRatio: g.loss.sqrtLogRatio };
  });
}

const seriesOf = (sigma: number) => `measured, σ = ${sigma}`;
const THEORY = "slope −1/√2: |log(1 − 2λ)|/√2 (SPEC §4)";
const FIT = `least-squares fit, σ = ${RIGHT_SIGMA}`;

function rightRows(points: RatioPoint[], fit: { slope: number; intercept: number }): DataRow[] {
  const measured = points.map((p) => ({
    panel: "ratio",
    series: seriesOf(p.sigma),
    sigma: p.sigma,
    epsilon: EPSILON,
    lambda: lambdaOfX(Math.exp(p.logX)),
    log_one_minus_2lambda: round6(p.logX),
    sqrt_log_ratio: p.sqrtLogRatio,
  }));
  const ends = RIGHT_LOG10_X.map((lx) => lx * Math.LN10);
  const lines = ends.flatMap((logX): DataRow[] => [
    { panel: "ratio", series: THEORY, log_one_minus_2lambda: round6(logX), sqrt_log_ratio: round6(-logX / Math.SQRT2) },
    {
      panel: "ratio",
      series: FIT,
      log_one_minus_2lambda: round6(logX),
      sqrt_log_ratio: round6(fit.intercept + fit.slope * logX),
      slope: fit.slope,
    },
  ]);
  return [...measured, ...lines];
}

function pointLayer(series: string, shape: string, colour: string, x: object, y: object) {
  return {
    transform: [{ filter: { field: "series", equal: series } }],
    mark: { type: "point" as const, size: 45, strokeWidth: 1.5, shape, color: colour },
    encoding: { x, y },
  };
}

function rightView(rows: DataRow[]) {
  const [lo, hi] = RIGHT_LOG10_X.map((lx) => lx * Math.LN10);
  const x = {
    field: "log_one_minus_2lambda",
    type: "quantitative" as const,
    scale: { domain: [Math.floor(lo), Math.ceil(hi)], nice: false, zero: false },
    axis: { title: "log(1 − 2λ)  (natural log)" },
  };
  const y = {
    field: "sqrt_log_ratio",
    type: "quantitative" as const,
    scale: { zero: true },
    axis: { title: "√log(t*_gen / t*_tr)" },
  };
  const legend = { orient: "bottom" as const, direction: "vertical" as const };
  return {
    title: {
      text: `ε = ${EPSILON}: √log(t*_gen/t*_tr) against log(1 − 2λ)`,
      subtitle: `measured: ○ σ = ${RIGHT_SIGMA}, △ σ = ${CONTRAST_SIGMA}`,
      fontSize: 12,
    },
    width: 340,
    height: 300,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: { field: "series", oneOf: [THEORY, FIT] } }],
        mark: { type: "line" as const, strokeWidth: 2 },
        encoding: {
          x,
          y,
          color: { field: "series", title: null, scale: { domain: [THEORY, FIT], range: ["#d62728", "#555"] }, legend },
          strokeDash: {
            field: "series",
            title: null,
            scale: {
              domain: [THEORY, FIT],
              range: [
                [1, 0],
                [3, 3],
              ],
            },
            legend,
          },
        },
      },
      // one layer per σ with a fixed shape: a shape scale here would be merged into the lines' legend
      pointLayer(seriesOf(RIGHT_SIGMA), "circle", "#000", x, y),
      pointLayer(seriesOf(CONTRAST_SIGMA), "triangle", "#999", x, y),
    ],
  };
}

// ─── self-checks ─────────────────────────────────────────────────────────────────────────────────────────────────

/** The left panel's claims: finite losses to t = 1e91, both ∝ 1/t late (b ≈ −log t), and t*_gen ≫ t*_tr. */
function lossChecks(d: LeftData): Check[] {
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

/** The right panel's claims at σ = 20: the fitted slope, and each point against the full SPEC §4 prediction. */
function ratioChecks(points: RatioPoint[], fit: { slope: number }): Check[] {
  const near = points.filter((p) => p.logX <= RATIO_VALID_LOG10_X * Math.LN10 + 1e-9);
  // SPEC §4 with the factor 2 kept: log(t*_gen/t*_tr) = log 2 + ½ log²(1 − 2λ)
  const errs = near.map((p) => Math.abs((p.sqrtLogRatio ?? Number.NaN) - Math.sqrt(Math.LN2 + 0.5 * p.logX * p.logX)));
  return [
    exactClaim(
      `σ = ${RIGHT_SIGMA}: the fitted slope of √log(t*_gen/t*_tr) against log(1 − 2λ) is within ${SLOPE_TOL} of −1/√2`,
      Math.abs(fit.slope + Math.SQRT1_2) < SLOPE_TOL,
      `slope ${fit.slope.toFixed(4)} vs −1/√2 = ${(-Math.SQRT1_2).toFixed(4)} over ${points.length} points, ` +
        `1 − 2λ ∈ [1e${RIGHT_LOG10_X[0]}, 1e${RIGHT_LOG10_X[1]}]`,
    ),
    exactClaim(
      `σ = ${RIGHT_SIGMA}: √log(t*_gen/t*_tr) is within ${RATIO_TOL} of √(log 2 + ½ log²(1 − 2λ)) for 1 − 2λ ≤ ` +
        `1e${RATIO_VALID_LOG10_X}`,
      near.length > 0 && errs.every((e) => e < RATIO_TOL),
      `|Δ| = ${errs.map((e) => e.toFixed(4)).join(", ")}; the prediction drops O((1−2λ)log²(1−2λ)) terms and the ` +
        `finite-σ transient of S`,
    ),
  ];
}

// ─── the recipe ──────────────────────────────────────────────────────────────────────────────────────────────────

async function runFig9(ctx: FigureContext): Promise<FigureResult> {
  const size = bySize(ctx, SIZES);
  const left = leftData(size.perDecade);
  ctx.onProgress?.(1, 2);
  const main = ratioPoints(RIGHT_SIGMA, size.log10Xs);
  const contrast = ratioPoints(CONTRAST_SIGMA, size.log10Xs);
  ctx.onProgress?.(2, 2);
  const usable = main.filter((p) => p.sqrtLogRatio !== null);
  const fit = linearFit(
    usable.map((p) => p.logX),
    usable.map((p) => p.sqrtLogRatio as number),
  );
  const lRows = leftRows(left);
  const rRows = rightRows([...main, ...contrast], fit);
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: figureTitle("Fig. 9 — the 1-D model to t ~ 1e91, and the scaling of the grokking time", [
      `exponential loss, gradient flow from S_0 = b_0 = 0, η = ${TOY1D_ETA}; ${ctx.size} size`,
      `t*_tr, t*_gen = first t with training / population loss ≤ ε = ${EPSILON} (SPEC §5)`,
      `right: fitted slope ${fit.slope.toFixed(4)} at σ = ${RIGHT_SIGMA} (−1/√2 = −0.7071); σ = ${CONTRAST_SIGMA} ` +
        "shows the finite-σ departure",
    ]),
    hconcat: [leftView(lRows, left), rightView(rRows)],
    spacing: 30,
    resolve: {
      scale: { color: "independent", strokeDash: "independent" },
      legend: { color: "independent", strokeDash: "independent" },
    },
    config: TOY1D_CONFIG,
  } as unknown as TopLevelSpec;
  return {
    spec,
    rows: [...lRows, ...rRows],
    checks: [...lossChecks(left), ...ratioChecks(main, fit)],
    parameters: fig9Parameters(size),
    notes: fig9Notes(size, ctx.size),
    extra: { fit: { sigma: RIGHT_SIGMA, slope: fit.slope, intercept: fit.intercept, points: usable.length } },
  };
}

function fig9Parameters(size: DelaySize) {
  return {
    stated: { left: { one_minus_2lambda: LEFT_X, t_max: "~1e91" }, right: { slope: "−1/√2" } },
    revealed: TOY1D_ETA_REVEALED,
    chosen: {
      S0: 0,
      b0: 0,
      epsilon: EPSILON,
      left: { sigma: LEFT_SIGMA, t: [`1e${LEFT_LOG10_T[0]}`, `1e${LEFT_LOG10_T[1]}`], perDecade: size.perDecade },
      right: { sigma: RIGHT_SIGMA, contrast_sigma: CONTRAST_SIGMA, log10_one_minus_2lambda: size.log10Xs },
      loss: "exponential (SPEC §4), gradient flow (conformal-time ODE, odex, atol 1e-12 on log variables)",
    },
  };
}

function fig9Notes(size: DelaySize, name: string): string[] {
  return [
    `η = ${TOY1D_ETA}, σ, ε and the 1 − 2λ range are unstated for Fig. 9: left σ = ${LEFT_SIGMA} (as Fig. 8 left), ` +
      `right σ = ${RIGHT_SIGMA}, ε = ${EPSILON} and 1 − 2λ ∈ [1e-4, 1e-1] (as Fig. 8 right)`,
    `right: ${name} size, ${size.log10Xs.length} values of 1 − 2λ evenly spaced in log10; the slope is a least-squares ` +
      `fit over all of them; the theory line is |log(1 − 2λ)|/√2 through the origin (SPEC §4 drops the log 2)`,
    `right: σ = ${CONTRAST_SIGMA} is drawn for contrast (our addition): there S has not reached S_∞ when the losses ` +
      "cross ε near the edge, and the slope flattens — the prediction is a large-σ one",
    "time and losses are carried as logarithms throughout (SPEC §4); t in epochs of gradient flow",
  ];
}

export const fig9: FigureRecipe = {
  id: "9",
  title: "1-D model: losses to t ~ 1e91 at 1 − 2λ = 1e-3, and √log(t*_gen/t*_tr) against log(1 − 2λ) (slope −1/√2)",
  run: runFig9,
};
