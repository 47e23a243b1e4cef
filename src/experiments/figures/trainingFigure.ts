/**
 * Figures made of Fig. 1-left panels (Figs. 1, 10–16): columns of training configurations × seeds, trained on the
 * worker pool, drawn as the loss / accuracy / σ‖S‖ / b grid, with a per-column table of final values.
 */

import type { TopLevelSpec } from "vega-lite";
import type { RunConfig } from "../../config/run.js";
import type { LossName } from "../../core/losses.js";
import { float32BceExcess } from "../../core/paperLoss.js";
import { wrapToWidth } from "../../plot/textWidth.js";
import {
  type PanelPrediction,
  type PanelRun,
  TRAINING_LEGEND,
  trainingGridWidth,
  trainingPanelsSpec,
} from "../../plot/trainingPanels.js";
import type { Checkpoint } from "../../train/gd.js";
import { accuracyDefinition } from "../../train/grokking.js";
import { runMany, type TimedRun } from "../pool.js";
import { type Strata, stratifiedDraws, wendelWeightedMean } from "../separabilityStrata.js";
import { mean, median, standardError } from "../stats.js";
import { asPanel, composeFigure, type PanelView } from "./compose.js";
import type { DataRow, FigureContext, FigureSize, FigureView } from "./recipe.js";

export interface TrainingColumn {
  label: string;
  /** the column's configuration; runIndex is replaced by the replicate r = 0 … seeds−1 */
  config: RunConfig;
}

export interface ColumnRuns {
  label: string;
  config: RunConfig;
  runs: TimedRun[];
  /** each run's stratum by separability and Wendel's weights (experiments/separabilityStrata.ts), when known */
  strata?: Strata;
}

/**
 * Train every column × replicate on the worker pool; progress counts epochs. Replicate r uses runIndex r, or with
 * `stratify` the run indices of stratifiedDraws (Wendel's share of separable draws, the rest inseparable).
 */
export async function trainColumns(
  columns: readonly TrainingColumn[],
  seeds: number,
  ctx: FigureContext,
  options: { stratify?: boolean; predict?: (config: RunConfig) => boolean } = {},
): Promise<ColumnRuns[]> {
  const strata = options.stratify ? await Promise.all(columns.map((c) => stratifiedDraws(c.config, seeds))) : null;
  const indices = (k: number) => strata?.[k].runIndices ?? Array.from({ length: seeds }, (_, r) => r);
  const configs = columns.flatMap((c, k) => indices(k).map((r) => ({ ...c.config, runIndex: r })));
  const total = configs.reduce((a, c) => a + c.epochs, 0);
  const runs = await runMany(configs, {
    // the paper's size holds one X of gigabytes at a time, each pass on every core (the figure command's threads)
    workers: ctx.size === "paper" ? 1 : ctx.workers,
    predict: options.predict && ((i) => options.predict?.(configs[i]) === true),
    onProgress: (done) => ctx.onProgress?.(done, total),
    onResult: (_, run) => ctx.onRun?.(run),
  });
  return columns.map((c, k) => ({
    label: c.label,
    config: c.config,
    runs: runs.slice(k * seeds, (k + 1) * seeds),
    ...(strata ? { strata: { separable: strata[k].separable, pSeparable: strata[k].pSeparable } } : {}),
  }));
}

/** Every checkpoint of every run, tagged with its column and replicate. */
export function checkpointRows(cols: readonly ColumnRuns[]): DataRow[] {
  return cols.flatMap((c) =>
    c.runs.flatMap((r) => r.checkpoints.map((cp) => ({ column: c.label, run_index: r.config.runIndex, ...cp }))),
  );
}

const finals = (c: ColumnRuns, key: "train_acc" | "pop_acc" | "sigma_norm_s" | "b") =>
  c.runs.map((r) => r.summary.final[key]);

/** Mean and SE over a column's runs: Wendel-weighted when its strata are known. */
function columnMean(c: ColumnRuns, xs: readonly number[]): { mean: number; se: number } {
  return c.strata ? wendelWeightedMean(xs, c.strata) : { mean: mean(xs), se: standardError(xs) };
}

/** Per column: final values (mean and standard error over seeds) and the median accuracy grokking time. */
export function columnTable(cols: readonly ColumnRuns[]): DataRow[] {
  return cols.map((c) => {
    const delays = c.runs.map((r) => r.summary.grokking.accuracy.delayEpochs).filter((x): x is number => x !== null);
    const row: DataRow = { column: c.label, N: c.config.n, d: c.config.d, seeds: c.runs.length };
    if (c.strata) row.separable = `${c.strata.separable.filter(Boolean).length}/${c.runs.length}`;
    for (const key of ["train_acc", "pop_acc", "sigma_norm_s", "b"] as const) {
      const { mean: m, se } = columnMean(c, finals(c, key));
      row[key] = m;
      row[`${key}_se`] = se;
    }
    row.grokking_epochs_median = delays.length ? median(delays) : null;
    row.grokking_crossed = `${delays.length}/${c.runs.length}`;
    return row;
  });
}

