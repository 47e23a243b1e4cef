/**
 * The training tab's plots: the three time charts on log-epoch axes (loss, accuracy, σ‖S‖ and b) with the theory's
 * asymptotes and the grokking crossings, the (σ‖S‖, b) plane and the histogram of the training projections.
 */

import { PARAMETER_COLOURS, ROLE_COLOURS } from "../../../src/core/palette.js";
import type { AsymptotePoint } from "../../../src/web/drawTheory.js";
import type { Snapshot } from "../../../src/web/trainer.js";
import { drawHistogram, drawPlane, Frame } from "../canvasPlots.js";
import { align, cellWidth, type LineChart, lineChart, type Marker } from "../charts.js";
import { crossing, inspected, type RunView } from "./runView.js";

const C = {
  train: ROLE_COLOURS.training,
  pop: ROLE_COLOURS.population,
  pred: "#555",
  b: PARAMETER_COLOURS.b,
  s: PARAMETER_COLOURS.sigmaNormS,
};

/** The plots once mounted. */
export interface TrainPlots {
  /** loss, accuracy, σ‖S‖ and b */
  charts: LineChart[];
  plane: Frame;
  hist: Frame;
}

/** Create the plots in `cells` (five); the time charts share their x axis and cursor, reported to `onCursor`. */
export function mountPlots(cells: HTMLElement[], onCursor: (idx: number | null) => void): TrainPlots {
  const w = cellWidth(cells[0]);
  const common = { xLabel: "epochs", logX: true, width: w, syncKey: "train", onCursor };
  // a fresh array per chart: uPlot writes its defaults into the series objects it is given
  const trainPop = () => [
    { label: "train", color: C.train },
    { label: "population", color: C.pop },
    { label: "pop. (predicted)", color: C.pop, dash: true },
  ];
  const charts = [
    lineChart(cells[0], { ...common, title: "loss", yLabel: "loss (nats)", log10Y: true, series: trainPop() }),
    lineChart(cells[1], {
      ...common,
      title: "accuracy",
      yLabel: "accuracy (fraction correct)",
      yRange: [0.45, 1.02],
      series: trainPop(),
    }),
    lineChart(cells[2], {
      ...common,
      title: "σ‖S‖ and b",
      yLabel: "σ‖S‖, b (logit units)",
      series: [
        { label: "σ‖S‖", color: C.s },
        { label: "b", color: C.b },
        { label: "σ‖S‖ (pred.)", color: C.s, dash: true },
        { label: "b (pred.)", color: C.b, dash: true },
      ],
    }),
  ];
  const plane = new Frame(cells[3], w, 300, "trajectory in the (σ‖S‖, b) plane over the population accuracy");
  const hist = new Frame(cells[4], w, 300, "histogram of the training projections S·xᵢ/‖S‖");
  return { charts, plane, hist };
}

/** What a time chart is drawn from. */
interface ChartInput {
  run: RunView;
  /** the checkpoints after epoch 0 (the axes are logarithmic) */
  rows: Snapshot["row"][];
  x: number[];
  pred: AsymptotePoint[];
  px: number[];
  /** the grokking crossings */
  grok: Marker[];
}

/** Draw time chart k (0: loss, 1: accuracy, 2: σ‖S‖ and b) from the checkpoints and the asymptotes `pred`. */
export function drawChart(chart: LineChart, k: number, run: RunView, pred: AsymptotePoint[], by: "acc" | "loss"): void {
  const rows = run.snapshots.map((s) => s.row).filter((r) => r.epoch > 0);
  const { tr, gen } = crossing(run, by);
  const grok: Marker[] = [];
  if (tr !== null && tr > 0) grok.push({ axis: "x", value: tr, color: C.train, label: "train" });
  if (gen !== null && gen > 0) grok.push({ axis: "x", value: gen, color: C.pop, label: "population" });
  const input = { run, rows, x: rows.map((r) => r.epoch), pred, px: pred.map((p) => p.epoch), grok };
  if (k === 0) drawLoss(chart, input);
  else if (k === 1) drawAccuracy(chart, input);
  else drawParameters(chart, input);
}

function drawLoss(chart: LineChart, { run, rows, x, pred, px, grok }: ChartInput): void {
  const c = run.config;
  chart.set(
    align([
      { x, y: rows.map((r) => r.log10_train_loss) },
      { x, y: rows.map((r) => r.log10_pop_loss) },
      { x: px, y: pred.map((p) => p.log10PopLoss) },
    ]),
    [...grok, { axis: "y", value: Math.log10(c.lossThreshold), color: "#888", label: `ε = ${c.lossThreshold}` }],
  );
}

function drawAccuracy(chart: LineChart, { run, rows, x, pred, px, grok }: ChartInput): void {
  const c = run.config;
  const t = run.theory;
  const markers: Marker[] = [
    ...grok,
    { axis: "y", value: c.accThreshold, color: "#888", label: `threshold ${c.accThreshold}` },
  ];
  if (t?.separable && t.predicted_final_pop_acc !== undefined)
    markers.push({ axis: "y", value: t.predicted_final_pop_acc, color: C.pop, label: "predicted end" });
  chart.set(
    align([
      { x, y: rows.map((r) => r.train_acc) },
      { x, y: rows.map((r) => r.pop_acc) },
      { x: px, y: pred.map((p) => p.popAcc) },
    ]),
    markers,
  );
}

function drawParameters(chart: LineChart, { run, rows, x, pred, px, grok }: ChartInput): void {
  const t = run.theory;
  const markers: Marker[] = [...grok];
  if (t?.sigma_s_inf_norm !== undefined)
    markers.push({ axis: "y", value: t.sigma_s_inf_norm, color: C.s, label: "σ‖S_∞‖" });
  chart.set(
    align([
      { x, y: rows.map((r) => r.sigma_norm_s) },
      { x, y: rows.map((r) => r.b) },
      { x: px, y: pred.map((p) => p.sigmaNormS) },
      { x: px, y: pred.map((p) => p.b) },
    ]),
    markers,
  );
}

/** The trajectory in the (σ‖S‖, b) plane, its asymptote and the inspected checkpoint. */
export function drawRunPlane(plane: Frame, run: RunView, pred: AsymptotePoint[]): void {
  const snap = inspected(run);
  const t = run.theory;
  drawPlane(plane, {
    trajectory: run.snapshots.map((s) => [s.row.sigma_norm_s, s.row.b]),
    asymptote: pred.map((p) => [p.sigmaNormS, p.b]),
    marker: snap ? [snap.row.sigma_norm_s, snap.row.b] : null,
    raySlope: t?.separable && t.margin ? -1 / (run.config.sigma * t.margin) : null,
  });
}

/** The histogram of the projections at checkpoint `snap`, with the decision threshold −b/‖S‖. */
export function drawRunHistogram(hist: Frame, snap: Snapshot): void {
  const r = snap.row;
  const caption = snap.projections.length ? `at epoch ${r.epoch}` : "(recorded for GD and Adam only)";
  drawHistogram(hist, snap.projections, r.norm_s > 0 ? -r.b / r.norm_s : null, caption);
}
