/**
 * The S_∞ sweep shared by Figs. 1 right top, 6 and 7 (SPEC §6: "as Fig. 1 right top"): for each d, independent
 * Gaussian draws of N points (σ = 1), each solved for S_∞ = argmin Σ exp(S·x_i) (SPEC §3.5) or certified separable.
 * An in-process memo keyed by the sweep's parameters makes `grokedge figure all` solve the draws once for all three.
 */

import { wendelProbability } from "../../../theory/wendel.js";
import type { LenientOutcome, LenientTest } from "../../lenientSeparability.js";
import { mean, standardError } from "../../stats.js";
import type { SinfChainOutcome, SinfOutcome, SvmOutcome, TheoryRunner, TheoryTask } from "../../theoryTasks.js";
import { bySize, type FigureContext } from "../recipe.js";

export interface SinfSweep {
  n: number;
  sigma: number;
  ds: readonly number[];
  /** draws per d (separable ones included; they are discarded from the S_∞ statistics) */
  draws: number;
  seed: number;
  /** also run the emulated lenient test of the paper on every draw at every d (lenientSeparability.ts) */
  lenient?: LenientTest;
}

/** The paper's d of Fig. 1 right top (N = 2400, σ = 1, 15000 draws; SPEC §6). */
export const PAPER_SINF_DS = [
  930, 990, 1050, 1086, 1110, 1134, 1152, 1158, 1164, 1170, 1173, 1176, 1179, 1182, 1185, 1188, 1191,
] as const;

/** Seed of the S_∞ draws (chosen; SPEC §6 leaves seeds open). */
export const SINF_SEED = 6;

/**
 * Laptop size keeps N = 2400, σ = 1 and all 17 of the paper's d (1 − 2λ from 0.225 down to 0.0075) with 64 nested
 * draws: one chain of 17 warm-started solves measured 12–15 s on one core (≈ 0.7 s a solve, 5–6 Newton steps; the
 * first separable d of a chain ≈ 3 s, the rest free). Paper size: the paper's 15000 draws (through `--queue`).
 */
const SIZES: Record<"smoke" | "laptop" | "paper", SinfSweep> = {
  smoke: { n: 100, sigma: 1, ds: [30, 40, 46], draws: 4, seed: SINF_SEED },
  laptop: { n: 2400, sigma: 1, ds: PAPER_SINF_DS, draws: 64, seed: SINF_SEED },
  paper: { n: 2400, sigma: 1, ds: PAPER_SINF_DS, draws: 15000, seed: SINF_SEED },
};

/** The sweep for the context's size; ctx.seeds overrides the draws per d, ctx.lenient adds the emulated test. */
export function sinfSweep(ctx: Pick<FigureContext, "size" | "seeds" | "lenient">): SinfSweep {
  const s = bySize(ctx, SIZES);
  return { ...s, draws: ctx.seeds ?? s.draws, ...(ctx.lenient ? { lenient: ctx.lenient } : {}) };
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
  lenient?: LenientOutcome;
}

const memo = new Map<string, Promise<SinfDraw[]>>();

/** Where the draws are computed (FigureContext.runTheory or a local pool) and progress in draws. */
export interface DrawOptions {
  run: TheoryRunner;
  onProgress?: (done: number, total: number) => void;
}

/**
 * The sweep's chain tasks: draw k is one N × d_max Gaussian draw named (seed, drawRunIndex(d_max, k)); at each d of
 * the sweep its first d columns are solved (nested draws: every d sees the same points cut to d coordinates, so each
 * d's statistics are those of independent draws per d, while neighbouring d are positively correlated — their
 * difference is resolved far better than with independent draws).
 */
export function chainTasks(s: SinfSweep): TheoryTask[] {
  const ds = [...s.ds].sort((a, b) => a - b);
  const dMax = ds[ds.length - 1];
  return Array.from({ length: s.draws }, (_, k) => ({
    kind: "sinfChain",
    n: s.n,
    d: dMax,
    ds,
    sigma: s.sigma,
    seed: s.seed,
    runIndex: drawRunIndex(dMax, k),
    ...(s.lenient ? { lenient: s.lenient } : {}),
  }));
}

/**
 * Every draw of the sweep at every d (memoised per parameters for the life of the process), one SinfDraw per (d, k)
 * with runIndex naming the chain's draw. onProgress(done, total) in chains; a memo hit reports completion at once.
 */
