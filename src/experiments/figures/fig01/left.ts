/**
 * Fig. 1 left (SPEC §6): GD on the logistic loss at λ ∈ {0.05, 0.48, 0.52} (at the paper's size the GD-equivalent
 * gradient flow), several seeds per λ, with the dashed long-time prediction at λ = 0.48. This file makes its typed
 * result from trained (or stored) runs and reads its checks and CSV rows off it; leftView.ts draws it.
 */

import { dimensionFromLambda, type RunConfig } from "../../../config/run.js";
import { type Strata, strataOf } from "../../separabilityStrata.js";
import type { DataRow, FigureSize } from "../recipe.js";
import { type ColumnRuns, checkpointRows, type TrainingColumn } from "../trainingFigure.js";
import { type Check, fig1Checks } from "./leftChecks.js";
import { fig1PaperChecks, predictionGap } from "./paperChecks.js";
import { fig1LongTimePrediction } from "./prediction.js";
import { FIG1_LAMBDAS } from "./sizes.js";

/** One column per λ; d = λN. */
export function fig1Columns(base: RunConfig, lambdas: readonly number[] = FIG1_LAMBDAS): TrainingColumn[] {
  return lambdas.map((lambda) => ({
    label: `λ = ${lambda}`,
    config: { ...base, d: dimensionFromLambda(lambda, base.n) },
  }));
}

/** λ of a column, rounded so that 192/400 reads as 0.48. */
export const lambdaOfColumn = (c: ColumnRuns) => Number((c.config.d / c.config.n).toPrecision(10));

/** A column of runs with each run's stratum by separability. */
export type StratifiedColumn = ColumnRuns & { strata: Strata };

/** The mean long-time prediction over the λ = 0.48 column's inseparable draws (null when it has none). */
export type LeftPrediction = NonNullable<ReturnType<typeof fig1LongTimePrediction>>;

/** Fig. 1 left's typed result: the run's size, its columns (increasing λ) and the prediction at λ = 0.48. */
export interface LeftResult {
  size: FigureSize;
  columns: StratifiedColumn[];
  /** replicates per λ (the largest column's) */
  seeds: number;
  /** the λ = 0.48 column, and its dashed prediction (null when no draw there is inseparable) */
  edge: StratifiedColumn | undefined;
  prediction: LeftPrediction | null;
}

/** Each column with its runs' strata: as drawn (stratified training), else decided now from each run's draw. */
async function withStrata(cols: readonly ColumnRuns[]): Promise<StratifiedColumn[]> {
  const out = [];
  for (const c of cols) out.push({ ...c, strata: c.strata ?? (await strataOf(c.runs.map((r) => r.config))) });
  return out;
}

/** Fig. 1 left from trained (or stored, `grokedge plot`) runs, one column per λ. */
export async function fig1Left(trained: readonly ColumnRuns[], size: FigureSize): Promise<LeftResult> {
  const columns = await withStrata(trained);
  const seeds = Math.max(...columns.map((col) => col.runs.length));
  const edge = columns.find((col) => lambdaOfColumn(col) === 0.48);
  const prediction = edge ? fig1LongTimePrediction(edge.runs) : null;
  return { size, columns, seeds, edge, prediction };
}

/** The dashed predictions drawn over the grid: the λ = 0.48 column's, when it has one. */
export function leftPredictions({ edge, prediction }: LeftResult) {
  return edge && prediction ? [{ column: edge.label, points: prediction.points }] : [];
}

/**
 * Fig. 1 left's self-checks: the paper's qualitative claims, or at the paper's size its own readings. Means are
 * Wendel-weighted over separable and inseparable draws (post-stratified when the draws were consecutive seeds).
 */
export function leftChecks(left: LeftResult): Check[] {
  const byLambda = new Map(left.columns.map((col) => [lambdaOfColumn(col), col]));
  if (left.size !== "paper") return fig1Checks(byLambda);
  const { edge, prediction } = left;
  return fig1PaperChecks(byLambda, edge && prediction ? predictionGap(edge, prediction.points) : null);
}

/** Every checkpoint of every run, then the prediction's points (run_index "prediction"). */
export function leftRows(left: LeftResult): DataRow[] {
  return [
    ...checkpointRows(left.columns),
    ...leftPredictions(left).flatMap((p) =>
      p.points.map((pt) => ({ column: p.column, run_index: "prediction", ...pt })),
    ),
  ];
}

/** Each column's run indices, by label (said in the parameters). */
export function runIndices(left: LeftResult): Record<string, number[]> {
  return Object.fromEntries(left.columns.map((col) => [col.label, col.runs.map((r) => r.config.runIndex)]));
}
