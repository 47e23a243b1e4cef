/**
 * Fig. 1 of the paper (SPEC §6). Left: GD on the logistic loss at λ ∈ {0.05, 0.48, 0.52} (at the paper's size the
 * GD-equivalent gradient flow), several seeds per λ; loss,
 * accuracy, σ‖S‖ and b against epochs, with the dashed long-time prediction at λ = 0.48. Right: ‖S_∞‖ against 1−2λ,
 * final accuracy against λ with the margin prediction, and the grokking time against λ (fig01Right.ts).
 */

import { defaultRunConfig, dimensionFromLambda, flowTolerance, type RunConfig } from "../../config/run.js";
import { GD_WARMUP_EPOCHS } from "../../train/run.js";
import { FIG1_LAMBDAS, fig1LongTimePrediction } from "../fig1.js";
import { fig1Checks } from "../fig1Checks.js";
import { fig1PaperChecks, predictionGap } from "../fig1PaperChecks.js";
import { FLOW_GD_AGREEMENT } from "../flowAgreement.js";
import { PREDICTION_FORM } from "../longTime.js";
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

/**
 * N, epochs, seeds, test points, dynamics and X storage per size; σ = 5, η = 0.01, ‖S_0‖ = 0.1, b_0 = 0 as in the
 * paper. The paper's size runs the gradient flow (RKC in log time: ~800 passes instead of 3·10^5 GD steps; within
 * 10^-3 of exact GD, README "Gradient flow") on X stored in float32, one draw per λ, and no test set (the population
 * metrics are exact; a 10^4 × 19200 test set would add 1.5 GB).
 */
export const FIG1_SIZES = {
  smoke: { n: 100, epochs: 400, seeds: 2, testSize: 200, optimizer: "gd", precision: "f64" },
  laptop: { n: 400, epochs: 300_000, seeds: 24, testSize: 10_000, optimizer: "gd", precision: "f64" },
  // the flow's own step control only: the error-estimate rerun would cost 40–80 % more passes over X
  paper: {
    n: FIG1_PAPER_N,
    epochs: 300_000,
    seeds: 1,
    testSize: 0,
    optimizer: "flow",
    precision: "f32",
    errorEstimate: "off",
  },
} as const satisfies Record<
  FigureSize,
  Pick<RunConfig, "n" | "epochs" | "testSize" | "optimizer" | "precision"> &
    Partial<Pick<RunConfig, "errorEstimate">> & { seeds: number }
>;

const seedsText = (k: number) => (k === 1 ? "1 draw" : `${k} seeds`);

/** How the figure's runs move, said on it: "GD" or "gradient flow (rkc, rtol 1e-5; t = η·epochs)". */
function dynamicsLabel(c: RunConfig): string {
  return c.optimizer === "flow" ? `gradient flow (${c.integrator}, rtol ${flowTolerance(c)}; t = η·epochs)` : "GD";
}