export async function sinfDraws(s: SinfSweep, o: DrawOptions): Promise<SinfDraw[]> {
  const key = JSON.stringify([s.n, s.sigma, s.ds, s.draws, s.seed, s.lenient ?? null]);
  const tasks = chainTasks(s);
  let entry = memo.get(key);
  if (!entry) {
    entry = o
      .run(tasks, (k) => o.onProgress?.(k, tasks.length))
      .then((rs) =>
        rs.flatMap((r, i) => (r as SinfChainOutcome).steps.map((x) => ({ ...x, runIndex: tasks[i].runIndex }))),
      );
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
  /** the emulated lenient test, when the sweep ran it: draws it called inseparable, and their mean final ‖S‖ */
  lenient?: { inseparable: number; norm: MeanSe };
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
        ...(s.lenient ? { lenient: lenientSummary(at) } : {}),
      };
    });
}

/** The lenient test's verdicts over one d's draws: how many it called inseparable, and their mean final ‖S‖. */
function lenientSummary(at: readonly SinfDraw[]): { inseparable: number; norm: MeanSe } {
  const kept = at.flatMap((r) => (r.lenient && !r.lenient.separable ? [r.lenient.norm] : []));
  return { inseparable: kept.length, norm: meanSe(kept) };
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

/** One step of a statistic between two d of a nested sweep: its difference and the jackknife SE of that. */
export interface PairedStep {
  from: number;
  to: number;
  diff: number;
  se: number;
}

/**
 * Steps of the mean of `value` (per draw, NaN = excluded, e.g. separable) between consecutive d, and from the first d
 * to the last, with delete-one jackknife SEs over the draws (chains): the nested draws make neighbouring d correlated,
 * which the jackknife accounts for (an independent-sample SE would overstate the difference's error).
 */
export function pairedSteps(
  draws: readonly SinfDraw[],
  value: (r: SinfDraw) => number,
): { steps: PairedStep[]; total: PairedStep } {
  const ds = [...new Set(draws.map((r) => r.d))].sort((a, b) => a - b);
  const chains = [...new Set(draws.map((r) => r.runIndex))];
  const row = new Map(chains.map((c, i) => [c, i]));
  // v[j][i]: value of chain i at d_j
  const v = ds.map(() => new Float64Array(chains.length).fill(Number.NaN));
  const col = new Map(ds.map((d, j) => [d, j]));
  for (const r of draws) v[col.get(r.d) as number][row.get(r.runIndex) as number] = value(r);
  const step = (a: number, b: number): PairedStep => {
    const meanWithout = (x: Float64Array, skip: number) => {
      let s = 0;
      let n = 0;
      for (let i = 0; i < x.length; i++) {
        if (i !== skip && Number.isFinite(x[i])) {
          s += x[i];
          n++;
        }
      }
      return n > 0 ? s / n : Number.NaN;
    };
    const diff = meanWithout(v[b], -1) - meanWithout(v[a], -1);
    const n = chains.length;
    const loo = Array.from({ length: n }, (_, i) => meanWithout(v[b], i) - meanWithout(v[a], i));
    const m = mean(loo);
    const se = Math.sqrt(((n - 1) / n) * loo.reduce((acc, x) => acc + (x - m) ** 2, 0));
    return { from: ds[a], to: ds[b], diff, se };
  };
  return { steps: ds.slice(1).map((_, j) => step(j, j + 1)), total: step(0, ds.length - 1) };
}

/**
 * "Monotone within its error bars": FAIL when some step falls by more than 2 SE, PASS when none does and the first-
 * to-last rise exceeds 2 SE, else UNSURE; the detail names each step and how many are resolved (rise > 2 SE).
 */
export function monotoneVerdict(p: { steps: PairedStep[]; total: PairedStep }): {
  verdict: "PASS" | "FAIL" | "UNSURE";
  detail: string;
} {
  const z = (s: PairedStep) => s.diff / s.se;
  const falls = p.steps.filter((s) => z(s) < -2);
  const resolved = p.steps.filter((s) => z(s) > 2).length;
  const verdict = falls.length > 0 ? "FAIL" : z(p.total) > 2 ? "PASS" : "UNSURE";
  const text = (s: PairedStep) => `${s.from}→${s.to}: ${s.diff.toPrecision(3)} ± ${s.se.toPrecision(2)}`;
  return {
    verdict,
    detail: `${resolved} of ${p.steps.length} steps rise by > 2 SE, ${falls.length} fall by > 2 SE; whole range ${text(p.total)}; steps ${p.steps.map(text).join(", ")}`,
  };
}
