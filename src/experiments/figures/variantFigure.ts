/**
 * The appendix figures that redraw the Fig. 1-left panels under one change (Figs. 10–16: σ, Adam, ‖S_0‖, b_0, the
 * exponential loss, other input distributions, discriminative labels): a declaration of columns and claims becomes
 * a figure recipe. Claims about means over seeds are judged at 2 SE (checks.ts).
 */

import { defaultRunConfig, dimensionFromLambda, type RunConfig } from "../../config/run.js";
import type { Checkpoint } from "../../train/gd.js";
import { type Check, meanClaim, seClaim } from "../checks.js";
import { mean, standardError } from "../stats.js";
import { defineFigure, type FigureContext, type FigureRecipe, type FigureSize, type FigureView } from "./recipe.js";
import {
  type ColumnRuns,
  checkpointRows,
  columnTable,
  columnTableNotes,
  sizeLabel,
  trainColumns,
  trainingFigureView,
} from "./trainingFigure.js";

export interface VariantSize {
  n: number;
  epochs: number;
  seeds: number;
  testSize: number;
  /** the GD-equivalent flow in place of GD (figures whose base is GD): O(η²) from GD in far fewer passes */
  optimizer?: "flow";
  /** X in float32 (the paper's size) */
  precision?: "f32";
  /** draws stratified by separability in Wendel's proportion (as Fig. 1 left): for an N where both kinds are common */
  stratify?: boolean;
}

export interface VariantColumn {
  label: string;
  lambda: number;
  /** the column's change from the figure's base configuration */
  change?: Partial<RunConfig>;
}

export interface VariantSpec {
  id: string;
  title: string;
  /** N of the paper's figure */
  paperN: number;
  sizes: Record<FigureSize, VariantSize>;
  /** the figure's change from the Fig. 1 configuration (σ = 5, η = 0.01, ‖S_0‖ = 0.1, b_0 = 0, logistic, GD) */
  base?: Partial<RunConfig>;
  columns: VariantColumn[];
  /** what the paper states for this figure, and what we chose beyond N, seeds and epochs */
  stated: Record<string, unknown>;
  /** unstated but read off the paper's axes (SPEC §6), each with its evidence */
  revealed?: Record<string, unknown>;
  chosen?: Record<string, unknown>;
  notes?: string[];
  /** one line under the title: what changes between columns */
  describe: (c: RunConfig) => string;
  /** each column its own y scale for loss, σ‖S‖ and b (columns whose values differ in scale, e.g. by σ) */
  independentY?: boolean;
  checks: (cols: readonly ColumnRuns[]) => Check[];
}

function columnsOf(v: VariantSpec, size: VariantSize) {
  const flow = size.optimizer === "flow" && (v.base?.optimizer ?? "gd") === "gd";
  const base: RunConfig = {
    ...defaultRunConfig,
    ...v.base,
    n: size.n,
    epochs: size.epochs,
    testSize: size.testSize,
    ...(flow ? { optimizer: "flow" as const, errorEstimate: "off" as const } : {}), // step control only, as Fig. 1
    ...(size.precision ? { precision: size.precision } : {}),
  };
  return v.columns.map((c) => ({
    label: c.label,
    config: { ...base, ...c.change, d: dimensionFromLambda(c.lambda, size.n) },
  }));
}

/** A variant figure's typed result: the run's size, its draws count and the trained columns. */
export interface VariantResult {
  size: FigureSize;
  /** the size's parameters (its `stratify` decides the table's notes) */
  sizeParams: VariantSize;
  seeds: number;
  columns: ColumnRuns[];
}

async function computeVariant(v: VariantSpec, ctx: FigureContext, size: VariantSize): Promise<VariantResult> {
  const seeds = ctx.seeds ?? size.seeds;
  const columns = await trainColumns(columnsOf(v, size), seeds, ctx, { stratify: size.stratify });
  return { size: ctx.size, sizeParams: size, seeds, columns };
}

function variantView(v: VariantSpec, { size, seeds, columns: cols }: VariantResult): FigureView {
  const c = cols[0].config;
  const subtitle = [
    `${sizeLabel(size, c.n, v.paperN)}; ${v.describe(c)}`,
    `${seeds === 1 ? "1 draw per column" : `${seeds} seeds per column (thin lines; thick = mean, band = ±1 SE)`}, ${c.epochs} epochs${c.optimizer === "flow" ? " by the GD-equivalent gradient flow" : ""}, ${c.precision === "f32" ? "X in float32" : "float64"}, population metrics exact (SPEC §2)`,
  ];
  return trainingFigureView(`Fig. ${v.id}: ${v.title}`, subtitle, cols, v.independentY);
}

function variantChosen(v: VariantSpec, { seeds, columns }: VariantResult): Record<string, unknown> {
  const c = columns[0].config;
  return {
    N: c.n,
    seeds,
    seed: c.seed,
    epochs: c.epochs,
    "test-size": c.testSize,
    precision: c.precision === "f32" ? "float32" : "float64",
    ...(c.optimizer === "flow" && v.base?.optimizer === undefined ? { optimizer: "GD-equivalent gradient flow" } : {}),
    ...v.chosen,
  };
}