/** How X is stored: "float64", or "X in float32 (arithmetic in float64)". */
const storageLabel = (c: RunConfig) => (c.precision === "f32" ? "X in float32 (arithmetic in float64)" : "float64");

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
  const prediction = edge ? fig1LongTimePrediction(edge.runs) : null;
  const predictions = edge && prediction ? [{ column: edge.label, points: prediction.points }] : [];
  const counts = cols.map((col) => `${col.strata.separable.filter(Boolean).length} at λ = ${lambdaOfColumn(col)}`);
  const strataLine = `separable draws: ${counts.join(", ")}; means in the checks and table weighted by Wendel's P(separable)`;
  const subtitle = [
    `${sizeLabel(size, c.n, FIG1_PAPER_N)}; σ = ${c.sigma}, η = ${c.lr}, ‖S_0‖ = ${c.s0}, b_0 = ${c.b0}, ${c.loss} loss, ${dynamicsLabel(c)}, ${storageLabel(c)}`,
    `${seedsText(seeds)} per λ (thin lines; thick = mean, band = ±1 SE), ${c.epochs} epochs, population metrics exact (SPEC §2)`,
    strataLine,
    ...(prediction
      ? [
          `dashed (λ = 0.48): long-time prediction, S frozen at the draw's S_∞ from t = 0, b(t) from the ${c.loss} bias equation (mean over ${prediction.draws} inseparable draw(s))`,
        ]
      : []),
  ];
  const { spec: view, paperNotes: measured } = trainingView(cols, {
    title: "Fig. 1 (left): grokking at the edge of linear separability",
    subtitle,
    predictions,
  });
  const byLambda = new Map(cols.map((col) => [lambdaOfColumn(col), col]));
  const checks =
    size === "paper"
      ? fig1PaperChecks(byLambda, edge && prediction ? predictionGap(edge, prediction.points) : null)
      : fig1Checks(byLambda);
  const runIndices = Object.fromEntries(cols.map((col) => [col.label, col.runs.map((r) => r.config.runIndex)]));
  const rows = [
    ...checkpointRows(cols),
    ...predictions.flatMap((p) => p.points.map((pt) => ({ column: p.column, run_index: "prediction", ...pt }))),
  ];
  const paperNotes = measured.map((note) => `left: ${note}`);
  return { view, subtitle, rows, checks, table: columnTable(cols), seeds, runIndices, prediction, paperNotes };
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
      precision: storageLabel(c),
      dynamics: dynamicsLabel(c),
      ...(c.optimizer === "flow"
        ? { integrator: c.integrator, rtol: flowTolerance(c), gd_agreement: FLOW_GD_AGREEMENT }
        : {}),
      prediction: left.prediction
        ? { form: PREDICTION_FORM[c.loss], inseparable_draws: left.prediction.draws }
        : "none (no inseparable draw at λ = 0.48)",
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
  const { seeds, ...fields } = size;
  const base: RunConfig = { ...defaultRunConfig, ...fields, precision: ctx.precision ?? size.precision };
  const sampling = ctx.sampling ?? "stratified";
  const options = {
    stratify: sampling === "stratified",
    predict: (c: RunConfig) => c.d === dimensionFromLambda(0.48, c.n),
  };
  const left = want("left")
    ? await fig1Left(await trainColumns(fig1Columns(base), ctx.seeds ?? seeds, ctx, options), ctx.size)
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
  `left: N = ${base.n} (the paper uses ${FIG1_PAPER_N}); ${seedsText(left.seeds)} per λ, ${sampling === "stratified" ? "stratified by separability in Wendel's proportion" : "consecutive run indices"}; seeds are unstated in the paper`,
  `left: the dashed long-time prediction is SPEC §6's reading of the paper's curve: ${PREDICTION_FORM[base.loss]}; each inseparable λ = 0.48 draw's S_∞ by Newton–CG from the run's end state`,
  ...(base.optimizer === "flow"
    ? [
        `left: the GD-equivalent gradient flow instead of 3·10^5 GD steps (${base.integrator}, rtol ${flowTolerance(base)}; ${GD_WARMUP_EPOCHS} GD steps, then GD's modified equation): against exact GD at η = 0.01, max |ΔA_gen| ${FLOW_GD_AGREEMENT.maxPopAccDiff.toExponential(1)}, σ‖S‖ and b within ${FLOW_GD_AGREEMENT.maxRelSigmaNormSDiff.toExponential(1)} relative (${FLOW_GD_AGREEMENT.measured})`,
      ]
    : []),
  ...(base.n === FIG1_PAPER_N && left.prediction
    ? [
        `left: at λ = 0.48 this draw's σ‖S_∞‖ is ${left.prediction.points[0].sigma_norm_s.toFixed(2)}; the paper's readings (σ‖S‖ ≈ 4.6 and A_gen ≥ 0.93 at 3·10^5 epochs, its prediction above its run) imply a smaller limit, which no draw we measured at N = 40000 has (σ‖S_∞‖ 5.5–7.0 over 4 draws; README "The paper's size")`,
      ]
    : []),
  ...left.paperNotes,
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
