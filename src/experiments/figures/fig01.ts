/**
 * Fig. 1 of the paper (SPEC §6). Left: GD on the logistic loss at λ ∈ {0.05, 0.48, 0.52}, several seeds per λ; loss,
 * accuracy, σ‖S‖ and b against epochs, with the dashed long-time prediction at λ = 0.48. Right: ‖S_∞‖ against 1−2λ,
 * final accuracy against λ with the margin prediction, and the grokking time against λ (fig01Right.ts).
 */

import { defaultRunConfig, dimensionFromLambda, type RunConfig } from "../../config/run.js";
import { FIG1_LAMBDAS, fig1LongTimePrediction } from "../fig1.js";
import { fig1Checks } from "../fig1Checks.js";
import { type Strata, strataOf } from "../separabilityStrata.js";
import { asPanel, composeFigure, type PanelView } from "./compose.js";
import { fig1RightPanels } from "./fig01Right.js";
import type { DrawSampling, FigureContext, FigureRecipe, FigureResult, FigureSize } from "./recipe.js";
import {
  type ColumnRuns,
  checkpointRows,
  columnTable,
  columnTableNotes,
  sizeLabel,
  type TrainingColumn,
  trainColumns,
  trainingView,
} from "./trainingFigure.js";

export const FIG1_PAPER_N = 40000;

/** N, epochs, seeds and test points per size; σ = 5, η = 0.01, ‖S_0‖ = 0.1, b_0 = 0 as in the paper. */
export const FIG1_SIZES = {
  smoke: { n: 100, epochs: 400, seeds: 2, testSize: 200 },
  laptop: { n: 400, epochs: 300_000, seeds: 24, testSize: 10_000 },
  paper: { n: FIG1_PAPER_N, epochs: 300_000, seeds: 3, testSize: 10_000 },
} as const;

/** One column per λ; d = λN. */
export function fig1Columns(base: RunConfig, lambdas: readonly number[] = FIG1_LAMBDAS): TrainingColumn[] {
  return lambdas.map((lambda) => ({
    label: `λ = ${lambda}`,
    config: { ...base, d: dimensionFromLambda(lambda, base.n) },
  }));
}

/** λ of a column, rounded so that 192/400 reads as 0.48. */
const lambdaOfColumn = (c: ColumnRuns) => Number((c.config.d / c.config.n).toPrecision(10));

/** Each column with its runs' strata: as drawn (stratified training), else decided now from each run's draw. */
async function withStrata(cols: readonly ColumnRuns[]): Promise<(ColumnRuns & { strata: Strata })[]> {
  const out = [];
  for (const c of cols) out.push({ ...c, strata: c.strata ?? (await strataOf(c.runs.map((r) => r.config))) });
  return out;
}

/**
 * Fig. 1 left from trained (or stored) runs: the panel grid, its data, self-checks and table. Means in the checks
 * and the table are Wendel-weighted over separable and inseparable draws (post-stratified when the draws were
 * consecutive seeds).
 */
export async function fig1Left(trained: readonly ColumnRuns[], size: FigureSize) {
  const cols = await withStrata(trained);
  const c = cols[0].config;
  const seeds = Math.max(...cols.map((col) => col.runs.length));
  const edge = cols.find((col) => lambdaOfColumn(col) === 0.48);
  const predictions = edge ? [{ column: edge.label, points: fig1LongTimePrediction(edge.runs, c) }] : [];
  const counts = cols.map((col) => `${col.strata.separable.filter(Boolean).length} at λ = ${lambdaOfColumn(col)}`);
  const strataLine = `separable draws: ${counts.join(", ")}; means in the checks and table weighted by Wendel's P(separable)`;
  const subtitle = [
    `${sizeLabel(size, c.n, FIG1_PAPER_N)}; σ = ${c.sigma}, η = ${c.lr}, ‖S_0‖ = ${c.s0}, b_0 = ${c.b0}, ${c.loss} loss, GD, float64`,
    `${seeds} seeds per λ (thin lines; thick = mean, band = ±1 SE), ${c.epochs} epochs, population metrics exact (SPEC §2)`,
    strataLine,
    ...(edge
      ? ["dashed (λ = 0.48): long-time prediction, σ‖S‖ held at its final value, b(t) = b(t_end) − log(t/t_end)"]
      : []),
  ];
  const view = trainingView(cols, {
    title: "Fig. 1 (left): grokking at the edge of linear separability",
    subtitle,
    predictions,
  });
  const checks = fig1Checks(new Map(cols.map((col) => [lambdaOfColumn(col), col])));
  const runIndices = Object.fromEntries(cols.map((col) => [col.label, col.runs.map((r) => r.config.runIndex)]));
  return { view, subtitle, rows: checkpointRows(cols), checks, table: columnTable(cols), seeds, runIndices };
}