/** The lines that define the table's columns. */
export function columnTableNotes(accThreshold: number, stratified = false): string[] {
  return [
    stratified
      ? "final values: mean and standard error (_se) over seeds, weighted by Wendel's P(separable) over the separable and inseparable draws (separable: how many of the seeds)"
      : "final values: mean and standard error (_se) over seeds",
    `grokking time: ${accuracyDefinition(accThreshold)}; median over the seeds where both crossed (crossed/seeds)`,
  ];
}

/** Which size a training figure is, said on the figure: "laptop size (N = 400; the paper uses N = 40000)". */
export function sizeLabel(size: FigureSize, n: number, paperN: number): string {
  return n === paperN
    ? `${size} size (N = ${n}, as in the paper)`
    : `${size} size (N = ${n}; the paper uses N = ${paperN})`;
}

/** A log10 loss that differs from the exact one by more than this (2.3 %) is worth its own curve. */
const VISIBLY_DIFFERENT = 0.01;

/**
 * log10 of the generalization loss as the paper measured it (SPEC §6), per checkpoint, where it differs visibly from
 * the exact one somewhere in the run: the float32 BCELoss's population mean (Gaussian inputs, constant labels), or
 * the exponential loss's mean over the held-out set (the paper's 10^4 points). Absent otherwise.
 */
export function paperLog10Loss(config: RunConfig, checkpoints: readonly Checkpoint[]): number[] | undefined {
  let values: number[];
  if (config.loss === "exp") {
    if (config.testSize === 0) return undefined;
    values = checkpoints.map((c) => (c.test_loss === null ? Number.NaN : Math.log10(c.test_loss)));
  } else if (config.distribution === "gaussian" && config.labelFraction === 1) {
    // the checkpoint already holds the exact part: only the saturated points' excess is computed here
    values = checkpoints.map((c) => Math.log10(c.pop_loss + float32BceExcess(c.b, c.sigma_norm_s)));
  } else return undefined;
  const differs = values.some((v, i) => Math.abs(v - checkpoints[i].log10_pop_loss) > VISIBLY_DIFFERENT);
  return differs ? values : undefined;
}

/** What the magenta "as the paper measured it" curves are, given the losses of the runs that draw one; [] if none. */
function paperLossNotes(drawn: readonly LossName[]): string[] {
  if (drawn.length === 0) return [];
  const exp = drawn.includes("exp");
  const logistic = drawn.some((loss) => loss !== "exp");
  return [
    `magenta loss curve ("as the paper measured it", SPEC §6): the generalization loss the way the paper's code computed it, beside the exact population loss (red)` +
      (logistic
        ? "; logistic: the population mean of float32 PyTorch BCELoss(sigmoid(f)), which counts every point with f ≥ 24 ln 2 ≈ 16.6 as a loss of 100"
        : "") +
      (exp
        ? "; exponential: the mean over the held-out test set (the paper's 10^4 points), far below the exact value once σ‖S‖ is large"
        : ""),
  ];
}

/** A run as the panel grid draws it, with the paper's measured loss beside the exact one where they differ. */
export function panelRun(column: string, config: RunConfig, checkpoints: Checkpoint[]): PanelRun {
  const paper = paperLog10Loss(config, checkpoints);
  return { column, seed: config.runIndex, checkpoints, ...(paper ? { paperLog10Loss: paper } : {}) };
}

/** A training grid as a whole figure: its title and caption wrapped to the grid's width, the grid's legend. */
export function trainingFigureSpec(
  title: string,
  subtitle: readonly string[],
  cols: readonly ColumnRuns[],
  grid: PanelView,
) {
  const width = trainingGridWidth(cols.length);
  const lines = subtitle.flatMap((line) => wrapToWidth(line, width, 11));
  const titleLines = wrapToWidth(title, width, 15);
  return composeFigure(titleLines.length === 1 ? title : titleLines, lines, [grid], { legend: TRAINING_LEGEND });
}

/**
 * The panel grid of the columns (thin line per seed, thick seed mean, dashed predictions), and the notes that say what
 * its "as the paper measured it" curves are (each run's overlay is computed once, here).
 */
export function trainingView(
  cols: readonly ColumnRuns[],
  o: { title: string; subtitle: string[]; predictions?: readonly PanelPrediction[]; independentY?: boolean },
): { spec: TopLevelSpec; paperNotes: string[] } {
  const runs = cols.flatMap((c) => c.runs.map((r) => panelRun(c.label, r.config, r.checkpoints)));
  const losses = cols.flatMap((c) => c.runs.map((r) => r.config.loss));
  const drawn = losses.filter((_, i) => runs[i].paperLog10Loss !== undefined);
  return { spec: trainingPanelsSpec(runs, o), paperNotes: paperLossNotes(drawn) };
}

/**
 * A training figure's whole view: the columns' panel grid under the figure's title and caption, and the notes that its
 * "as the paper measured it" curves add. `independentY`: each column its own y scale for loss, σ‖S‖ and b.
 */
export function trainingFigureView(
  title: string,
  subtitle: readonly string[],
  cols: readonly ColumnRuns[],
  independentY: boolean | undefined,
): FigureView {
  const view = trainingView(cols, { title: "", subtitle: [], independentY });
  const { title: _t, ...grid } = asPanel(view.spec);
  return { spec: trainingFigureSpec(title, subtitle, cols, grid), notes: view.paperNotes };
}