/** A figure recipe from a variant declaration. */
export function variantRecipe(v: VariantSpec): FigureRecipe {
  return defineFigure({
    id: v.id,
    title: v.title,
    sizes: v.sizes,
    stated: v.stated,
    ...(v.revealed ? { revealed: v.revealed } : {}),
    compute: (ctx, size) => computeVariant(v, ctx, size),
    checks: (r) => v.checks(r.columns),
    view: (r) => variantView(v, r),
    rows: (r) => checkpointRows(r.columns),
    chosen: (r) => variantChosen(v, r),
    notes: ({ columns }) => {
      const n = columns[0].config.n;
      return [
        ...(n === v.paperN ? [] : [`N = ${n} (the paper uses N = ${v.paperN}); seeds are unstated in the paper`]),
        ...(v.notes ?? []),
      ];
    },
    table: (r) => ({
      rows: columnTable(r.columns),
      notes: columnTableNotes(r.columns[0].config.accThreshold, r.sizeParams.stratify),
    }),
  });
}

/** Per-seed values of a checkpoint column at the last checkpoint with epoch ≤ `epoch` (runs share their epochs). */
export function valuesAtEpoch(col: ColumnRuns, key: keyof Checkpoint, epoch: number): number[] {
  const cps = col.runs[0].checkpoints;
  const i = Math.max(
    0,
    cps.findLastIndex((c) => c.epoch <= epoch),
  );
  return col.runs.map((r) => r.checkpoints[i][key] as number);
}

const finalValues = (col: ColumnRuns, key: keyof Checkpoint) => valuesAtEpoch(col, key, Number.POSITIVE_INFINITY);

/** "<column>: population accuracy op threshold at epoch" (mean over seeds, 2 SE). */
export function accuracyClaim(col: ColumnRuns, epoch: number, op: "<" | ">", threshold: number): Check {
  const at = Number.isFinite(epoch) ? `at epoch ${epoch}` : "at the end";
  return meanClaim(
    `${col.label}: population accuracy ${op} ${threshold} ${at}`,
    valuesAtEpoch(col, "pop_acc", epoch),
    op,
    threshold,
  );
}

/** "<column>: training accuracy ends at 1" (mean over seeds > 0.99 at 2 SE). */
export function memorisesClaim(col: ColumnRuns): Check {
  return meanClaim(`${col.label}: training accuracy ends above 0.99`, finalValues(col, "train_acc"), ">", 0.99);
}

/** Late generalization in one column: per seed, population accuracy at the end minus at `epoch`, positive at 2 SE. */
export function risesLateClaim(col: ColumnRuns, epoch: number): Check {
  const early = valuesAtEpoch(col, "pop_acc", epoch);
  const rise = finalValues(col, "pop_acc").map((x, k) => x - early[k]);
  const detail = `rise ${mean(rise).toFixed(3)} ± ${standardError(rise).toFixed(3)}, mean ± SE over ${rise.length} seeds`;
  return seClaim(
    `${col.label}: population accuracy rises after epoch ${epoch}`,
    mean(rise),
    standardError(rise),
    ">",
    0,
    detail,
  );
}

/**
 * Grokking in one column (the paper's qualitative claim): the training set is fitted, population accuracy is still low
 * at `early.epoch`, and it rises afterwards.
 */
export function groksClaims(col: ColumnRuns, early: { epoch: number; below: number }): Check[] {
  return [memorisesClaim(col), accuracyClaim(col, early.epoch, "<", early.below), risesLateClaim(col, early.epoch)];
}

/** "a is above b at `epoch`" (the end by default): the difference of mean population accuracies, positive at 2 SE. */
export function aboveClaim(a: ColumnRuns, b: ColumnRuns, epoch = Number.POSITIVE_INFINITY): Check {
  const xa = valuesAtEpoch(a, "pop_acc", epoch);
  const xb = valuesAtEpoch(b, "pop_acc", epoch);
  const diff = mean(xa) - mean(xb);
  const se = Math.hypot(standardError(xa), standardError(xb));
  const at = Number.isFinite(epoch) ? `at epoch ${epoch}` : "at the end";
  const detail = `difference ${diff.toFixed(3)} ± ${se.toFixed(3)} (SE)`;
  return seClaim(`${a.label} has higher population accuracy than ${b.label} ${at}`, diff, se, ">", 0, detail);
}

/**
 * "a and b end at the same population accuracy, within `tol`": columns share their draws (replicate r is the same data in
 * every column), so the per-seed difference is paired; its mean must lie inside ±tol by 2 SE.
 */
export function sameEndClaim(a: ColumnRuns, b: ColumnRuns, tol: number): Check {
  const xb = finalValues(b, "pop_acc");
  const diff = finalValues(a, "pop_acc").map((x, k) => x - xb[k]);
  const m = mean(diff);
  const se = standardError(diff);
  const detail = `paired difference ${m.toFixed(4)} ± ${se.toFixed(4)}, mean ± SE over ${diff.length} seeds`;
  return seClaim(`${a.label} and ${b.label} end within ${tol} of each other`, Math.abs(m), se, "<", tol, detail);
}