/** How the figure chose its draws, said in its parameters. */
const SAMPLING_TEXT: Record<DrawSampling, string> = {
  stratified:
    "stratified by separability from the origin: round(seeds·P_Wendel) separable draws and the rest inseparable, each the first of its kind in run-index order (experiments/separabilityStrata.ts)",
  consecutive: "consecutive: run indices 0 … seeds−1",
};

function fig1Parameters(c: RunConfig, left: Left, sampling: DrawSampling) {
  return {
    stated: {
      lambda: FIG1_LAMBDAS,
      sigma: c.sigma,
      lr: c.lr,
      s0: c.s0,
      b0: c.b0,
      epochs: c.epochs,
      "test-size": c.testSize,
      loss: c.loss,
    },
    chosen: {
      N: c.n,
      seeds: left.seeds,
      seed: c.seed,
      draws: SAMPLING_TEXT[sampling],
      run_indices: left.runIndices,
      precision: "float64",
      "per-decade": c.perDecade,
      "acc-threshold": c.accThreshold,
    },
  };
}

type Left = Awaited<ReturnType<typeof fig1Left>>;
type Right = Awaited<ReturnType<typeof fig1RightPanels>>;

async function runFig1(ctx: FigureContext): Promise<FigureResult> {
  const want = (panel: string) => !ctx.panels || ctx.panels.includes(panel);
  const size = FIG1_SIZES[ctx.size];
  const base: RunConfig = { ...defaultRunConfig, n: size.n, epochs: size.epochs, testSize: size.testSize };
  const sampling = ctx.sampling ?? "stratified";
  const stratify = sampling === "stratified";
  const left = want("left")
    ? await fig1Left(await trainColumns(fig1Columns(base), ctx.seeds ?? size.seeds, ctx, { stratify }), ctx.size)
    : null;
  // "right-top" alone is the S_∞ panel without the training sweep of the mid and bottom panels
  const topOnly = !want("right") && want("right-top");
  const right = want("right") || topOnly ? await fig1RightPanels(ctx, { topOnly }) : null;
  if (left && !right) return leftOnly(left, base, sampling);
  if (!left && right) return rightOnly(right);
  return combined(left as Left, right as Right, base, sampling);
}

function combined(left: Left, right: Right, base: RunConfig, sampling: DrawSampling): FigureResult {
  const { title: _t, ...grid } = asPanel(left.view);
  return {
    spec: composeFigure("Fig. 1: grokking at the edge of linear separability", left.subtitle, [
      grid,
      right.views as PanelView[],
    ]),
    rows: [...left.rows.map((r) => ({ panel: "left", ...r })), ...right.rows],
    checks: [...left.checks, ...right.checks],
    parameters: {
      stated: { left: fig1Parameters(base, left, sampling).stated, right: right.parameters.stated },
      chosen: { left: fig1Parameters(base, left, sampling).chosen, right: right.parameters.chosen },
    },
    notes: [...leftNotes(left, base, sampling), ...right.notes],
    table: left.table,
    tableNotes: columnTableNotes(base.accThreshold, true),
    extra: right.extra,
  };
}

const leftNotes = (left: Left, base: RunConfig, sampling: DrawSampling) => [
  `left: N = ${base.n} (the paper uses ${FIG1_PAPER_N}); ${left.seeds} seeds per λ, ${sampling === "stratified" ? "stratified by separability in Wendel's proportion" : "consecutive run indices"}; seeds are unstated in the paper`,
  "left: the dashed long-time prediction is our construction (SPEC §6 leaves it open)",
];

/** Fig. 1 left alone (`--panels left`, the main job of `npm start`). */
function leftOnly(left: Left, base: RunConfig, sampling: DrawSampling): FigureResult {
  return {
    spec: left.view,
    rows: left.rows,
    checks: left.checks,
    parameters: fig1Parameters(base, left, sampling),
    notes: ["left panels only (--panels left)", ...leftNotes(left, base, sampling)],
    table: left.table,
    tableNotes: columnTableNotes(base.accThreshold, true),
  };
}

/** Fig. 1 right alone (`--panels right`, or `right-top` for its top panel). */
function rightOnly(right: Right): FigureResult {
  const spec = composeFigure("Fig. 1 (right): the edge of separability against λ", [], [right.views as PanelView[]]);
  return {
    spec,
    rows: right.rows,
    checks: right.checks,
    parameters: right.parameters,
    notes: right.notes,
    extra: right.extra,
  };
}

export const fig1: FigureRecipe = {
  id: "1",
  panels: ["left", "right", "right-top"],
  title: "Grokking at λ = 0.48: training dynamics per λ, ‖S_∞‖, final accuracy and grokking time against λ",
  run: runFig1,
};
