/**
 * Fig. 4 of the paper (SPEC §6): the original two-Gaussian problem — classes at ±μe_1 in R^{d+1}, noise σ_A along e_1
 * and σ_B in the other d directions, a linear model without bias — trained by full-batch GD on the logistic loss for
 * σ_A ∈ {0, 0.01, 0.05, 0.1} (λ = d/N = 0.4, μ = 0.2, σ_B = 1, η = 0.1). With σ_A = 0 it is exactly the constant-label
 * model with σ = σ_B/μ = 5, b = μw_1, S = μw_{2..} and η → ημ² (SPEC §1), at λ = 0.4 < ½: it must grok. With σ_A > 0
 * the reduction fails: the flipped points' e_1 coordinates scatter around μ (at σ_A = 0.1 about 2% fall below 0), so
 * the max-margin direction GD turns to (SPEC §3.3) is no longer e_1 alone but leans on the noise directions, and
 * A_gen stalls below 1 — below the Bayes accuracy Φ(μ/σ_A) too.
 */

import { type PanelRun, trainingPanelsSpec } from "../../../plot/trainingPanels.js";
import { FIG4_PARAMS } from "../../../train/twoGaussian.js";
import { asPanel, composeFigure } from "../compose.js";
import {
  type DataRow,
  defineFigure,
  type FigureContext,
  type FigureRecipe,
  type FigureSize,
  type FigureView,
} from "../recipe.js";
import { fig4Checks, fig4Table, PAPER_AXIS_EPOCHS } from "./claims.js";
import { asCheckpoint, type Fig4Column, type Fig4Size, trainFig4 } from "./columns.js";
import { SKETCH_WIDTH, sketchRow } from "./sketches.js";

/**
 * N is unstated in the paper; the time scale does not depend on it (σ, η, λ set it), so every size runs 5e4 epochs:
 * at the paper's ~5e3 the σ_A = 0 population accuracy has only reached 0.79–0.87 at N = 400 (measured), and it
 * crosses 0.9 at 1–3e4 epochs.
 */
export const FIG4_SIZES: Record<FigureSize, Fig4Size> = {
  smoke: { n: 100, epochs: 500, seeds: 2 },
  laptop: { n: 400, epochs: 50_000, seeds: 6 },
  paper: { n: 4000, epochs: 50_000, seeds: 6 },
};

/** Every checkpoint of every run, tagged with σ_A and replicate. */
function fig4Rows(cols: readonly Fig4Column[]): DataRow[] {
  return cols.flatMap((col) =>
    col.runs.flatMap((cs, r) => cs.map(({ w: _w, ...c }) => ({ sigma_a: col.sigmaA, run_index: r, ...c }))),
  );
}

/** Fig. 4's typed result: the run's size, its parameters, the draws count and the trained σ_A columns. */
interface Fig4Result {
  size: FigureSize;
  sizeParams: Fig4Size;
  seeds: number;
  columns: Fig4Column[];
}

async function computeFig4(ctx: FigureContext, size: Fig4Size): Promise<Fig4Result> {
  const seeds = ctx.seeds ?? size.seeds;
  const total = FIG4_PARAMS.sigmaAs.length * seeds * size.epochs;
  const columns = trainFig4(size, seeds, (done) => ctx.onProgress?.(done, total));
  return { size: ctx.size, sizeParams: size, seeds, columns };
}

/** The training grid of the σ_A columns, in constant-label terms. */
function fig4Grid(cols: readonly Fig4Column[]) {
  const { mu, sigmaB } = FIG4_PARAMS;
  const runs: PanelRun[] = cols.flatMap((col) =>
    col.runs.map((cs, r) => ({
      column: col.label,
      seed: r,
      checkpoints: cs.map((c) => asCheckpoint(c, { mu, sigmaA: col.sigmaA, sigmaB })),
    })),
  );
  const { title: _t, ...grid } = asPanel(trainingPanelsSpec(runs, { title: "", subtitle: [] }));
  return grid;
}

