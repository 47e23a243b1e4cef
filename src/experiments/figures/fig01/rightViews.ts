/**
 * The three Fig. 1 right panels as Vega-Lite views, drawn from right.ts's typed result through rightRows.ts's
 * records: ‖S_∞‖ against 1 − 2λ (top), final accuracy against λ (mid), grokking time against λ (bottom).
 */

import { GREYS, ROLE_COLOURS } from "../../../core/palette.js";
import { verticalGuide } from "../../../plot/guides.js";
import type { PanelView } from "../compose.js";
import type { RightResult, TopResult, TrainResult } from "./right.js";
import {
  accSeries,
  drawRecords,
  EXACT_SERIES,
  lenientSeries,
  perDRecords,
  type SinfRecord,
  sInfRecords,
} from "./rightRows.js";

const WIDTH = 260;
const HEIGHT = 150;

/** The panels' series colours: the exact (or measured) series takes the training blue, the lenient test the red. */
const MEASURED = ROLE_COLOURS.training;
const LENIENT = ROLE_COLOURS.population;

/** The mid panel's dash of the prediction's means (the run's are solid). */
const DASH_PREDICTION = [5, 3];

const AXIS_LAMBDA = { field: "lambda", type: "quantitative", title: "λ = d/N", scale: { domain: [0, 0.9] } } as const;

/**
 * The mid panel's key, drawn as marks in its empty lower-left corner (λ < 0.45, accuracy < 0.7) rather than as a
 * Vega-Lite legend: in a concatenated figure a legend is placed for the whole concat, away from its panel.
 */
function keyLayer(domain: readonly string[], color: object, yAxis: object): object {
  const values = domain.map((series, k) => ({ series, lambda: 0.03, label_lambda: 0.05, acc: 0.61 - 0.055 * k }));
  const y = { ...yAxis, field: "acc" };
  return {
    data: { values },
    layer: [
      { mark: { type: "point", filled: true, size: 30 }, encoding: { x: AXIS_LAMBDA, y, color } },
      {
        mark: { type: "text", align: "left", baseline: "middle", fontSize: 9 },
        encoding: { x: { ...AXIS_LAMBDA, field: "label_lambda" }, y, text: { field: "series" } },
      },
    ],
  };
}

/** [lo, hi] padded by `pad` of the span, for axes fitted to the data. */
function fitted(lo: number, hi: number, pad = 0.05): [number, number] {
  const w = hi - lo || Math.abs(hi) || 1;
  return [lo - pad * w, hi + pad * w];
}

/** The rule (± 1 SE) and line of one top-panel series, in a fixed colour (no colour scale: see topView). */
function sInfSeries(values: readonly SinfRecord[], x: object, yScale: object, color: string): object {
  const y = { field: "mean_norm_s_inf", type: "quantitative", title: "mean ‖S_∞‖", scale: yScale };
  return {
    data: { values },
    layer: [
      {
        mark: { type: "rule", color },
        encoding: { x, y: { field: "lo", type: "quantitative", scale: yScale }, y2: { field: "hi" } },
      },
      {
        mark: { type: "line", point: true, color },
        encoding: {
          x,
          y,
          tooltip: [{ field: "d" }, { field: "mean_norm_s_inf" }, { field: "se_norm_s_inf" }, { field: "inseparable" }],
        },
      },
    ],
  };
}

/** Top: mean ‖S_∞‖ ± 1 SE against 1 − 2λ on a log axis (both axes fitted to the data), one line per series. */
export function topView({ sweep: s, points }: TopResult): PanelView {
  const values = sInfRecords(points, s).filter((r) => r.mean_norm_s_inf !== null);
  const xs = values.map((r) => r.one_minus_2lambda as number);
  const his = values.map((r) => r.hi as number);
  const los = values.map((r) => r.lo as number);
  const x = {
    field: "one_minus_2lambda",
    type: "quantitative",
    scale: { type: "log", domain: [Math.min(...xs) / 1.15, Math.max(...xs) * 1.15], nice: false },
    title: "1 − 2λ",
  };
  const yScale = { domain: fitted(Math.max(0, Math.min(...los)), Math.max(...his)), nice: false, zero: false };
  // one layer pair per test with a fixed colour, no colour scale: a concatenated figure merges the colour scales of
  // its panels, and the mid panel's would take this one's range
  const series = (test: string, color: string) =>
    sInfSeries(
      values.filter((r) => r.test === test),
      x,
      yScale,
      color,
    );
  const lenient = s.lenient ? lenientSeries(s.lenient) : null;
  return {
    width: WIDTH,
    height: HEIGHT,
    title: {
      text: "‖S_∞‖ diverges as λ → ½⁻",
      subtitle: [
        "mean over inseparable draws ± 1 SE (exact test)",
        `N = ${s.n}, σ = ${s.sigma}, ${s.draws} nested draws`,
        ...(lenient ? [`red: ${lenient}`] : []),
      ],
    },
    layer: [series(EXACT_SERIES, MEASURED), ...(lenient ? [series(lenient, LENIENT)] : [])],
  };
}

