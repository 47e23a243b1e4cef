/**
 * Fig. 5 of the paper (SPEC §6): Adam with β = (0.8, 0.9) at λ = 0.495, σ = 1 — the population accuracy sits at
 * chance (½) for a plateau while the training set is being fitted, and rises to 1 only later (grokking). "β = 0.8, 0.9"
 * is read as PyTorch's betas = (β1, β2) = (0.8, 0.9), the notation SPEC §1 uses for the defaults (0.9, 0.999).
 * Why a plateau: Adam's steps are about η per coordinate, so ‖S‖ grows like η√d·k while b moves only η·k, and
 * A_gen = ½ erfc(b/(√2σ‖S‖)) stays near ½ until b catches up (SPEC §2).
 * The runs are split by the draw's class: only inseparable draws can generalise perfectly (SPEC §3.4), and at
 * λ = 0.495 a draw is separable with probability ≈ 0.4 at N = 400 (≈ 0.26 even at the paper's N = 4000, Wendel).
 */

import { defaultRunConfig, dimensionFromLambda, type RunConfig } from "../../config/run.js";
import { sInfinity } from "../../theory/sinf.js";
import type { Checkpoint } from "../../train/gd.js";
import { trainingData } from "../../train/run.js";
import { type Check, meanClaim } from "../checks.js";
import type { TimedRun } from "../pool.js";
import { defineFigure, type FigureContext, type FigureRecipe, type FigureSize, type FigureView } from "./recipe.js";
import {
  type ColumnRuns,
  checkpointRows,
  columnTable,
  columnTableNotes,
  trainColumns,
  trainingFigureView,
} from "./trainingFigure.js";

const PAPER_N = 4000;
export const FIG5_LAMBDA = 0.495;
/** PyTorch's default Adam learning rate; the paper states no η for this figure (0.003 shows the same shape, 3× sooner). */
export const FIG5_LR = 1e-3;

export interface Fig5Size {
  n: number;
  epochs: number;
  seeds: number;
  testSize: number;
}

/** Laptop: N = 400 (d = 198) instead of 4000: a run costs ~3 s instead of ~4 min; the paper's ~3e4 epochs. */
export const FIG5_SIZES: Record<FigureSize, Fig5Size> = {
  smoke: { n: 200, epochs: 1_000, seeds: 2, testSize: 200 },
  laptop: { n: 400, epochs: 30_000, seeds: 8, testSize: 10_000 },
  paper: { n: PAPER_N, epochs: 30_000, seeds: 8, testSize: 10_000 },
};

/** The figure's configuration at a size: Adam β = (0.8, 0.9), σ = 1, λ = 0.495, η = 1e-3, logistic loss. */
export function fig5Config(size: Fig5Size): RunConfig {
  return {
    ...defaultRunConfig,
    optimizer: "adam",
    beta1: 0.8,
    beta2: 0.9,
    eps: 1e-8,
    sigma: 1,
    lr: FIG5_LR,
    n: size.n,
    d: dimensionFromLambda(FIG5_LAMBDA, size.n),
    epochs: size.epochs,
    testSize: size.testSize,
  };
}

/** Runs grouped by their draw's class (certified by sInfinity; an undecided draw counts as separable). */
export function splitByClass(runs: readonly TimedRun[]): ColumnRuns[] {
  const sep = runs.map((r) => {
    const data = trainingData(r.config);
    return sInfinity(data.X, data.n, data.d).separable !== false;
  });
  const group = (want: boolean, name: string) => {
    const rs = runs.filter((_, i) => sep[i] === want);
    return { label: `${name} draws (${rs.length} of ${runs.length})`, config: runs[0].config, runs: rs };
  };
  return [group(false, "inseparable"), group(true, "separable")].filter((c) => c.runs.length > 0);
}

/** Longest stretch of consecutive checkpoints (epoch ≥ 1) with |A_gen − ½| ≤ 0.05, in decades of epochs. */
export function plateauDecades(cs: readonly Checkpoint[]): number {
  let best = 0;
  let start: number | null = null;
  for (const c of cs) {
    if (c.epoch < 1) continue;
    if (Math.abs(c.pop_acc - 0.5) <= 0.05) {
      start ??= c.epoch;
      best = Math.max(best, Math.log10(c.epoch / start));
    } else start = null;
  }
  return best;
}

/** A_gen at the first checkpoint at or after the training-accuracy crossing (NaN if training never crossed). */
function accAtTrainCrossing(run: TimedRun): number {
  const e = run.summary.grokking.accuracy.trainEpoch;
  return e === null ? Number.NaN : (run.checkpoints.find((c) => c.epoch >= e)?.pop_acc ?? Number.NaN);
}

/** log10(population / training crossing epochs), accuracy 0.9; the horizon stands in when A_gen never crossed. */
function delayDecades(run: TimedRun): number {
  const a = run.summary.grokking.accuracy;
  return Math.log10((a.genEpoch ?? run.summary.epochs_run) / (a.trainEpoch ?? Number.NaN));
}

