/**
 * Fig. 9 right (SPEC §6): √log(t*_gen/t*_tr) against log(1 − 2λ); SPEC §4 predicts the slope −1/√2 (large σ).
 * The fitted series is at Fig. 8 right's σ = 20, a σ = 5 series shows the finite-σ departure.
 */

import { NEUTRAL_COLOURS, ROLE_COLOURS } from "../../../core/palette.js";
import { fixedScale } from "../../../plot/decadeAxes.js";
import { panelTitle } from "../../../plot/figureLayout.js";
import { seriesStyleChannels } from "../../../plot/legends.js";
import { toy1dGrokking } from "../../../theory/toy1d.js";
import { type Check, exactClaim } from "../../checks.js";
import { DELAY_PANEL, lambdaOfX, linearFit, round6, toy1dModel } from "../toy1dFigures.js";
import { EPSILON } from "./losses.js";

/** σ of the fitted series on the right (unstated; Fig. 8 right's large σ) and of the finite-σ contrast. */
export const RIGHT_SIGMA = DELAY_PANEL.sigma;
export const CONTRAST_SIGMA = 5;
/** 1 − 2λ range of the right panel (unstated; Fig. 8 right's range). */
const RIGHT_LOG10_X = DELAY_PANEL.log10X;
/** The acceptance tolerance on the fitted slope. */
const SLOPE_TOL = 0.02;
/** Tolerance and range of the pointwise comparison with √(log 2 + ½log²(1−2λ)); see ratioChecks. */
const RATIO_TOL = 0.02;
const RATIO_VALID_LOG10_X = -3;

export interface RatioPoint {
  sigma: number;
  /** natural log of 1 − 2λ */
  logX: number;
  /** √log(t*_gen/t*_tr), loss threshold ε */
  sqrtLogRatio: number | null;
}

/** The measured series at σ (the fitted one, σ = 20) and at the contrast σ = 5, and the fit of the former. */
export interface RatioSeries {
  main: RatioPoint[];
  contrast: RatioPoint[];
  fit: { slope: number; intercept: number };
  /** points of `main` with a ratio (both losses crossed ε) */
  fitted: number;
}

function ratioPoints(sigma: number, log10Xs: readonly number[]): RatioPoint[] {
  return log10Xs.map((lx) => {
    const g = toy1dGrokking(toy1dModel(10 ** lx, sigma), { epsilon: EPSILON });
    return { sigma, logX: lx * Math.LN10, sqrtLogRatio: g.loss.sqrtLogRatio };
  });
}

/** Both series over `log10Xs`, and the least-squares line through the σ = 20 one. */
export function ratioSeries(log10Xs: readonly number[]): RatioSeries {
  const main = ratioPoints(RIGHT_SIGMA, log10Xs);
  const contrast = ratioPoints(CONTRAST_SIGMA, log10Xs);
  const usable = main.flatMap((p) => (p.sqrtLogRatio === null ? [] : [{ logX: p.logX, y: p.sqrtLogRatio }]));
  const fit = linearFit(
    usable.map((p) => p.logX),
    usable.map((p) => p.y),
  );
  return { main, contrast, fit, fitted: usable.length };
}

const seriesOf = (sigma: number) => `measured, σ = ${sigma}`;
const THEORY = "slope −1/√2: |log(1 − 2λ)|/√2 (SPEC §4)";
const FIT = `least-squares fit, σ = ${RIGHT_SIGMA}`;

/** A measured point, or a vertex of the theory line or the fitted line (the latter with its slope). */
export interface RatioMark {
  series: string;
  sigma?: number;
  epsilon?: number;
  lambda?: number;
  log_one_minus_2lambda: number;
  sqrt_log_ratio: number | null;
  slope?: number;
}

/** The measured points (σ = 20, then σ = 5), then both lines' ends, theory before fit at each end. */
export function ratioMarks({ main, contrast, fit }: RatioSeries): RatioMark[] {
  const measured = [...main, ...contrast].map((p) => ({
    series: seriesOf(p.sigma),
    sigma: p.sigma,
    epsilon: EPSILON,
    lambda: lambdaOfX(Math.exp(p.logX)),
    log_one_minus_2lambda: round6(p.logX),
    sqrt_log_ratio: p.sqrtLogRatio,
  }));
  const lines = RIGHT_LOG10_X.flatMap((lx): RatioMark[] => {
    const logX = lx * Math.LN10;
    return [
      { series: THEORY, log_one_minus_2lambda: round6(logX), sqrt_log_ratio: round6(-logX / Math.SQRT2) },
      {
        series: FIT,
        log_one_minus_2lambda: round6(logX),
        sqrt_log_ratio: round6(fit.intercept + fit.slope * logX),
        slope: fit.slope,
      },
    ];
  });
  return [...measured, ...lines];
}

function pointLayer(series: string, shape: string, colour: string, x: object, y: object) {
  return {
    transform: [{ filter: { field: "series", equal: series } }],
    mark: { type: "point" as const, size: 45, strokeWidth: 1.5, shape, color: colour },
    encoding: { x, y },
  };
}

/** The theory and fitted lines (one legend), the measured points by σ (fixed shapes, named in the subtitle). */
export function ratioPanel(r: RatioSeries) {
  const [lo, hi] = RIGHT_LOG10_X.map((lx) => lx * Math.LN10);
  const x = {
    field: "log_one_minus_2lambda",
    type: "quantitative" as const,
    scale: fixedScale([Math.floor(lo), Math.ceil(hi)]),
    axis: { title: "log(1 − 2λ)  (natural log)" },
  };
  const y = {
    field: "sqrt_log_ratio",
    type: "quantitative" as const,
    scale: { zero: true },
    axis: { title: "√log(t*_gen / t*_tr)" },
  };
  const lines = seriesStyleChannels([
    { series: THEORY, colour: ROLE_COLOURS.population, dash: [1, 0] },
    { series: FIT, colour: NEUTRAL_COLOURS.darkGrey, dash: [3, 3] },
  ]);
  return {
    title: {
      ...panelTitle(`ε = ${EPSILON}: √log(t*_gen/t*_tr) against log(1 − 2λ)`),
      subtitle: `measured: ○ σ = ${RIGHT_SIGMA}, △ σ = ${CONTRAST_SIGMA}`,
    },
    width: 340,
    height: 300,
    data: { values: ratioMarks(r) },
    layer: [
      {
        transform: [{ filter: { field: "series", oneOf: [THEORY, FIT] } }],
        mark: { type: "line" as const, strokeWidth: 2 },
        encoding: { x, y, ...lines },
      },
      // one layer per σ with a fixed shape: a shape scale here would be merged into the lines' legend
      pointLayer(seriesOf(RIGHT_SIGMA), "circle", NEUTRAL_COLOURS.black, x, y),
      pointLayer(seriesOf(CONTRAST_SIGMA), "triangle", NEUTRAL_COLOURS.lightGrey, x, y),
    ],
  };
}

/** The right panel's claims at σ = 20: the fitted slope, and each point against the full SPEC §4 prediction. */
export function ratioChecks({ main: points, fit }: RatioSeries): Check[] {
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
