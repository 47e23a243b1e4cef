/**
 * Fig. 2 of the paper (SPEC §6): left, histograms of S·x_i/‖S‖ at the end of training for λ ∈ {0.05, 0.48, 0.52, 0.8};
 * middle, ‖S‖ with bias in conformal time against ‖S‖ without bias (exponential loss, λ = 0.48); right, trajectories
 * in the (σ‖S‖, b) plane over A_gen for λ ∈ {0.05, 0.48, 0.52}. GD in the Fig. 1 setting (σ = 5, η = 0.01,
 * ‖S_0‖ = 0.1, b_0 = 0, logistic loss), one draw per λ.
 */

import { defaultRunConfig, flowTolerance, type RunConfig } from "../../../config/run.js";
import { wrapToWidth } from "../../../plot/textWidth.js";
import type { Check } from "../../checks.js";
import { asPanel, composeFigure, type PanelView } from "../compose.js";
import {
  type DataRow,
  defineFigure,
  type FigureContext,
  type FigureRecipe,
  type FigureSize,
  type FigureView,
} from "../recipe.js";
import { type Fig2Draw, fig2Draws, typicalDraw } from "./draws.js";
import { INSET_LAMBDA, type InsetRates, insetCaption, insetChecks, insetRates, insetRows, insetSpec } from "./inset.js";
import {
  type DrawProjections,
  drawProjections,
  leftBins,
  leftCaption,
  leftChecks,
  leftRows,
  leftSpec,
} from "./left.js";
import {
  type ConformalCurves,
  conformalConfig,
  conformalCurves,
  middleCaption,
  middleChecks,
  middleRows,
  middleSpec,
} from "./middle.js";
import { type RightPanel, rightCaption, rightChecks, rightPanel, rightRows, rightSpec } from "./right.js";

export const FIG2_LAMBDAS = [0.05, 0.48, 0.52, 0.8] as const;
export const FIG2_PHASE_LAMBDAS = [0.05, 0.48, 0.52] as const;
const PAPER_N = 40000;

export interface Fig2Size {
  n: number;
  epochs: number;
  testSize: number;
  /** log10 of the time the GD runs are continued to by gradient flow (right panel, λ = 0.52 histogram check) */
  log10Continue: number;
  /** log10 of the horizon of the exponential-loss flows (middle panel) */
  log10Conformal: number;
}

/**
 * Per size. Laptop: N = 400 with the Fig. 1 horizon of 3e5 epochs (t = 3e3); the continuation to t = 1e10 costs a
 * few thousand gradient passes. The conformal flows go to t = 1e100 so that ‖S‖ levels off at ‖S_∞‖ near the edge
 * (measured at N = 400: within 0.2% there, 25% short of it at t = 1e10). Paper size is for a big machine: 3e5 GD
 * epochs at N = 40000 (~1e15 flops, SPEC §6), and the Newton Hessian of S_∞ at d = 19200 takes ~3 GB.
 */
export const FIG2_SIZES: Record<FigureSize, Fig2Size> = {
  smoke: { n: 100, epochs: 2_000, testSize: 200, log10Continue: 6, log10Conformal: 6 },
  laptop: { n: 400, epochs: 300_000, testSize: 10_000, log10Continue: 10, log10Conformal: 100 },
  paper: { n: PAPER_N, epochs: 300_000, testSize: 10_000, log10Continue: 10, log10Conformal: 100 },
};

/** The λ that each requested panel needs trained, and those that need the flow continuation (the inset: middle). */
function plan(want: (p: string) => boolean) {
  const inset = want("middle") ? [INSET_LAMBDA] : [];
  const trained = [...(want("left") ? FIG2_LAMBDAS : want("right") ? FIG2_PHASE_LAMBDAS : []), ...inset];
  const continued = [...(want("right") ? FIG2_PHASE_LAMBDAS : want("left") ? [0.52] : []), ...inset];
  return { trained, continued };
}

/** The middle panel with the inset stacked under it (colours resolved apart: the two panels' series differ). */
function middleColumn(middle: PanelView, inset: PanelView): PanelView {
  return {
    vconcat: [middle, inset],
    spacing: 18,
    resolve: { scale: { color: "independent", strokeDash: "independent" } },
  };
}

/** Train the draws the requested panels need; progress counts GD epochs. */
function trainDraws(ctx: FigureContext, base: RunConfig, size: Fig2Size, want: (p: string) => boolean): Fig2Draw[] {
  const { trained, continued } = plan(want);
  const total = trained.length * size.epochs;
  const done = new Float64Array(trained.length);
  const draws = fig2Draws(base, trained, continued, size.log10Continue, (i, e) => {
    done[i] = e;
    ctx.onProgress?.(
      done.reduce((a, b) => a + b, 0),
      total,
    );
  });
  for (const d of draws) ctx.onRun?.(d.gd.run);
  return draws;
}