/** Fig. 5's claims, judged at 2 SE over draws (checks.ts). */
export function fig5Checks(all: readonly TimedRun[], cols: readonly ColumnRuns[]): Check[] {
  const insep = cols.find((c) => c.label.startsWith("inseparable"))?.runs ?? [];
  const sep = cols.find((c) => c.label.startsWith("separable"))?.runs ?? [];
  const checks = [
    meanClaim(
      "chance-level plateau: A_gen within 0.05 of ½ for more than a decade of epochs",
      all.map((r) => plateauDecades(r.checkpoints)),
      ">",
      1,
      "draws",
    ),
    meanClaim(
      "the training set is fitted during the plateau: A_gen < 0.6 when training accuracy reaches 0.9",
      all.map(accAtTrainCrossing),
      "<",
      0.6,
      "draws",
    ),
  ];
  if (insep.length > 0) {
    checks.push(
      meanClaim(
        "inseparable draws grok after the plateau: A_gen reaches 0.9 more than 5× later than training accuracy",
        insep.map(delayDecades),
        ">",
        Math.log10(5),
        "draws (log10 of the ratio)",
      ),
      meanClaim(
        "inseparable draws: A_gen ends above 0.98",
        insep.map((r) => r.summary.final.pop_acc),
        ">",
        0.98,
        "draws",
      ),
    );
  }
  if (sep.length > 0) {
    const best = sep.map((r) => Math.max(...r.checkpoints.map((c) => c.pop_acc)));
    checks.push(meanClaim("separable draws do not grok: A_gen stays below 0.9 (SPEC §3.4)", best, "<", 0.9, "draws"));
  }
  return checks;
}

/** Fig. 5's typed result: the configuration, the draws count and the runs split by their draw's class. */
interface Fig5Result {
  size: FigureSize;
  config: RunConfig;
  seeds: number;
  runs: readonly TimedRun[];
  columns: ColumnRuns[];
}

async function computeFig5(ctx: FigureContext, size: Fig5Size): Promise<Fig5Result> {
  const seeds = ctx.seeds ?? size.seeds;
  const config = fig5Config(size);
  const [trained] = await trainColumns([{ label: "Adam", config }], seeds, ctx);
  return { size: ctx.size, config, seeds, runs: trained.runs, columns: splitByClass(trained.runs) };
}

function fig5View({ size, config: c, seeds, columns }: Fig5Result): FigureView {
  const n = c.n === PAPER_N ? `N = ${c.n}, as in the paper` : `N = ${c.n}; the paper uses N = ${PAPER_N}`;
  const subtitle = [
    `${size} size (${n}), d = ${c.d}, λ = ${FIG5_LAMBDA}; Adam β = (${c.beta1}, ${c.beta2}), ε = ${c.eps}, η = ${c.lr}; σ = ${c.sigma}, ‖S_0‖ = ${c.s0}, b_0 = ${c.b0}, logistic loss, float64`,
    `${seeds} draws (thin lines; thick = mean per column), split by separability from the origin (Newton certificate); ${c.epochs} epochs; population metrics exact`,
  ];
  const title = "Fig. 5: Adam (β = 0.8, 0.9): a chance-level plateau before grokking";
  return trainingFigureView(title, subtitle, columns, true);
}

/** Fig. 5 (SPEC §6). */
export const fig5: FigureRecipe = defineFigure({
  id: "5",
  title: "Adam (β = 0.8, 0.9): a chance-level plateau before grokking",
  sizes: FIG5_SIZES,
  stated: { optimizer: "Adam", betas: "β = 0.8, 0.9", lambda: FIG5_LAMBDA, N: PAPER_N, sigma: 1, epochs: "~3e4" },
  compute: computeFig5,
  checks: (r) => fig5Checks(r.runs, r.columns),
  view: fig5View,
  rows: (r) => checkpointRows(r.columns),
  chosen: ({ config: c, seeds }) => ({
    N: c.n,
    lr: c.lr,
    beta1: c.beta1,
    beta2: c.beta2,
    eps: c.eps,
    seeds,
    seed: c.seed,
    epochs: c.epochs,
    "test-size": c.testSize,
    precision: "float64",
  }),
  notes: ({ config: c }) => [
    ...(c.n === PAPER_N
      ? []
      : [`N = ${c.n} (the paper uses N = ${PAPER_N}): ~3 s a run instead of ~4 min; seeds are unstated in the paper`]),
    `η = ${FIG5_LR} (PyTorch's default; the paper states none). η = 0.003 gives the same shape, the plateau ~3× shorter`,
    "β = 0.8, 0.9 is read as betas = (β1, β2) = (0.8, 0.9); ε = 1e-8 (PyTorch's default)",
    "draws are split by class: the paper shows grokking, which only an inseparable draw can do; separable ones (≈ 40% at N = 400, ≈ 26% at N = 4000) plateau for good",
  ],
  table: (r) => ({ rows: columnTable(r.columns), notes: columnTableNotes(r.config.accThreshold) }),
});
