/**
 * The S_∞ sweep shared by Figs. 1 right top, 6 and 7 (SPEC §6: "as Fig. 1 right top"): for each d, independent
 * Gaussian draws of N points (σ = 1), each solved for S_∞ = argmin Σ exp(S·x_i) (SPEC §3.5) or certified separable.
 * An in-process memo keyed by the sweep's parameters makes `grokedge figure all` solve the draws once for all three.
 */

import { wendelProbability } from "../../theory/wendel.js";
import { mean, standardError } from "../stats.js";
import type { SinfOutcome, SvmOutcome, TheoryRunner, TheoryTask } from "../theoryTasks.js";
import { bySize, type FigureContext } from "./recipe.js";

export interface SinfSweep {
  n: number;
  sigma: number;
  ds: readonly number[];
  /** draws per d (separable ones included; they are discarded from the S_∞ statistics) */
  draws: number;
  seed: number;
}

/** The paper's d of Fig. 1 right top (N = 2400, σ = 1, 15000 draws; SPEC §6). */
export const PAPER_SINF_DS = [
  930, 990, 1050, 1086, 1110, 1134, 1152, 1158, 1164, 1170, 1173, 1176, 1179, 1182, 1185, 1188, 1191,
] as const;

/** Seed of the S_∞ draws (chosen; SPEC §6 leaves seeds open). */
export const SINF_SEED = 6;

/**
 * Laptop size keeps N = 2400, σ = 1 (the acceptance asks for the paper's N) on five of the paper's d, spaced so that
 * neighbouring means differ by several SE with 36 draws: measured ~1.3 s (d = 930) to ~4–5 s (d = 1170) per
 * inseparable draw on one core, ~8–14 s per separable one (Newton runs until its certificate). Closer to ½ (d ≥ 1176)
 * the spread of ‖S_∞‖ over draws and the share of separable draws grow, so neighbouring d there need paper-size counts.
 */
const SIZES: Record<"smoke" | "laptop" | "paper", SinfSweep> = {
  smoke: { n: 100, sigma: 1, ds: [30, 40, 46], draws: 4, seed: SINF_SEED },
  laptop: { n: 2400, sigma: 1, ds: [930, 1050, 1110, 1152, 1170], draws: 36, seed: SINF_SEED },
  paper: { n: 2400, sigma: 1, ds: PAPER_SINF_DS, draws: 15000, seed: SINF_SEED },
};

/** The sweep for the context's size; ctx.seeds overrides the draws per d. */
export function sinfSweep(ctx: Pick<FigureContext, "size" | "seeds">): SinfSweep {
  const s = bySize(ctx, SIZES);
  return { ...s, draws: ctx.seeds ?? s.draws };
}

/**
 * runIndex of draw k at dimension d: d·1e5 + k, so that draws at different d are independent streams (with one
 * runIndex per k, the first N·d normals of a stream would be shared across d) and (seed, runIndex) names the draw.
 */
export function drawRunIndex(d: number, k: number): number {
  if (k >= 100_000) throw new RangeError(`draw index ${k} ≥ 1e5 would collide with the next d`);
  return d * 100_000 + k;
}

/** Tasks of one kind over (ds × draws), the largest d first so that the slowest tasks do not finish last. */
export function sweepTasks(kind: TheoryTask["kind"], s: Omit<SinfSweep, "ds"> & { ds: readonly number[] }) {
  const ds = [...s.ds].sort((a, b) => b - a);
  return ds.flatMap((d) =>
    Array.from(
      { length: s.draws },
      (_, k): TheoryTask => ({
        kind,
        n: s.n,
        d,
        sigma: s.sigma,
        seed: s.seed,
        runIndex: drawRunIndex(d, k),
      }),
    ),
  );
}

export interface SinfDraw extends SinfOutcome {
  d: number;
  runIndex: number;
}

const memo = new Map<string, Promise<SinfDraw[]>>();

