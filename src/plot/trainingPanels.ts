/**
 * Fig. 1 (left) of the paper: training dynamics per λ column — loss, accuracy, σ‖S‖ and b against epochs,
 * with every seed drawn faintly, the seed mean drawn thick over a band of ± one standard error.
 */

import type { TopLevelSpec } from "vega-lite";
import { ROLE_COLOURS } from "../core/palette.js";
import type { Checkpoint } from "../train/gd.js";
import { wrapToWidth } from "./textWidth.js";

export interface PanelRun {
  column: string;
  seed: number;
  checkpoints: Checkpoint[];
  /**
   * log10 of the generalization loss as the paper measured it, one per checkpoint (NaN: not drawn), where that differs
   * from the exact value (SPEC §6: float32 BCELoss, a 10^4-point exponential test loss)
   */
  paperLog10Loss?: readonly number[];
}

/** A theory curve drawn dashed over a column (the long-time prediction of Fig. 1): population metrics, σ‖S‖, b. */
export interface PanelPrediction {
  column: string;
  points: { epoch: number; log10_pop_loss: number; pop_acc: number; sigma_norm_s: number; b: number }[];
}

/** Long-format data row; `series` is "" for quantities that belong to the model rather than to a data set. */
interface Row {
  column: string;
  /** −1 for prediction rows */
  seed: number;
  epoch: number;
  metric: Metric;
  series: string;
  value: number;
}

type Metric = "loss" | "acc" | "sigma_norm_s" | "b";

const TRAIN = "training";
const POP = "generalization (population)";
/** Drawn only where the population loss has no exact formula (the logistic loss on the mixture inputs). */
const TEST = "generalization (held-out test set)";
/** The overlay of SPEC §6: the generalization loss as the paper's float32 PyTorch and finite test set measured it. */
const PAPER = "as the paper measured it";
const PANEL_WIDTH = 260;
const PANEL_HEIGHT = 150;

/** The grid's width in px for `columns` columns (panels, their gaps and the y axis): what a caption may take. */
export function trainingGridWidth(columns: number): number {
  return columns * (PANEL_WIDTH + 20) + 40;
}

/**
 * The grid's legend: two entries a row. Headless Vega reserves 0.8 em a character for each label (plot/textWidth.ts),
 * so four long labels in one row would widen the canvas far past a three-column grid.
 */
export const TRAINING_LEGEND = {
  orient: "top",
  columns: 2,
  labelFontSize: 12,
  labelLimit: 0,
  symbolStrokeWidth: 3,
  symbolOpacity: 1,
} as const;

/** Loss goes in as log10: losses reach 1e-80 and below, where a log scale's ticks and the float range get fragile. */
const ROWS: { metric: Metric; title: string; coloured: boolean; domain?: [number, number] }[] = [
  { metric: "loss", title: "log10 loss", coloured: true },
  { metric: "acc", title: "accuracy", coloured: true, domain: [0.4, 1] },
  { metric: "sigma_norm_s", title: "σ‖S‖", coloured: false },
  { metric: "b", title: "b", coloured: false },
];

/** Six significant digits are far below what a 150 px panel resolves and keep the inline data small. */
function round(x: number): number {
  return Number(x.toPrecision(6));
}

function checkpointRows(run: PanelRun, c: Checkpoint, i: number): Row[] {
  const base = { column: run.column, seed: run.seed, epoch: c.epoch };
  const values: [Metric, string, number][] = [
    ["loss", TRAIN, c.log10_train_loss],
    ["loss", POP, c.log10_pop_loss],
    ["loss", TEST, Number.isFinite(c.log10_pop_loss) || c.test_loss === null ? Number.NaN : Math.log10(c.test_loss)],
    ["loss", PAPER, run.paperLog10Loss?.[i] ?? Number.NaN],
    ["acc", TRAIN, c.train_acc],
    ["acc", POP, c.pop_acc],
    ["sigma_norm_s", "", c.sigma_norm_s],
    ["b", "", c.b],
  ];
  // Non-finite values (a diverged run) would serialise as null and break lines and means, so they are dropped.
  return values
    .filter(([, , v]) => Number.isFinite(v))
    .map(([metric, series, v]) => ({ ...base, metric, series, value: round(v) }));
}

/** Epoch 0 has no place on a log axis. */
function toRows(runs: PanelRun[]): Row[] {
  return runs.flatMap((run) => run.checkpoints.flatMap((c, i) => (c.epoch > 0 ? checkpointRows(run, c, i) : [])));
}

