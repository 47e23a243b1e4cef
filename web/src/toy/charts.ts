/** The 1-D tab's charts on log10 t: loss, accuracy, σS and b; and the grokking-time law against log10(1 − 2λ). */

import type { Toy1dConfig } from "../../../src/config/toy1d.js";
import { PARAMETER_COLOURS, ROLE_COLOURS } from "../../../src/core/palette.js";
import { LARGE_SIGMA_LAW } from "../../../src/theory/toy1dGrokking.js";
import type { ToyView } from "../../../src/web/toyView.js";
import { align, type LineChart, lineChart, type Marker } from "../charts.js";

const TRAIN = ROLE_COLOURS.training;
const POP = ROLE_COLOURS.population;

/** Create the four charts in `cells`, `width` px wide; the three time charts share their cursor. */
export function mountToyCharts(cells: HTMLElement[], width: number): LineChart[] {
  const time = { xLabel: "log10 t", logX: false, width, syncKey: "toy" };
  return [
    lineChart(cells[0], {
      ...time,
      title: "loss",
      yLabel: "loss",
      log10Y: true,
      series: [
        { label: "train", color: TRAIN },
        { label: "population", color: POP },
      ],
    }),
    lineChart(cells[1], {
      ...time,
      title: "population accuracy",
      yLabel: "accuracy",
      yRange: [0.45, 1.02],
      series: [
        { label: "population", color: POP },
        { label: "train", color: TRAIN },
      ],
    }),
    lineChart(cells[2], {
      ...time,
      title: "σS and b",
      yLabel: "value",
      series: [
        { label: "σS", color: PARAMETER_COLOURS.sigmaNormS },
        { label: "b", color: PARAMETER_COLOURS.b },
      ],
    }),
    lineChart(cells[3], {
      title: "grokking-time law",
      xLabel: "log10(1−2λ)",
      yLabel: "√log(t*gen/t*tr)",
      logX: false,
      width,
      series: [
        { label: "measured (ε)", color: POP },
        { label: LARGE_SIGMA_LAW.sqrtLogRatio, color: "#555", dash: true },
      ],
    }),
  ];
}

/** Draw the model's curves (settings `s`) and the law into the charts. */
export function drawToyCharts(charts: LineChart[], view: ToyView, s: Toy1dConfig): void {
  const r = view.records;
  const x = r.map((p) => p.log10_t);
  const g = view.grokking;
  const l = g.loss;
  const marks: Marker[] = [];
  if (l.log10TTrain !== null && Number.isFinite(l.log10TTrain))
    marks.push({ axis: "x", value: l.log10TTrain, color: TRAIN, label: "t*tr" });
  if (l.log10TGen !== null) marks.push({ axis: "x", value: l.log10TGen, color: POP, label: "t*gen" });
  if (g.prediction.log10TGen !== null)
    marks.push({ axis: "x", value: g.prediction.log10TGen, color: "#555", label: "law" });
  charts[0].set(
    [x, r.map((p) => p.log10_train_loss), r.map((p) => p.log10_pop_loss)],
    [...marks, { axis: "y", value: Math.log10(s.epsilon), color: "#888", label: `ε = ${s.epsilon}` }],
  );
  const trainAcc = r.map(
    (p) => (p.b - s.sigma * p.S < 0 ? 0.5 : 0) + ((1 - 2 * s.lambda) * s.sigma * p.S + p.b < 0 ? 0.5 : 0),
  );
  charts[1].set(
    [x, r.map((p) => p.pop_acc), trainAcc],
    [{ axis: "y", value: s.accThreshold, color: "#888", label: `threshold ${s.accThreshold}` }],
  );
  charts[2].set([x, r.map((p) => s.sigma * p.S), r.map((p) => p.b)], marks);
  const law = [...view.law].sort((a, b) => a.oneMinus2Lambda - b.oneMinus2Lambda);
  const here = Math.log10(1 - 2 * s.lambda);
  charts[3].set(
    align([
      { x: law.map((p) => Math.log10(p.oneMinus2Lambda)), y: law.map((p) => p.measured) },
      { x: law.map((p) => Math.log10(p.oneMinus2Lambda)), y: law.map((p) => p.predicted) },
    ]),
    Number.isFinite(here) ? [{ axis: "x", value: here, color: POP, label: "this λ" }] : [],
  );
}