function fig4View({ size, sizeParams, seeds, columns: cols }: Fig4Result): FigureView {
  const { lambda, mu, sigmaB, lr } = FIG4_PARAMS;
  const d = Math.round(lambda * sizeParams.n);
  const subtitle = [
    `${size} size: N = ${sizeParams.n} (unstated in the paper), d + 1 = ${d + 1}, λ = ${lambda}; μ = ${mu}, σ_B = ${sigmaB}, η = ${lr}; bias-free logistic regression, GD, float64`,
    `${seeds} seeds per σ_A, the same noise draws in every column (thin lines; thick = mean); ${sizeParams.epochs} epochs; population metrics exact`,
    `rows 3–4 in constant-label terms (SPEC §1): σ‖S‖ = σ_B‖w_{2..}‖, b = μw_1; with σ_A = 0 this is Fig. 1's model at σ = σ_B/μ = ${sigmaB / mu}, η → ημ² = ${(lr * mu * mu).toPrecision(3)}`,
    `top: the two classes' densities along e_1, N(±μ, σ_A²) (a spike at ±μ for σ_A = 0); the paper's axis ends at ~${PAPER_AXIS_EPOCHS} epochs (A_gen there: table)`,
  ];
  const spec = composeFigure("Fig. 4: the original two-Gaussian model without bias, several σ_A", subtitle, [
    {
      vconcat: [sketchRow(cols, mu, SKETCH_WIDTH), fig4Grid(cols)],
      spacing: 10,
      // the sketches' class colours are not the grid's training / population colours
      resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
    },
  ]);
  return { spec };
}

function fig4Notes({ sizeParams: size }: Fig4Result): string[] {
  return [
    `N = ${size.n}: the paper does not state N`,
    `${size.epochs} epochs instead of the paper's ~5e3 (chosen): at 5e3 the σ_A = 0 population accuracy is still below 0.9 ` +
      "at every N we tried (measured, 2 seeds each: N = 400 0.787, 0.924; N = 1000 0.823, 0.869; N = 4000 0.852, 0.836), " +
      "so the grokking the checks test needs the longer run; it crosses 0.9 at 1–3e4 epochs (N = 400). The table's " +
      "pop_acc_at_paper_axis is A_gen at the paper's 5e3",
    "w_0 matches the constant-label defaults through the reduction: ‖w_{2..}‖ = ‖S_0‖/μ with ‖S_0‖ = 0.1, w_1 = b_0/μ = 0 (unstated in the paper)",
    "the two-Gaussian runs are not RunConfig runs: they are not stored and `grokedge train` cannot rerun them; they run one after another in this thread",
    "with σ_A > 0, A_gen is bounded by the Bayes accuracy Φ(μ/σ_A) (0.977 at σ_A = 0.1); the runs stall below that",
    "the SPEC states no claim for this figure; the checks state what the σ_A = 0 reduction implies and that grokking fades with σ_A",
  ];
}

/** Fig. 4 (SPEC §6). */
export const fig4: FigureRecipe = defineFigure({
  id: "4",
  title: "The original two-Gaussian model without bias: grokking at σ_A = 0 fades as σ_A grows",
  sizes: FIG4_SIZES,
  stated: {
    lambda: FIG4_PARAMS.lambda,
    mu: FIG4_PARAMS.mu,
    sigma_B: FIG4_PARAMS.sigmaB,
    lr: FIG4_PARAMS.lr,
    sigma_A: [...FIG4_PARAMS.sigmaAs],
    epochs: "~5e3",
  },
  compute: computeFig4,
  checks: (r) => fig4Checks(r.columns),
  view: fig4View,
  rows: (r) => fig4Rows(r.columns),
  chosen: ({ sizeParams: size, seeds }) => ({
    N: size.n,
    epochs: size.epochs,
    seeds,
    seed: 0,
    S0_norm: 0.1,
    b0: 0,
    loss: "logistic",
    precision: "float64",
  }),
  notes: fig4Notes,
  table: (r) => ({
    rows: fig4Table(r.columns),
    notes: [
      "final values: mean over seeds (final_pop_acc_se its standard error)",
      "crossings: first checkpoint epoch with accuracy ≥ 0.9 (checkpoints 10 per decade)",
      `pop_acc_at_paper_axis: mean A_gen at the last checkpoint ≤ ${PAPER_AXIS_EPOCHS} epochs, where the paper's axis ends`,
    ],
  }),
});