/** Prediction rows carry seed −1, which the run layers filter out. */
function predictionRows(predictions: readonly PanelPrediction[]): Row[] {
  // epoch 0 has no place on the log-epoch axis (the runs' rows skip it too)
  return predictions.flatMap((p) =>
    p.points
      .filter((pt) => pt.epoch > 0)
      .flatMap((pt) => {
        const base = { column: p.column, seed: -1, epoch: pt.epoch };
        const values: [Metric, string, number][] = [
          ["loss", POP, pt.log10_pop_loss],
          ["acc", POP, pt.pop_acc],
          ["sigma_norm_s", "", pt.sigma_norm_s],
          ["b", "", pt.b],
        ];
        return values
          .filter(([, , v]) => Number.isFinite(v))
          .map(([metric, series, v]) => ({ ...base, metric, series, value: round(v) }));
      }),
  );
}

/** Accuracy is drawn from 0.4 (chance is 0.5) unless some value lies below, e.g. when b_0 > 0 starts near 0. */
function rowsFor(rows: readonly Row[]): typeof ROWS {
  const low = rows.some((r) => r.metric === "acc" && r.value < 0.4);
  return low ? ROWS.map((r) => (r.metric === "acc" ? { ...r, domain: [0, 1] as [number, number] } : r)) : ROWS;
}

/** An explicit shared domain keeps the four rows' x axes aligned (concatenated views resolve scales separately). */
function epochDomain(rows: Row[]): [number, number] {
  if (rows.length === 0) return [1, 10];
  let lo = rows[0].epoch;
  let hi = lo;
  for (const r of rows) {
    lo = Math.min(lo, r.epoch);
    hi = Math.max(hi, r.epoch);
  }
  // A single checkpoint would give an empty log domain.
  return [lo, Math.max(hi, lo * 10)];
}

/** Exponents of the decades inside the domain: Vega's default log ticks crowd the axis with minor grid lines. */
function decades([lo, hi]: [number, number]): number[] {
  const ks: number[] = [];
  for (let k = Math.ceil(Math.log10(lo) - 1e-9); k <= Math.floor(Math.log10(hi) + 1e-9); k++) ks.push(k);
  return ks;
}

