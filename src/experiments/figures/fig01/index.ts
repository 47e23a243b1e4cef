/**
 * Fig. 1 of the paper (SPEC §6). Left: GD on the logistic loss at λ ∈ {0.05, 0.48, 0.52} (at the paper's size the
 * GD-equivalent gradient flow), several seeds per λ; loss, accuracy, σ‖S‖ and b against epochs, with the dashed
 * long-time prediction at λ = 0.48 (left.ts). Right: ‖S_∞‖ against 1−2λ, final accuracy against λ with the margin
 * prediction, and the grokking time against λ (right.ts). `--panels` draws the left grid, the right column, or the
 * right column's top panel alone.
 */

import { defaultRunConfig, dimensionFromLambda, type RunConfig } from "../../../config/run.js";
import { asPanel, composeFigure } from "../compose.js";
import {
  type DrawSampling,
  defineFigure,
  type FigureContext,
  type FigureParameters,
  type FigureRecipe,
  type FigureView,
} from "../recipe.js";
import { columnTable, columnTableNotes, trainColumns } from "../trainingFigure.js";
import { fig1Columns, fig1Left, type LeftResult, leftChecks, leftRows } from "./left.js";
import { leftChosen, leftNotes, leftStated } from "./leftNotes.js";
import { leftSubtitle, leftView } from "./leftView.js";
import { computeRight, type RightResult } from "./right.js";
import { rightChecks } from "./rightChecks.js";
import { rightNotes, rightParameters } from "./rightNotes.js";
import { rightRows } from "./rightRows.js";
import { rightViews } from "./rightViews.js";
import { FIG1_SIZES } from "./sizes.js";

/** Fig. 1's typed result: the panel groups drawn (at least one), the left grid's base configuration and sampling. */
export type Fig1Result = { base: RunConfig; sampling: DrawSampling } & (
  | { left: LeftResult; right: RightResult | null }
  | { left: null; right: RightResult }
);

type Fig1Size = (typeof FIG1_SIZES)[keyof typeof FIG1_SIZES];

async function computeFig1(ctx: FigureContext, size: Fig1Size): Promise<Fig1Result> {
  const want = (panel: string) => !ctx.panels || ctx.panels.includes(panel);
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
  const right = want("right") || topOnly ? await computeRight(ctx, { topOnly }) : null;
  if (left) return { base, sampling, left, right };
  if (right) return { base, sampling, left, right };
  throw new Error(`figure 1: --panels ${ctx.panels?.join(",")} names no panel group to draw`);
}

/**
 * The whole figure: the left grid beside the right column, the left grid alone (`--panels left`) or the right column
 * alone. Its notes are the left grid's drawing notes, then the right panels' (the figure's notes read left to right).
 */
function fig1View(r: Fig1Result): FigureView {
  if (!r.left) {
    const title = "Fig. 1 (right): the edge of separability against λ";
    return { spec: composeFigure(title, [], [rightViews(r.right)]), notes: rightNotes(r.right) };
  }
  const left = leftView(r.left);
  if (!r.right) return left;
  const { title: _t, ...grid } = asPanel(left.spec);
  const title = "Fig. 1: grokking at the edge of linear separability";
  const spec = composeFigure(title, leftSubtitle(r.left), [grid, rightViews(r.right)]);
  return { spec, notes: [...(left.notes ?? []), ...rightNotes(r.right)] };
}

/** Stated, revealed and chosen parameters: the left grid's, the right column's, or both (by panel group). */
function fig1Parameters(r: Fig1Result): FigureParameters {
  if (!r.left) return rightParameters(r.right);
  const left = { stated: leftStated(r.base), chosen: leftChosen(r.base, r.left, r.sampling) };
  if (!r.right) return left;
  const right = rightParameters(r.right);
  return { stated: { left: left.stated, right: right.stated }, chosen: { left: left.chosen, right: right.chosen } };
}

/** Fig. 1 (SPEC §6). */
export const fig1: FigureRecipe = defineFigure({
  id: "1",
  panels: ["left", "right", "right-top"],
  title: "Grokking at λ = 0.48: training dynamics per λ, ‖S_∞‖, final accuracy and grokking time against λ",
  sizes: FIG1_SIZES,
  stated: (r) => fig1Parameters(r).stated,
  revealed: (r) => fig1Parameters(r).revealed,
  compute: computeFig1,
  checks: (r) => [...(r.left ? leftChecks(r.left) : []), ...(r.right ? rightChecks(r.right) : [])],
  view: fig1View,
  rows: (r) => [
    ...(r.left ? leftRows(r.left).map((row) => (r.right ? { panel: "left", ...row } : row)) : []),
    ...(r.right ? rightRows(r.right) : []),
  ],
  chosen: (r) => fig1Parameters(r).chosen,
  notes: (r) =>
    r.left ? [...(r.right ? [] : ["left panels only (--panels left)"]), ...leftNotes(r.base, r.left, r.sampling)] : [],
  table: (r) =>
    r.left ? { rows: columnTable(r.left.columns), notes: columnTableNotes(r.base.accThreshold, true) } : undefined,
  extra: (r) => (r.right ? rightExtra(r.right) : {}),
});

/** The right column's S_∞ table and wall seconds, kept in the figure's JSON. */
function rightExtra({ top, trained }: RightResult): Record<string, unknown> {
  const seconds = { s_inf_sweep: top.seconds, ...(trained ? { training_sweep: trained.seconds } : {}) };
  return { s_inf_table: top.points, seconds };
}