/** The middle panel: the conformal-time curves on the λ = 0.48 draw, and the inset's rates on the λ = 0.55 draw. */
export interface Fig2Middle {
  curves: ConformalCurves;
  /** null when the inset's draw was not trained */
  rates: InsetRates | null;
}

/** Fig. 2's typed result: the draws, and each requested panel's data (null: not drawn). */
export interface Fig2Result {
  size: FigureSize;
  sizeParams: Fig2Size;
  /** the GD configuration of the Fig. 1 setting at this size (d and runIndex per draw) */
  base: RunConfig;
  draws: Fig2Draw[];
  left: DrawProjections[] | null;
  middle: Fig2Middle | null;
  /** the phase-plane geometry and the draws it shows */
  right: { draws: Fig2Draw[]; panel: RightPanel } | null;
}

const among = (lambdas: readonly number[]) => (d: Fig2Draw) => lambdas.includes(d.lambda);

function middleOf(ctx: FigureContext, draws: readonly Fig2Draw[], base: RunConfig, size: Fig2Size): Fig2Middle {
  const edge = draws.find((d) => d.lambda === 0.48) ?? typicalDraw(base, 0.48);
  const curves = conformalCurves(conformalConfig(edge.config, size.log10Conformal), edge.data, edge.limit.S);
  ctx.onRun?.(curves.run);
  const sep = draws.find((d) => d.lambda === INSET_LAMBDA);
  return { curves, rates: sep ? insetRates(sep) : null };
}

async function computeFig2(ctx: FigureContext, size: Fig2Size): Promise<Fig2Result> {
  const want = (p: string) => !ctx.panels || ctx.panels.includes(p);
  const base: RunConfig = { ...defaultRunConfig, n: size.n, epochs: size.epochs, testSize: size.testSize };
  const draws = trainDraws(ctx, base, size, want);
  const left = want("left") ? drawProjections(draws.filter(among(FIG2_LAMBDAS))) : null;
  const middle = want("middle") ? middleOf(ctx, draws, base, size) : null;
  const phase = draws.filter(among(FIG2_PHASE_LAMBDAS));
  const right = want("right") ? { draws: phase, panel: rightPanel(phase) } : null;
  return { size: ctx.size, sizeParams: size, base, draws, left, middle, right };
}

/** The drawn panels' data rows, left to right (the inset's after the middle's). */
function fig2Rows({ left, middle, right }: Fig2Result): DataRow[] {
  return [
    ...(left ? leftRows(leftBins(left)) : []),
    ...(middle ? [...middleRows(middle.curves), ...(middle.rates ? insetRows(middle.rates) : [])] : []),
    ...(right ? rightRows(right.panel) : []),
  ];
}

function fig2Checks({ sizeParams: size, left, middle, right }: Fig2Result): Check[] {
  return [
    ...(left ? leftChecks(left, size.log10Continue) : []),
    ...(middle
      ? [...middleChecks(middle.curves), ...(middle.rates ? insetChecks(middle.rates, size.log10Continue) : [])]
      : []),
    ...(right ? rightChecks(right.draws) : []),
  ];
}

/** The drawn panels, left to right, and their caption lines. */
function panelViews({ base, sizeParams: size, left, middle, right }: Fig2Result) {
  const columns: PanelView[] = [];
  const captions: string[] = [];
  if (left) {
    columns.push(asPanel(leftSpec(left)));
    captions.push(leftCaption(base.lr * base.epochs));
  }
  if (middle) {
    const { curves: m, rates } = middle;
    columns.push(rates ? middleColumn(asPanel(middleSpec(m)), asPanel(insetSpec(rates))) : asPanel(middleSpec(m)));
    captions.push(middleCaption(m), ...(rates ? [insetCaption(rates)] : []));
  }
  if (right) {
    columns.push(asPanel(rightSpec(right.panel)));
    captions.push(rightCaption(size.log10Continue, base.lr));
  }
  return { columns, captions };
}

function fig2View(r: Fig2Result): FigureView {
  const { columns, captions } = panelViews(r);
  const title = "Fig. 2: the end state, conformal time, and the (σ‖S‖, b) plane";
  const lines = [...subtitle(r.size, r.base), ...captions].flatMap((c) => wrapToWidth(c, CAPTION_PX, 11));
  const spec = composeFigure(title, lines, columns);
  // the panels' colours and dashes mean different things: concatenated views would otherwise share those scales
  return {
    spec: { ...spec, resolve: { scale: { color: "independent", strokeDash: "independent", fill: "independent" } } },
  };
}