function superscript(k: number): string {
  return [...String(k)].map((ch) => (ch === "-" ? "⁻" : "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(ch)])).join("");
}

/** Labels 10ⁿ are precomputed here and looked up by exponent, since Vega's number formats cannot write superscripts. */
function decadeAxis(domain: [number, number]) {
  const ks = decades(domain);
  const labels = JSON.stringify(ks.map((k) => `10${superscript(k)}`));
  const labelExpr = `${labels}[round(log(datum.value) / LN10) - (${ks[0] ?? 0})]`;
  return { values: ks.map((k) => 10 ** k), labelExpr, labelFlush: true };
}

/** `perColumn`: each column's x range is its own data's (columns run for different lengths); ticks outside drop out. */
function xEncoding(domain: [number, number], last: boolean, perColumn: boolean) {
  return {
    field: "epoch",
    type: "quantitative" as const,
    scale: perColumn ? { type: "log" as const, nice: false } : { type: "log" as const, domain, nice: false },
    axis: { title: last ? "epochs" : null, ...decadeAxis(domain) },
  };
}

/** Columns whose runs end more than 2× apart in epochs get x ranges of their own (Fig. 15: 6·10^4 and 6·10^5). */
function lengthsDiffer(rows: readonly Row[]): boolean {
  const ends = new Map<string, number>();
  for (const r of rows) ends.set(r.column, Math.max(ends.get(r.column) ?? 0, r.epoch));
  const values = [...ends.values()];
  return Math.max(...values) > 2 * Math.min(...values);
}

const ROLE_OF_SERIES: Record<string, string> = {
  [TRAIN]: ROLE_COLOURS.training,
  [POP]: ROLE_COLOURS.population,
  [TEST]: ROLE_COLOURS.test,
  [PAPER]: ROLE_COLOURS.paperMeasured,
};

/** The series present, in a fixed order and colour (the legend lists only what is drawn). */
function colourEncoding(series: readonly string[]) {
  return {
    field: "series",
    type: "nominal" as const,
    title: null,
    scale: { domain: series, range: series.map((s) => ROLE_OF_SERIES[s]) },
  };
}

/** Thin per-seed lines under a thick seed-mean line; the mean is grouped by column because the layer sits in a facet. */
function panelLayers(row: (typeof ROWS)[number], x: ReturnType<typeof xEncoding>, series: readonly string[]) {
  const y = {
    field: "value",
    type: "quantitative" as const,
    title: row.title,
    scale: row.domain ? { domain: row.domain, clamp: true } : { zero: false },
  };
  const colour = row.coloured ? { color: colourEncoding(series) } : {};
  const stroke = row.coloured ? {} : { color: ROLE_COLOURS.theory };
  const runsOnly = { filter: "datum.seed >= 0" };
  return [
    {
      transform: [runsOnly],
      mark: { type: "line" as const, strokeWidth: 1, opacity: 0.25, clip: true, ...stroke },
      encoding: { x, y, detail: { field: "seed", type: "nominal" as const }, ...colour },
    },
    {
      // mean ± one standard error over seeds, as a band under the mean line
      transform: [runsOnly],
      mark: { type: "errorband" as const, extent: "stderr" as const, opacity: 0.25, clip: true, ...stroke },
      encoding: { x, y, ...colour },
    },
    {
      transform: [
        runsOnly,
        { aggregate: [{ op: "mean" as const, field: "value", as: "value" }], groupby: ["column", "epoch", "series"] },
      ],
      mark: { type: "line" as const, strokeWidth: 2.5, clip: true, ...stroke },
      encoding: { x, y, ...colour },
    },
    {
      transform: [{ filter: "datum.seed < 0" }],
      mark: { type: "line" as const, strokeWidth: 2, strokeDash: [6, 4], clip: true, ...stroke },
      encoding: { x, y, ...colour },
    },
  ];
}

/** One grid row: the metric faceted by column; only the top row carries column labels. */
interface GridOptions {
  columns: string[];
  domain: [number, number];
  last: boolean;
  series: readonly string[];
  /** each column its own y scale (accuracy keeps its fixed range): for columns whose values differ in scale */
  independentY: boolean;
  /** each column its own x range: for columns trained for different lengths */
  independentX: boolean;
}

function gridRow(row: (typeof ROWS)[number], o: GridOptions) {
  const { columns, domain, last, series } = o;
  const first = row === ROWS[0];
  const scale = {
    ...(o.independentY && !row.domain ? { y: "independent" as const } : {}),
    ...(o.independentX ? { x: "independent" as const } : {}),
  };
  return {
    ...(Object.keys(scale).length ? { resolve: { scale } } : {}),
    transform: [{ filter: { field: "metric", equal: row.metric } }],
    facet: {
      column: {
        field: "column",
        type: "nominal" as const,
        sort: columns,
        header: first
          ? { title: null, labelFontSize: 13, labelFontWeight: "bold" as const }
          : { title: null, labels: false },
      },
    },
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      layer: panelLayers(row, xEncoding(domain, last, o.independentX), series),
    },
  };
}

/** The Fig. 1-left grid: rows loss / accuracy / σ‖S‖ / b, one column per distinct `column` in order of appearance. */
export function trainingPanelsSpec(
  runs: PanelRun[],
  opts: { title: string; subtitle: string[]; predictions?: readonly PanelPrediction[]; independentY?: boolean },
): TopLevelSpec {
  const rows = [...toRows(runs), ...predictionRows(opts.predictions ?? [])];
  const columns = [...new Set(runs.map((r) => r.column))];
  const domain = epochDomain(rows);
  const present = new Set(rows.map((r) => r.series));
  const series = Object.keys(ROLE_OF_SERIES).filter((s) => present.has(s));
  const independentX = lengthsDiffer(rows);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: opts.title,
      subtitle: opts.subtitle.flatMap((line) => wrapToWidth(line, trainingGridWidth(columns.length), 11)),
      anchor: "start",
      fontSize: 15,
      subtitleFontSize: 11,
    },
    data: { values: rows },
    vconcat: rowsFor(rows).map((row, i) =>
      gridRow(row, {
        columns,
        domain,
        last: i === ROWS.length - 1,
        series,
        independentY: opts.independentY === true,
        independentX,
      }),
    ),
    spacing: 12,
    config: {
      legend: TRAINING_LEGEND,
      axis: { titleFontSize: 12 },
    },
  } as TopLevelSpec;
}