/** Mid: per-draw final accuracy (faint), per-λ means of the final accuracy and of the prediction (dashed), λ = ½. */
export function midView({ sweep: s, draws }: TrainResult): PanelView {
  const names = accSeries(s);
  const domain = [names.final, names.prediction];
  const color = { field: "series", type: "nominal", scale: { domain, range: [MEASURED, GREYS.ink] }, legend: null };
  const perDraw = drawRecords(draws).map((r) => ({ ...r, series: names.final }));
  const means = perDRecords(draws, s).flatMap((p) => p.means);
  const y = { type: "quantitative", title: "population accuracy", scale: { domain: [0.45, 1] } };
  const dash = { domain, range: [[1, 0], DASH_PREDICTION] };
  return {
    width: WIDTH,
    height: HEIGHT,
    title: {
      text: "final accuracy vs λ",
      subtitle: `N = ${s.n}, σ = ${s.sigma}, logistic loss, ${s.draws} draws per λ`,
    },
    layer: [
      verticalGuide("lambda", 0.5, AXIS_LAMBDA),
      {
        data: { values: perDraw },
        mark: { type: "point", filled: true, size: 10, opacity: 0.25 },
        encoding: { x: AXIS_LAMBDA, y: { ...y, field: "final_pop_acc" }, color },
      },
      {
        data: { values: means },
        mark: { type: "line", point: { size: 12 } },
        encoding: {
          x: AXIS_LAMBDA,
          y: { ...y, field: "value" },
          color,
          strokeDash: { field: "series", scale: dash, legend: null },
        },
      },
      keyLayer(domain, color, y),
    ],
  };
}

/** Decade ticks 1 … 1e6 labelled 1eN: at η = 0.1 and 3·10^5 epochs the delays span ~1 … 1e5 epochs. */
const DECADES_AXIS = {
  values: Array.from({ length: 7 }, (_, k) => 10 ** k),
  labelExpr: "'1e' + round(log(datum.value) / LN10)",
};

/** Bottom: accuracy-0.9 grokking delay per draw (log y) and its median per λ over the draws that crossed. */
export function bottomView({ sweep: s, draws }: TrainResult): PanelView {
  const crossed = drawRecords(draws).filter((r) => typeof r.grok_epochs === "number" && r.grok_epochs > 0);
  // λ fitted to the draws that crossed (separable draws far above ½ never do): no empty right half
  const top = Math.max(0.55, ...crossed.map((r) => r.lambda as number));
  const lambdaAxis = { field: "lambda", type: "quantitative", title: "λ = d/N", scale: { domain: [0, top + 0.05] } };
  const medians = perDRecords(draws, s).flatMap((p) => (p.median.median_grok_epochs !== null ? [p.median] : []));
  const y = { type: "quantitative", scale: { type: "log" }, axis: DECADES_AXIS, title: "grokking time (epochs)" };
  return {
    width: WIDTH,
    height: HEIGHT,
    title: {
      text: "grokking time vs λ",
      // two short lines: headless Vega reserves 0.8 em a character, one long line widened the canvas by a third
      subtitle: ["first epoch A_gen ≥ 0.9 minus", "first epoch A_train ≥ 0.9; median line"],
    },
    layer: [
      verticalGuide("lambda", 0.5, lambdaAxis),
      {
        data: { values: crossed },
        mark: { type: "point", filled: true, size: 12, opacity: 0.35, color: MEASURED },
        encoding: { x: lambdaAxis, y: { ...y, field: "grok_epochs" } },
      },
      {
        data: { values: medians },
        mark: { type: "line", point: true, color: MEASURED },
        encoding: {
          x: lambdaAxis,
          y: { ...y, field: "median_grok_epochs" },
          tooltip: [{ field: "d" }, { field: "median_grok_epochs" }, { field: "crossed" }, { field: "draws" }],
        },
      },
    ],
  };
}

/** The right column's views, top to bottom: the S_∞ panel alone with `--panels right-top`. */
export function rightViews(r: RightResult): PanelView[] {
  return r.trained ? [topView(r.top), midView(r.trained), bottomView(r.trained)] : [topView(r.top)];
}