/** Where the draws are computed (FigureContext.runTheory or a local pool) and progress in draws. */
export interface DrawOptions {
  run: TheoryRunner;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Every draw of the sweep (memoised per parameters for the life of the process). onProgress(done, total) in draws;
 * a memo hit reports completion at once.
 */
export async function sinfDraws(s: SinfSweep, o: DrawOptions): Promise<SinfDraw[]> {
  const key = JSON.stringify([s.n, s.sigma, s.ds, s.draws, s.seed]);
  const tasks = sweepTasks("sinf", s);
  let entry = memo.get(key);
  if (!entry) {
    entry = o
      .run(tasks, (k) => o.onProgress?.(k, tasks.length))
      .then((rs) => rs.map((r, i) => ({ ...(r as SinfOutcome), d: tasks[i].d, runIndex: tasks[i].runIndex })));
    memo.set(key, entry);
    entry.catch(() => memo.delete(key));
    return entry;
  }
  const out = await entry;
  o.onProgress?.(tasks.length, tasks.length);
  return out;
}

/** Mean ± standard error of a sample (NaN, 0 when empty). */
export interface MeanSe {
  mean: number;
  se: number;
  count: number;
}

/** Mean, standard error and count of xs (one value per draw). */
export function meanSe(xs: readonly number[]): MeanSe {
  return xs.length
    ? { mean: mean(xs), se: standardError(xs), count: xs.length }
    : { mean: Number.NaN, se: 0, count: 0 };
}

/** Per-d summary of the S_∞ sweep: counts, and the S_∞ statistics over inseparable converged draws only. */
export interface SinfPoint {
  d: number;
  lambda: number;
  oneMinus2Lambda: number;
  draws: number;
  inseparable: number;
  separable: number;
  /** neither certificate settled separability */
  undecided: number;
  /** inseparable but Newton did not converge (excluded from the S_∞ statistics) */
  unconverged: number;
  norm: MeanSe;
  positiveFraction: MeanSe;
  positiveMean: MeanSe;
  /** Wendel's P(inseparable) = 1 − P(separable) at (N, d) (SPEC §3.2) */
  wendelInseparable: number;
  meanSeconds: number;
}

/** Summarise the draws per d, in increasing d. */
export function sinfPoints(s: SinfSweep, draws: readonly SinfDraw[]): SinfPoint[] {
  return [...s.ds]
    .sort((a, b) => a - b)
    .map((d) => {
      const at = draws.filter((r) => r.d === d);
      const ok = at.filter((r) => r.separable === false && r.converged);
      return {
        d,
        lambda: d / s.n,
        oneMinus2Lambda: 1 - (2 * d) / s.n,
        draws: at.length,
        inseparable: at.filter((r) => r.separable === false).length,
        separable: at.filter((r) => r.separable === true).length,
        undecided: at.filter((r) => r.separable === null).length,
        unconverged: at.filter((r) => r.separable === false && !r.converged).length,
        norm: meanSe(ok.map((r) => r.norm)),
        positiveFraction: meanSe(ok.map((r) => r.positiveFraction)),
        positiveMean: meanSe(ok.map((r) => r.positiveMean)),
        wendelInseparable: 1 - wendelProbability(s.n, d).probability,
        meanSeconds: mean(at.map((r) => r.seconds)),
      };
    });
}

export interface SvmDraw extends SvmOutcome {
  d: number;
  runIndex: number;
}

/** The SVM-margin draws of a sweep (Fig. 7, λ > ½): one "svm" task per draw, not memoised (one figure uses them). */
export async function svmDraws(s: SinfSweep, o: DrawOptions): Promise<SvmDraw[]> {
  const tasks = sweepTasks("svm", s);
  const rs = await o.run(tasks, (k) => o.onProgress?.(k, tasks.length));
  return rs.map((r, i) => ({ ...(r as SvmOutcome), d: tasks[i].d, runIndex: tasks[i].runIndex }));
}

/**
 * "ys rise along the list", judged step by step at 2 SE of each difference (SE = √(se₁² + se₂²), independent draws):
 * PASS when every step rises by more than 2 SE, FAIL when any falls by more than 2 SE, else UNSURE (also when a
 * step has no data: its z is NaN).
 */
export function risingSteps(points: readonly { label: string; v: MeanSe }[]): {
  verdict: "PASS" | "FAIL" | "UNSURE";
  detail: string;
} {
  const steps = points.slice(1).map((p, k) => {
    const q = points[k];
    const diff = p.v.mean - q.v.mean;
    const se = Math.hypot(p.v.se, q.v.se);
    return { z: diff / se, text: `${q.label}→${p.label}: ${diff.toPrecision(3)} ± ${se.toPrecision(2)}` };
  });
  const zs = steps.map((s) => s.z);
  const verdict = zs.every((z) => z > 2) ? "PASS" : zs.some((z) => z < -2) ? "FAIL" : "UNSURE";
  return { verdict, detail: steps.map((s) => `${s.text} (${s.z.toFixed(1)} SE)`).join("; ") };
}
