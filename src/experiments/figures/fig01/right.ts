/**
 * Fig. 1 right of the paper (SPEC §6), three panels to sit beside the Fig. 1 left grid:
 * - top: mean ‖S_∞‖ over inseparable draws against 1 − 2λ (log x), S_∞ = argmin Σ exp(S·x_i) (SPEC §3.5), N = 2400,
 *   σ = 1 — it diverges as λ → ½⁻ (SPEC §3.6);
 * - mid: final population accuracy of training against λ at N = 400, with the t → ∞ prediction of SPEC §3.4 averaged
 *   over the same draws (½[1 + erf(1/(√2σM))] for a separable draw of margin M, 1 for an inseparable one);
 * - bottom: grokking time at accuracy 0.9 (SPEC §5) against λ from the same runs.
 * η and the training length are not stated by the paper but revealed by its axes (SPEC §6): η ≈ 0.1 (its grokking
 * times at λ ≤ 0.35 are a constant ≈ 9× shorter than η = 0.01 gives) and "final" = the end of a ≈ 3·10^5-epoch run.
 * We run the GD-equivalent flow (train/run.ts: 16 exact GD steps, then GD's modified equation by RKC) to t = η·3·10^5.
 * This file computes the typed result; rightRows.ts, rightViews.ts, rightChecks.ts and rightNotes.ts read it.
 */

import { defaultRunConfig, type RunConfig } from "../../../config/run.js";
import type { Checkpoint } from "../../../train/gd.js";
import { runMany, type TimedRun } from "../../pool.js";
import type { DrawOutcome } from "../../theoryTasks.js";
import { bySize, type FigureContext, type FigureSize, theoryRunnerOf } from "../recipe.js";
import {
  drawRunIndex,
  type SinfDraw,
  type SinfPoint,
  type SinfSweep,
  sinfDraws,
  sinfPoints,
  sinfSweep,
  sweepTasks,
} from "./sinfDraws.js";
import { PER_DECADE, TRAIN_SIZES, type TrainSweep } from "./sizes.js";

/** Per-draw record of the mid/bottom panels. */
export interface TrainDraw {
  d: number;
  lambda: number;
  k: number;
  theory: DrawOutcome;
  final: Checkpoint;
  /** accuracy grokking delay (epochs), null unless both metrics crossed 0.9 */
  grok: number | null;
  status: string;
}

/** The top panel's S_∞ sweep: its parameters, every draw at every d, and their per-d summary (increasing d). */
export interface TopResult {
  sweep: SinfSweep;
  draws: SinfDraw[];
  points: SinfPoint[];
  /** wall seconds of the sweep */
  seconds: number;
}

/** The mid and bottom panels' training sweep and its draws, in task order (largest d first). */
export interface TrainResult {
  sweep: TrainSweep;
  draws: TrainDraw[];
  /** wall seconds of the sweep */
  seconds: number;
}

/** Fig. 1 right's typed result: the top panel always, the training sweep unless only the top was asked for. */
export interface RightResult {
  size: FigureSize;
  top: TopResult;
  /** null with `--panels right-top` */
  trained: TrainResult | null;
}

/** One configuration of the training sweep: the logistic loss by the GD-equivalent flow from the Fig. 1 start. */
function trainConfig(s: TrainSweep, d: number, k: number): RunConfig {
  return {
    ...defaultRunConfig,
    n: s.n,
    d,
    sigma: s.sigma,
    lr: s.lr,
    loss: "logistic",
    optimizer: "flow",
    gdEquivalent: "on",
    tMax: s.lr * s.epochs,
    epochs: s.epochs,
    testSize: 0,
    perDecade: PER_DECADE,
    accThreshold: 0.9,
    seed: s.seed,
    runIndex: drawRunIndex(d, k),
  };
}

/** Theory per draw (pool) and the training runs (pool), reporting progress in tasks done. */
async function trainDraws(ctx: FigureContext, s: TrainSweep, progress: (k: number) => void): Promise<TrainDraw[]> {
  const tasks = sweepTasks("draw", s);
  const theory = (await theoryRunnerOf(ctx)(tasks, progress)) as DrawOutcome[];
  const configs = tasks.map((t) => trainConfig(s, t.d, t.runIndex - drawRunIndex(t.d, 0)));
  let done = 0;
  const runs: TimedRun[] = await runMany(configs, {
    workers: ctx.workers,
    onResult: (_i, run) => {
      ctx.onRun?.(run, "right");
      progress(tasks.length + ++done);
    },
  });
  return runs.map((run, i) => ({
    d: configs[i].d,
    lambda: configs[i].d / s.n,
    k: configs[i].runIndex - drawRunIndex(configs[i].d, 0),
    theory: theory[i],
    final: run.summary.final,
    grok: run.summary.grokking.accuracy.delayEpochs,
    status: run.summary.status,
  }));
}

/**
 * Compute the Fig. 1 right panels: all three, or with `topOnly` just the S_∞ panel (`--panels right-top`: the
 * paper-size panel a cluster computes on its own). Progress counts S_∞ chains, then theory tasks and runs.
 */
export async function computeRight(ctx: FigureContext, o: { topOnly?: boolean } = {}): Promise<RightResult> {
  const sweep = sinfSweep(ctx);
  const base = bySize(ctx, TRAIN_SIZES);
  const train: TrainSweep = { ...base, draws: ctx.seeds ?? base.draws };
  const nSinf = sweep.draws; // sinfDraws reports progress in chains (one per draw, all d)
  const total = nSinf + (o.topOnly ? 0 : 2 * train.ds.length * train.draws);
  const t0 = performance.now();
  const draws = await sinfDraws(sweep, { run: theoryRunnerOf(ctx), onProgress: (k) => ctx.onProgress?.(k, total) });
  const t1 = performance.now();
  const top = { sweep, draws, points: sinfPoints(sweep, draws), seconds: (t1 - t0) / 1000 };
  if (o.topOnly) return { size: ctx.size, top, trained: null };
  const trained = await trainDraws(ctx, train, (k) => ctx.onProgress?.(nSinf + k, total));
  const seconds = (performance.now() - t1) / 1000;
  return { size: ctx.size, top, trained: { sweep: train, draws: trained, seconds } };
}