/** Widest subtitle line, px: the panels' width (the subtitle font is 11 px, compose.ts). */
const CAPTION_PX = 1200;

function subtitle(size: FigureSize, c: RunConfig): string[] {
  const n = c.n === PAPER_N ? `N = ${c.n}, as in the paper` : `N = ${c.n}; the paper's Fig. 1 uses N = ${PAPER_N}`;
  return [
    `${size} size (${n}); σ = ${c.sigma}, η = ${c.lr}, ‖S_0‖ = ${c.s0}, b_0 = ${c.b0}, logistic loss, GD, ${c.epochs} epochs, float64`,
    "one draw per λ: the first run index whose draw is inseparable (λ < ½) or separable (λ > ½), as the paper's N makes typical",
  ];
}

const STATED = {
  lambda_left: [...FIG2_LAMBDAS],
  lambda_right: [...FIG2_PHASE_LAMBDAS],
  middle: "λ = 0.48, exponential loss",
  inset: `λ = ${INSET_LAMBDA}: d‖S‖/dlog t and db/dlog t with their asymptotes M/(1+M²), −1/(1+M²)`,
  setting: "Fig. 1: σ = 5, η = 0.01, ‖S_0‖ = 0.1, b_0 = 0, GD, logistic loss",
};

function chosen({ base: c, sizeParams: size }: Fig2Result): Record<string, unknown> {
  return {
    N: c.n,
    epochs: c.epochs,
    seed: c.seed,
    draws_per_lambda: 1,
    "test-size": c.testSize,
    precision: "float64",
    flow_continuation_to_t: 10 ** size.log10Continue,
    conformal_horizon_t: 10 ** size.log10Conformal,
    ode_rtol: {
      continuation: flowTolerance({ ...c, optimizer: "flow" }),
      conformal: flowTolerance({ ...c, optimizer: "conformal" }),
    },
    histogram_bins: 40,
  };
}

/** One table row per draw: which draw, its class and margin, and where its run ended. */
function drawRow(d: Fig2Draw) {
  const f = d.gd.run.summary.final;
  return {
    lambda: d.lambda,
    d: d.config.d,
    run_index: d.config.runIndex,
    separable: d.limit.separable,
    svm_margin: d.limit.margin,
    final_train_acc: f.train_acc,
    final_pop_acc: f.pop_acc,
    final_sigma_norm_s: f.sigma_norm_s,
    final_b: f.b,
    continued_pop_acc: d.continuation?.checkpoints.at(-1)?.pop_acc ?? null,
  };
}

function notes({ draws, base: c, sizeParams: size }: Fig2Result): string[] {
  const skipped = draws
    .filter((d) => d.skipped.length > 0)
    .map((d) => `λ = ${d.lambda}: run index ${d.config.runIndex} (skipped ${d.skipped.join(", ")}, atypical class)`);
  return [
    ...(c.n === PAPER_N
      ? []
      : [
          `N = ${c.n} (the paper's Fig. 1 setting uses N = ${PAPER_N}); seeds and N of Fig. 2 are unstated in the paper`,
        ]),
    "one draw per λ; --seeds does not apply. At small N a draw at λ = 0.48 (0.52) is separable (inseparable) with " +
      "probability ≈ 0.2 (Wendel), never at the paper's N; the first draw of the typical class is used" +
      (skipped.length ? ` — ${skipped.join("; ")}` : ""),
    `the GD runs are continued by gradient flow (the η → 0 limit of GD) from their final state to t = 1e${size.log10Continue}: ` +
      "the paper's figure shows GD only; the continuation shows where the trajectories go and decides the λ > ½ histogram claim",
    `the inset (λ = ${INSET_LAMBDA}, logistic loss, the Fig. 1 setting) is drawn as a small panel under the middle one; ` +
      "its rates are finite differences between consecutive checkpoints of GD and its flow continuation",
    `the middle panel's flows are ODE integrations (odex, rtol = ${flowTolerance({ ...c, optimizer: "conformal" })}), not discrete GD steps`,
    "runs are trained one after another in this thread (the final S is kept, which the worker pool does not return)",
  ];
}

/** Fig. 2 (SPEC §6): panel groups "left", "middle" and "right" can be drawn alone. */
export const fig2: FigureRecipe = defineFigure({
  id: "2",
  title: "End-of-training projections, conformal time, and trajectories in the (σ‖S‖, b) plane",
  panels: ["left", "middle", "right"],
  sizes: FIG2_SIZES,
  stated: STATED,
  compute: computeFig2,
  checks: fig2Checks,
  view: fig2View,
  rows: fig2Rows,
  chosen,
  notes,
  table: (r) => ({ rows: r.draws.map(drawRow), notes: [] }),
});
